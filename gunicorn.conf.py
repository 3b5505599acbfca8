"""gunicorn settings for faqsite: `make serve` and bench/pages.py both run with this file.

Every value can be changed through the environment (GUNICORN_*), like the Django settings.
"""

import gc
import os

from faqsite.env import env_header_pair

wsgi_app = "faqsite.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes use the cores (each request is a short burst of Python and SQL; 2 per core plus
# one keeps a core busy while another worker waits on SQL). Threaded workers (gthread), so
# that a client sending its request slowly holds one thread, not a whole worker: with sync
# workers five such clients stalled every other request. The bundled nginx in front
# (deploy/nginx.conf) reads whole requests before passing them on, which holds any number.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without end.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 10000))
max_requests_jitter = max_requests // 10
# Behind a load balancer, trust its X-Forwarded-* headers (set to its address); by default
# the same proxies the Django side trusts for the client's address.
forwarded_allow_ips = os.environ.get(
    "GUNICORN_FORWARDED_ALLOW_IPS", os.environ.get("DJANGO_TRUSTED_PROXIES", "") or "127.0.0.1"
)


def _secure_scheme_headers():
    """The one header Django's SECURE_PROXY_SSL_HEADER believes, or none at all.

    gunicorn's default believes three https claims from forwarded_allow_ips, so a client on
    the same host could claim https (and get HSTS) with Django configured to trust nothing.
    """
    pair = env_header_pair("DJANGO_SECURE_PROXY_SSL_HEADER")
    if pair is None:
        return {}
    header, value = pair
    return {header.removeprefix("HTTP_").replace("_", "-"): value}


secure_scheme_headers = _secure_scheme_headers()
# The runtime control socket sits in a per-user path by default, where every gunicorn of
# that user (other sites, benchmarks) would fight over it; this site does not use it.
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_worker_init(worker):
    """Once the worker has loaded the site, move everything it loaded out of the garbage
    collector's reach: a full collection otherwise walks the whole application (tens of
    milliseconds, stalling whichever request triggered it) although none of it is garbage.
    What requests allocate afterwards is collected as usual (gc.freeze(), as Instagram's
    Python servers do)."""
    gc.collect()
    gc.freeze()
