"""A Redis cache that a dead server cannot turn into a 500.

Django's RedisCache raises on every call while the server is down. Pages only use the
cache to go faster, so here each call answers "nothing cached" instead, the outage is
logged once (and its end once), and for a few seconds after a failure calls skip the
server altogether so that visitors do not each wait for a connection timeout.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
_MISSING = object()


def _fresh(answer):
    return answer.copy() if isinstance(answer, dict | list) else answer


def _answer_when_down(answer):
    """Run the wrapped cache call, or answer ``answer`` while the server is unreachable."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._down_since is not None and not self._retry_due():
                return _fresh(answer)
            try:
                result = method(self, *args, **kwargs)
            except _UNREACHABLE as exc:
                self._went_down(exc)
                return _fresh(answer)
            self._came_back()
            return result

        return wrapper

    return decorate


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_since = None

    def _retry_due(self):
        return time.monotonic() - self._down_since >= RETRY_AFTER_SECONDS

    def _went_down(self, exc):
        if self._down_since is None:
            logger.warning("Cache server unreachable, serving pages uncached: %s", exc)
        self._down_since = time.monotonic()

    def _came_back(self):
        if self._down_since is not None:
            logger.warning("Cache server reachable again.")
            self._down_since = None

    add = _answer_when_down(False)(RedisCache.add)
    _get = _answer_when_down(_MISSING)(RedisCache.get)

    def get(self, key, default=None, version=None):
        value = self._get(key, _MISSING, version)
        return default if value is _MISSING else value

    set = _answer_when_down(None)(RedisCache.set)
    touch = _answer_when_down(False)(RedisCache.touch)
    delete = _answer_when_down(False)(RedisCache.delete)
    get_many = _answer_when_down({})(RedisCache.get_many)
    has_key = _answer_when_down(False)(RedisCache.has_key)
    incr = _answer_when_down(None)(RedisCache.incr)
    set_many = _answer_when_down([])(RedisCache.set_many)
    delete_many = _answer_when_down(None)(RedisCache.delete_many)
    clear = _answer_when_down(False)(RedisCache.clear)
