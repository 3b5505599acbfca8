import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from ipaddress import ip_network

import pytest
import redis
from django.core import checks
from django.core.cache import cache, caches
from django.db import OperationalError
from django.test import RequestFactory, override_settings
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from faq import ratelimit
from faq.models import SharedCounter


def pytest_generate_tests(metafunc):
    """Every test runs with the counters in the database (the default without CACHE_URL)
    and in the cache (local memory here, Redis under its mark), unless marked for one."""
    marker = metafunc.definition.get_closest_marker("counted_in")
    metafunc.parametrize("counted_in", marker.args if marker else STORES, indirect=True)


STORES = ("database", "cache")
cache_only = pytest.mark.counted_in("cache")
database_only = pytest.mark.counted_in("database")


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def counted_in(request, settings):
    settings.FAQ_SHARED_STATE = request.param
    cache.clear()
    return request.param


def _request(ip="192.0.2.1", **meta):
    return RequestFactory().get("/", REMOTE_ADDR=ip, **meta)


def _hits(request, n, scope="vote", limit=3, per_seconds=60):
    return [ratelimit.allow(request, scope, limit, per_seconds) for _ in range(n)]


def test_it_allows_up_to_the_limit_then_refuses():
    assert _hits(_request(), 5) == [True, True, True, False, False]


def test_clients_and_scopes_are_counted_separately():
    _hits(_request("192.0.2.1"), 3)

    assert ratelimit.allow(_request("192.0.2.1"), "vote", 3, 60) is False
    assert ratelimit.allow(_request("192.0.2.2"), "vote", 3, 60) is True
    assert ratelimit.allow(_request("192.0.2.1"), "search", 3, 60) is True


def test_a_new_window_starts_a_new_count(monkeypatch):
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_000_000.0)
    _hits(_request(), 3)
    assert ratelimit.allow(_request(), "vote", 3, 60) is False

    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_000_060.0)
    assert ratelimit.allow(_request(), "vote", 3, 60) is True


@cache_only
def test_the_address_is_never_part_of_the_cache_key(monkeypatch):
    seen = []
    monkeypatch.setattr(cache, "add", lambda key, *a, **kw: seen.append(key))
    monkeypatch.setattr(cache, "incr", lambda key, delta=1: delta)

    ratelimit.allow(_request("203.0.113.77"), "vote", 3, 60)

    assert seen
    assert all("203.0.113" not in key for key in seen)


@cache_only
def test_it_lets_requests_through_when_the_cache_is_down(monkeypatch):
    def down(*args, **kwargs):
        raise RedisConnectionError("connection refused")

    monkeypatch.setattr(cache, "add", down)

    assert _hits(_request(), 5) == [True] * 5


