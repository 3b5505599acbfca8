"""The Administrator, Editor and Viewer groups. The rules live in faq.roles, which a
post_migrate receiver re-applies after every migrate so later models join the roles."""

from django.db import migrations

from faq import roles


def create_roles(apps, schema_editor):
    roles.sync_roles(apps=apps, using=schema_editor.connection.alias)


def delete_roles(apps, schema_editor):
    roles.remove_roles(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0001_initial"),
        ("contacts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
