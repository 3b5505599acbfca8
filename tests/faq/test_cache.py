"""The public page cache (faq/cache.py), against local memory and a real Redis server."""

import hashlib
import json
import logging
from datetime import timedelta

import pytest
from django.core import serializers
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from faq.cache import (
    VERSION_KEY,
    _memo,
    bump_content_version,
    cacheable_response,
    content_version,
    forget_versioned_reads,
    page_timeout,
    public_view_query,
    versioned,
    versioned_each,
)
from faq.models import Question, SearchDocument
from faqsite.env import cache_from_url
from tests.admin_forms import submitted_data
from tests.factories import (
    AnsweredQuestionFactory,
    AnswerFactory,
    CategoryFactory,
    ContactChannelFactory,
    QuestionFactory,
    RelatedLinkFactory,
    SearchQueryFactory,
    UserFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def version_in_cache(request, settings):
    """The content version kept in the cache (as with CACHE_URL), local memory or Redis."""
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    settings.CACHES = {"default": cache_from_url(url)}
    settings.FAQ_SHARED_STATE = "cache"
    cache.clear()
    return request.param


@pytest.fixture
def question():
    return AnsweredQuestionFactory(title_ja="元の質問", title_en="Original question")


def _url(question):
    return reverse("faq:question", kwargs={"slug": question.slug})


def _rename_without_signals(question, title):
    """Changes the row behind the page cache's back, to tell a cached page from a fresh one
    (the reads kept by content version, a layer below, are dropped: tested on their own)."""
    Question.objects.filter(pk=question.pk).update(title_ja=title)
    forget_versioned_reads()


def test_a_repeat_visit_is_served_from_the_cache(page_cache, client, question):
    assert "元の質問" in client.get(_url(question)).text
    _rename_without_signals(question, "裏で変えた質問")

    assert "元の質問" in client.get(_url(question)).text


def test_each_language_has_its_own_cached_page(page_cache, client, question):
    client.get(_url(question))
    with_english = reverse("faq:question", kwargs={"slug": question.slug}).replace("/ja/", "/en/")

    assert "Original question" in client.get(with_english).text


def test_a_saved_edit_shows_at_once(page_cache, client, question):
    client.get(_url(question))
    question.title_ja = "直した質問"
    question.save()

    assert "直した質問" in client.get(_url(question)).text


def test_unpublishing_takes_a_cached_page_down_at_once(page_cache, client, question):
    assert client.get(_url(question)).status_code == 200
    question.status = Question.Status.DRAFT
    question.save()

    assert client.get(_url(question)).status_code == 404


def test_publishing_a_draft_shows_it_at_once(page_cache, client):
    draft = AnsweredQuestionFactory(status=Question.Status.DRAFT, title_ja="下書き")
    assert client.get(_url(draft)).status_code == 404
    draft.status = Question.Status.PUBLISHED
    draft.save()

    assert "下書き" in client.get(_url(draft)).text


def test_deleting_a_question_takes_its_cached_page_down(page_cache, client, question):
    client.get(_url(question))
    question.delete()

    assert client.get(_url(question)).status_code == 404


def test_loaddata_changes_a_cached_page(page_cache, client, question, tmp_path):
    client.get(_url(question))
    fixture = tmp_path / "edited.json"
    fixture.write_text(_natural_key_fixture(question, title_ja="読み込んだ質問"))
    call_command("loaddata", str(fixture), verbosity=0)

    assert "読み込んだ質問" in client.get(_url(question)).text


def _natural_key_fixture(question, **changes):
    text = serializers.serialize(
        "json", [question], use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    objects = json.loads(text)
    objects[0]["fields"].update(changes)
    return json.dumps(objects)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: CategoryFactory(), id="category"),
        pytest.param(lambda: QuestionFactory(), id="question"),
        pytest.param(lambda: AnswerFactory(), id="answer"),
        pytest.param(lambda: RelatedLinkFactory(), id="related link"),
        pytest.param(lambda: ContactChannelFactory(), id="contact channel"),
        pytest.param(lambda: ContactChannelFactory().delete(), id="deleted contact channel"),
    ],
)
def test_every_content_model_bumps_the_version(page_cache, change):
    before = content_version()
    change()

    assert content_version() != before


def test_linking_a_contact_channel_bumps_the_version(page_cache, question):
    channel = ContactChannelFactory()
    before = content_version()
    question.contact_channels.add(channel)

    assert content_version() != before


