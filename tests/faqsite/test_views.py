"""The site-wide error handlers (faqsite/views.py): a 503 page while the database is down."""

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from faqsite.views import server_error
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    # Django's test client re-raises the view's exception; a browser gets the error page.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_an_unreachable_database_gives_a_503_page(visitor, monkeypatch, error):
    url = CategoryFactory().get_absolute_url()

    def refuse(self, *args, **kwargs):
        raise error("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = visitor.get(url)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Temporarily unavailable" in response.text
    assert "Connection refused" not in response.text


def test_any_other_error_still_gives_the_500_page(rf):
    try:
        raise ZeroDivisionError
    except ZeroDivisionError:  # Django calls the handler from inside its except block
        response = server_error(rf.get("/"))

    assert response.status_code == 500


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_robots_txt_names_the_sitemap_on_the_site_url_whatever_the_host(client, settings):
    settings.SITE_URL = "https://faq.example.com"
    response = client.get("/robots.txt", HTTP_HOST="localhost:9999")
    assert "Sitemap: https://faq.example.com/sitemap.xml" in response.content.decode()


def test_robots_txt_disallows_the_configured_admin_address(client, settings):
    settings.ADMIN_URL = "editors-only/"
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /editors-only/" in lines
    assert "Disallow: /admin/" not in lines


def test_favicon_ico_sends_browsers_to_the_png(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".png")
    assert "faq/favicon" in response["Location"]
    assert response["Cache-Control"] == "public, max-age=86400"
