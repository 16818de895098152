"""The Editors group: everything on articles, quotes, people, places and photos; nothing on
users or groups. Make someone an editor in the admin: Users -> the user -> "Staff status"
and the group "Editors"."""

from django.db import migrations

APPS = ["articles", "media_captions"]


def create_editors(apps, schema_editor) -> None:
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission = apps.get_model("auth", "Permission")
    editors, _ = group_model.objects.get_or_create(name="Editors")
    editors.permissions.set(permission.objects.filter(content_type__app_label__in=APPS))


def remove_editors(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_cache_table"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0009_import_keys"),
        ("media_captions", "0004_covering_indexes"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