def test_a_user_save_leaves_the_version_alone(page_cache):
    before = content_version()
    UserFactory()

    assert content_version() == before


# Pages outlive an evicted version key (Redis evicts keys one by one): a version that restarted
# low could meet the key of a page cached long ago, so it restarts above every earlier one.
def test_a_read_after_the_version_was_lost_starts_above_every_earlier_version(
    version_in_cache,
):
    bump_content_version()
    before = content_version()
    cache.delete(VERSION_KEY)

    assert content_version() > before


def test_a_bump_after_the_version_was_lost_starts_above_every_earlier_version(
    version_in_cache,
):
    bump_content_version()
    before = content_version()
    cache.delete(VERSION_KEY)
    bump_content_version()

    assert cache.get(VERSION_KEY) > before


def test_a_repeat_visit_with_the_etag_gets_304(page_cache, client, question):
    first = client.get(reverse("faq:home"))
    repeat = client.get(reverse("faq:home"), headers={"if-none-match": first["ETag"]})

    assert repeat.status_code == 304
    assert repeat.content == b""


def test_a_changed_page_gets_a_full_answer_despite_the_old_etag(page_cache, client, question):
    first = client.get(_url(question))
    question.title_ja = "新しい質問"
    question.save()
    repeat = client.get(_url(question), headers={"if-none-match": first["ETag"]})

    assert repeat.status_code == 200
    assert "新しい質問" in repeat.text


def test_staff_never_get_a_cached_page(page_cache, client, question, sam):
    client.get(_url(question))
    _rename_without_signals(question, "裏で変えた質問")
    client.force_login(sam)

    assert "裏で変えた質問" in client.get(_url(question)).text


def test_pages_seen_by_staff_are_not_cached_for_visitors(page_cache, question, sam):
    staff = Client()
    staff.force_login(sam)
    staff.get(_url(question))
    _rename_without_signals(question, "裏で変えた質問")

    assert "裏で変えた質問" in Client().get(_url(question)).text


def test_a_post_is_never_answered_from_the_cache(page_cache, client, question):
    client.get(_url(question))
    _rename_without_signals(question, "裏で変えた質問")

    assert "元の質問" not in client.post(_url(question)).text


def test_a_page_waits_no_longer_than_the_next_scheduled_question(settings):
    now = timezone.now()
    QuestionFactory(publish_at=now + timedelta(seconds=30))

    assert page_timeout(now) == 31


def test_a_page_stays_cached_for_the_configured_time_without_a_schedule(settings):
    settings.CACHE_PAGE_SECONDS = 120
    QuestionFactory(publish_at=timezone.now() - timedelta(days=1))

    assert page_timeout() == 120


def test_no_page_is_cached_when_page_caching_is_off(settings, client, question):
    settings.CACHE_PAGE_SECONDS = 0
    client.get(_url(question))
    _rename_without_signals(question, "裏で変えた質問")

    assert "裏で変えた質問" in client.get(_url(question)).text


class TestCacheableResponse:
    def test_it_stores_a_plain_public_page(self, question):
        assert cacheable_response(HttpResponse("page"))

    def test_it_refuses_a_page_that_sets_a_cookie(self, question):
        response = HttpResponse("page with a form")
        response.set_cookie("csrftoken", "per-visitor")

        assert not cacheable_response(response)

    @pytest.mark.parametrize("cache_control", ["private", "no-cache", "no-store, max-age=0"])
    def test_it_refuses_a_page_marked_private(self, question, cache_control):
        response = HttpResponse("page", headers={"Cache-Control": cache_control})

        assert not cacheable_response(response)

    def test_it_refuses_a_page_that_varies_on_another_header(self, question):
        response = HttpResponse("page", headers={"Vary": "Cookie, User-Agent"})

        assert not cacheable_response(response)

    def test_it_refuses_an_error_page(self, question):
        assert not cacheable_response(HttpResponse(status=404))


