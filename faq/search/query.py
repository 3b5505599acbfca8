"""A visitor's query, parsed into clauses, and compiled for SQLite FTS5 or PostgreSQL.

A clause is one thing the query asks for: a token, or a synonym group ("サブスク" or
"継続課金"), each alternative a phrase of tokens. Nothing the visitor types reaches the
database as syntax: every token is quoted, so ", *, NEAR(, OR, :, &, ! are only text.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from faq.search.tokens import Token, is_cjk, query_tokens

# Queries are cut to this many characters before anything else is done with them.
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Phrase:
    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Clause:
    alternatives: tuple[Phrase, ...]
    weak: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    clauses: tuple[Clause, ...]

    @property
    def strong(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if not clause.weak)

    def highlight_terms(self) -> list[str]:
        """The normalised strings to mark in a snippet: tokens of the clauses that matter."""
        clauses = self.strong or self.clauses
        return sorted(
            {token for c in clauses for phrase in c.alternatives for token in phrase.tokens},
            key=len,
            reverse=True,
        )


def truncate(text: str) -> str:
    return text[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class SynonymRule:
    """A query with one of sources looks for every one of terms (sources included)."""

    sources: tuple[str, ...]
    terms: tuple[str, ...]

    @classmethod
    def of(cls, group) -> "SynonymRule":
        """A rule as it is, or a plain list of terms that all mean the same."""
        return group if isinstance(group, cls) else cls(tuple(group), tuple(group))


class Synonyms:
    """The synonym rules of a language, hashed once: the lookups built from them (here and
    in faq/search/variants.py) are remembered by this key, and rank.synonym_rules() keeps
    one instance per content version, so a search finds them at the cost of one lookup."""

    def __init__(self, rules: Iterable[Sequence[str] | SynonymRule] = ()):
        self.rules = tuple(SynonymRule.of(rule) for rule in rules)
        self._hash = hash(self.rules)

    @classmethod
    def of(cls, rules) -> "Synonyms":
        return rules if isinstance(rules, cls) else cls(rules)

    def __iter__(self):
        return iter(self.rules)

    def __eq__(self, other):
        return self is other or (isinstance(other, Synonyms) and self.rules == other.rules)

    def __hash__(self):
        return self._hash


def parse(text: str, synonym_groups: Iterable[Sequence[str] | SynonymRule] = ()) -> ParsedQuery:
    """Parse a raw query; synonym_groups is a Synonyms, or SynonymRules or lists of equal
    terms."""
    text = truncate(text)
    tokens = query_tokens(text)
    index = _by_first_token(Synonyms.of(synonym_groups))
    return ParsedQuery(text=text, clauses=tuple(_clauses(tokens, index)))


@lru_cache(maxsize=8)
def _by_first_token(synonyms: Synonyms) -> dict[str, list[tuple[Phrase, tuple[Phrase, ...]]]]:
    """(source phrase, phrases looked for) of every rule, by the source's first token,
    longest source first: a query is matched against the few rules that can start at each
    token, not all of them (500,000 comparisons a search with the shipped synonyms)."""
    index = {}
    for rule in synonyms:
        sources, phrases = compiled_rule(rule)
        for source in sources:
            if source.tokens:
                index.setdefault(source.tokens[0], []).append((source, phrases))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0].tokens))  # stable: the first rule wins ties
    return index


@lru_cache(maxsize=4096)
def compiled_rule(rule: SynonymRule) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
    """(phrases that match, phrases looked for) of a rule; remembered, as tokenising the
    terms of every synonym on every search cost more than the search."""
    phrases = tuple(_phrase(query_tokens(term)) for term in rule.terms)
    sources = tuple(_phrase(query_tokens(term)) for term in rule.sources)
    return sources, phrases


def _phrase(tokens: list[Token]) -> Phrase:
    return Phrase(tuple(t.text for t in tokens), prefix=bool(tokens) and tokens[-1].prefix)


def _clauses(tokens: list[Token], index) -> list[Clause]:
    clauses = []
    i = 0
    while i < len(tokens):
        found = _longest_synonym_at(tokens, i, index)
        if found is None:
            clauses.append(Clause((_phrase([tokens[i]]),), weak=tokens[i].weak))
            i += 1
            continue
        length, group = found
        _weaken_straddling(clauses, tokens, i, length)
        clauses.append(Clause(tuple(dict.fromkeys(group))))
        i += length
        # The bigram after the term straddles it and the next word: not a word of its own.
        if i < len(tokens) and tokens[i].run == tokens[i - 1].run and is_cjk(tokens[i].text):
            clauses.append(Clause((_phrase([tokens[i]]),), weak=True))
            i += 1
    return clauses


def _weaken_straddling(clauses, tokens, start, length):
    """The bigram before a synonym term straddles the word before and the term."""
    straddles = start and clauses and tokens[start - 1].run == tokens[start].run
    if straddles and is_cjk(tokens[start].text):
        clauses[-1] = Clause(clauses[-1].alternatives, weak=True)


def _longest_synonym_at(tokens, start, index):
    for source, phrases in index.get(tokens[start].text, ()):
        if _matches_at(tokens, start, source):
            return len(source.tokens), phrases
    return None


def _matches_at(tokens: list[Token], start: int, phrase: Phrase) -> bool:
    window = tokens[start : start + len(phrase.tokens)]
    if len(window) < len(phrase.tokens):
        return False
    if len({t.run for t in window}) != 1 and any(is_cjk(t.text) for t in window):
        return False
    return tuple(t.text for t in window) == phrase.tokens


# --- compiling ------------------------------------------------------------------------


def _fts5_phrase(phrase: Phrase) -> str:
    quoted = '"' + " ".join(phrase.tokens).replace('"', '""') + '"'
    return quoted + " *" if phrase.prefix else quoted


def _tsquery_phrase(phrase: Phrase) -> str:
    parts = ["'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in phrase.tokens]
    if phrase.prefix:
        parts[-1] += ":*"
    return "(" + " <-> ".join(parts) + ")"


def to_fts5(clauses: Sequence[Clause], operator: str, columns: Sequence[str] = ()) -> str:
    """An FTS5 MATCH expression: clauses joined by AND or OR, within columns (or all)."""
    expression = f" {operator} ".join(_join(c, _fts5_phrase, " OR ") for c in clauses)
    if not columns:
        return expression
    return "{" + " ".join(columns) + "} : (" + expression + ")"


def to_tsquery(clauses: Sequence[Clause], operator: str) -> str:
    """A PostgreSQL to_tsquery() expression: clauses joined by AND or OR."""
    join = " & " if operator == "AND" else " | "
    return join.join(_join(c, _tsquery_phrase, " | ") for c in clauses)


def _join(clause: Clause, compile_phrase, separator: str) -> str:
    phrases = [compile_phrase(p) for p in clause.alternatives if p.tokens]
    return "(" + separator.join(phrases) + ")"
