from django.db import migrations

from core.roles import sync_roles


def forwards(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_audit_list_old_slugs"),
        ("events", "0005_editorial_workflow"),
        ("people", "0004_editorial_workflow"),
        ("publications", "0007_editorial_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
