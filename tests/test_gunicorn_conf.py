"""gunicorn.conf.py, through a real gunicorn: which https claims it believes, and slow clients."""

import gc
import runpy
import socket
import threading
import time
from pathlib import Path

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


def _slow_client(port, stop):
    """A client that sends its request one header line every two seconds, never finishing."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    while not stop.wait(2.0):
        try:
            sock.sendall(b"X-Slow: 1\r\n")
        except OSError:
            break
    sock.close()


THREADS = "8"  # gunicorn.conf.py's default; "1" makes gunicorn's sync worker, which stalls


def test_five_slow_clients_do_not_stall_a_normal_request(tmp_path):
    with gunicorn(tmp_path, GUNICORN_WORKERS="1", GUNICORN_THREADS=THREADS) as port:
        stop = threading.Event()
        slow = [threading.Thread(target=_slow_client, args=(port, stop)) for _ in range(5)]
        for client in slow:
            client.start()
        try:
            time.sleep(1.0)  # every slow client is connected and holding its request open
            started = time.monotonic()
            status, _headers, _body = get(port, "/robots.txt")
            took = time.monotonic() - started
        finally:
            stop.set()
            for client in slow:
                client.join()

    assert status == 200
    assert took < 1.0


def test_a_worker_keeps_what_it_loaded_out_of_the_collectors_reach():
    config = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000  # the application's objects, not a handful
    finally:
        gc.unfreeze()
