"""Where a photo's credit parts, people and place came from. Photos already in the archive
are marked "imported": re-running the extraction does not change them."""

from django.db import migrations, models

ORIGINS = [
    ("extracted", "Found in the text"),
    ("imported", "Named by an imported file"),
    ("editor", "Set by an editor"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_origins_and_confirmation"),
        ("media_captions", "0008_fewer_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="origin",
            field=models.CharField(choices=ORIGINS, default="imported", max_length=10),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="photo",
            name="origin",
            field=models.CharField(choices=ORIGINS, default="editor", max_length=10),
        ),
        migrations.AddConstraint(
            model_name="photo",
            constraint=models.CheckConstraint(
                condition=models.Q(("origin__in", ["extracted", "imported", "editor"])),
                name="photo_origin_valid",
            ),
        ),
    ]