@pytest.mark.parametrize(
    ("path", "query"),
    [
        pytest.param(lambda: reverse("faq:home"), (), id="home"),
        pytest.param(lambda: reverse("faq:category", kwargs={"slug": "x"}), ("page",), id="cat"),
        pytest.param(lambda: reverse("faq:search-suggest"), ("q",), id="suggest"),
        pytest.param(lambda: reverse("faq:search"), None, id="search"),
        pytest.param(lambda: reverse("admin:login"), None, id="admin"),
        pytest.param(lambda: "/ja/no-such-page/", None, id="unknown"),
        pytest.param(lambda: "/", None, id="no language"),
    ],
)
def test_only_public_pages_are_cached_keyed_by_the_parameters_they_read(path, query):
    with translation.override("en"):  # the path's language counts, not the active one
        request = RequestFactory().get(path().replace("/en/", "/ja/"))

    assert public_view_query(request) == query


def test_pages_are_served_uncached_while_the_cache_server_is_down(
    settings, client, question, caplog
):
    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:1/0")}  # nothing listens
    with caplog.at_level(logging.WARNING, logger="faqsite.cache"):
        first = client.get(_url(question))
        question.title_ja = "障害中に直した質問"
        question.save()
        second = client.get(_url(question))

    assert (first.status_code, second.status_code) == (200, 200)
    assert "障害中に直した質問" in second.text
    assert len([r for r in caplog.records if "failing" in r.getMessage()]) == 1


def test_an_admin_edit_shows_at_once(page_cache, client, question, erin):
    client.get(_url(question))
    editor = Client()
    editor.force_login(erin)
    change_url = reverse("admin:faq_question_change", args=[question.pk])
    data = submitted_data(editor.get(change_url), title_ja="管理画面で直した質問", _save="Save")

    assert editor.post(change_url, data).status_code == 302
    assert "管理画面で直した質問" in client.get(_url(question)).text


def test_a_model_no_page_shows_leaves_the_version_alone(page_cache):
    question = AnsweredQuestionFactory()
    before = content_version()
    VoteFactory(question=question)
    SearchQueryFactory()
    SearchDocument.objects.filter(question_id=question.pk).delete()

    assert content_version() == before


def test_a_transaction_bumps_the_version_once_more_when_it_commits(
    page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        QuestionFactory.create_batch(3)

    assert callbacks.count(bump_content_version) == 1


@pytest.mark.parametrize("memo_expired", [False, True])
def test_a_cached_page_is_served_while_the_database_is_down(
    page_cache, client, question, monkeypatch, memo_expired
):
    client.get(_url(question))
    if memo_expired:
        _memo["read_at"] = -1e9  # the version must be read again, from a database that is down

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)

    assert "元の質問" in client.get(_url(question)).text


def _page_entries():
    """The page cache's keys, from local memory or Redis."""
    backend = caches["default"]
    if hasattr(backend, "_cache") and isinstance(backend._cache, dict):
        return sorted(key for key in backend._cache if "faq:page:" in key)
    return sorted(backend._cache.get_client().keys("*faq:page:*"))


def test_an_unknown_query_parameter_creates_no_cache_entry(page_cache, client, question):
    client.get(_url(question))
    entries = _page_entries()
    _rename_without_signals(question, "裏で変えた質問")

    for n in range(5):
        assert "元の質問" in client.get(_url(question) + f"?x={n}&utm_source=a").text
    assert _page_entries() == entries


def test_a_query_parameter_the_view_reads_has_its_own_entry(page_cache, client):
    category = CategoryFactory()
    AnsweredQuestionFactory.create_batch(51, category=category)
    url = reverse("faq:category", kwargs={"slug": category.slug})
    client.get(url)
    entries = len(_page_entries())

    second = client.get(url + "?page=2&junk=1")

    assert second.status_code == 200
    assert len(_page_entries()) == entries + 1
    assert client.get(url + "?junk=2&page=2").content == second.content


def test_a_cached_page_keeps_the_security_headers_and_the_csp(page_cache, client, question):
    client.get(_url(question))
    _rename_without_signals(question, "裏で変えた質問")
    cached = client.get(_url(question))

    assert "元の質問" in cached.text
    assert "default-src 'self'" in cached["Content-Security-Policy"]
    assert cached["X-Frame-Options"] == "DENY"
    assert cached["X-Content-Type-Options"] == "nosniff"


