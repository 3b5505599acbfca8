"""Finding and ranking questions: all query terms first, then fewer, then any.

The database finds the candidates, at most the newest MAX_CANDIDATES of a pass, and
order.py ranks the first of them (title above answer above category; beyond those, on
SQLite the title matches come first, on PostgreSQL ts_rank() decides).

A whole sentence such as 解約したいのですがどうすればいいですか matches no question with
every bigram, so when the strict pass finds too little, the particles are dropped and then
any remaining term counts.
"""

import json
import logging
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial

from django.db import DatabaseError, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import translation

from faq.cache import versioned
from faq.models import Question, Synonym
from faq.search import spelling
from faq.search.index import READING_COLUMNS, SURFACE_COLUMNS
from faq.search.order import RERANKED, documents, in_the_same_order_everywhere
from faq.search.query import (
    Clause,
    ParsedQuery,
    Phrase,
    SynonymRule,
    Synonyms,
    parse,
    to_fts5,
    to_tsquery,
    truncate,
)
from faq.search.variants import Variants, variants

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

# SQLite: the newest matches, unscored. FTS5's bm25() first counts every match of each
# phrase in the whole index (for its IDF), which at 100,000 questions cost 13-228 ms a pass
# against 0.5-6 ms for the matches alone; a pass's first RERANKED matches are ordered by
# order.py anyway, and beyond that the matches in the title come first (_title_first).
_SQLITE = (
    "SELECT rowid FROM faq_searchdocument_fts WHERE faq_searchdocument_fts MATCH %(query)s"
    " ORDER BY rowid DESC LIMIT %(candidates)s"
)
# The matches from a rowid on. Ascending: scanning down, FTS5 reads past the lower bound (a
# title query matching none of 100,000 answers took 40 ms down, 1.5 ms up).
_SQLITE_FROM = (
    "SELECT rowid FROM faq_searchdocument_fts WHERE faq_searchdocument_fts MATCH %(query)s"
    " AND rowid >= %(oldest)s"
)
# PostgreSQL: the newest matches, ranked by ts_rank(), which reads only those rows.
_POSTGRES = (
    "SELECT newest.question_id FROM to_tsquery('simple'::regconfig, %(query)s) AS q,"
    " LATERAL (SELECT question_id, {vector} AS vector FROM faq_searchdocument"
    " WHERE {vector} @@ q ORDER BY question_id DESC LIMIT %(candidates)s) AS newest"
    " ORDER BY ts_rank(newest.vector, q, 1) DESC, newest.question_id LIMIT %(limit)s"
)
# Which columns a pass searches: the text as written, or its reading.
SURFACE, READING = "surface", "reading"
_FTS5_COLUMNS = {SURFACE: SURFACE_COLUMNS, READING: READING_COLUMNS}
_POSTGRES_SQL = {
    SURFACE: _POSTGRES.format(vector="search_vector"),
    READING: _POSTGRES.format(vector="reading_vector"),
}


@dataclass
class SearchResult:
    query: ParsedQuery
    question_ids: list[int] = field(default_factory=list)
    # The query with its spelling corrected, when that is what was searched.
    corrected: str = ""
    # Nothing matched well: the ids are the questions closest to the query.
    closest: bool = False
    # The category id of each question found: the facets and the category filter read it
    # here rather than ask the database again.
    categories: dict[int, int] = field(default_factory=dict)

    def __len__(self):
        return len(self.question_ids)


@dataclass(frozen=True)
class Pass:
    clauses: tuple[Clause, ...]
    operator: str
    target: str = SURFACE


def synonym_rules(language: str | None = None) -> Synonyms:
    """The synonyms of a language; a one-way rule also brings in the equals of its terms.

    Kept by content version (a synonym's save bumps it, as any content's does): reading and
    splitting a few hundred rows took a tenth of a first search.
    """
    language = language or translation.get_language() or "ja"
    return versioned(("synonym_rules", language), lambda: _read_synonym_rules(language))


