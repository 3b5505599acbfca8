import pytest
from django.test import RequestFactory

from faq.models import SearchQuery
from faq.search.analytics import LOG_LIMIT, VISITOR_COOKIE, record_search

pytestmark = pytest.mark.django_db


def visitor_request(**extra):
    request = RequestFactory().get("/", **extra)
    request.COOKIES[VISITOR_COOKIE] = "1"
    return request


def test_it_stores_the_normalised_query_language_and_count_only():
    request = visitor_request(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Bot/1.0")
    record_search(request, "  ＳＳＬ　環境 ", 3)
    logged = SearchQuery.objects.get()
    assert (logged.query, logged.language, logged.result_count) == ("ssl 環境", "ja", 3)
    stored = [str(value) for value in SearchQuery.objects.values().get().values()]
    assert not any("203.0.113.9" in value or "Bot" in value for value in stored)


def test_an_empty_query_is_not_logged():
    assert record_search(visitor_request(), " \x00 ", 0) is None
    assert not SearchQuery.objects.exists()


def test_a_client_without_cookies_is_not_counted():
    assert record_search(RequestFactory().get("/"), "解約", 1) is None
    assert not SearchQuery.objects.exists()


def test_one_client_cannot_flood_the_log():
    for _ in range(LOG_LIMIT + 10):
        record_search(visitor_request(REMOTE_ADDR="198.51.100.7"), "解約", 1)
    record_search(visitor_request(REMOTE_ADDR="198.51.100.8"), "解約", 1)
    assert SearchQuery.objects.count() == LOG_LIMIT + 1
