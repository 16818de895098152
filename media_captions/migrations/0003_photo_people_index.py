"""An index that lists a person's photos from the index alone."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("media_captions", "0002_photo_photo_photographer_article_and_more")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS photo_people_person_photo "
            "ON media_captions_photo_people (person_id, photo_id)",
            "DROP INDEX IF EXISTS photo_people_person_photo",
        ),
    ]
