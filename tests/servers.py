"""Real servers for tests about what they do themselves: gunicorn with gunicorn.conf.py, and
the bundled nginx (deploy/nginx.conf) in front of it."""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
NGINX = "/usr/sbin/nginx"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path, headers=None):
    """(status, headers, body) of one plain-http request to the loopback server."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def server_env(workdir, **env):
    """The environment of a test server: only ``env`` set for Django (DEBUG off, a throw-away
    SQLite file unless given)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    return {
        **clean,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "a-throw-away-secret-for-one-test-server-only-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{Path(workdir) / 'db.sqlite3'}",
        "CACHE_URL": "",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        **env,
    }


def manage(workdir, *args, **env):
    """``manage.py *args`` in another process, against the test server's database."""
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=server_env(workdir, **env),
        check=True,
        capture_output=True,
    )


_static = {"collected": False}


def collect_static(workdir):
    """The hashed static files DEBUG-off servers need (STATIC_ROOT, as scripts/serve makes
    them), once per test run: without their manifest every page is a 500."""
    if not _static["collected"]:
        manage(workdir, "collectstatic", "--no-input", "--verbosity", "0")
        _static["collected"] = True


@contextmanager
def gunicorn(workdir, **env):
    """gunicorn --config gunicorn.conf.py on a free loopback port (server_env); yields the
    port."""
    collect_static(workdir)
    port = free_port()
    full_env = server_env(workdir, GUNICORN_BIND=f"127.0.0.1:{port}", **env)
    log = (Path(workdir) / f"gunicorn-{port}.log").open("w")
    process = subprocess.Popen(
        [GUNICORN, "--config", "gunicorn.conf.py"],
        cwd=PROJECT,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # stopping the group stops the workers too
    )
    try:
        _wait_until_up(process, port)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _wait_until_up(process, port):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for port {port} stopped while starting")
        try:
            get(port, "/robots.txt")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


@contextmanager
def nginx(upstream_port):
    """The bundled reverse-proxy cache (deploy/nginx.conf, as scripts/with-nginx fills it in)
    on a free loopback port in front of ``upstream_port``; yields its port."""
    port = free_port()
    prefix = Path(tempfile.mkdtemp(prefix="faq-nginx-"))
    prefix.chmod(0o755)  # run as root, nginx's workers are another user, who writes the cache
    conf = (PROJECT / "deploy" / "nginx.conf").read_text()
    for name, value in (
        ("@LISTEN@", f"127.0.0.1:{port}"),
        ("@UPSTREAM@", f"127.0.0.1:{upstream_port}"),
        ("@PREFIX@", str(prefix)),
    ):
        conf = conf.replace(name, value)
    (prefix / "nginx.conf").write_text(conf)
    command = [NGINX, "-p", prefix, "-c", prefix / "nginx.conf", "-e", prefix / "error.log"]
    process = subprocess.Popen([*command, "-g", "daemon off;"], start_new_session=True)
    try:
        _wait_until_up(process, port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(prefix, ignore_errors=True)


STAFF = ("proxy-staff", "a-throw-away-password-for-one-test-only")
# Lifetimes short enough for a test to wait out (the defaults are docs/caching.md's).
SHARED_SECONDS, STALE_SECONDS = 2, 1
SHORT_LIFETIMES = {
    "CACHE_SHARED_SECONDS": str(SHARED_SECONDS),
    "CACHE_STALE_SECONDS": str(STALE_SECONDS),
    "CACHE_BROWSER_SECONDS": "0",
}


@contextmanager
def proxied_site(workdir, **env):
    """The shipped FAQ (and one staff user, STAFF) on gunicorn behind the bundled nginx,
    trusting nginx for the client's address as scripts/serve does; yields (gunicorn's port,
    nginx's port). The database is ``workdir``/db.sqlite3."""
    manage(workdir, "migrate", "--no-input")
    manage(workdir, "loaddata", "faq")
    username, password = STAFF
    manage(
        workdir,
        "createsuperuser",
        "--no-input",
        f"--username={username}",
        "--email=staff@example.com",
        DJANGO_SUPERUSER_PASSWORD=password,
    )
    behind_nginx = {
        "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
        "DJANGO_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "GUNICORN_WORKERS": "2",
        **env,
    }
    with gunicorn(workdir, **behind_nginx) as app_port, nginx(app_port) as proxy_port:
        yield app_port, proxy_port
