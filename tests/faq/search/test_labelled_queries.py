"""Search quality measured on the labelled query set, over the real search page.

The set (labelled_queries.json) is written from the source page and from how merchants type,
independently of the engine; the queries that fail stay in it. One run of the whole set per
session feeds every test below; the table goes to stdout and to artifacts/search-quality.txt.

Same top three on both vendors: the PostgreSQL run (make test-postgres) runs the set again in a
fresh process on a throw-away SQLite database and compares query by query; on SQLite there is
nothing to compare with, so that one test is skipped there, saying so.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.faq.search import labelled

THRESHOLD_HIT_AT_3 = 0.95
REPORT = settings.BASE_DIR / "artifacts" / "search-quality.txt"
DIFFERENCES = REPORT.with_name("search-top3-vendor-differences.txt")
_RUN = []  # the outcomes of the one run, shared by the tests of this module


@pytest.fixture
def outcomes(db, client):
    if not _RUN:
        call_command("loaddata", "faq", "synonyms", verbosity=0)
        _RUN.extend(labelled.run(client))
        report = f"Search quality on {connection.vendor}\n\n{labelled.table(_RUN)}"
        REPORT.parent.mkdir(exist_ok=True)
        REPORT.write_text(report, encoding="utf-8")
        print(f"\n{report}")
    return _RUN


def of(language, outcomes):
    return [o for o in outcomes if o.language == language]


def test_the_set_is_large_enough_tagged_and_labelled_with_shipped_questions():
    shipped = {
        record["fields"]["slug"]
        for record in json.loads((settings.BASE_DIR / "fixtures" / "faq.json").read_text())
        if record["model"] == "faq.question"
    }
    data = labelled.labelled_set()
    assert len(data["ja"]) >= 150 and len(data["en"]) >= 80
    for language in labelled.LANGUAGES:
        queries = [item["query"] for item in data[language]]
        assert len(queries) == len(set(queries)), f"a {language} query is listed twice"
        for item in data[language]:
            assert item["kind"] in data["kinds"], item
            assert item["answers"] and set(item["answers"]) <= shipped, item


def test_every_query_is_scored_and_reported(outcomes):
    expected = sum(len(labelled.labelled_set()[language]) for language in labelled.LANGUAGES)
    assert len(outcomes) == expected
    report = REPORT.read_text(encoding="utf-8")
    for language in labelled.LANGUAGES:
        assert f"{language:4} {'overall':15}" in report


@pytest.mark.parametrize("language", labelled.LANGUAGES)
def test_no_query_gets_a_page_without_results(language, outcomes):
    empty = [o.query for o in of(language, outcomes) if not o.results]
    assert not empty, f"{len(empty)} {language} queries found nothing: {empty}"


@pytest.mark.parametrize("language", labelled.LANGUAGES)
def test_the_right_question_is_in_the_top_three_for_95_percent(language, outcomes):
    score = labelled.scores(of(language, outcomes))["hit@3"]
    per_kind = "\n".join(
        line for line in labelled.table(outcomes).splitlines() if line.startswith(language)
    )
    assert score >= THRESHOLD_HIT_AT_3, f"{language} hit@3 {score:.3f}\n{per_kind}\n(see {REPORT})"


@pytest.mark.postgres
def test_postgresql_gives_the_same_top_three_as_sqlite(outcomes, tmp_path):
    assert connection.vendor == "postgresql", "compares PostgreSQL with SQLite: make test-postgres"
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_REPLICA_URL")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'labelled.sqlite3'}"
    sqlite = subprocess.run(
        [sys.executable, "-m", "tests.faq.search.labelled"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    on_sqlite = json.loads(sqlite.stdout.splitlines()[-1])
    on_postgresql = labelled.top_three(outcomes)
    differ = [
        f"{q}: PostgreSQL {on_postgresql[q]}, SQLite {on_sqlite[q]}"
        for q in on_postgresql
        if on_sqlite[q] != on_postgresql[q]
    ]
    DIFFERENCES.write_text("\n".join(differ) + "\n", encoding="utf-8")
    assert not differ, f"{len(differ)} queries differ (all in {DIFFERENCES}): {differ[:5]}"