@database_only
def test_it_lets_requests_through_when_the_database_is_busy(monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(ratelimit, "_hits_in_database", locked)

    assert _hits(_request(), 5) == [True] * 5


def test_without_a_proxy_header_a_forged_forwarded_for_is_ignored():
    request = _request("192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.9")

    assert ratelimit.client_ip(request) == "192.0.2.1"


PROXIES = (ip_network("10.0.0.0/8"),)
# A CDN's edges in front of our own load balancer.
CDN = (ip_network("203.0.113.0/24"), ip_network("10.0.0.0/8"))


@pytest.mark.parametrize(
    ("proxies", "peer", "forwarded", "client"),
    [
        pytest.param((), "127.0.0.1", "198.51.100.9", "127.0.0.1", id="no trusted proxy"),
        pytest.param(
            PROXIES, "10.0.0.2", "198.51.100.9, 203.0.113.5", "203.0.113.5", id="behind a proxy"
        ),
        pytest.param(PROXIES, "192.0.2.1", "198.51.100.9", "192.0.2.1", id="peer is no proxy"),
        pytest.param(
            CDN,
            "10.0.0.2",
            "192.0.2.99, 198.51.100.9, 203.0.113.40, 10.0.0.7",
            "198.51.100.9",
            id="behind a cdn",
        ),
        pytest.param(
            PROXIES, "10.0.0.2", "198.51.100.9, unknown, 10.0.0.7", "10.0.0.7", id="malformed"
        ),
        pytest.param(PROXIES, "10.0.0.2", "10.0.0.9, 10.0.0.7", "10.0.0.9", id="all proxies"),
        pytest.param(PROXIES, "10.0.0.2", None, "10.0.0.2", id="no header"),
    ],
)
def test_the_client_is_the_right_most_forwarded_address_that_is_no_trusted_proxy(
    proxies, peer, forwarded, client
):
    meta = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    with override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", TRUSTED_PROXIES=proxies):
        assert ratelimit.client_ip(_request(peer, **meta)) == client


def test_an_ipv6_client_is_limited_by_its_slash_64():
    _hits(_request("2001:db8:1:2::1"), 3)

    assert ratelimit.allow(_request("2001:db8:1:2:ffff::9"), "vote", 3, 60) is False
    assert ratelimit.allow(_request("2001:db8:1:3::1"), "vote", 3, 60) is True


def test_an_ipv4_mapped_address_counts_as_the_ipv4_address():
    assert ratelimit.client_ip(_request("::ffff:192.0.2.1")) == "192.0.2.1"


@pytest.mark.parametrize(
    ("header", "proxies", "expected"),
    [
        ("HTTP_X_FORWARDED_FOR", (), ["faq.W001"]),
        ("", PROXIES, ["faq.W002"]),
        ("HTTP_X_FORWARDED_FOR", PROXIES, []),
        ("", (), []),
    ],
)
def test_start_up_warns_when_the_header_and_the_proxies_contradict(header, proxies, expected):
    with override_settings(CLIENT_IP_HEADER=header, TRUSTED_PROXIES=proxies):
        warnings = ratelimit.check_client_ip_settings()

    assert [warning.id for warning in warnings] == expected


def test_the_warning_is_a_registered_system_check():
    with override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", TRUSTED_PROXIES=()):
        ids = [message.id for message in checks.run_checks(tags=[checks.Tags.security])]

    assert "faq.W001" in ids


@pytest.mark.redis
@cache_only
def test_it_counts_atomically_on_redis_across_threads(redis_url):
    redis_caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    redis_caches["default"]["LOCATION"] = redis_url
    with override_settings(CACHES=redis_caches):
        caches["default"].clear()
        request = _request("192.0.2.50")
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda _: ratelimit.allow(request, "vote", 20, 60), range(40)))
        counters = redis.Redis.from_url(redis_url).keys("*ratelimit:vote:*")
        caches["default"].clear()

    assert len(counters) == 1

    assert results.count(True) == 20


@pytest.mark.parametrize(
    "backend",
    [
        pytest.param("django.core.cache.backends.redis.RedisCache", id="raising"),
        # The production backend answers None instead of raising (found by the load tests).
        pytest.param("faqsite.cache.ResilientRedisCache", id="resilient"),
    ],
)
@cache_only
def test_it_lets_requests_through_when_redis_refuses_connections(backend):
    nothing_listens = {"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:9/0"}}
    with override_settings(CACHES=nothing_listens):
        assert _hits(_request(), 5) == [True] * 5


@database_only
def test_the_address_is_never_stored_in_the_database():
    ratelimit.allow(_request("203.0.113.77"), "vote", 3, 60)

    keys = list(SharedCounter.objects.values_list("key", flat=True))
    assert keys and all("203.0.113" not in key for key in keys)


@database_only
def test_a_new_window_clears_the_counters_of_windows_that_are_over(monkeypatch):
    an_hour_ago = timezone.now() - timedelta(hours=1)
    monkeypatch.setattr(ratelimit.time, "time", lambda: an_hour_ago.timestamp())
    monkeypatch.setattr(ratelimit.timezone, "now", lambda: an_hour_ago)
    ratelimit.allow(_request("192.0.2.1"), "vote", 3, 60)
    monkeypatch.undo()
    ratelimit.allow(_request("192.0.2.2"), "vote", 3, 60)

    assert SharedCounter.objects.count() == 1


def test_hits_counted_together_are_allowed_as_far_as_the_limit_goes():
    counted = (ratelimit.client_id(_request()), ratelimit.window_of(time.time(), 60))
    allowed = [ratelimit.allowed_hits("search-log", 3, 60, {counted: 2}) for _ in range(3)]
    assert [a[counted] for a in allowed] == [2, 1, 0]
    assert ratelimit.allow(_request(), "search-log", 3, 60) is False  # the same counter


def test_many_clients_hits_are_counted_each_on_its_own():
    one, two, three = (("one", 7), ("two", 7), ("three", 8))
    ratelimit.allowed_hits("vote", 3, 60, {one: 1})
    assert ratelimit.allowed_hits("vote", 3, 60, {one: 3, two: 2, three: 4}) == {
        one: 2,
        two: 2,
        three: 3,
    }


@database_only
def test_many_clients_hits_cost_a_few_queries(django_assert_max_num_queries):
    ratelimit.allowed_hits("vote", 3, 60, {("started", 7): 1})
    hits = {(f"client-{n}", 7): 1 for n in range(30)} | {("started", 7): 1}
    with django_assert_max_num_queries(8):
        assert set(ratelimit.allowed_hits("vote", 3, 60, hits).values()) == {1}
