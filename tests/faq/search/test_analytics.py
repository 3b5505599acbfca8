import pytest
from django.test import RequestFactory

from faq.models import SearchQuery
from faq.search.analytics import record_search

pytestmark = pytest.mark.django_db


def test_it_stores_the_normalised_query_language_and_count_only():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Bot/1.0")
    record_search(request, "  ＳＳＬ　環境 ", 3)
    logged = SearchQuery.objects.get()
    assert (logged.query, logged.language, logged.result_count) == ("ssl 環境", "ja", 3)
    stored = [str(value) for value in SearchQuery.objects.values().get().values()]
    assert not any("203.0.113.9" in value or "Bot" in value for value in stored)


def test_an_empty_query_is_not_logged():
    assert record_search(RequestFactory().get("/"), " \x00 ", 0) is None
    assert not SearchQuery.objects.exists()
