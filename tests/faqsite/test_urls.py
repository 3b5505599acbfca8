import importlib

import pytest
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve, reverse

import faqsite.urls


@pytest.fixture
def reload_urls():
    """Rebuild the URLconf from the current settings, and again afterwards for other tests."""

    def reload():
        clear_url_caches()
        importlib.reload(faqsite.urls)

    yield reload
    reload()


def test_the_admin_lives_at_admin_by_default():
    assert reverse("admin:index") == "/admin/"


@override_settings(ADMIN_URL="backstage-7f3a/")
def test_the_admin_moves_to_the_configured_address(client, db, reload_urls):
    reload_urls()

    assert reverse("admin:index") == "/backstage-7f3a/"
    assert client.get("/backstage-7f3a/login/").status_code == 200
    with pytest.raises(Resolver404):
        resolve("/admin/")
