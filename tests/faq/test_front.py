"""Cached pages answered in front of Django (faq/front.py), called as a WSGI server calls it."""

from http.cookies import SimpleCookie
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import translation

from faq.cache import _memo
from faq.front import CachedPagesFirst
from faq.models import SearchQuery
from tests.factories import AnsweredQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def front(page_cache):
    # As Django's test client does: a request must not close the connection that holds the
    # test's transaction (PostgreSQL would lose it; SQLite's in-memory one is never closed).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield CachedPagesFirst(WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def django_ran():
    """How many requests reached Django's request handling."""
    calls = []

    def count(**kwargs):
        calls.append(1)

    request_started.connect(count)
    yield calls
    request_started.disconnect(count)


@pytest.fixture
def question():
    return AnsweredQuestionFactory(title_ja="返金はできますか")


def call(application, path, method="GET", **headers):
    """(status, headers, body) of one request, as the server would send them."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "testserver", **headers}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, header_list, exc_info=None):
        answer.update(status=status, headers=header_list)

    body = application(environ, start_response)
    try:
        content = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return answer["status"], answer["headers"], content


def test_a_hit_is_answered_without_djangos_request_handling(front, django_ran, question):
    sent = call(front, question.get_absolute_url())
    hit = call(front, question.get_absolute_url())

    assert len(django_ran) == 1
    assert hit == sent  # the status, every header (security headers, CSP, ETag) and the body
    assert sent[0] == "200 OK"
    assert "返金はできますか" in sent[2].decode()


def test_a_hit_reads_nothing_from_the_database(front, question, django_assert_num_queries):
    call(front, question.get_absolute_url())
    with django_assert_num_queries(0):
        call(front, question.get_absolute_url())


def test_a_head_gets_the_pages_headers_and_no_body(front, django_ran, question):
    url = question.get_absolute_url()
    miss = call(front, url, "HEAD")
    page = call(front, url)
    hit = call(front, url, "HEAD")

    assert miss[2] == hit[2] == b""
    assert hit[:2] == page[:2]
    assert ("Content-Length", str(len(page[2]))) in hit[1]
    assert len(django_ran) == 2  # a HEAD is never stored: the GET after it rendered the page


def test_a_visitor_holding_the_page_gets_304_from_the_front(front, django_ran, question):
    _, headers, _ = call(front, question.get_absolute_url())
    etag = dict(headers)["ETag"]
    status, headers, body = call(front, question.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert (status, body) == ("304 Not Modified", b"")
    assert dict(headers)["ETag"] == etag
    assert len(django_ran) == 1


@pytest.mark.parametrize(
    "request_of",
    [
        pytest.param({"method": "POST"}, id="a POST"),
        pytest.param({"HTTP_COOKIE": "sessionid=abc"}, id="a session"),
        pytest.param({"HTTP_COOKIE": "messages=abc"}, id="pending messages"),
    ],
)
def test_what_the_page_cache_never_answers_goes_to_django(front, django_ran, question, request_of):
    call(front, question.get_absolute_url())
    request_of = dict(request_of)
    call(front, question.get_absolute_url(), request_of.pop("method", "GET"), **request_of)
    assert len(django_ran) == 2


def visitor_cookie(headers, sent=""):
    """The Cookie header a browser sends next: ``sent``, updated by the answer's cookies."""
    jar = SimpleCookie(sent)
    for name, value in headers:
        if name == "Set-Cookie":
            jar.load(value)
    return "; ".join(f"{key}={morsel.value}" for key, morsel in jar.items())


@pytest.mark.parametrize("threads_last_language", ["ja", "en"])
def test_a_visit_from_our_search_page_is_counted_as_its_click(
    front, question, threads_last_language
):
    url = question.get_absolute_url()  # a Japanese page
    call(front, url)  # the page is cached
    cookie = ""
    for query in ("q=%E8%BF%94%E9%87%91", "q=%E8%BF%94%E9%87%91%E3%81%AF"):
        _, headers, _ = call(front, "/ja/search/", QUERY_STRING=query, HTTP_COOKIE=cookie)
        cookie = visitor_cookie(headers, cookie)
    translation.activate(threads_last_language)  # what the thread's last request left

    status, _, _ = call(
        front,
        url,
        HTTP_COOKIE=cookie,
        HTTP_REFERER="http://testserver/ja/search/?q=%E8%BF%94%E9%87%91",
    )

    assert status == "200 OK"
    assert SearchQuery.objects.get(query="返金").clicked == question


def test_a_version_due_for_a_fresh_read_is_read_by_django(front, django_ran, question, settings):
    call(front, question.get_absolute_url())
    _memo["read_at"] = -1e9  # more than VERSION_MEMO_SECONDS ago
    call(front, question.get_absolute_url())
    call(front, question.get_absolute_url())

    expected = 2 if settings.FAQ_SHARED_STATE == "database" else 1
    assert len(django_ran) == expected


def test_an_edit_is_answered_at_once(front, question):
    call(front, question.get_absolute_url())
    question.title_ja = "返金の手続き"
    question.save()
    assert "返金の手続き" in call(front, question.get_absolute_url())[2].decode()


@pytest.mark.parametrize("referer", [{}, {"HTTP_REFERER": "http://evil.example/ja/search/?q=x"}])
def test_an_unknown_host_gets_djangos_400(front, question, referer):
    call(front, question.get_absolute_url())
    status, headers, _ = call(
        front, question.get_absolute_url(), HTTP_HOST="evil.example", **referer
    )
    assert status == "400 Bad Request"
    assert ("X-Content-Type-Options", "nosniff") in headers
