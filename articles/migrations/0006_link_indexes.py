"""Indexes that let a person's or place's articles be listed from the index alone.

The many-to-many link tables are Django's own, so their extra indexes are made here.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_quote_quote_speaker_article")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS article_people_person_article "
            "ON articles_article_people (person_id, article_id)",
            "DROP INDEX IF EXISTS article_people_person_article",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS article_places_place_article "
            "ON articles_article_places (place_id, article_id)",
            "DROP INDEX IF EXISTS article_places_place_article",
        ),
    ]
