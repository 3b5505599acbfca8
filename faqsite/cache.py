"""A Redis cache that a failing server cannot turn into a 500.

Django's RedisCache raises on every call while the server is down, and on every write while
it is out of memory (``maxmemory`` with the ``noeviction`` policy) or a read-only replica (a
failover in progress). Pages only use the cache to go faster, so here any ``RedisError`` makes
the call answer "nothing cached" instead: the failure is logged once (and its end once), and
for a few seconds after a failure calls skip the server altogether, so that visitors do not
each wait for a connection timeout.

While the server fails, reads answer "nothing cached" too, even from a server that would
answer them: an edit's content-version bump may have been refused, so the pages it holds
may be stale. After the pause, writes try the server again; the first that succeeds ends
the failure.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
_MISSING = object()


def _fresh(answer):
    return answer.copy() if isinstance(answer, dict | list) else answer


def _answer_when_failing(answer, *, writes):
    """Run the wrapped cache call, or answer ``answer`` while the server fails."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._failing_since is not None and not (writes and self._retry_due()):
                return _fresh(answer)
            try:
                result = method(self, *args, **kwargs)
            except RedisError as exc:
                self._failed(exc)
                return _fresh(answer)
            if writes:
                self._recovered()
            return result

        return wrapper

    return decorate


def _read(answer):
    return _answer_when_failing(answer, writes=False)


def _write(answer):
    return _answer_when_failing(answer, writes=True)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._failing_since = None

    def _retry_due(self):
        return time.monotonic() - self._failing_since >= RETRY_AFTER_SECONDS

    def _failed(self, exc):
        if self._failing_since is None:
            logger.warning(
                "Cache server failing (%s), serving pages uncached: %s", type(exc).__name__, exc
            )
        self._failing_since = time.monotonic()

    def _recovered(self):
        if self._failing_since is not None:
            logger.warning("Cache server working again.")
            self._failing_since = None

    _get = _read(_MISSING)(RedisCache.get)

    def get(self, key, default=None, version=None):
        value = self._get(key, _MISSING, version)
        return default if value is _MISSING else value

    get_many = _read({})(RedisCache.get_many)
    has_key = _read(False)(RedisCache.has_key)
    add = _write(False)(RedisCache.add)
    set = _write(None)(RedisCache.set)
    touch = _write(False)(RedisCache.touch)
    delete = _write(False)(RedisCache.delete)
    incr = _write(None)(RedisCache.incr)
    set_many = _write([])(RedisCache.set_many)
    delete_many = _write(None)(RedisCache.delete_many)
    clear = _write(False)(RedisCache.clear)