def test_a_page_the_cache_fails_to_store_is_still_served(
    page_cache, client, question, caplog, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("the cache backend broke")

    monkeypatch.setattr(type(caches["default"]), "set", fail)
    with caplog.at_level(logging.WARNING, logger="faq.cache"):
        response = client.get(_url(question))

    assert response.status_code == 200
    assert "元の質問" in response.text
    assert "Page not cached (RuntimeError)" in caplog.text


class CountingMiddleware:
    """Placed right behind the page cache: counts the requests that went further."""

    calls = 0

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        CountingMiddleware.calls += 1
        return self.get_response(request)


def _behind_the_page_cache(settings):
    at = settings.MIDDLEWARE.index("faq.cache.PageCacheMiddleware") + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:at],
        f"{__name__}.CountingMiddleware",
        *settings.MIDDLEWARE[at:],
    ]
    CountingMiddleware.calls = 0


def test_only_the_click_count_runs_before_the_page_cache(settings):
    assert settings.MIDDLEWARE[:2] == [
        "faq.search.clicks.SearchClickMiddleware",
        "faq.cache.PageCacheMiddleware",
    ]


def test_a_hit_runs_no_middleware_behind_the_page_cache(page_cache, settings, question):
    _behind_the_page_cache(settings)
    sent = Client().get(_url(question))
    hit = Client().get(_url(question))

    assert CountingMiddleware.calls == 1
    assert hit.content == sent.content
    assert dict(hit.items()) == dict(sent.items())  # the security headers and CSP included


def test_a_304_from_the_cache_keeps_the_headers_but_the_bodys(page_cache, client, question):
    sent = client.get(_url(question))
    repeat = client.get(_url(question), headers={"if-none-match": sent["ETag"]})

    assert repeat.status_code == 304
    assert repeat["ETag"] == sent["ETag"]
    assert repeat["Cache-Control"] == sent["Cache-Control"]
    assert repeat["Content-Security-Policy"] == sent["Content-Security-Policy"]
    assert repeat["X-Content-Type-Options"] == "nosniff"
    assert "Content-Type" not in repeat


def test_staff_pass_the_whole_stack_even_for_a_cached_page(page_cache, settings, question, sam):
    _behind_the_page_cache(settings)
    Client().get(_url(question))
    staff = Client()
    staff.force_login(sam)

    assert staff.get(_url(question)).status_code == 200
    assert CountingMiddleware.calls == 2


def test_a_page_the_cache_fails_to_read_is_served_uncached(
    page_cache, client, question, caplog, monkeypatch
):
    backend = type(caches["default"])
    get = backend.get

    def fail_on_pages(self, key, *args, **kwargs):
        if key.startswith("faq:page:"):
            raise RuntimeError("the cache backend broke")
        return get(self, key, *args, **kwargs)

    monkeypatch.setattr(backend, "get", fail_on_pages)
    with caplog.at_level(logging.WARNING, logger="faq.cache"):
        response = client.get(_url(question))

    assert response.status_code == 200
    assert "元の質問" in response.text
    assert response["X-Frame-Options"] == "DENY"
    assert "Page cache not read (RuntimeError)" in caplog.text


# --- HTTP caching headers: what a shared cache (the bundled nginx, a CDN) may keep ------------

PUBLIC_PAGES = {
    "home": lambda q: reverse("faq:home"),
    "category": lambda q: reverse("faq:category", kwargs={"slug": q.category.slug}),
    "question": lambda q: _url(q),
    "english question": lambda q: _url(q).replace("/ja/", "/en/"),
    "suggestions": lambda q: reverse("faq:search-suggest") + "?q=質問",
}


@pytest.mark.parametrize("cached", [True, False], ids=["page cache on", "page cache off"])
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_every_anonymous_public_page_is_public_and_sets_no_cookie(
    page_cache, settings, question, page, cached
):
    settings.CACHE_PAGE_SECONDS = 600 if cached else 0
    url = PUBLIC_PAGES[page](question)
    for visit in ("fills the cache", "from the cache"):
        response = Client(enforce_csrf_checks=True).get(url)

        assert response.status_code == 200, visit
        assert response.cookies == {}, visit
        assert response["Cache-Control"] == (
            "public, max-age=60, s-maxage=60, stale-while-revalidate=30"
        ), visit
        assert response["ETag"], visit
        assert "cookie" not in response.get("Vary", "").lower(), visit


def test_the_lifetimes_come_from_the_settings(page_cache, settings, client, question):
    settings.CACHE_BROWSER_SECONDS, settings.CACHE_SHARED_SECONDS = 5, 7
    settings.CACHE_STALE_SECONDS = 3

    cache_control = client.get(_url(question))["Cache-Control"]

    assert cache_control == "public, max-age=5, s-maxage=7, stale-while-revalidate=3"


