"""Looser readings of a query, from the analyser: its words' normalised forms and readings.

A query's bigrams (faq/search/query.py) match only what is written the same way. The
analyser (faq/search/readings.py) adds looser sets of clauses, tried after the bigrams and
before any single word may do (the order is rank.search_passes()):

forms     one clause per word with meaning, written as typed or in its normalised form
          (申込 / 申し込み, できます / 出来る); synonyms match on forms too, so a rule for
          契約をやめる meets 契約をやめたい and 契約やめます.
readings  the hiragana reading of each run of Japanese (and of the words between its
          particles), matched against the readings of the questions: けいやく meets 契約,
          the mis-converted 診査 meets 審査; synonyms match on readings too (てすうりょう).
"""

from dataclasses import dataclass
from functools import lru_cache

from faq.search.query import Clause, Phrase, Synonyms, compiled_rule
from faq.search.readings import Word, joined_reading, reading_runs, word_runs, words
from faq.search.tokens import ENGLISH_STOP_WORDS, bigrams, is_cjk, is_hiragana, query_tokens, stem


@dataclass(frozen=True)
class Variants:
    forms: tuple[Clause, ...] = ()
    # The reading of each whole run of Japanese (but a particle at its end): the analyser
    # cuts text typed in kana into words badly (かんりがめん → かん り が めん), its
    # reading is still right.
    run_readings: tuple[Clause, ...] = ()
    # Synonyms whose term reads like a run or a word of the query (てすうりょう: 手数料).
    synonyms_by_reading: tuple[Clause, ...] = ()
    # The readings of the runs of words between grammar words.
    readings: tuple[Clause, ...] = ()
    # Every reading bigram of the query on its own: the weakest evidence there is.
    reading_bigrams: tuple[Clause, ...] = ()

    @property
    def has_content(self) -> bool:
        """Whether the query says anything: a word with meaning, or Japanese to read."""
        return bool(self.forms or self.run_readings)


def variants(text: str, rules=()) -> Variants:
    """The looser clauses of a query (already truncated), with synonyms on forms."""
    query_words = words(text)
    rules = Synonyms.of(rules)
    segments = [r for r in _reading_segments(query_words) if len(r) > 1]
    runs = [r for r in _reading_runs(query_words) if len(r) > 1]
    readings = tuple(_reading_clause(r) for r in segments)
    by_reading = _reading_rules(rules)
    return Variants(
        forms=tuple(_form_clauses(query_words, _form_rules(rules))),
        run_readings=tuple(_reading_clause(r) for r in runs),
        synonyms_by_reading=tuple(
            dict.fromkeys(Clause(by_reading[r]) for r in [*runs, *segments] if r in by_reading)
        ),
        readings=readings,
        reading_bigrams=tuple(
            dict.fromkeys(
                Clause((Phrase((b,)),)) for c in readings for b in c.alternatives[0].tokens
            )
        ),
    )


def _reading_segments(query_words: list[Word]) -> list[str]:
    """The readings of the runs of Japanese words between grammar words."""
    return [joined_reading(run) for run in word_runs(query_words, lambda w: not w.grammar)]


def _reading_runs(query_words: list[Word]) -> list[str]:
    return [_without_trailing_grammar(run) for run in word_runs(query_words)]


def _without_trailing_grammar(run: list[Word]) -> str:
    """The reading of a run without the particles at its end (しんさは → しんさ); the
    whole run if that leaves less than two kana (ぱすわーど, cut ぱ す わ ど)."""
    kept = list(run)
    while kept and kept[-1].grammar and kept[-1].surface in _QUERY_ENDINGS:
        kept.pop()
    reading = joined_reading(kept)
    return reading if len(reading) > 1 else joined_reading(run)


