"""deploy/nginx.conf, the bundled reverse-proxy cache, in front of real gunicorn: what it
keeps, what it never keeps, and conditional requests. The browser tests through it are in
tests/browser/test_vote.py."""

import http.client
import re
import sqlite3
import time
from urllib.parse import urlencode

import pytest

from tests.servers import SHARED_SECONDS, SHORT_LIFETIMES, STAFF, STALE_SECONDS, get, proxied_site

pytestmark = pytest.mark.proxy

PAGE = "/ja/q/contact-desks/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("proxied")
    with proxied_site(workdir, **SHORT_LIFETIMES) as (_app_port, proxy_port):
        yield workdir, proxy_port


def _request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _cookies(headers):
    return "; ".join(value.split(";")[0] for value in headers.get_all("Set-Cookie") or [])


def _staff_session(port):
    """Log in through the proxy, as a browser would; the Cookie header that results."""
    _status, headers, body = get(port, "/admin/login/")
    csrf_cookie = _cookies(headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]
    username, password = STAFF
    form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    status, headers, _body = _request(
        port,
        "POST",
        "/admin/login/?next=/admin/",
        body=form,
        headers={"Cookie": csrf_cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 302, "the staff login failed"
    return f"{csrf_cookie}; {_cookies(headers)}"


def test_a_public_page_is_kept_and_served_by_the_proxy(site):
    _workdir, port = site
    time.sleep(SHARED_SECONDS + STALE_SECONDS + 0.5)  # whatever an earlier test left expired
    statuses = [get(port, PAGE)[1]["X-Cache-Status"] for _ in range(3)]

    assert statuses[0] in ("MISS", "EXPIRED")
    assert statuses[1:] == ["HIT", "HIT"]


def test_a_conditional_request_is_answered_304_by_the_proxy(site):
    _workdir, port = site
    _status, headers, _body = get(port, PAGE)

    status, again, body = get(port, PAGE, headers={"If-None-Match": headers["ETag"]})

    assert status == 304 and body == ""
    assert again["ETag"] == headers["ETag"]


def test_an_unknown_query_string_is_the_same_page(site):
    _workdir, port = site
    _status, _headers, bare = get(port, PAGE)

    status, headers, body = get(port, PAGE + "?utm_source=mail&x=%3Cscript%3E")

    assert status == 200 and body == bare
    assert "public" in headers["Cache-Control"]
    assert headers["X-Cache-Status"] == "HIT"  # the bare page's entry: no new one, no render


@pytest.mark.parametrize("path", [PAGE, "/ja/", "/admin/", "/admin/faq/question/"])
def test_staff_pages_are_never_cached(site, path):
    _workdir, port = site
    cookie = _staff_session(port)

    answers = [get(port, path, headers={"Cookie": cookie}) for _ in range(2)]

    for status, headers, _body in answers:
        assert status == 200
        assert headers["X-Cache-Status"] == "BYPASS"
        assert "private" in headers["Cache-Control"]


def _votes(workdir):
    with sqlite3.connect(workdir / "db.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM faq_vote").fetchone()[0]


def _vote(port, helpful):
    """A fresh browser's vote: the token fetched at submit time, then the POST; its answer."""
    _status, headers, body = get(port, "/ja/vote/token")
    assert "no-store" in headers["Cache-Control"] and headers["X-Cache-Status"] != "HIT"
    token = re.search(r'"token": "([^"]+)"', body)[1]
    return _request(
        port,
        "POST",
        f"{PAGE}vote/",
        body=urlencode({"csrfmiddlewaretoken": token, "helpful": helpful}),
        headers={"Cookie": _cookies(headers), "Content-Type": "application/x-www-form-urlencoded"},
    )


def test_votes_always_reach_the_site(site):
    workdir, port = site
    before = _votes(workdir)

    assert [_vote(port, "yes")[0] for _ in range(2)] == [302, 302]
    assert _votes(workdir) == before + 2


def test_a_page_with_a_pending_message_is_never_cached(site):
    _workdir, port = site
    _status, voted, _body = _vote(port, "no")

    _status, headers, body = get(port, PAGE, headers={"Cookie": _cookies(voted)})

    assert headers["X-Cache-Status"] == "BYPASS"
    assert "private" in headers["Cache-Control"]
    assert "ご意見ありがとうございます" in body


def test_a_question_opened_from_search_reaches_the_site_and_counts_as_its_click(site):
    workdir, port = site
    query = urlencode({"q": "窓口"})
    get(port, PAGE)  # in the proxy's cache
    _status, searched, _body = get(port, f"/ja/search/?{query}")
    # What the browser sends after a click on a result: the visit's cookie and the search
    # page as Referer (the site checks that its host is the request's).
    headers = {
        "Cookie": _cookies(searched),
        "Referer": f"http://127.0.0.1:{port}/ja/search/?{query}",
    }
    _status, answered, _body = get(port, PAGE, headers=headers)

    assert answered["X-Cache-Status"] == "BYPASS"
    assert "contact-desks" in _clicked_within(workdir, seconds=5)


def _clicked_within(workdir, seconds):
    """The questions the search log marks as clicked, once there are some: the site writes
    the log within FAQ_SEARCH_LOG_SECONDS (1) of the click (faq/search/log_writer.py)."""
    deadline = time.monotonic() + seconds
    while True:
        with sqlite3.connect(workdir / "db.sqlite3") as db:
            clicked = db.execute(
                "SELECT q.slug FROM faq_searchquery s JOIN faq_question q ON q.id = s.clicked_id"
            ).fetchall()
        if clicked or time.monotonic() > deadline:
            return [slug for (slug,) in clicked]
        time.sleep(0.1)
