"""What a browser and an attacker see: headers, the Content Security Policy, the admin lockout."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD, AnsweredQuestionFactory, CategoryFactory


@pytest.fixture
def home_response(client, db):
    return client.get(reverse("faq:home"))


def _policy(response) -> dict[str, list[str]]:
    directives = (d.strip().split() for d in response["Content-Security-Policy"].split(";"))
    return {d[0]: d[1:] for d in directives if d}


def test_pages_forbid_sniffing_framing_and_cross_origin_referrers(home_response):
    assert home_response["X-Content-Type-Options"] == "nosniff"
    assert home_response["X-Frame-Options"] == "DENY"
    assert home_response["Referrer-Policy"] == "same-origin"


def test_the_policy_allows_only_same_origin_code_and_no_framing(home_response):
    policy = _policy(home_response)

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "unsafe-inline" not in home_response["Content-Security-Policy"]
    assert "unsafe-eval" not in home_response["Content-Security-Policy"]


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31_536_000)
def test_in_production_plain_http_is_redirected_and_https_gets_hsts(client, db):
    plain = client.get(reverse("faq:home"))
    secure = client.get(reverse("faq:home"), secure=True)

    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


@override_settings(
    SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_behind_a_tls_proxy_forwarded_https_is_not_redirected_again(client, db):
    response = client.get(reverse("faq:home"), HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code != 301


class _InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, styles and event handlers."""

    def __init__(self):
        super().__init__()
        self.blocked, self.sources, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.blocked += [f"{tag} {name}=" for name in attrs if name.startswith("on")]
        if "style" in attrs:
            self.blocked.append(f"{tag} style=")
        if tag == "style":
            self.blocked.append("<style>")
        if tag == "script":
            # Data blocks (JSON, JSON-LD) are never executed, so CSP does not apply to them.
            data_block = attrs.get("type") in ("application/json", "application/ld+json")
            self._in_script = "src" not in attrs and not data_block
            self.sources.append(attrs.get("src"))
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.sources.append(attrs.get("href"))

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.blocked.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def _assert_runs_under_the_policy(response):
    finder = _InlineCodeFinder()
    finder.feed(response.content.decode())
    foreign = [src for src in finder.sources if src and urlsplit(src).netloc]

    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert finder.blocked == []
    assert foreign == []


def test_the_admin_login_page_needs_no_inline_code(client, db):
    _assert_runs_under_the_policy(client.get(reverse("admin:login")))


@pytest.mark.parametrize(
    "model_admin", admin.site._registry.values(), ids=lambda a: a.opts.label_lower
)
def test_every_admin_page_runs_under_the_policy(client, rf, alice, model_admin):
    """The list and (where editors may add) the form of every registered model."""
    client.force_login(alice)
    request = rf.get("/")
    request.user = alice
    name = f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}"

    _assert_runs_under_the_policy(client.get(reverse(f"{name}_changelist")))
    if model_admin.has_add_permission(request):
        _assert_runs_under_the_policy(client.get(reverse(f"{name}_add")))


def test_the_admin_index_runs_under_the_policy(client, alice):
    client.force_login(alice)

    _assert_runs_under_the_policy(client.get(reverse("admin:index")))


def _log_in(client, password, ip="192.0.2.10"):
    data = {"username": "erin", "password": password, "next": reverse("admin:index")}
    return client.post(reverse("admin:login"), data, REMOTE_ADDR=ip)


@override_settings(AXES_FAILURE_LIMIT=5)
def test_the_admin_locks_a_user_out_after_five_bad_passwords(client, erin):

    failures = [_log_in(client, "wrong").status_code for _ in range(5)]
    locked_out = _log_in(client, PASSWORD)

    assert failures == [200, 200, 200, 200, 429]
    assert locked_out.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(
    AXES_FAILURE_LIMIT=5, CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", TRUSTED_PROXIES=()
)
def test_a_fresh_forwarded_for_on_each_attempt_does_not_escape_the_lockout(client, erin):
    data = {"username": "erin", "password": "wrong", "next": reverse("admin:index")}
    for n in range(12):
        client.post(reverse("admin:login"), data, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    data["password"] = PASSWORD
    right = client.post(reverse("admin:login"), data, HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=5)
def test_the_lockout_does_not_stop_the_same_user_elsewhere(client, erin):
    for _ in range(5):
        _log_in(client, "wrong")

    response = _log_in(client, PASSWORD, ip="198.51.100.20")

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("url_name", "kwargs"),
    [
        ("faq:home", {}),
        ("faq:category", {"slug": "csp-category"}),
        ("faq:question", {"slug": "csp-question"}),
    ],
)
def test_every_public_page_runs_under_the_policy(client, db, url_name, kwargs):
    category = CategoryFactory(slug="csp-category")
    AnsweredQuestionFactory(slug="csp-question", category=category)

    _assert_runs_under_the_policy(client.get(reverse(url_name, kwargs=kwargs)))
