"""The editors' roles: three groups whose permissions are defined here, in code.

- **Administrator**: every permission, users and groups included.
- **Editor**: add, change, delete and view every model of the content apps (``faq``,
  ``contacts``), which covers publishing; view the revision history (restoring an older
  version needs the change permission on the model). No user or group management.
- **Author**: writes questions (their answers and links) and submits them for review, but
  does not publish: the Editor's ``faq.publish_question`` is not theirs (faq/editorial/); views
  everything else of the content apps and the history.
- **Viewer**: view every model of the content apps, change nothing.

Decision: the data migration ``faq/migrations/0002_roles.py`` creates the groups, but a data
migration only sees the models that exist at its point of history, and the content apps keep
gaining models (votes, synonyms, search log...). Their permissions would belong to no role.
So ``sync_roles()`` is called by that migration AND by a ``post_migrate`` receiver
(connected by ``faq/signals.py``): after every ``migrate`` each group holds exactly what
its rule below selects from the permissions that exist then. A model added later joins the
roles at the next ``migrate``, with no new data migration.

Consequence: these three groups belong to this module. A permission added to one of them by
hand in the admin is removed at the next ``migrate``; change the rules here, or make another
group for an exception.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

from faq.content import CONTENT_APPS

HISTORY_APP = "reversion"

ADMINISTRATOR = "Administrator"
EDITOR = "Editor"
AUTHOR = "Author"
VIEWER = "Viewer"
# What an Author writes: a question is edited with its answer and related links.
AUTHOR_WRITES = ("question", "answer", "relatedlink")


def _administrator(permissions):
    return permissions


def _editor(permissions):
    return permissions.filter(content_type__app_label__in=CONTENT_APPS) | _history(permissions)


def _author(permissions):
    writes = Q(
        content_type__app_label="faq",
        content_type__model__in=AUTHOR_WRITES,
        codename__regex=r"^(add|change)_",
    )
    return _viewer(permissions) | permissions.filter(writes) | _history(permissions)


def _history(permissions):
    return permissions.filter(content_type__app_label=HISTORY_APP, codename__startswith="view_")


def _viewer(permissions):
    return permissions.filter(
        content_type__app_label__in=CONTENT_APPS, codename__startswith="view_"
    )


ROLES = {ADMINISTRATOR: _administrator, EDITOR: _editor, AUTHOR: _author, VIEWER: _viewer}


def sync_roles(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the role groups if missing and set each one's permissions from its rule."""
    _create_missing_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, rule in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(rule(Permission.objects.using(using)))


def remove_roles(apps=global_apps, using=DEFAULT_DB_ALIAS):
    apps.get_model("auth", "Group").objects.using(using).filter(name__in=ROLES).delete()


def sync_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    sync_roles(apps=apps, using=using)


def _create_missing_permissions(apps, using):
    """Django creates permissions only after all migrations ran, app by app; roles need them now."""
    for app_config in apps.get_app_configs():
        if not list(app_config.get_models()):
            continue
        # Inside a migration the app configs are stand-ins without a models module, which
        # create_permissions takes to mean "no models" and skips.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = models_module
