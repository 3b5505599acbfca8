"""The default without CACHE_URL, across real processes: two gunicorn workers and a manage.py
command in a third process share the content version and the rate-limit counters (through
the database: faq.cache, faq.ratelimit)."""

import http.client
import json
import re
import time
from pathlib import Path

import pytest

from tests.servers import PROJECT, get, gunicorn, manage

SLUG = "contact-desks"
PAGE = f"/ja/q/{SLUG}/"
VOTE_LIMIT = 5


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    """The shipped FAQ behind two gunicorn workers, page cache on, no CACHE_URL."""
    workdir = tmp_path_factory.mktemp("two-workers")
    manage(workdir, "migrate", "--no-input")
    manage(workdir, "loaddata", "faq")
    env = {"GUNICORN_WORKERS": "2", "FAQ_VOTE_LIMIT": str(VOTE_LIMIT)}
    with gunicorn(workdir, **env) as port:
        yield workdir, port


def _titles(port, visits=16):
    """The page's title as each of ``visits`` new connections sees it (both workers answer)."""
    titles = set()
    for _ in range(visits):
        status, _headers, body = get(port, PAGE)
        assert status == 200
        titles.add(re.search(r"<h1[^>]*>([^<]+)</h1>", body)[1])
    return titles


def _edited_fixture(workdir, title):
    objects = json.loads((PROJECT / "fixtures" / "faq.json").read_text(encoding="utf-8"))
    (question,) = [o for o in objects if o["model"] == "faq.question" and _slug(o) == SLUG]
    question["fields"]["title_ja"] = title
    path = Path(workdir) / "edited.json"
    path.write_text(json.dumps([question], ensure_ascii=False), encoding="utf-8")
    return path


def _slug(obj):
    return obj["fields"]["slug"]


def test_a_loaddata_in_another_process_reaches_both_workers_within_two_seconds(two_workers):
    workdir, port = two_workers
    assert _titles(port) == {"各種問い合わせ窓口を教えてください"}  # cached by both workers

    manage(workdir, "loaddata", str(_edited_fixture(workdir, "読み込み直した窓口の質問")))
    loaded = time.monotonic()
    time.sleep(2.0)

    assert _titles(port) == {"読み込み直した窓口の質問"}
    assert time.monotonic() - loaded < 2.0 + 5  # the check itself took no longer than that


def _vote(port):
    """One vote as a fresh browser: the token fetched at submit time, then the POST."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/ja/vote/token")
        response = connection.getresponse()
        token = json.loads(response.read())["token"]
        cookie = response.headers["Set-Cookie"].split(";")[0]
        body = f"csrfmiddlewaretoken={token}&helpful=yes"
        headers = {
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        connection.request("POST", f"/ja/q/{SLUG}/vote/", body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        return answer.status
    finally:
        connection.close()


def test_the_vote_limit_holds_across_workers(two_workers):
    _workdir, port = two_workers

    statuses = [_vote(port) for _ in range(3 * VOTE_LIMIT)]

    assert statuses.count(200) == VOTE_LIMIT
    assert statuses.count(429) == 2 * VOTE_LIMIT
