"""Strict readers for settings taken from the environment.

Each helper refuses nonsense with an ``ImproperlyConfigured`` that names the variable,
so a typo stops start-up instead of silently picking a default.
"""

import ipaddress
import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name: str, *, because: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set {because}.")
    return value


def database_from_url(url: str, *, name: str = "DATABASE_URL") -> dict:
    """A DATABASES entry from a database URL; ``name`` is the variable quoted in errors."""
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for a bad URL
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name} names no database engine Django knows.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


# Several gunicorn workers write to one SQLite file (votes, admin saves, sessions): readers
# must not block the writer (WAL), a transaction takes the write lock when it begins rather
# than failing when a read turns into a write (IMMEDIATE), and a writer waits for the lock
# instead of answering "database is locked" at once (found by bench/load.py).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


LOCMEM_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "faqsite",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}


def cache_from_url(url: str, *, name: str = "CACHE_URL") -> dict:
    """A CACHES entry: empty means local memory, ``redis://`` or ``rediss://`` a Redis server."""
    if not url:
        return dict(LOCMEM_CACHE)
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        # The scheme only: the URL may carry a password.
        raise ImproperlyConfigured(
            f"{name} must be empty (local memory) or a redis:// or rediss:// URL, "
            f"not a {parts.scheme or 'scheme-less'!r} URL."
        )
    try:
        parts.port  # noqa: B018 -- urllib checks the port only when asked
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number.") from None
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name} names no host.")
    return {
        "BACKEND": "faqsite.cache.ResilientRedisCache",
        "LOCATION": url,
        # A dead cache server must cost a page little time, not hang it.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


def env_header_pair(name: str) -> tuple[str, str] | None:
    """Read ``HTTP_HEADER_NAME,value`` (as SECURE_PROXY_SSL_HEADER wants it), or None if unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    header, sep, value = (part.strip() for part in raw.partition(","))
    if not sep or not header.startswith("HTTP_") or not value or "," in value:
        raise ImproperlyConfigured(
            f"{name} must look like HTTP_X_FORWARDED_PROTO,https, not {raw!r}."
        )
    return header, value


def env_networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma-separated addresses or networks (``10.0.0.0/8``, ``2001:db8::/32``, ``127.0.0.1``)."""
    networks = []
    for item in env_list(name):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.0/8, not {item!r}."
            ) from None
    return tuple(networks)


def env_site_url(name: str) -> str:
    """``https://host[:port]``, without a trailing slash; empty when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    try:
        parts.port  # noqa: B018 -- urllib checks the port only when asked
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise ImproperlyConfigured(
            f"{name} must be the site's scheme and host, like https://faq.example.com, not {raw!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"
