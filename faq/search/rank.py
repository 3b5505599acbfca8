"""Finding and ranking questions: all query terms first, then fewer, then any.

The database finds the candidates and ranks only those, at most the newest MAX_CANDIDATES
of a pass (FTS5 bm25() on SQLite, ts_rank on PostgreSQL, title above answer above
category). A whole sentence such as 解約したいのですがどうすればいいですか matches no
question with every bigram, so when the strict pass finds too little, the particles are
dropped and then any remaining term counts.
"""

import logging
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.utils import translation

from faq.models import Question, Synonym
from faq.search.query import Clause, ParsedQuery, parse, to_fts5, to_tsquery

logger = logging.getLogger(__name__)

# At most this many questions are shown for one query (and counted in its facets): an FAQ
# visitor reads the first page; ranking thousands of weak matches only costs time.
MAX_RESULTS = 200
# Each pass ranks at most this many matches, the newest (by id), so a search costs the same
# however large the FAQ grows: ranking every match of a word found in all of 100,000
# questions took 98 ms on SQLite and 157 ms on PostgreSQL, against 4 and 5 ms now. Only a
# query matching more questions than this, one that says little about which is meant,
# leaves the older matches unranked.
MAX_CANDIDATES = 1_000
# Fewer hits than this and the next, looser pass adds its own after them.
ENOUGH_RESULTS = 3

# The newest matches first, then their rank: bm25() and ts_rank() run for those only.
_SQLITE = (
    "SELECT rowid FROM ("
    " SELECT rowid, bm25(faq_searchdocument_fts, 10.0, 3.0, 1.0) AS score"
    " FROM faq_searchdocument_fts WHERE faq_searchdocument_fts MATCH %(query)s"
    " ORDER BY rowid DESC LIMIT %(candidates)s"
    ") ORDER BY score, rowid LIMIT %(limit)s"
)
_POSTGRES = (
    "SELECT newest.question_id FROM to_tsquery('simple'::regconfig, %(query)s) AS q,"
    " LATERAL (SELECT question_id, search_vector FROM faq_searchdocument"
    " WHERE search_vector @@ q ORDER BY question_id DESC LIMIT %(candidates)s) AS newest"
    " ORDER BY ts_rank(newest.search_vector, q, 1) DESC, newest.question_id LIMIT %(limit)s"
)


@dataclass
class SearchResult:
    query: ParsedQuery
    question_ids: list[int] = field(default_factory=list)

    def __len__(self):
        return len(self.question_ids)


def synonym_groups(language: str | None = None) -> list[list[str]]:
    language = language or translation.get_language() or "ja"
    return [synonym.term_list for synonym in Synonym.objects.for_language(language)]


def search(text: str, queryset=None, language: str | None = None) -> SearchResult:
    """Ids of the questions in queryset (default: published) matching text, best first."""
    queryset = Question.objects.published() if queryset is None else queryset
    result = SearchResult(parse(text, synonym_groups(language)))
    seen = set()
    for clauses, operator in passes(result.query):
        new = [qid for qid in candidates(clauses, operator) if qid not in seen]
        seen.update(new)
        visible = set(queryset.filter(pk__in=new).order_by().values_list("pk", flat=True))
        result.question_ids.extend(qid for qid in new if qid in visible)
        if len(result) >= ENOUGH_RESULTS:
            break
    del result.question_ids[MAX_RESULTS:]
    return result


def passes(query: ParsedQuery) -> list[tuple[tuple[Clause, ...], str]]:
    """The passes to try in turn: every clause, the non-particle ones, any of those, any.

    The last pass is for words typed in hiragana (せきゅりてぃ), which look like particles.
    """
    if not query.clauses:
        return []
    strong = query.strong or query.clauses
    steps = [(query.clauses, "AND")]
    if strong != query.clauses:
        steps.append((strong, "AND"))
    if len(strong) > 1:
        steps.append((strong, "OR"))
    if strong != query.clauses:
        steps.append((query.clauses, "OR"))
    return steps


def candidates(clauses, operator: str, limit: int = MAX_RESULTS) -> list[int]:
    """Question ids the index matches, ranked by the database."""
    if connection.vendor == "postgresql":
        sql, expression = _POSTGRES, to_tsquery(clauses, operator)
    else:
        sql, expression = _SQLITE, to_fts5(clauses, operator)
    # A savepoint on PostgreSQL, where a failed statement would poison the transaction; not
    # on SQLite, where it would be BEGIN IMMEDIATE: every search would take the write lock.
    guard = transaction.atomic() if connection.vendor == "postgresql" else nullcontext()
    try:
        with guard, connection.cursor() as cursor:
            parameters = {"query": expression, "candidates": MAX_CANDIDATES, "limit": limit}
            cursor.execute(sql, parameters)
            return [row[0] for row in cursor.fetchall()]
    except DatabaseError:
        # Deliberate: a query the database refuses shows the visitor no result, not an error
        # page. The log line is the signal: every test fails on it (tests/conftest.py).
        logger.exception("search query failed: %r", expression)
        return []


def in_rank_order(queryset, question_ids: list[int]) -> list[Question]:
    """The questions of queryset among question_ids, in the order of the ids.

    Sorted here, not by the database: an ORDER BY CASE of a few hundred ids costs Django
    more to build than the query costs to run. Callers pass one page of ids.
    """
    found = queryset.in_bulk(question_ids)
    return [found[pk] for pk in question_ids if pk in found]
