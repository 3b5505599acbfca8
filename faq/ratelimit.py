"""Per-client rate limits, counted where every process of the deployment sees the same count.

With a shared Redis (CACHE_URL) the counters live in the cache; without one (each process's
cache is its own memory) in the database (faq.models.SharedCounter), so that a client gets
the documented limit however many workers serve it (settings.FAQ_SHARED_STATE).

The client's address only ever becomes part of a keyed hash (HMAC with the secret key) that
expires with its window; it is never stored in clear or written to a log.
"""

import ipaddress
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The address rate limits and the login lockout count, the same for both.

    REMOTE_ADDR, unless it is one of settings.TRUSTED_PROXIES and DJANGO_CLIENT_IP_HEADER
    names the header they set: then the right-most address in that header that is not a
    trusted proxy. Each proxy appends the address it saw, so everything left of the first
    untrusted hop may have been written by the client. An IPv6 client stands for its /64,
    the block one subscriber usually gets whole.
    """
    return _limited_unit(_client_address(request))


def _client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    if not settings.CLIENT_IP_HEADER or not _is_trusted_proxy(_parsed(peer)):
        return peer
    hops = [hop.strip() for hop in request.META.get(settings.CLIENT_IP_HEADER, "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        address = _parsed(hop)
        if address is None:
            break  # a malformed entry: the chain cannot be followed further
        if not _is_trusted_proxy(address):
            return str(address)
        peer = str(address)
    return peer


def _parsed(text: str):
    """An address (IPv4-mapped IPv6 as IPv4), or None for anything else."""
    try:
        address = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def _is_trusted_proxy(address) -> bool:
    return address is not None and any(address in net for net in settings.TRUSTED_PROXIES)


def _limited_unit(text: str) -> str:
    address = _parsed(text)
    if address is None:
        return text
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def check_client_ip_settings(**kwargs):
    """Start-up warns when the header and the list of proxies contradict each other."""
    header, proxies = settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES
    if header and not proxies:
        return [
            checks.Warning(
                f"DJANGO_CLIENT_IP_HEADER is {header} but DJANGO_TRUSTED_PROXIES is empty, "
                "so the header is ignored and every client is its REMOTE_ADDR.",
                hint="List the proxies' addresses or networks in DJANGO_TRUSTED_PROXIES.",
                id="faq.W001",
            )
        ]
    if proxies and not header:
        return [
            checks.Warning(
                "DJANGO_TRUSTED_PROXIES is set but DJANGO_CLIENT_IP_HEADER is not, so no "
                "forwarded address is read and every client is its REMOTE_ADDR.",
                hint="Name the header the proxies set, e.g. HTTP_X_FORWARDED_FOR.",
                id="faq.W002",
            )
        ]
    return []


def allow(request, scope: str, limit: int, per_seconds: int) -> bool:
    """Count one hit for this client in ``scope``; False once it exceeds ``limit`` per window."""
    counted = (client_id(request), window_of(time.time(), per_seconds))
    return allowed_hits(scope, limit, per_seconds, {counted: 1})[counted] == 1


def client_id(request) -> str:
    """What the counters know a client by: a keyed hash of its address (client_ip)."""
    return salted_hmac("faq.ratelimit", client_ip(request), algorithm="sha256").hexdigest()[:32]


def window_of(timestamp: float, per_seconds: int) -> int:
    return int(timestamp // per_seconds)


def allowed_hits(scope: str, limit: int, per_seconds: int, hits: dict) -> dict:
    """Count the hits of each (client_id, window); how many of each are within ``limit``.

    For hits counted together after their requests, like the search log's batches
    (faq.search.analytics): many clients' hits cost a few queries, as one client's do.
    """
    keys = {(client, window): f"ratelimit:{scope}:{window}:{client}" for client, window in hits}
    try:
        if settings.FAQ_SHARED_STATE == "database":
            counts = _hits_in_database({keys[c]: n for c, n in hits.items()}, per_seconds)
        else:
            counts = {keys[c]: _hit(keys[c], per_seconds, n) for c, n in hits.items()}
    except (RedisError, DatabaseError):  # Redis down, or SQLite busy past its timeout
        counts = {}
    totals = {counted: counts.get(keys[counted]) for counted in hits}  # with these hits
    if None in totals.values():
        # A cache outage must not take the site down with it: let the requests through.
        # (Django's RedisCache raises; faqsite.cache.ResilientRedisCache answers None.)
        logger.warning("Rate limit cache unavailable; allowing %s", scope)
    return {
        counted: n if totals[counted] is None else max(0, min(n, limit - (totals[counted] - n)))
        for counted, n in hits.items()
    }


def _hit(key: str, per_seconds: int, hits: int) -> int:
    # add() only creates a missing counter, and incr() is atomic on locmem and Redis, so
    # concurrent requests on several servers all count.
    cache.add(key, 0, timeout=per_seconds + 1)
    try:
        return cache.incr(key, hits)
    except ValueError:  # the counter expired between add() and incr()
        cache.add(key, hits, timeout=per_seconds + 1)
        return hits


def _hits_in_database(hits: dict[str, int], per_seconds: int) -> dict[str, int]:
    """The counters of ``hits`` (key -> hits) after adding them: one UPDATE and one SELECT
    when every counter exists (UPDATE is atomic, so concurrent processes all count)."""
    from faq.models import SharedCounter  # the models import this module's app

    counters = SharedCounter.objects.using(DEFAULT_DB_ALIAS)
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        if _add(counters, hits) < len(hits):
            started = set(counters.filter(key__in=hits).values_list("key", flat=True))
            new = {key: n for key, n in hits.items() if key not in started}
            _start_counters(counters, new, per_seconds)
            _add(counters, new)
        return dict(counters.filter(key__in=hits).values_list("key", "value"))


def _add(counters, hits: dict[str, int]) -> int:
    if len(hits) == 1:
        ((key, n),) = hits.items()
        return counters.filter(key=key).update(value=F("value") + n)
    by_key = Case(*(When(key=key, then=Value(n)) for key, n in hits.items()), default=0)
    return counters.filter(key__in=hits).update(value=F("value") + by_key)


def _start_counters(counters, keys, per_seconds: int) -> None:
    """New windows' counters at 0; the windows that are over go (their keys are never
    counted again, since each key carries its window)."""
    now = timezone.now()
    counters.filter(expires_at__lt=now).delete()
    expires_at = now + timedelta(seconds=per_seconds + 1)
    started = [counters.model(key=key, value=0, expires_at=expires_at) for key in keys]
    counters.bulk_create(started, ignore_conflicts=True)  # another process may start one too
