import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from faq.models import SearchQuery
from tests.factories import AnsweredQuestionFactory

pytestmark = pytest.mark.django_db

SEARCH = "http://testserver/ja/search/"


@pytest.fixture
def refund():
    return AnsweredQuestionFactory(title_ja="返金はできますか")


def search(client, q):
    return client.get(reverse("faq:search"), {"q": q})


def open_question(client, question, referer):
    return client.get(question.get_absolute_url(), HTTP_REFERER=referer)


def test_a_result_opened_from_the_search_page_is_that_searchs_click(client, refund):
    search(client, "見つからない言葉")
    search(client, "返金")
    response = open_question(client, refund, f"{SEARCH}?q=%E8%BF%94%E9%87%91")
    assert response.status_code == 200
    clicked = dict(SearchQuery.objects.values_list("query", "clicked"))
    assert clicked == {"見つからない言葉": None, "返金": refund.pk}


def test_a_click_on_a_result_of_a_visits_first_search_writes_that_search(client, refund):
    search(client, "返金")
    assert not SearchQuery.objects.exists()
    open_question(client, refund, f"{SEARCH}?q=%E8%BF%94%E9%87%91&page=1")
    assert SearchQuery.objects.values_list("query", "clicked").get() == ("返金", refund.pk)


def test_a_question_page_served_from_the_page_cache_still_counts(client, refund):
    Client().get(refund.get_absolute_url())  # another visitor fills the cache
    search(client, "返金")
    search(client, "返金はできますか")
    open_question(client, refund, f"{SEARCH}?q=%E8%BF%94%E9%87%91")
    assert SearchQuery.objects.get(query="返金").clicked == refund


def test_a_cached_page_counts_whatever_language_the_thread_last_served(client, refund):
    url = refund.get_absolute_url()  # a Japanese page
    Client().get(url)  # another visitor fills the cache
    search(client, "返金")
    search(client, "返金はできますか")
    translation.activate("en")  # the cached page is answered before LocaleMiddleware
    client.get(url, HTTP_REFERER=f"{SEARCH}?q=%E8%BF%94%E9%87%91")
    assert SearchQuery.objects.get(query="返金").clicked == refund


@pytest.mark.parametrize(
    "referer",
    [
        "http://evil.example/ja/search/?q=%E8%BF%94%E9%87%91",
        "http://testserver/ja/?q=%E8%BF%94%E9%87%91",
        "http://testserver/ja/search/",
        "",
        "not a url \x00 \udc80",
    ],
)
def test_a_page_not_opened_from_our_search_page_is_no_click(client, refund, referer):
    search(client, "見つからない言葉")
    search(client, "返金")
    assert open_question(client, refund, referer).status_code == 200
    assert not SearchQuery.objects.filter(clicked__isnull=False).exists()


def test_a_draft_an_editor_previews_from_search_is_no_click(client, erin):
    draft = AnsweredQuestionFactory(title_ja="返金はできますか", status="draft")
    client.force_login(erin)
    search(client, "返金")
    search(client, "返金 方法")
    assert open_question(client, draft, f"{SEARCH}?q=%E8%BF%94%E9%87%91").status_code == 200
    assert not SearchQuery.objects.filter(clicked__isnull=False).exists()


def test_a_click_the_database_fails_to_note_still_gets_its_page(
    client, refund, monkeypatch, caplog
):
    def fail(request):
        raise OperationalError("database is locked")

    monkeypatch.setattr("faq.search.clicks.note_click", fail)
    response = open_question(client, refund, f"{SEARCH}?q=%E8%BF%94%E9%87%91")

    assert response.status_code == 200
    assert "Search click not noted (OperationalError)" in caplog.text


def test_a_question_page_the_browser_revalidates_still_counts(client, refund):
    held = Client().get(refund.get_absolute_url())
    search(client, "返金")
    search(client, "返金はできますか")
    revalidated = client.get(
        refund.get_absolute_url(),
        HTTP_REFERER=f"{SEARCH}?q=%E8%BF%94%E9%87%91",
        HTTP_IF_NONE_MATCH=held["ETag"],
    )

    assert revalidated.status_code == 304
    assert SearchQuery.objects.get(query="返金").clicked == refund
