"""Typo tolerance for words in Latin letters: "subscripton" → "subscription".

A word of the query that is not in the index's vocabulary is replaced by the nearest word
that is, within an edit distance that grows with the word (as Algolia does: none below 4
letters, one from 4, two from 8). The vocabulary is the index's own list of Latin-script
stems (FTS5's fts5vocab on SQLite, ts_stat on PostgreSQL), read again after a change of
content at most every MAX_AGE seconds per process: a word an editor adds is correctable
within five minutes.
"""

import bisect
import re
import threading
import time
from dataclasses import dataclass

from django.db import DatabaseError, connection
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from faq.cache import content_version
from faq.search.normalise import fold_width_and_case
from faq.search.tokens import ENGLISH_STOP_WORDS, stem

VOCABULARY_TABLE = "faq_searchdocument_vocab"
_LATIN_WORD = re.compile(r"[a-z]+")
_SQLITE = f"SELECT term, doc FROM {VOCABULARY_TABLE} WHERE term >= 'a' AND term < '{{'"
_POSTGRES = (
    "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM faq_searchdocument')"
    " WHERE word ~ '^[a-z]+$'"
)


def allowed_typos(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


class Vocabulary:
    """The Latin-script stems of the index, sorted, with how many documents hold each."""

    def __init__(self, counts: dict[str, int]):
        self.counts = counts
        self.sorted = sorted(counts)

    def knows(self, word: str) -> bool:
        """A stem of the index, or (being matched as a prefix) the start of one."""
        i = bisect.bisect_left(self.sorted, word)
        return i < len(self.sorted) and self.sorted[i].startswith(word)

    def starting_with(self, prefix: str, limit: int) -> list[str] | None:
        """The stems of the index that start with prefix, or None when more than limit do."""
        found = []
        for word in self.sorted[bisect.bisect_left(self.sorted, prefix) :]:
            if not word.startswith(prefix):
                break
            if self.counts[word]:  # a word of the synonyms only is in no document
                found.append(word)
                if len(found) > limit:
                    return None
        return found

    def nearest(self, word: str) -> str | None:
        """The closest stem within the allowed typos; the commoner one on a tie."""
        limit = allowed_typos(word)
        if not limit:
            return None
        found = process.extract(
            word, self.sorted, scorer=Levenshtein.distance, score_cutoff=limit, limit=None
        )
        if not found:
            return None
        return min(found, key=lambda match: (match[1], -self.counts[match[0]], match[0]))[0]


_cache = threading.local()
MAX_AGE = 300


def vocabulary(rules=()) -> Vocabulary:
    """The index's stems and the synonyms' (a visitor may mistype "dashbord" too).

    Read again when the content has changed, at most every MAX_AGE seconds: reading the
    words of 100,000 questions takes a while (ts_stat on PostgreSQL reads every document).
    Each set of rules (each language's) adds its words to the same read of the index: a
    thread serving both languages does not read it again at each switch.
    """
    version, now = content_version(), time.monotonic()
    cached = getattr(_cache, "vocabulary", None)
    stale = cached is None
    if not stale and (version is None or version != cached.version):
        stale = now - cached.read_at >= MAX_AGE
    if stale:
        cached = _cache.vocabulary = _Cached(version, now, _read_vocabulary(), {})
    words = cached.by_rules.get(rules)
    if words is None:
        counts = {stem(word): 0 for rule in rules for word in _latin_words(rule.terms)}
        words = cached.by_rules[rules] = Vocabulary({**counts, **cached.index})
    return words


def completions(prefix: str, rules=(), limit: int = 20) -> list[str] | None:
    """Every stem of the index that starts with prefix (a Latin word), or None: when more
    than limit do, or when this process's vocabulary was read before the current content
    version (it may lack a word just added)."""
    version = content_version()
    words = vocabulary(rules)
    if version is None or _cache.vocabulary.version != version:
        return None
    return words.starting_with(prefix, limit)


def forget_vocabulary() -> None:
    """Read the vocabulary anew on the next correction (tests: another database)."""
    _cache.__dict__.pop("vocabulary", None)


@dataclass(frozen=True)
class _Cached:
    version: object
    read_at: float
    index: dict[str, int]  # stem: how many documents hold it
    by_rules: dict  # synonym rules: the Vocabulary of the index and their words


def _latin_words(terms):
    return (word for term in terms for word in _LATIN_WORD.findall(fold_width_and_case(term)))


def _read_vocabulary() -> dict[str, int]:
    sql = _POSTGRES if connection.vendor == "postgresql" else _SQLITE
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return dict(cursor.fetchall())
    except DatabaseError:
        return {}


def corrected(text: str, rules=()) -> str | None:
    """The query with each unknown Latin word replaced by its correction, or None.

    rules: the synonym rules (a Synonyms, or SynonymRules), whose words count as known.
    """
    folded = fold_width_and_case(text)
    changed = False
    pieces, position = [], 0
    for match in _LATIN_WORD.finditer(folded):
        replacement = _correction(match.group(), rules)
        if replacement:
            pieces += [folded[position : match.start()], replacement]
            position, changed = match.end(), True
    if not changed:
        return None
    return "".join([*pieces, folded[position:]])


def _correction(word: str, rules) -> str | None:
    if word in ENGLISH_STOP_WORDS or not allowed_typos(word):
        return None
    stemmed = stem(word)
    words = vocabulary(rules)
    if not words.sorted or words.knows(stemmed):
        return None
    nearest = words.nearest(stemmed)
    # Put back what the stemmer took off: certifcate → certificat → certificate.
    return nearest + word[len(stemmed) :] if nearest else None
