"""Per-client rate limits counted in Django's cache (locmem in development, Redis in production).

The client's address only ever becomes part of a hashed cache key that expires with its
window: it is never stored in the database or written to a log.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """REMOTE_ADDR, or the proxy's header when DJANGO_CLIENT_IP_HEADER names one."""
    if settings.CLIENT_IP_HEADER:
        # Our proxy appends the address it saw last; anything before it came from the client
        # and may be forged.
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def allow(request, scope: str, limit: int, per_seconds: int) -> bool:
    """Count one hit for this client in ``scope``; False once it exceeds ``limit`` per window."""
    window = int(time.time() // per_seconds)
    key = _cache_key(scope, client_ip(request), window)
    try:
        count = _hit(key, per_seconds)
    except RedisError:
        count = None
    if count is None:
        # A cache outage must not take the site down with it: let the request through.
        # (Django's RedisCache raises; faqsite.cache.ResilientRedisCache answers None.)
        logger.warning("Rate limit cache unavailable; allowing %s", scope)
        return True
    return count <= limit


def _cache_key(scope: str, ip: str, window: int) -> str:
    digest = salted_hmac("faq.ratelimit", ip, algorithm="sha256").hexdigest()[:32]
    return f"ratelimit:{scope}:{window}:{digest}"


def _hit(key: str, per_seconds: int) -> int:
    # add() only creates a missing counter, and incr() is atomic on locmem and Redis, so
    # concurrent requests on several servers all count.
    cache.add(key, 0, timeout=per_seconds + 1)
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired between add() and incr()
        cache.add(key, 1, timeout=per_seconds + 1)
        return 1
