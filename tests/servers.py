"""Real servers for tests about what they do themselves: gunicorn with gunicorn.conf.py."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"


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


@contextmanager
def gunicorn(workdir, **env):
    """gunicorn --config gunicorn.conf.py on a free loopback port, with only ``env`` set for
    Django (DEBUG off, a throw-away SQLite file unless given); yields the port."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    full_env = {
        **clean,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "a-throw-away-secret-for-one-test-server-only-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{Path(workdir) / 'db.sqlite3'}",
        "CACHE_URL": "",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        **env,
    }
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
            raise RuntimeError("gunicorn stopped while starting")
        try:
            get(port, "/robots.txt")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port}")
