"""The labelled visitor queries over the shipped FAQ: the measure of search quality.

Run with -s to see hit@1, hit@3 and MRR per language.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from faq.models import Question
from faq.search.rank import search

QUERIES = json.loads((Path(__file__).parent.parent / "search_queries.json").read_text("utf-8"))
REQUIRED_HIT_AT_3 = 0.95


@pytest.fixture
def shipped_faq(db):
    call_command("loaddata", "faq", "synonyms", verbosity=0)
    return dict(Question.objects.values_list("pk", "slug"))


def rank_of_first_expected(query, expected, slugs):
    found = [slugs[pk] for pk in search(query).question_ids]
    return next((n for n, slug in enumerate(found, 1) if slug in expected), None)


def measure(language, slugs):
    with translation.override(language):
        ranks = [rank_of_first_expected(i["q"], i["expect"], slugs) for i in QUERIES[language]]
    n = len(ranks)
    return {
        "hit@1": sum(r == 1 for r in ranks) / n,
        "hit@3": sum(r is not None and r <= 3 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "misses": [i["q"] for i, r in zip(QUERIES[language], ranks, strict=True) if not r or r > 3],
    }


def test_the_query_set_is_big_enough_and_names_shipped_questions(shipped_faq):
    assert len(QUERIES["ja"]) >= 40
    assert len(QUERIES["en"]) >= 15
    named = {slug for items in QUERIES.values() for item in items for slug in item["expect"]}
    assert named <= set(shipped_faq.values())


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_right_question_is_in_the_top_three(shipped_faq, language):
    metrics = measure(language, shipped_faq)
    print(
        f"\n{language}: hit@1 {metrics['hit@1']:.2f} hit@3 {metrics['hit@3']:.2f} "
        f"MRR {metrics['mrr']:.2f} misses {metrics['misses']}"
    )
    assert metrics["hit@3"] >= REQUIRED_HIT_AT_3, metrics
