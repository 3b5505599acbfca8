"""Snippets with the matched words in <mark>: escape first, then mark.

Matching runs on the normalised text (so ＳＳＬ marks SSL and こんびに marks コンビニ), mapped
back to the characters as written. Everything from the text is escaped; the only markup
in the result is the <mark> elements added here. Never FTS5 highlight() or ts_headline:
they pass HTML in the text straight through.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from faq.search.normalise import (
    LONG_VOWEL_MARKS,
    Memo,
    fold_kana,
    fold_width_and_case,
    is_kana,
)

SNIPPET_LENGTH = 120
_LATIN_WORD_CHAR = re.compile(r"[^\W_]", re.ASCII)


def _clusters(text: str) -> list[tuple[int, int]]:
    """(start, end) of each character with the combining marks that follow it."""
    spans = []
    for i, char in enumerate(text):
        if spans and (unicodedata.combining(char) or char in "\u3099\u309a"):
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


def _folded(cluster: str) -> tuple[str, str]:
    """(width- and case-folded, then also kana-folded): what a cluster becomes."""
    piece = fold_width_and_case(cluster)
    return piece, fold_kana(piece)


# Folding a whole answer one character at a time is what a results page spends its time
# on otherwise.
_FOLDED = Memo(_folded)


@lru_cache(maxsize=256)
def normalised_with_origins(text: str) -> tuple[str, tuple[int, ...]]:
    """The normalised text and, for each of its characters, the index of its origin.

    Remembered by the text itself: the same answers come back in search after search, and
    folding one took a tenth of a search's results (about 12 KB an answer of the shipped
    FAQ, 3 MB for 256)."""
    chars, origins = [], []
    for start, end in _clusters(text):
        piece, folded = _FOLDED[text[start:end]]
        if piece in LONG_VOWEL_MARKS and chars and is_kana(chars[-1]):
            continue
        chars.extend(folded)
        origins.extend([start] * len(folded))
    return "".join(chars), tuple(origins)


def _match_spans(text: str, terms) -> list[tuple[int, int]]:
    """Spans of the original text that match a term, merged where they touch."""
    normalised, origins = normalised_with_origins(text)
    spans = []
    for term in filter(None, terms):
        for match in re.finditer(re.escape(term), normalised):
            start, end = match.start(), match.end()
            if term.isascii():
                if start and _LATIN_WORD_CHAR.match(normalised[start - 1]):
                    continue
                while end < len(normalised) and _LATIN_WORD_CHAR.match(normalised[end]):
                    end += 1
            stop = origins[end] if end < len(origins) else len(text)
            spans.append((origins[start], stop))
    return _merged(spans)


def _merged(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms) -> SafeString:
    """The whole text, escaped, with every match of a term in <mark>."""
    return _render(text, _match_spans(text, terms), 0, len(text))


def snippet(text: str, terms, length: int = SNIPPET_LENGTH) -> SafeString:
    """About length characters around the first match (or the start), escaped and marked."""
    text = " ".join(text.split())
    spans = _match_spans(text, terms)
    first = spans[0] if spans else (0, 0)
    start = max(0, first[0] - length // 4)
    end = min(len(text), start + length)
    start, end = _word_start(text, start, first[0]), _word_end(text, end, first[1])
    html = _render(text, spans, start, end)
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + html + suffix)


def _cuts_a_word(text: str, index: int) -> bool:
    """Whether index falls inside a Latin word (or a character with its combining marks);
    Japanese has no spaces, so any other character boundary is a fine place to cut."""
    if not 0 < index < len(text):
        return False
    if unicodedata.combining(text[index]) or text[index] in "\u3099\u309a":
        return True
    return bool(_LATIN_WORD_CHAR.match(text[index - 1]) and _LATIN_WORD_CHAR.match(text[index]))


def _word_start(text: str, start: int, limit: int) -> int:
    """Start at the beginning of a word: forward past the cut word, never past limit."""
    while _cuts_a_word(text, start) and start < limit:
        start += 1
    return start + 1 if start < limit and text[start : start + 1] == " " else start


def _word_end(text: str, end: int, limit: int) -> int:
    """End after a whole word: back to before the cut word, never before limit."""
    while _cuts_a_word(text, end) and end > limit:
        end -= 1
    return max(limit, len(text[:end].rstrip()))


def _render(text, spans, start, end) -> SafeString:
    out, position = [], start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        out.append(escape(text[position:span_start]))
        out.append("<mark>" + escape(text[span_start:span_end]) + "</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return mark_safe("".join(out))
