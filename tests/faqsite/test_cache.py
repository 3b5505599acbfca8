"""The Redis backend that serves pages uncached while its server is down (faqsite/cache.py)."""

import logging

import pytest
from django.core.cache import caches

from faqsite import cache as resilient
from faqsite.env import cache_from_url

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {"default": cache_from_url(NOTHING_LISTENS)}
    return caches["default"]


def test_it_answers_a_miss_while_the_server_is_down(dead_cache):
    assert dead_cache.get("page", "fallback") == "fallback"
    assert dead_cache.get_many(["a", "b"]) == {}
    assert dead_cache.add("page", "x") is False


def test_it_drops_writes_while_the_server_is_down(dead_cache):
    dead_cache.set("page", "x")
    dead_cache.delete("page")

    assert dead_cache.incr("version") is None


def test_it_logs_an_outage_once(dead_cache, caplog, monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0)  # every call tries the server
    with caplog.at_level(logging.WARNING, logger="faqsite.cache"):
        for _ in range(3):
            dead_cache.get("page")

    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        "Cache server failing (ConnectionError), serving pages uncached"
    ]


class _CountingClient:
    """Stands in for the Redis client, counting the calls that reach it."""

    def __init__(self):
        self.calls = 0

    def get(self, key, default):
        self.calls += 1
        return "cached page"


def test_it_leaves_the_server_alone_for_a_while_after_a_failure(dead_cache):
    dead_cache.get("page")
    client = dead_cache.__dict__["_cache"] = _CountingClient()

    assert dead_cache.get("page") is None
    assert client.calls == 0


def test_it_uses_the_server_again_once_it_is_back(dead_cache, caplog, monkeypatch):
    dead_cache.get("page")
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0)
    dead_cache.__dict__["_cache"] = _CountingClient()
    with caplog.at_level(logging.WARNING, logger="faqsite.cache"):
        assert dead_cache.get("page") == "cached page"

    assert "reachable again" in caplog.text