def test_the_etag_is_the_body_sent_and_changes_with_it(page_cache, client, question):
    first = client.get(_url(question))
    question.title_ja = "直した質問"
    question.save()
    second = client.get(_url(question))

    assert first["ETag"] == f'"{hashlib.md5(first.content).hexdigest()}"'
    assert second["ETag"] == f'"{hashlib.md5(second.content).hexdigest()}"'
    assert first["ETag"] != second["ETag"]


def _assert_private(response):
    cache_control = response.get("Cache-Control", "")
    assert "private" in cache_control and "no-store" in cache_control, cache_control
    assert "public" not in cache_control


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_staff_get_every_page_private(page_cache, client, question, sam, page):
    client.force_login(sam)

    _assert_private(client.get(PUBLIC_PAGES[page](question)))


def test_a_preview_is_private(page_cache, client, sam):
    draft = AnsweredQuestionFactory(status=Question.Status.DRAFT)
    client.force_login(sam)

    _assert_private(client.get(_url(draft)))


def test_a_page_with_a_pending_message_is_private(page_cache, client, question):
    client.post(reverse("faq:vote", kwargs={"slug": question.slug}), {"helpful": "yes"})
    page = client.get(_url(question))

    assert "Thank you" in page.text or "ありがとう" in page.text
    _assert_private(page)


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(lambda q: reverse("faq:search") + "?q=質問", id="search"),
        pytest.param(lambda q: reverse("faq:vote-token"), id="vote token"),
        pytest.param(lambda q: reverse("admin:login"), id="admin login"),
        pytest.param(lambda q: "/ja/q/no-such-question/", id="not found"),
        pytest.param(lambda q: "/", id="language redirect"),
    ],
)
def test_anonymous_responses_of_other_pages_are_private(page_cache, client, question, path):
    _assert_private(client.get(path(question)))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"helpful": "maybe"}, id="form with errors"),
        pytest.param({"helpful": "yes"}, id="vote"),
    ],
)
def test_vote_answers_are_private(page_cache, client, question, data):
    _assert_private(client.post(reverse("faq:vote", kwargs={"slug": question.slug}), data))


class TestVersioned:
    """Reads kept by content version (faq.cache.versioned), page cache or not."""

    def test_it_reads_once_per_content_version(self, page_cache):
        reads = iter(range(1, 10))
        assert versioned(("k",), reads.__next__) == versioned(("k",), reads.__next__) == 1
        bump_content_version()
        assert versioned(("k",), reads.__next__) == 2

    def test_each_language_keeps_its_own_read(self, page_cache):
        with translation.override("en"):
            versioned(("k",), lambda: "en")
        with translation.override("ja"):
            assert versioned(("k",), lambda: "ja") == "ja"

    def test_a_scheduled_question_falling_due_makes_it_read_again(self, page_cache, monkeypatch):
        now = timezone.now()
        QuestionFactory(publish_at=now + timedelta(seconds=30))
        versioned(("k",), lambda: "before")
        monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=31))
        assert versioned(("k",), lambda: "after") == "after"

    def test_it_keeps_at_most_the_configured_number_of_reads(self, page_cache, monkeypatch):
        monkeypatch.setattr("faq.cache.VERSIONED_ENTRIES", 2)
        for key in ("a", "b", "c"):
            versioned((key,), lambda: "first")
        assert versioned(("a",), lambda: "again") == "again"
        assert versioned(("c",), lambda: "again") == "first"

    def test_each_item_is_read_once_per_version_the_new_ones_together(self, page_cache):
        asked = []

        def read(ids):
            asked.append(ids)
            return {item: f"{item}@{len(asked)}" for item in ids}

        assert versioned_each("n", [1, 2], read) == {1: "1@1", 2: "2@1"}
        assert versioned_each("n", [2, 3], read) == {2: "2@1", 3: "3@2"}
        bump_content_version()
        assert versioned_each("n", [3], read) == {3: "3@3"}
        assert asked == [[1, 2], [3], [3]]

    def test_a_visitor_sees_an_edit_of_a_page_seen_before_with_the_page_cache_off(
        self, page_cache, settings, client, question
    ):
        settings.CACHE_PAGE_SECONDS = 0
        client.get(_url(question))
        question.title_ja = "直した質問"
        question.save()
        assert "直した質問" in client.get(_url(question)).text
