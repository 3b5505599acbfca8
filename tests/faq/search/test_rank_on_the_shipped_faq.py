"""Search over the shipped FAQ: a few queries of each kind issue 12 names, and the same top
three on SQLite and PostgreSQL.

The top three of every query (these and tests/faq/search_queries.json) are recorded in
top_three.json; the suite runs on both databases (make test, make test-postgres), so each
must give exactly the recorded ones. After an intended change of ranking, record anew on
SQLite and review the diff:

    RECORD_TOP_THREE=1 .venv/bin/pytest tests/faq/search/test_rank_on_the_shipped_faq.py
"""

import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from faq.models import Question
from faq.search.rank import search

HERE = Path(__file__).parent
TOP_THREE = HERE / "top_three.json"
LABELLED = json.loads((HERE.parent / "search_queries.json").read_text("utf-8"))
# (kind, query, a question that must be in the top three); written for these tests.
KINDS = {
    "ja": [
        ("reading", "けいやく", "contract-per-payment-method"),
        ("reading", "かんりがめん", "management-screen"),
        ("reading", "しんさはありますか", "screening"),
        ("reading", "だいりてん", "agency-program"),
        ("mis-conversion", "診査", "screening"),
        ("mis-conversion", "クレジット決裁", "card-without-merchant-contract"),
        ("mis-conversion", "決裁手段ごとの契約", "contract-per-payment-method"),
        ("inflection", "申し込みから使えるまで", "lead-time"),
        ("inflection", "引き継げますか", "transfer-merchant-contract"),
        ("everyday word", "お金が入る日", "payout-source"),
        ("everyday word", "端末", "in-store-use"),
        ("everyday word", "ローソンで払える?", "convenience-store-only"),
        ("short", "審査", "screening"),
        ("short", "明細", "statement-shop-name"),
        (
            "sentence",
            "カード会社と契約していないのですがカード決済を始められますか",
            "card-without-merchant-contract",
        ),
        ("brand", "アメックス", "card-without-merchant-contract"),
        ("brand", "ダイナースクラブ", "card-without-merchant-contract"),
    ],
    "en": [
        ("typo", "subscripton", "recurring-billing"),
        ("typo", "merchnt account", "card-without-merchant-contract"),
        ("typo", "ssl certifcate", "ssl-requirement"),
        ("typo", "dashbord", "management-screen"),
        ("inflection", "cancelled", "suspension-and-cancellation"),
        ("inflection", "companies", "available-card-brands"),
        ("paraphrase", "how do i get paid", "payout-source"),
        ("paraphrase", "card reader", "in-store-use"),
        ("paraphrase", "billing descriptor", "statement-shop-name"),
        ("short", "fees", "pricing"),
        ("brand", "amex", "card-without-merchant-contract"),
    ],
}


@pytest.fixture
def slugs(db):
    call_command("loaddata", "faq", "synonyms", verbosity=0)
    return dict(Question.objects.values_list("pk", "slug"))


def top_three(query, language, slugs):
    with translation.override(language):
        return [slugs[pk] for pk in search(query).question_ids[:3]]


def every_query():
    for language in ("ja", "en"):
        yield from ((language, item["q"]) for item in LABELLED[language])
        yield from ((language, query) for _, query, _ in KINDS[language])


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [(language, q, slug) for language, items in KINDS.items() for _, q, slug in items],
)
def test_each_kind_of_query_finds_its_question_in_the_top_three(slugs, language, query, expected):
    assert expected in top_three(query, language, slugs)


def test_the_top_three_are_the_recorded_ones_on_this_database(slugs):
    found = {
        f"{language}:{query}": top_three(query, language, slugs)
        for language, query in every_query()
    }
    if os.environ.get("RECORD_TOP_THREE") == "1":
        TOP_THREE.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", "utf-8")
        pytest.fail(f"recorded {len(found)} queries in {TOP_THREE.name}: review, then run again")
    recorded = json.loads(TOP_THREE.read_text("utf-8"))
    different = {
        key: (recorded.get(key), top) for key, top in found.items() if recorded.get(key) != top
    }
    assert not different
