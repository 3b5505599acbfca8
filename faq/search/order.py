"""The order of a pass's matches, the same on SQLite and PostgreSQL.

The databases would list the same questions in another order (PostgreSQL's ts_rank()
weighs matches its own way; SQLite lists them newest first). The database picks a pass's
candidates; the first RERANKED of them are then ordered here by one formula: for each
clause, its best column (title 10, answer 3, category 1) times 1 + ln(the times it occurs
there); then the shorter document; then the newest question.
"""

import math
from collections import defaultdict
from functools import lru_cache

from faq.models import SearchDocument
from faq.search.index import FTS_COLUMNS, READING_COLUMNS, SURFACE_COLUMNS

RERANKED = 50
_WEIGHTS = dict(zip(FTS_COLUMNS, (10.0, 3.0, 1.0, 10.0, 3.0), strict=True))
_COLUMNS = {"surface": SURFACE_COLUMNS, "reading": READING_COLUMNS}


def documents(question_ids) -> dict[int, dict[str, str]]:
    """The text of each indexed column of the questions' search documents (those of every
    step of a search read in one query)."""
    rows = SearchDocument.objects.filter(question_id__in=question_ids)
    return {
        qid: dict(zip(FTS_COLUMNS, texts, strict=True))
        for qid, *texts in rows.values_list("question_id", *FTS_COLUMNS)
    }


def in_the_same_order_everywhere(question_ids: list[int], step, texts) -> list[int]:
    """The ids with the first RERANKED in order; texts: documents() of at least those."""
    head = question_ids[:RERANKED]
    columns = _COLUMNS[step.target]
    keys = {}
    for question_id in head:
        if question_id in texts:
            text = {column: texts[question_id][column] for column in columns}
            keys[question_id] = _key(question_id, text, step.clauses)
    head.sort(key=lambda qid: keys.get(qid, (0.0, 0, -qid)))
    return head + question_ids[RERANKED:]


def _key(question_id, texts, clauses):
    indexed = {column: _positions(text) for column, text in texts.items()}
    score = sum(_clause_score(clause, indexed) for clause in clauses)
    length = sum(len(text) for text in texts.values())
    return (-score, length, -question_id)


@lru_cache(maxsize=512)
def _positions(text):
    """(tokens, positions of each token) of a column's text; remembered by the text, as the
    same documents come back search after search (never changed by the callers). About
    13 KB each for the shipped answers: 512 hold every column of 100 documents, a few MB."""
    tokens = text.split()
    found = defaultdict(list)
    for position, token in enumerate(tokens):
        found[token].append(position)
    return tokens, dict(found)


def _clause_score(clause, indexed) -> float:
    best = 0.0
    for column, (tokens, positions) in indexed.items():
        count = max((_occurrences(p, tokens, positions) for p in clause.alternatives), default=0)
        if count:
            best = max(best, _WEIGHTS[column] * (1 + math.log(count)))
    return best


def _occurrences(phrase, tokens, positions) -> int:
    if not phrase.tokens:
        return 0
    *body, last = phrase.tokens
    if not body:
        return _count(last, phrase.prefix, positions)
    count = 0
    for start in positions.get(body[0], ()):
        end = start + len(body)
        if end < len(tokens) and tokens[start:end] == body:
            count += _last_matches(tokens[end], last, phrase.prefix)
    return count


def _count(token, prefix, positions) -> int:
    if not prefix:
        return len(positions.get(token, ()))
    return sum(len(found) for word, found in positions.items() if word.startswith(token))


def _last_matches(token, last, prefix) -> bool:
    return token.startswith(last) if prefix else token == last
