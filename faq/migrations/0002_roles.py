"""The Administrator, Editor and Viewer groups, as the rules of faq.roles stood when this
migration was written: frozen here, so that a later change to faq.roles cannot change what
this migration does. faq.roles re-applies its current rules after every migrate (a
post_migrate receiver), so later models and rules join the roles without a new migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

CONTENT_APPS = ("faq", "contacts")
HISTORY_APP = "reversion"
ROLES = {
    "Administrator": lambda permissions: permissions,
    "Editor": lambda permissions: permissions.filter(
        Q(content_type__app_label__in=CONTENT_APPS)
        | Q(content_type__app_label=HISTORY_APP, codename__startswith="view_")
    ),
    "Viewer": lambda permissions: permissions.filter(
        content_type__app_label__in=CONTENT_APPS, codename__startswith="view_"
    ),
}


def _create_missing_permissions(apps, using):
    """Django creates permissions only after all migrations ran; the roles need them now.
    The app configs of a migration have no models module, which create_permissions takes to
    mean "no models": lend them one for the call."""
    for app_config in apps.get_app_configs():
        if not list(app_config.get_models()):
            continue
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = models_module


def create_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    _create_missing_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, rule in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(rule(Permission.objects.using(using)))


def delete_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0001_initial"),
        ("contacts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
