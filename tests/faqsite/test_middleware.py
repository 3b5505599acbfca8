"""Security headers on every response the application makes (faqsite/middleware.py)."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _assert_security_headers(response):
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_language_redirect_carries_them(client):
    response = client.get("/")

    assert response.status_code == 302
    _assert_security_headers(response)


def test_the_missing_slash_redirect_carries_them(client):
    response = client.get(reverse("faq:search").rstrip("/"))

    assert response.status_code == 301
    _assert_security_headers(response)


def test_a_bad_host_refused_by_the_common_middleware_carries_them(client):
    response = client.get(reverse("faq:home"), HTTP_HOST="evil.example")

    assert response.status_code == 400
    _assert_security_headers(response)


@override_settings(SECURE_SSL_REDIRECT=True)
def test_a_bad_host_refused_by_the_https_redirect_carries_them():
    # SecurityMiddleware itself raises here, so none of its own headers are set.
    response = Client().get(reverse("faq:home"), HTTP_HOST="evil.example")

    assert response.status_code == 400
    _assert_security_headers(response)


def test_a_500_raised_in_a_middleware_carries_them(monkeypatch):
    def broken(request):
        raise RuntimeError("a fault outside any view")

    monkeypatch.setattr("faq.cache.anonymous_read", broken)
    response = Client(raise_request_exception=False).get(reverse("faq:home"))

    assert response.status_code == 500
    _assert_security_headers(response)
