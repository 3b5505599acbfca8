import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_migrate

from faq import roles

pytestmark = pytest.mark.django_db


def held(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def held_by_app(role):
    permissions = Group.objects.get(name=role).permissions
    return set(permissions.values_list("content_type__app_label", "codename"))


def a_model_added_later():
    """The permissions a later migration's model (say, a vote) would bring."""
    content_type = ContentType.objects.create(app_label="faq", model="futurevote")
    for action in ("add", "view"):
        Permission.objects.create(
            content_type=content_type, codename=f"{action}_futurevote", name=action
        )


def test_the_data_migration_creates_the_four_roles():
    Group.objects.all().delete()
    historical = MigrationLoader(connection).project_state(("faq", "0002_roles")).apps
    roles.sync_roles(apps=historical)
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Administrator",
        "Editor",
        "Author",
        "Viewer",
    }
    assert "change_question" in held("Editor")
    assert "view_contactchannel" in held("Viewer")


def test_a_model_added_by_a_later_migration_joins_the_roles():
    a_model_added_later()
    faq = global_apps.get_app_config("faq")
    post_migrate.send(
        sender=faq,
        app_config=faq,
        verbosity=0,
        interactive=False,
        using="default",
        apps=global_apps,
        plan=[],
    )
    assert {"add_futurevote", "view_futurevote"} <= held("Administrator")
    assert {"add_futurevote", "view_futurevote"} <= held("Editor")
    assert "view_futurevote" in held("Viewer")
    assert "add_futurevote" not in held("Viewer")


def test_a_permission_granted_by_hand_is_reset_to_the_rules():
    Group.objects.get(name="Editor").permissions.add(Permission.objects.get(codename="add_user"))
    roles.sync_roles()
    assert "add_user" not in held("Editor")


def test_removing_the_roles_deletes_the_groups_only():
    Group.objects.create(name="Translators")
    roles.remove_roles()
    assert list(Group.objects.values_list("name", flat=True)) == ["Translators"]


def test_the_administrator_holds_every_permission():
    every = set(Permission.objects.values_list("content_type__app_label", "codename"))
    assert held_by_app("Administrator") == every


def test_the_editor_manages_content_and_sees_history_but_not_users():
    editor = held_by_app("Editor")
    for action in ("add", "change", "delete", "view"):
        assert ("faq", f"{action}_question") in editor
        assert ("contacts", f"{action}_contactchannel") in editor
    assert ("reversion", "view_version") in editor
    assert {app for app, _codename in editor} == {"faq", "contacts", "reversion"}


def test_the_viewer_only_views_content():
    viewer = held_by_app("Viewer")
    assert ("faq", "view_question") in viewer
    assert ("contacts", "view_contactchannel") in viewer
    assert all(codename.startswith("view_") for _app, codename in viewer)
    assert {app for app, _codename in viewer} == {"faq", "contacts"}


def test_editors_keep_the_site_settings_and_viewers_only_see_them():
    for action in ("add", "change", "view"):
        assert ("faq", f"{action}_sitesettings") in held_by_app("Editor")
        assert ("faq", f"{action}_footerlink") in held_by_app("Editor")
    assert ("faq", "view_sitesettings") in held_by_app("Viewer")
    assert ("faq", "change_sitesettings") not in held_by_app("Viewer")
