from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.utils import timezone

from faq.models import SearchQuery
from faq.search.analytics import (
    LOG_LIMIT,
    VISIT_LOG_LIMIT,
    VISIT_SECONDS,
    VISITOR_COOKIE,
    Click,
    Entry,
    Search,
    Visit,
    prune_search_log,
    record_click,
    record_search,
    reformulations,
    signed_visit,
    synonym_from,
    visit_of,
    write_entries,
)
from tests.factories import AnsweredQuestionFactory, SearchQueryFactory, SynonymFactory

pytestmark = pytest.mark.django_db

VISIT = "visit-0123456789abcdef"


def visitor_request(visit=VISIT, pending=None, **extra):
    """A browser that brings back the visit cookie the search page signed for it."""
    request = RequestFactory().get("/", **extra)
    request.COOKIES[VISITOR_COOKIE] = signed_visit(Visit(visit, is_new=False, pending=pending))
    return request


def test_it_stores_what_was_typed_its_normalised_form_language_count_and_visit_only():
    request = visitor_request(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Bot/1.0")
    record_search(request, "  ＳＳＬ　環境 ", 3)
    logged = SearchQuery.objects.get()
    assert (logged.query, logged.typed, logged.language, logged.result_count, logged.visit) == (
        "ssl 環境",
        "ＳＳＬ 環境",
        "ja",
        3,
        VISIT,
    )
    stored = [str(value) for value in SearchQuery.objects.values().get().values()]
    assert not any("203.0.113.9" in value or "Bot" in value for value in stored)


def test_the_admin_sees_the_katakana_a_visitor_typed_not_the_normalised_kana():
    record_search(visitor_request(), "カード", 2)
    assert SearchQuery.objects.values_list("query", "typed").get() == ("かど", "カード")


def test_an_empty_query_is_not_logged():
    record_search(visitor_request(), " \x00 ", 0)
    assert not SearchQuery.objects.exists()


@pytest.mark.parametrize("cookie", [None, "1", "forged:value", "あ" * 20])
def test_a_browser_without_a_cookie_we_signed_is_not_logged(cookie):
    request = RequestFactory().get("/")
    if cookie is not None:
        request.COOKIES[VISITOR_COOKIE] = cookie
    record_search(request, "解約", 1)
    assert not SearchQuery.objects.exists()
    assert visit_of(request).is_new


def test_an_expired_visit_cookie_starts_a_new_visit(monkeypatch):
    request = visitor_request()
    later = timezone.now().timestamp() + VISIT_SECONDS + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert visit_of(request).is_new and visit_of(request).id != VISIT


def test_a_new_visits_first_search_waits_in_the_cookie_and_is_written_when_it_comes_back():
    first = RequestFactory().get("/")
    record_search(first, "解約", 0)
    pending = visit_of(first)
    assert pending.pending == ["解約", "ja", 0] and not SearchQuery.objects.exists()
    back = visitor_request(visit=pending.id, pending=pending.pending)
    record_search(back, "解約 方法", 1)
    logged = SearchQuery.objects.order_by("pk").values_list("query", "result_count", "visit")
    assert list(logged) == [("解約", 0, pending.id), ("解約 方法", 1, pending.id)]
    assert visit_of(back).pending is None


def test_a_pending_search_is_written_once_even_if_its_cookie_is_replayed():
    for _ in range(3):
        record_search(visitor_request(pending=["解約", "ja", 0]), "休止", 1)
    assert sorted(SearchQuery.objects.values_list("query", flat=True)) == ["休止", "解約"]


def test_one_row_per_visit_and_normalised_query_per_minute():
    for typed in ("解約", "解約", " 解約\u3000"):
        record_search(visitor_request(), typed, 1)
    assert SearchQuery.objects.count() == 1
    SearchQuery.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    record_search(visitor_request(), "解約", 1)
    record_search(visitor_request(visit="another-visit-0123456"), "解約", 1)
    assert SearchQuery.objects.count() == 3


def in_one_window(monkeypatch):
    """Every search made at one instant, so in one rate-limit window (a run across a
    minute's end would count two)."""
    instant = datetime.fromtimestamp(1_800_000_000, tz=UTC)
    monkeypatch.setattr(timezone, "now", lambda: instant)


def test_a_replayed_flood_with_the_old_gate_cookie_adds_no_row(client):
    for n in range(40):
        client.get("/ja/search/", {"q": f"解約{n}"}, HTTP_COOKIE=f"{VISITOR_COOKIE}=1")
    assert not SearchQuery.objects.exists()


def test_a_replayed_flood_of_one_real_visit_cookie_adds_a_bounded_number_of_rows(
    client, monkeypatch
):
    # All in one rate-limit window: a run across a minute's end would count two windows.
    in_one_window(monkeypatch)
    cookie = client.get("/ja/search/", {"q": "解約"}).cookies[VISITOR_COOKIE].value
    for n in range(VISIT_LOG_LIMIT + 30):
        client.get("/ja/search/", {"q": f"解約{n}"}, HTTP_COOKIE=f"{VISITOR_COOKIE}={cookie}")
    assert 0 < SearchQuery.objects.count() <= min(LOG_LIMIT, VISIT_LOG_LIMIT)


def test_a_replayed_flood_with_a_signed_cookie_adds_a_bounded_number_of_rows():
    for n in range(VISIT_LOG_LIMIT + 30):
        record_search(visitor_request(REMOTE_ADDR=f"198.51.100.{n % 200}"), f"解約{n}", 1)
    assert SearchQuery.objects.count() == VISIT_LOG_LIMIT


def test_one_client_address_cannot_flood_the_log_with_many_visits(monkeypatch):
    in_one_window(monkeypatch)
    for n in range(LOG_LIMIT + 10):
        record_search(
            visitor_request(visit=f"visit-{n:016d}", REMOTE_ADDR="198.51.100.7"), "解約", 1
        )
    record_search(visitor_request(REMOTE_ADDR="198.51.100.8"), "解約", 1)
    assert SearchQuery.objects.count() == LOG_LIMIT + 1


# Clicks.


def test_a_click_marks_the_visits_search_with_the_question():
    question = AnsweredQuestionFactory()
    record_search(visitor_request(), "解約", 3)
    record_click(visitor_request(), "解約", question)
    assert SearchQuery.objects.get().clicked == question


def test_only_the_first_click_of_a_search_counts():
    first, second = AnsweredQuestionFactory(), AnsweredQuestionFactory()
    record_search(visitor_request(), "解約", 3)
    record_click(visitor_request(), "解約", first)
    record_click(visitor_request(), "解約", second)
    assert SearchQuery.objects.get().clicked == first


def test_a_click_on_a_result_of_the_first_search_writes_it_with_the_click():
    question = AnsweredQuestionFactory()
    record_click(visitor_request(pending=["解約", "ja", 3]), "解約", question)
    assert SearchQuery.objects.values_list("query", "clicked").get() == ("解約", question.pk)


def test_a_click_from_a_browser_without_a_visit_marks_nothing():
    question = AnsweredQuestionFactory()
    record_search(visitor_request(), "解約", 3)
    record_click(RequestFactory().get("/"), "解約", question)
    assert SearchQuery.objects.get().clicked is None


def test_a_click_cannot_mark_another_visits_search():
    question = AnsweredQuestionFactory()
    record_search(visitor_request(visit="their-visit-012345678"), "解約", 3)
    record_click(visitor_request(), "解約", question)
    assert SearchQuery.objects.get().clicked is None


# Batches (written off the request path: faq.search.log_writer).


def entry(then, visit=VISIT, client="one-client", first=None):
    return Entry(visit, first, then, client, timezone.now())


def test_a_batch_judges_each_entry_as_if_it_were_written_alone():
    question = AnsweredQuestionFactory()
    write_entries(
        [
            entry(Search("休止", "ja", 2), first=Search("解約", "ja", 0)),
            entry(Search("休止 ", "ja", 2)),  # the same search again within the minute
            entry(Search("退会", "ja", 1)),
            entry(Click("休止", question.pk)),
            entry(Click("休止", AnsweredQuestionFactory().pk)),  # only the first click
        ]
    )
    rows = SearchQuery.objects.order_by("created_at", "pk").values_list("query", "clicked")
    assert list(rows) == [("解約", None), ("休止", question.pk), ("退会", None)]


def test_a_batch_marks_a_search_an_earlier_batch_wrote():
    question = AnsweredQuestionFactory()
    write_entries([entry(Search("解約", "ja", 3))])
    write_entries([entry(Click("解約", question.pk))])
    assert SearchQuery.objects.get().clicked == question


def test_a_click_on_a_question_deleted_before_its_batch_marks_nothing():
    question = AnsweredQuestionFactory()
    write_entries([entry(Search("解約", "ja", 1))])
    question_id = question.pk
    question.delete()
    write_entries([entry(Click("解約", question_id))])
    assert SearchQuery.objects.get().clicked_id is None


def test_a_batch_keeps_the_bounds_of_a_visit_and_of_a_client(monkeypatch):
    in_one_window(monkeypatch)
    one_visit = [entry(Search(f"解約{n}", "ja", 1)) for n in range(VISIT_LOG_LIMIT + 5)]
    one_client = [
        entry(Search("解約", "ja", 1), visit=f"visit-{n:016d}", client="flooding")
        for n in range(LOG_LIMIT + 5)
    ]
    write_entries(one_visit + one_client)
    assert SearchQuery.objects.filter(visit=VISIT).count() == min(VISIT_LOG_LIMIT, LOG_LIMIT)
    assert SearchQuery.objects.exclude(visit=VISIT).count() == LOG_LIMIT


@pytest.mark.parametrize("size", [5, 50])
def test_a_batch_costs_the_same_few_queries_however_many_it_writes(
    size, django_assert_max_num_queries
):
    question = AnsweredQuestionFactory()
    write_entries([entry(Search("解約", "ja", 1), visit="earlier-visit-0123456")])
    batch = [
        entry(Search(f"解約{n}", "ja", 1), visit=f"visit-{n:016d}", client=f"client-{n}")
        for n in range(size)
    ]
    clicks = [entry(Click("解約", question.pk), visit="earlier-visit-0123456")]
    # Three reads (its visits' recent rows and counts, the clicked questions), the click's
    # update, the rate-limit counters (six statements when some are new), one insert, and
    # two savepoints each for the batch and the counters.
    with django_assert_max_num_queries(15):
        write_entries(batch + clicks)
    assert SearchQuery.objects.count() == size + 1
    assert SearchQuery.objects.get(visit="earlier-visit-0123456").clicked == question


# Retention.


def aged(days, **fields):
    row = SearchQueryFactory(**fields)
    SearchQuery.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=days))
    return row