def _read_synonym_rules(language: str) -> Synonyms:
    synonyms = list(Synonym.objects.for_language(language))
    equals = {}
    for synonym in synonyms:
        if synonym.source_terms == synonym.term_list:
            for term in synonym.term_list:
                equals.setdefault(term, synonym.term_list)
    return Synonyms(
        SynonymRule(
            tuple(synonym.source_terms),
            tuple(dict.fromkeys(t for term in synonym.term_list for t in equals.get(term, [term]))),
        )
        for synonym in synonyms
    )


def search(
    text: str, queryset=None, language: str | None = None, exact: bool = False
) -> SearchResult:
    """Ids of the questions in queryset (default: published) matching text, best first.

    Unless exact, unknown Latin words are corrected first (result.corrected says so). When
    no pass finds anything, the result holds the closest questions (result.closest).
    """
    visible = _published_among if queryset is None else partial(_among, queryset)
    rules = synonym_rules(language)
    text = truncate(text)
    corrected = None if exact else spelling.corrected(text, rules)
    searched = corrected or text
    result = SearchResult(parse(searched, rules), corrected=corrected or "")
    looser = variants(searched, rules)
    _collect(result, visible, search_passes(result.query, looser))
    if not result.question_ids and looser.has_content:
        result.closest = True
        if looser.reading_bigrams:
            _collect(result, visible, [Pass(looser.reading_bigrams, "OR", READING)])
        if not result.question_ids:
            shown = Question.objects.published() if queryset is None else queryset
            featured = list(shown.featured().values_list("pk", "category_id")[:5])
            result.question_ids = [pk for pk, _ in featured]
            result.categories.update(featured)
    return result


def _collect(result: SearchResult, visible, steps) -> None:
    """The visible matches of each step, until ENOUGH_RESULTS; the visibility of the
    matches of several steps read together, once they could be enough (a query each cost
    more than the step's search)."""
    seen = set(result.question_ids)
    pending = []  # (step, its new matches), visibility not read yet
    for step in steps:
        new = [
            qid for qid in candidates(step.clauses, step.operator, step.target) if qid not in seen
        ]
        if new:
            seen.update(new)
            pending.append((step, new))
        if len(result) + sum(len(found) for _, found in pending) >= ENOUGH_RESULTS:
            _keep_visible(result, visible, pending)
            pending = []
            if len(result) >= ENOUGH_RESULTS:
                break
    _keep_visible(result, visible, pending)
    del result.question_ids[MAX_RESULTS:]


def _keep_visible(result: SearchResult, visible_among, pending) -> None:
    if not pending:
        return
    visible = visible_among([qid for _, found in pending for qid in found])
    result.categories.update(visible)
    kept = [(step, [qid for qid in found if qid in visible]) for step, found in pending]
    texts = documents([qid for _, found in kept for qid in found[:RERANKED]])
    for step, found in kept:
        result.question_ids.extend(in_the_same_order_everywhere(found, step, texts))


def _among(queryset, ids) -> dict[int, int]:
    """{id: category id} of the questions of queryset among ids."""
    return dict(queryset.filter(pk__in=ids).order_by().values_list("pk", "category_id"))


# The ids _published_among() asks about, a JSON list in one parameter of the kept SQL.
_IDS = object()
_JSON_IDS = {
    "sqlite": "SELECT value FROM json_each(%s)",
    "postgresql": "SELECT jsonb_array_elements_text(%s::jsonb)::bigint",
}


def _published_among(ids) -> dict[int, int]:
    """_among(the published questions, ids), by the SQL the ORM makes of the QuerySet once
    per content version (faq.cache.versioned: read afresh when a scheduled question falls
    due, so its "now" stays true). For 200 ids Django took 1.2 ms to build it and SQLite
    0.25 ms to run it."""
    sql, params = versioned(("published_among", connection.vendor), _published_among_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(ids) if p is _IDS else p for p in params])
        # By name: the ORM does not always select the columns in the order they were named.
        columns = [column[0] for column in cursor.description]
        pk, category = columns.index("pk"), columns.index("category_id")
        return {row[pk]: row[category] for row in cursor.fetchall()}


