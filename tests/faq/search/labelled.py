"""Run the labelled query set (labelled_queries.json) through the real search page and score it.

Shared by test_labelled_queries.py and, as ``python -m tests.faq.search.labelled``, by the check
that SQLite and PostgreSQL give the same top three: that run builds a throw-away SQLite database
of the shipped FAQ and prints each query's top three as JSON.
"""

import json
import statistics
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.urls import Resolver404, resolve

LABELLED = Path(__file__).with_name("labelled_queries.json")
LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class Outcome:
    language: str
    query: str
    kind: str
    answers: tuple[str, ...]
    results: tuple[str, ...]  # question slugs, in the order of the page

    @property
    def rank(self):
        """1-based position of the first acceptable answer, or None when none is listed."""
        return next((i for i, slug in enumerate(self.results, 1) if slug in self.answers), None)

    def hit(self, k):
        return self.rank is not None and self.rank <= k


def labelled_set():
    return json.loads(LABELLED.read_text(encoding="utf-8"))


class _ResultLinks(HTMLParser):
    """The hrefs of the links inside <ol id="search-results">, in order."""

    def __init__(self):
        super().__init__()
        self.hrefs, self._depth = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ol" and (self._depth or attrs.get("id") == "search-results"):
            self._depth += 1
        elif tag == "a" and self._depth and attrs.get("href"):
            self.hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "ol" and self._depth:
            self._depth -= 1


def question_slug(href):
    try:
        match = resolve(urlsplit(href).path)
    except Resolver404:
        return None
    return match.kwargs.get("slug") if match.url_name == "question" else None


def result_slugs(html):
    parser = _ResultLinks()
    parser.feed(html)
    slugs = (question_slug(href) for href in parser.hrefs)
    return tuple(slug for slug in slugs if slug)


def run(client):
    """Every labelled query through GET /<language>/search/?q=…; one Outcome each."""
    outcomes = []
    for language in LANGUAGES:
        for item in labelled_set()[language]:
            response = client.get(f"/{language}/search/?{urlencode({'q': item['query']})}")
            assert response.status_code == 200, (language, item["query"], response.status_code)
            outcomes.append(
                Outcome(
                    language,
                    item["query"],
                    item["kind"],
                    tuple(item["answers"]),
                    result_slugs(response.content.decode()),
                )
            )
    return outcomes


def scores(outcomes):
    return {
        "n": len(outcomes),
        "hit@1": statistics.fmean(o.hit(1) for o in outcomes),
        "hit@3": statistics.fmean(o.hit(3) for o in outcomes),
        "mrr": statistics.fmean(1 / o.rank if o.rank else 0 for o in outcomes),
        "zero": sum(not o.results for o in outcomes),
    }


def table(outcomes):
    """Per language: one row per kind, then the overall row; the failing queries after."""
    lines = [f"{'lang':4} {'kind':15} {'n':>4} {'hit@1':>6} {'hit@3':>6} {'MRR':>6} {'zero':>5}"]
    for language in LANGUAGES:
        mine = [o for o in outcomes if o.language == language]
        kinds = sorted({o.kind for o in mine})
        for kind in [*kinds, "overall"]:
            group = mine if kind == "overall" else [o for o in mine if o.kind == kind]
            s = scores(group)
            lines.append(
                f"{language:4} {kind:15} {s['n']:>4} {s['hit@1']:>6.3f} {s['hit@3']:>6.3f}"
                f" {s['mrr']:>6.3f} {s['zero']:>5}"
            )
    lines += ["", "Not in the top three (language, kind, query -> wanted; got):"]
    for o in outcomes:
        if not o.hit(3):
            got = ", ".join(o.results[:3]) or "NO RESULTS"
            lines.append(f"  {o.language} {o.kind:15} {o.query} -> {'|'.join(o.answers)}; {got}")
    return "\n".join(lines) + "\n"


def top_three(outcomes):
    return {f"{o.language}:{o.query}": list(o.results[:3]) for o in outcomes}


def _sqlite_top_three():
    """In a fresh process (DATABASE_URL pointing at an empty SQLite file): migrate, load, run."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "faq", "synonyms", verbosity=0)
    print(json.dumps(top_three(run(Client())), ensure_ascii=False))


if __name__ == "__main__":
    _sqlite_top_three()
