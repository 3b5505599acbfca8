"""The Redis backend that serves pages uncached while its server is down or refuses writes."""

import logging

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from faq.models import Vote
from faqsite import cache as resilient
from faqsite.env import cache_from_url
from tests.factories import AnsweredQuestionFactory
from tests.servers import free_port

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

    def set(self, key, value, timeout):
        self.calls += 1


def test_it_leaves_the_server_alone_for_a_while_after_a_failure(dead_cache):
    dead_cache.get("page")
    client = dead_cache.__dict__["_cache"] = _CountingClient()

    assert dead_cache.get("page") is None
    assert client.calls == 0


def test_it_uses_the_server_again_once_a_write_succeeds(dead_cache, caplog, monkeypatch):
    dead_cache.get("page")
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0)
    client = dead_cache.__dict__["_cache"] = _CountingClient()
    with caplog.at_level(logging.WARNING, logger="faqsite.cache"):
        # A server may answer reads and refuse writes: what it holds may be stale.
        assert dead_cache.get("page") is None
        assert client.calls == 0
        dead_cache.set("page", "x")

    assert "working again" in caplog.text
    assert dead_cache.get("page") == "cached page"


# Faults of a live server (make test-redis): it answers, but refuses every write.
def _out_of_memory(server):
    saved = server.config_get("maxmemory*")
    server.config_set("maxmemory-policy", "noeviction")
    server.config_set("maxmemory", 1)  # one byte: every write is over the limit
    yield
    server.config_set("maxmemory", saved["maxmemory"])
    server.config_set("maxmemory-policy", saved["maxmemory-policy"])


def _read_only_replica(server):
    server.replicaof("127.0.0.1", free_port())  # a failover: a primary that is not there yet
    yield
    server.replicaof("NO", "ONE")


@pytest.fixture(params=[_out_of_memory, _read_only_replica], ids=["OOM", "read-only"])
def refusing_redis(request, settings, redis_url):
    settings.CACHES = {"default": cache_from_url(redis_url)}
    server = redis.Redis.from_url(redis_url)
    server.flushdb()
    fault = request.param(server)
    next(fault)
    yield server
    next(fault, None)
    server.flushdb()


@pytest.mark.redis
@pytest.mark.django_db
def test_a_server_refusing_writes_serves_every_page_and_keeps_votes_and_edits(
    refusing_redis, client, caplog
):
    with pytest.raises(redis.exceptions.ResponseError):  # the fault is real
        refusing_redis.set("probe", "x")
    question = AnsweredQuestionFactory(title_ja="元の質問")
    page = reverse("faq:question", kwargs={"slug": question.slug})

    with caplog.at_level(logging.WARNING, logger="faqsite.cache"):
        statuses = [
            client.get(reverse("faq:home")).status_code,
            client.get(page).status_code,
            client.get(reverse("faq:search-suggest"), {"q": "質問"}).status_code,
            client.get(reverse("faq:search"), {"q": "質問"}).status_code,
            client.post(
                reverse("faq:vote", kwargs={"slug": question.slug}), {"helpful": "yes"}
            ).status_code,
        ]
        question.title_ja = "障害中に直した質問"
        question.save()
        edited = client.get(page)

    assert statuses == [200, 200, 200, 200, 302]
    assert Vote.objects.filter(question=question).count() == 1
    assert "障害中に直した質問" in edited.text
    assert len([r for r in caplog.records if "failing" in r.getMessage()]) == 1


@pytest.mark.redis
@pytest.mark.django_db
def test_an_edit_saved_while_writes_were_refused_shows_once_they_work_again(
    settings, client, monkeypatch, redis_url
):
    settings.CACHES = {"default": cache_from_url(redis_url)}
    server = redis.Redis.from_url(redis_url)
    server.flushdb()
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0)
    question = AnsweredQuestionFactory(title_ja="元の質問")
    page = reverse("faq:question", kwargs={"slug": question.slug})
    assert "元の質問" in client.get(page).text  # cached

    fault = _out_of_memory(server)
    next(fault)
    question.title_ja = "障害中に直した質問"
    question.save()  # its version bump is refused
    next(fault, None)

    assert "障害中に直した質問" in client.get(page).text
    server.flushdb()
