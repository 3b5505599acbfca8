"""gunicorn.conf.py, through a real gunicorn: which https claims it believes."""

import pytest

from tests.servers import get, gunicorn

CLAIMS = [
    {"X-Forwarded-Proto": "https"},
    {"X-Forwarded-Ssl": "on"},
    {"X-Forwarded-Protocol": "ssl"},
]


@pytest.fixture(scope="module")
def trusting_nothing(tmp_path_factory):
    """Production settings without DJANGO_SECURE_PROXY_SSL_HEADER."""
    with gunicorn(tmp_path_factory.mktemp("plain")) as port:
        yield port


@pytest.fixture(scope="module")
def behind_a_tls_proxy(tmp_path_factory):
    header = "HTTP_X_FORWARDED_PROTO,https"
    workdir = tmp_path_factory.mktemp("proxied")
    with gunicorn(workdir, DJANGO_SECURE_PROXY_SSL_HEADER=header) as port:
        yield port


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda claim: next(iter(claim)))
def test_without_a_proxy_ssl_header_no_https_claim_is_believed(trusting_nothing, claim):
    status, headers, body = get(trusting_nothing, "/robots.txt", claim)

    assert status == 200
    assert "Strict-Transport-Security" not in headers
    assert f"Sitemap: http://127.0.0.1:{trusting_nothing}/sitemap.xml" in body


def test_behind_a_tls_proxy_its_header_means_https(behind_a_tls_proxy):
    _status, headers, body = get(behind_a_tls_proxy, "/robots.txt", CLAIMS[0])

    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Sitemap: https://" in body


@pytest.mark.parametrize("claim", CLAIMS[1:], ids=lambda claim: next(iter(claim)))
def test_behind_a_tls_proxy_the_other_claims_are_not_believed(behind_a_tls_proxy, claim):
    _status, headers, body = get(behind_a_tls_proxy, "/robots.txt", claim)

    assert "Strict-Transport-Security" not in headers
    assert "Sitemap: http://" in body
