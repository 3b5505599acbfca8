"""Security headers on every response the application makes (faqsite/middleware.py)."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
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


def test_the_policy_built_once_is_the_one_django_csp_builds(client):
    from csp.middleware import CSPMiddleware

    response = client.get(reverse("faq:home"))
    built = CSPMiddleware(lambda request: None).process_response(
        RequestFactory().get("/"), HttpResponse()
    )

    assert response["Content-Security-Policy"] == built["Content-Security-Policy"]


def test_a_changed_policy_setting_is_followed(client, settings):
    policy = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]}}
    policy["DIRECTIVES"]["img-src"] = ["'self'", "data:"]
    settings.CONTENT_SECURITY_POLICY = policy

    assert "img-src 'self' data:" in client.get(reverse("faq:home"))["Content-Security-Policy"]


def test_a_response_with_its_own_policy_keeps_it():
    from faqsite.middleware import ContentSecurityPolicyMiddleware

    response = HttpResponse()
    response._csp_update = {"img-src": ["https://images.example"]}
    answered = ContentSecurityPolicyMiddleware(lambda request: response)(RequestFactory().get("/"))

    assert "https://images.example" in answered["Content-Security-Policy"]
