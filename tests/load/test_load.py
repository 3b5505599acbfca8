"""bench/load.py and the faults it must survive: real gunicorn, real Redis, a SQLite file.

Marked ``load`` and run by `make test-load` (a few minutes), not by `make test`.
"""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from redis import Redis
from redis.exceptions import ResponseError

from bench.load import ROOT, Server, expected_in_database, run_load
from tests.servers import free_port

pytestmark = pytest.mark.load

CLIENTS = 16


@pytest.fixture
def redis(tmp_path):
    """A throw-away redis-server on a free loopback port: (url, stop)."""
    port = free_port()
    subprocess.run(
        [ROOT / "scripts" / "ensure-debian-packages", "redis-server=redis-server"], check=True
    )
    subprocess.run(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--daemonize", "yes",
         "--pidfile", str(tmp_path / "redis.pid"), "--logfile", str(tmp_path / "redis.log")],
        check=True,
    )  # fmt: skip

    def stop():
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)

    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode:
            time.sleep(0.1)
        else:
            break
    yield f"redis://127.0.0.1:{port}/0", stop
    stop()


@pytest.fixture
def server(redis):
    url, _stop = redis
    with Server(free_port(), redis_url=url, workers=3) as running:
        yield running


def _after(results, moment):
    return [(kind, status) for when, kind, status in results.log if when > moment]


def test_a_short_load_run_has_no_unexpected_error_and_loses_nothing(server):
    results = run_load(server, CLIENTS, 15)

    assert results.unexpected == []
    assert len(results.latencies) > 100
    assert len(results.edits) >= 3
    assert len(results.votes) >= 10
    assert server.check_database(expected_in_database(results)) == []
    # The check itself can fail: a vote and a title that were never sent are reported missing.
    invented = {
        "question": "contact-desks",
        "title_en": "never saved",
        "votes": [["x" * 32, "pricing", True]],
    }
    assert len(server.check_database(invented)) == 2


def test_a_killed_worker_is_replaced_and_only_requests_in_flight_fail(server):
    killed = {}

    def kill_a_worker(results):
        time.sleep(5)
        victim = server.worker_pids()[0]
        with results.lock:
            killed["pid"], killed["at"], killed["in_flight"] = (
                victim,
                time.monotonic(),
                results.in_flight,
            )
            os.kill(victim, signal.SIGKILL)

    results = run_load(server, CLIENTS, 20, during=kill_a_worker)

    workers = server.worker_pids()
    assert len(workers) == 3 and killed["pid"] not in workers
    assert len(results.unexpected) <= killed["in_flight"]
    assert all(when < killed["at"] + 5 for when, _kind, _status in results.unexpected)
    later = _after(results, killed["at"] + 5)
    assert len(later) > 20 and all(status in (200, 302, 404) for _kind, status in later)
    assert server.check_database(expected_in_database(results)) == []


def test_pages_keep_coming_uncached_while_redis_is_down(server, redis):
    _url, stop_redis = redis
    stopped = {}

    def stop_the_cache(results):
        time.sleep(5)
        stopped["at"] = time.monotonic()
        stop_redis()

    results = run_load(server, CLIENTS, 20, during=stop_the_cache)

    assert results.unexpected == []
    later = _after(results, stopped["at"] + 1)
    pages = [status for kind, status in later if kind in ("home", "category", "question")]
    assert len(pages) > 20 and set(pages) == {200}
    assert any(kind == "vote" and status == 302 for kind, status in later)
    assert server.check_database(expected_in_database(results)) == []


def _out_of_memory(server):
    server.config_set("maxmemory-policy", "noeviction")
    server.config_set("maxmemory", 1)  # one byte: every write is over the limit


def _read_only_replica(server):
    server.replicaof("127.0.0.1", free_port())  # a failover: the new primary is not there yet


@pytest.mark.parametrize("fault", [_out_of_memory, _read_only_replica], ids=["OOM", "read-only"])
def test_pages_votes_and_edits_keep_working_while_redis_refuses_writes(server, redis, fault):
    url, _stop = redis
    faulted = {}

    def refuse_writes(results):
        time.sleep(5)
        client = Redis.from_url(url)
        fault(client)
        faulted["at"] = time.monotonic()
        try:
            client.set("probe", "x")
        except ResponseError as exc:
            faulted["refused"] = type(exc).__name__

    results = run_load(server, CLIENTS, 20, during=refuse_writes)

    assert faulted["refused"] in ("OutOfMemoryError", "ReadOnlyError")
    assert results.unexpected == []
    later = _after(results, faulted["at"] + 1)
    pages = [status for kind, status in later if kind in ("home", "category", "question")]
    assert len(pages) > 20 and set(pages) == {200}
    assert any(kind == "vote" and status == 302 for kind, status in later)
    assert any(kind == "admin" and status == 302 for kind, status in later)  # an edit saved
    assert server.check_database(expected_in_database(results)) == []


def _generated_fixture(path, questions):
    """Many new questions with answers in a shipped category: seconds of loaddata work."""
    objects = []
    for n in range(questions):
        slug = f"generated-question-{n}"
        objects.append(
            {"model": "faq.question",
             "fields": {"category": ["system"], "title_ja": f"生成された質問 {n}",
                        "title_en": f"Generated question {n}", "slug": slug, "position": 100 + n,
                        "status": "published", "is_featured": False, "contact_channels": []}}
        )  # fmt: skip
        objects.append(
            {"model": "faq.answer",
             "fields": {"question": [slug], "body_ja": f"回答 {n}", "body_en": f"Answer {n}"}}
        )  # fmt: skip
    path.write_text(json.dumps(objects, ensure_ascii=False))


def _manage(env, *args):
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)


def test_an_interrupted_loaddata_leaves_the_database_exactly_as_before(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": "",
    }
    _manage(env, "migrate", "--no-input", "--verbosity", "0")
    _manage(env, "loaddata", "faq")
    before = _manage(env, "dumpdata", "contacts", "faq", "--natural-foreign").stdout
    fixture = tmp_path / "big.json"
    _generated_fixture(fixture, questions=20_000)

    loading = subprocess.Popen(
        [sys.executable, "manage.py", "loaddata", str(fixture)], cwd=ROOT, env=env
    )
    time.sleep(3)
    assert loading.poll() is None, "loaddata finished before it could be interrupted"
    loading.send_signal(signal.SIGKILL)
    loading.wait()

    after = _manage(env, "dumpdata", "contacts", "faq", "--natural-foreign").stdout
    assert after == before
