"""The rate limiter's counters (newsroom/ratelimit.py): an UNLOGGED table, as losing them
in a crash costs nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0002_editors_group")]

    operations = [
        migrations.RunSQL(
            "CREATE UNLOGGED TABLE newsroom_ratelimit ("
            " bucket text PRIMARY KEY,"
            " hits integer NOT NULL CHECK (hits >= 1),"
            " resets_at timestamptz NOT NULL)",
            "DROP TABLE IF EXISTS newsroom_ratelimit",
        )
    ]
