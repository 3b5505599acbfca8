"""Production settings, checked the way an operator would: a fresh process and its environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
A_SECRET = "x7Rk2-pQ9vLm4ZtB8nW1yHc6Jd3Fs0Ga5Ue-Yo2Ki9Pr4Tl7Mq1Nb8Vx3Cz6Wj0Hs5"


def _run(args, **env):
    """Run a Python snippet or manage.py in a fresh interpreter with only ``env`` configured."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _setting(name, **env):
    snippet = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'faqsite.settings';"
        f"from django.conf import settings; print(repr(settings.{name}))"
    )
    result = _run(["-c", snippet], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": A_SECRET,
    "DJANGO_ALLOWED_HOSTS": "faq.example.com",
    "DJANGO_SITE_URL": "https://faq.example.com",
}


def test_the_deploy_check_is_clean_with_the_required_variables_and_the_site_url():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_asks_for_the_site_url():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SITE_URL"}

    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)

    assert result.returncode != 0
    assert "faq.W003" in result.stderr + result.stdout


def test_the_https_redirect_goes_to_the_site_url_host_not_the_requests():
    assert _setting("SECURE_SSL_HOST", **PRODUCTION) == "'faq.example.com'"


def test_opting_out_of_the_https_redirect_is_reported_by_the_deploy_check():
    env = {**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "false"}

    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)

    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is false"),
    ],
)
def test_production_refuses_to_start_without_a_required_variable(missing, message):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = _run(["manage.py", "check"], **env)

    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_SECURE_SSL_REDIRECT", "maybe"),
        ("DJANGO_SECURE_HSTS_SECONDS", "a year"),
        ("DJANGO_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https"),
        ("DJANGO_ADMIN_URL", "/"),
        ("DJANGO_TRUSTED_PROXIES", "proxy.internal"),
        ("DJANGO_SITE_URL", "faq.example.com"),
    ],
)
def test_a_malformed_security_variable_stops_start_up_naming_it(variable, value):
    result = _run(["manage.py", "check"], **{**PRODUCTION, variable: value})

    assert result.returncode != 0
    assert variable in result.stderr


def test_production_defaults_are_https_only():
    assert _setting("SECURE_SSL_REDIRECT", **PRODUCTION) == "True"
    assert _setting("SESSION_COOKIE_SECURE", **PRODUCTION) == "True"
    assert _setting("CSRF_COOKIE_SECURE", **PRODUCTION) == "True"
    assert _setting("SECURE_HSTS_SECONDS", **PRODUCTION) == "31536000"


def test_plain_http_serving_also_drops_the_secure_cookie_flag():
    env = {**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "false"}

    assert _setting("SESSION_COOKIE_SECURE", **env) == "False"


def test_the_proxy_ssl_header_is_read_from_its_variable():
    env = {**PRODUCTION, "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https"}

    assert _setting("SECURE_PROXY_SSL_HEADER", **env) == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert _setting("SECURE_PROXY_SSL_HEADER", **PRODUCTION) == "None"


def test_staff_sessions_last_a_working_day_unless_configured():
    assert _setting("SESSION_COOKIE_AGE", **PRODUCTION) == str(8 * 60 * 60)
    assert _setting("SESSION_COOKIE_AGE", **PRODUCTION, DJANGO_SESSION_COOKIE_AGE="3600") == "3600"
    assert _setting("SESSION_EXPIRE_AT_BROWSER_CLOSE", **PRODUCTION) == "True"


def test_every_variable_the_settings_read_is_documented():
    source = (PROJECT / "faqsite" / "settings.py").read_text()
    variables = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))
    reference = (PROJECT / "docs" / "configuration.md").read_text()
    example = (PROJECT / ".env.example").read_text()

    assert "DJANGO_SECURE_SSL_REDIRECT" in variables
    assert sorted(v for v in variables if f"`{v}`" not in reference) == []
    assert sorted(v for v in variables if f"{v}=" not in example) == []


def test_the_search_log_keeps_ninety_days_unless_configured_and_at_least_one():
    assert _setting("FAQ_SEARCH_LOG_DAYS", **PRODUCTION) == "90"
    assert _setting("FAQ_SEARCH_LOG_DAYS", **PRODUCTION, FAQ_SEARCH_LOG_DAYS="30") == "30"
    result = _run(["manage.py", "check"], **PRODUCTION, FAQ_SEARCH_LOG_DAYS="0")
    assert result.returncode != 0
    assert "FAQ_SEARCH_LOG_DAYS" in result.stderr
