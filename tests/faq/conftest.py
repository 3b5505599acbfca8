import pytest
from django.core.cache import cache

from faq.cache import _memo
from faqsite.env import cache_from_url


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def page_cache(request, settings):
    """Each test runs against the default (local memory, the version in the database) and,
    under `make test-redis`, a real Redis holding pages and version."""
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    settings.CACHES = {"default": cache_from_url(url)}
    settings.FAQ_SHARED_STATE = "cache" if url else "database"
    cache.clear()
    _memo["version"] = None
    return request.param