# What visitors end a question with; only these are cut off the end of a run, as the
# analyser takes the end of a word typed in kana for grammar too (しんさ → しん さ).
_QUERY_ENDINGS_TEXT = (
    "は が を に で と も の か へ や ね よ って とは ます まし です でしょう たい ない "
    "あり ある あります いる い し する でき できる"
)
_QUERY_ENDINGS = frozenset(_QUERY_ENDINGS_TEXT.split())


def _reading_clause(reading: str) -> Clause:
    return Clause((Phrase(tuple(bigrams(reading))),))


def _form_clauses(query_words: list[Word], form_rules) -> list[Clause]:
    clauses, i = [], 0
    content = _content_words(query_words)
    while i < len(content):
        found = _longest_rule_at(content, i, form_rules)
        if found:
            length, phrases = found
            clauses.append(Clause(tuple(dict.fromkeys(phrases))))
            i += length
            continue
        clause = _word_clause(content[i])
        if clause:
            clauses.append(clause)
        i += 1
    return list(dict.fromkeys(clauses))


def _content_words(text_words: list[Word]) -> list[Word]:
    return [w for w in text_words if w.content and not _short_kana(w.surface)]


def _short_kana(text: str) -> bool:
    """A word of one or two hiragana: more often a piece of a word typed in kana that
    the analyser cut wrongly (かん り が めん) than a word of its own."""
    return len(text) < 3 and all(is_hiragana(char) for char in text)


def _word_clause(word: Word) -> Clause | None:
    if is_cjk(word.surface):
        return Clause(tuple(dict.fromkeys(_cjk_phrases(word))))
    tokens = [t for t in query_tokens(word.surface) if not t.weak]
    if not tokens or tokens[0].text in ENGLISH_STOP_WORDS:
        return None
    return Clause((Phrase(tuple(t.text for t in tokens), prefix=tokens[-1].prefix),))


def _cjk_phrases(word: Word) -> list[Phrase]:
    phrases = [_bigram_phrase(word.surface)]
    if is_cjk(word.form) and word.form != word.surface:
        phrases += [_bigram_phrase(word.form), Phrase((word.form,))]
    return phrases


def _bigram_phrase(text: str) -> Phrase:
    return Phrase(tuple(bigrams(text))) if len(text) > 1 else Phrase((text,), prefix=True)


@lru_cache(maxsize=8)
def _form_rules(rules: Synonyms) -> dict[str, list[tuple[tuple[str, ...], list[Phrase]]]]:
    """(forms of a source term, phrases to look for) of each rule, by the first form,
    longest first.

    Remembered for the last few sets of rules: analysing every term on every search would
    cost more than the search.
    """
    found = []
    for rule in rules:
        phrases = compiled_rule(rule)[1]
        for source in rule.sources:
            source_words = [w for w in words(source) if not w.grammar]
            forms = tuple(_key(w) for w in _content_words(source_words))
            # いつ使える is not 使える: a term with words the forms leave out is matched
            # as written only (by query.parse()).
            if forms and len(forms) == len(source_words):
                found.append((forms, phrases))
    by_first = {}
    for forms, phrases in sorted(found, key=lambda item: -len(item[0])):
        by_first.setdefault(forms[0], []).append((forms, phrases))
    return by_first


@lru_cache(maxsize=8)
def _reading_rules(rules: Synonyms) -> dict[str, tuple[Phrase, ...]]:
    """The phrases to look for, by the reading of each source term of three kana or more."""
    found = {}
    for rule in rules:
        phrases = tuple(dict.fromkeys(compiled_rule(rule)[1]))
        for source in rule.sources:
            reading = "".join(reading_runs(words(source)))
            if len(reading) >= 3:
                found.setdefault(reading, phrases)
    return found


def _key(word: Word) -> str:
    return word.form if is_cjk(word.form) else stem(word.form)


def _longest_rule_at(content: list[Word], start: int, form_rules):
    for forms, phrases in form_rules.get(_key(content[start]), ()):
        window = content[start : start + len(forms)]
        if len(window) == len(forms) and tuple(_key(w) for w in window) == forms:
            return len(forms), phrases
    return None