def _published_among_sql():
    ids = RawSQL(_JSON_IDS[connection.vendor], (_IDS,))
    published = Question.objects.published().filter(pk__in=ids).order_by()
    return published.values_list("pk", "category_id").query.sql_with_params()


def search_passes(query: ParsedQuery, looser: Variants) -> list[Pass]:
    """Strict to loose: the bigrams, the word forms, the readings, then any one word.

    A match on what is written comes before a match on its reading; a match of every word
    before a match of some.
    """
    surface = passes(query)
    strict = [Pass(clauses, op) for clauses, op in surface if op == "AND"]
    loose = [Pass(clauses, op) for clauses, op in surface if op == "OR"]
    steps = [
        *strict[:1],
        Pass(looser.forms, "AND"),
        *strict[1:],
        Pass(looser.run_readings, "AND", READING),
        Pass(looser.synonyms_by_reading, "OR"),
        Pass(looser.readings, "AND", READING),
        *loose[:1],
        *([Pass(looser.forms, "OR")] if len(looser.forms) > 1 else []),
        *loose[1:],
    ]
    return list(dict.fromkeys(step for step in steps if step.clauses))


def passes(query: ParsedQuery) -> list[tuple[tuple[Clause, ...], str]]:
    """The passes of the bigrams: every clause, the non-particle ones, any of those, any.

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


def candidates(
    clauses, operator: str, target: str = SURFACE, limit: int = MAX_RESULTS
) -> list[int]:
    """Question ids the index matches in the target's columns, at most the newest
    MAX_CANDIDATES, the likeliest first (ranked by PostgreSQL; on SQLite see _SQLITE)."""
    if connection.vendor == "postgresql":
        expression = to_tsquery(clauses, operator)
        return _run(_POSTGRES_SQL[target], expression, limit=limit)
    columns, clauses = _FTS5_COLUMNS[target], _completed(clauses)
    newest = _run(_SQLITE, to_fts5(clauses, operator, columns))
    if len(newest) > RERANKED:
        newest = _title_first(newest, to_fts5(clauses, operator, columns[:1]))
    return newest[:limit]


def _completed(clauses) -> tuple[Clause, ...]:
    """Each Latin word matched as a prefix ("secur" *) as the words of the index it starts,
    when the vocabulary of this content version lists them (spelling.completions).

    The same matches, found faster: FTS5 merges the whole list of documents of every word a
    prefix covers before it returns a row (7 ms a pass for "question" * at 100,000
    questions), and reads plain words only as far as it needs.
    """
    return tuple(
        Clause(tuple(p for phrase in c.alternatives for p in _as_words(phrase)), c.weak)
        for c in clauses
    )


def _as_words(phrase: Phrase) -> list[Phrase]:
    if not (phrase.prefix and len(phrase.tokens) == 1 and phrase.tokens[0][:1].isascii()):
        return [phrase]
    words = spelling.completions(phrase.tokens[0], synonym_rules())
    return [Phrase((word,)) for word in words] if words else [phrase]


def _title_first(newest: list[int], in_title: str) -> list[int]:
    titled = set(_run(_SQLITE_FROM, in_title, oldest=min(newest)))
    return [qid for qid in newest if qid in titled] + [qid for qid in newest if qid not in titled]


def _run(sql: str, expression: str, **parameters) -> list[int]:
    # A savepoint on PostgreSQL, where a failed statement would poison the transaction; not
    # on SQLite, where it would be BEGIN IMMEDIATE: every search would take the write lock.
    guard = transaction.atomic() if connection.vendor == "postgresql" else nullcontext()
    parameters = {"candidates": MAX_CANDIDATES, **parameters, "query": expression}
    try:
        with guard, connection.cursor() as cursor:
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