def test_pruning_deletes_only_searches_older_than_the_retention():
    aged(91, query="古い")
    aged(89, query="新しい")
    assert prune_search_log() == 1
    assert list(SearchQuery.objects.values_list("query", flat=True)) == ["新しい"]


@override_settings(FAQ_SEARCH_LOG_DAYS=7)
def test_the_search_path_prunes_now_and_then_without_the_command():
    aged(8, query="古い")
    record_search(visitor_request(), "解約", 1)
    assert list(SearchQuery.objects.values_list("query", flat=True)) == ["解約"]
    aged(8, query="古い2")
    record_search(visitor_request(), "休止", 1)  # within the hour: not again
    assert SearchQuery.objects.filter(query="古い2").exists()
    cache.clear()
    record_search(visitor_request(), "退会", 1)
    assert not SearchQuery.objects.filter(query="古い2").exists()


# Suggested synonyms.


def search(visit, query, *, found=1, clicked=None, typed=""):
    return SearchQueryFactory(
        visit=visit, query=query, typed=typed or query, result_count=found, clicked=clicked
    )


def test_a_failed_search_then_a_clicked_one_in_the_same_visit_is_a_reformulation():
    question = AnsweredQuestionFactory()
    for visit in ("a" * 22, "b" * 22):
        search(visit, "かど", found=0, typed="カード")
        search(visit, "くれじっと", clicked=question, typed="クレジット")
    search("c" * 22, "かど", found=0, typed="カード")  # never clicked anything
    search("d" * 22, "ぽいんと", found=0)
    search("e" * 22, "ぽいんと", clicked=question)  # another visit: no pair
    pairs = reformulations(SearchQuery.objects.all())
    assert [(p.language, p.failed, p.clicked, p.count) for p in pairs] == [
        ("ja", "カード", "クレジット", 2)
    ]


