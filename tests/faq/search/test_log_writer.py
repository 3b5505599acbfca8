"""The search log written off the request path, in batches: the writer on its own, the
search log through it (a real thread, a real database), and real gunicorn workers."""

import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from faq.models import SearchQuery
from faq.search import analytics
from faq.search.analytics import VISITOR_COOKIE
from faq.search.log_writer import BatchWriter
from tests.servers import PROJECT, get, gunicorn, manage


class Written:
    """A write function that notes each batch, and can refuse the next ones."""

    def __init__(self, refusals=0):
        self.batches, self.refusals = [], refusals
        self.arrived = threading.Event()

    def __call__(self, entries):
        if self.refusals:
            self.refusals -= 1
            raise OperationalError("database is locked")
        self.batches.append(list(entries))
        self.arrived.set()


def test_what_is_added_is_written_by_the_thread_within_its_seconds_as_one_batch():
    written = Written()
    writer = BatchWriter(written, every=0.3)
    for n in range(5):
        writer.add(n)
    assert written.batches == []  # not in the caller's thread
    assert written.arrived.wait(5)
    assert written.batches == [[0, 1, 2, 3, 4]]


def test_a_full_batch_is_written_without_waiting_out_the_seconds():
    written = Written()
    writer = BatchWriter(written, every=60, batch=3)
    for n in range(3):
        writer.add(n)
    assert written.arrived.wait(5)
    assert written.batches == [[0, 1, 2]]


def test_a_batch_the_database_refuses_is_written_with_the_next_one(caplog):
    written = Written(refusals=1)
    writer = BatchWriter(written, every=60)
    writer.add("first")
    writer.flush()
    writer.add("second")
    writer.flush()
    assert written.batches == [["first", "second"]]
    assert "1 entries kept for the next batch" in caplog.text


def test_past_its_limit_the_queue_drops_the_newest_and_says_how_many(caplog):
    written = Written()
    writer = BatchWriter(written, every=60, limit=3)
    for n in range(5):
        writer.add(n)
    with caplog.at_level(logging.WARNING):
        writer.flush()
    assert written.batches == [[0, 1, 2]]
    assert "2 entries dropped" in caplog.text


def test_a_database_that_stays_down_cannot_grow_the_queue_past_its_limit():
    written = Written(refusals=10)
    writer = BatchWriter(written, every=60, limit=3)
    for n in range(5):
        writer.add(n)
        writer.flush()
    written.refusals = 0
    writer.flush()
    assert written.batches == [[0, 1, 2]]


def test_a_process_that_exits_normally_writes_its_queue_first(tmp_path):
    out = tmp_path / "written.txt"
    script = (
        "from faq.search.log_writer import BatchWriter\n"
        f"def write(entries): open({str(out)!r}, 'a').write(' '.join(entries))\n"
        "writer = BatchWriter(write, every=60)\n"
        "writer.add('one'); writer.add('two')\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=PROJECT, check=True, timeout=60)
    assert out.read_text() == "one two"


def test_a_process_whose_database_is_gone_at_exit_says_what_it_lost(tmp_path):
    script = (
        "from django.db import OperationalError\n"
        "from faq.search.log_writer import BatchWriter\n"
        "def write(entries): raise OperationalError('no such table: faq_searchquery')\n"
        "writer = BatchWriter(write, every=60)\n"
        "writer.add('one'); writer.add('two')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, timeout=60
    )
    assert "Search log: 2 entries not written at exit" in done.stderr
    assert "kept for the next batch" not in done.stderr


def test_a_forked_process_starts_with_an_empty_queue_and_its_own_thread():
    writer = BatchWriter(Written(), every=60)
    writer.add("queued by the parent")
    child = os.fork()
    if child == 0:  # the child: its queue must be empty and its thread not started
        os._exit(0 if writer._queue == [] and writer._thread is None else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert writer._queue == ["queued by the parent"]


# The search log through the writer: a real thread writing to the test database.


@pytest.fixture
def batched_log(monkeypatch):
    """The site's batches, each closing the thread's connection after it (PostgreSQL drops
    the test database only once no connection is left)."""

    def write_and_disconnect(entries):
        analytics._write_batch(entries)
        connection.close()

    writer = BatchWriter(write_and_disconnect, every=0.5)
    monkeypatch.setattr(analytics, "_writer", lambda: writer)
    with override_settings(FAQ_SEARCH_LOG_SECONDS=0.5):
        yield
    writer.flush()


def _visitor_cookie(client):
    client.get("/ja/search/?q=" + quote("解約"))  # a first search: the cookie, no row yet
    assert VISITOR_COOKIE in client.cookies


def _rows_within(seconds, expected):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:  # the test database is shared in memory: a write locks its table outright
            rows = list(SearchQuery.objects.order_by("created_at").values_list("query", flat=True))
        except OperationalError:
            rows = []
        if len(rows) >= expected:
            return rows
        time.sleep(0.05)
    return rows


@pytest.mark.django_db(transaction=True)
def test_a_returning_visitors_searches_are_logged_after_the_page_in_order(client, batched_log):
    _visitor_cookie(client)
    client.get("/ja/search/?q=" + quote("休止"))
    assert not SearchQuery.objects.exists()  # the page did not wait for the log
    assert _rows_within(5, 2) == ["解約", "休止"]


# Real gunicorn workers, no CACHE_URL, the log written in batches as the site does.


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("search-log")
    manage(workdir, "migrate", "--no-input")
    manage(workdir, "loaddata", "faq")
    return workdir


def _logged(workdir):
    with sqlite3.connect(Path(workdir) / "db.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT query FROM faq_searchquery ORDER BY id")]


def _search(port, query, cookie=""):
    status, headers, _body = get(port, "/ja/search/?q=" + quote(query), {"Cookie": cookie})
    assert status == 200
    return cookie or headers["Set-Cookie"].split(";")[0]


def test_gunicorn_workers_write_the_log_within_a_second_or_two(site):
    with gunicorn(site, GUNICORN_WORKERS="2") as port:
        cookie = _search(port, "解約")
        for query in ("休止", "退会"):
            _search(port, query, cookie)
        time.sleep(2.0)
        # Two workers write their own batches: the rows, not their order across workers.
        assert sorted(_logged(site)) == sorted(["解約", "休止", "退会"])


def test_a_worker_that_is_stopped_writes_what_it_queued(site):
    before = len(_logged(site))
    with gunicorn(site, FAQ_SEARCH_LOG_SECONDS="600") as port:
        cookie = _search(port, "カード")
        _search(port, "返金", cookie)
        assert len(_logged(site)) == before  # queued for ten minutes
    assert _logged(site)[before:] == ["かど", "返金"]