def test_a_search_with_results_but_no_click_also_counts_as_failed():
    question = AnsweredQuestionFactory()
    search("a" * 22, "解約", found=3)
    search("a" * 22, "退会", clicked=question)
    assert [(p.failed, p.clicked) for p in reformulations(SearchQuery.objects.all())] == [
        ("解約", "退会")
    ]


def test_a_pair_a_synonym_already_joins_is_not_suggested_again():
    question = AnsweredQuestionFactory()
    search("a" * 22, "かど", found=0, typed="カード")
    search("a" * 22, "くれじっと", clicked=question, typed="クレジット")
    SynonymFactory(terms="カード, クレジット", language="ja")
    assert reformulations(SearchQuery.objects.all()) == []


def test_a_pair_repeated_within_one_visit_counts_once():
    question = AnsweredQuestionFactory()
    for _ in range(2):
        search("a" * 22, "かど", found=0, typed="カード")
        search("a" * 22, "くれじっと", clicked=question, typed="クレジット")
    assert [p.count for p in reformulations(SearchQuery.objects.all())] == [1]


@pytest.mark.parametrize("typed", ["カード、決済", "カード => 決済", "カード,決済"])
def test_a_suggested_synonym_keeps_each_query_one_term(typed):
    synonym = synonym_from("ja", typed, "クレジットカード")
    assert synonym.term_list == ["カード 決済", "クレジットカード"]
    assert "=>" not in synonym.terms
