"""Readings and word forms of Japanese text, from the morphological analyser.

SudachiPy with the SudachiDict core dictionary (docs/search.md says why this one). For each
word it gives the reading (ケイヤク for 契約, so that けいやく meets 契約 and the
mis-converted 診査 meets 審査) and the normalised form (申込 and 申し込み → 申し込み,
できます → 出来る), so that inflections and spelling variants meet.

The dictionary is a file the analyser memory-maps: every gunicorn worker shares the same
pages. It is opened once per process (check_dictionary() at start-up, so a broken install
stops the site with a clear message instead of failing every request), and each thread gets
its own tokenizer, which is not safe to share.
"""

import logging
import threading
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ImproperlyConfigured

from faq.search.normalise import Memo, fold_width_and_case, normalise
from faq.search.tokens import is_cjk

logger = logging.getLogger(__name__)

# The analyser refuses more than 49,149 bytes at once; 4,000 characters are at most
# 16,000 bytes, with room to spare.
CHUNK_LENGTH = 4_000
# Parts of speech that carry meaning; particles, auxiliaries, suffixes, symbols do not.
_CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞", "副詞", "感動詞"})
# Parts of speech that are grammar only: they separate the words of a query's reading.
_GRAMMAR_POS = frozenset({"助詞", "助動詞", "補助記号", "空白"})
# Light verbs and formal nouns (normalised forms): grammar, not a topic of the FAQ.
_LIGHT_FORMS_TEXT = (
    "為る 有る 居る 成る 出来る 御座る 下さる 頂く 致す 遣る 貰う 呉れる 思う 言う 良い "
    "無い 事 物 為 様 所 時 方 何 等 位 其れ 此れ 何れ"
)
_LIGHT_FORMS = frozenset(_LIGHT_FORMS_TEXT.split())


@dataclass(frozen=True)
class Word:
    surface: str  # as in the text, normalised (normalise())
    reading: str  # hiragana, normalised; "" when the analyser has none in kana
    form: str  # the dictionary's normalised form, normalised
    content: bool  # a word with meaning (not a prefix or suffix either)
    grammar: bool  # a particle, an auxiliary, a light verb, punctuation


@cache
def _dictionary():
    from sudachipy import Dictionary

    return Dictionary(dict="core")


def check_dictionary() -> None:
    """Open the dictionary now; ImproperlyConfigured with the cause if it cannot be."""
    try:
        _dictionary()
    except Exception as error:  # any failure of a native library: its own exception types
        raise ImproperlyConfigured(
            "The Japanese search analyser could not load its dictionary "
            f"(SudachiPy with SudachiDict-core): {error}. Reinstall with `make install`."
        ) from error


_local = threading.local()


def _tokenizer():
    if not hasattr(_local, "tokenizer"):
        from sudachipy import SplitMode

        _local.tokenizer = _dictionary().tokenizer(mode=SplitMode.C)
        _local.content = {}
    return _local.tokenizer


def _kind(morpheme) -> tuple[bool, bool]:
    """(content, grammar) of the part of speech; remembered per part-of-speech id."""
    pos_id = morpheme.part_of_speech_id()
    known = _local.content.get(pos_id)
    if known is None:
        pos = morpheme.part_of_speech()
        content = pos[0] in _CONTENT_POS and pos[1] not in ("数詞", "代名詞")
        known = _local.content[pos_id] = (content, pos[0] in _GRAMMAR_POS)
    return known


def words(text: str) -> list[Word]:
    """The words of any text; [] where the analyser fails (logged): it never raises.

    The analyser sees the text width- and case-folded with control characters, lone
    surrogates and the like removed (fold_width_and_case), but with its kana as written:
    katakana tells it where a loanword is.
    """
    text = fold_width_and_case(text)
    result = []
    for start in range(0, len(text), CHUNK_LENGTH):
        result.extend(_chunk_words(text[start : start + CHUNK_LENGTH]))
    return result


def _chunk_words(chunk: str) -> list[Word]:
    try:
        morphemes = _tokenizer().tokenize(chunk)
    except Exception:  # the analyser's own errors; a query must still get a page
        logger.exception("the analyser failed on %r", chunk[:80])
        return []
    return [_cached_word(m) for m in morphemes if not m.surface().isspace()]


# A dictionary word is the same Word wherever it occurs: built once per process.
_WORDS: dict[int | str, Word] = {}


def _cached_word(morpheme) -> Word:
    # A word not in the dictionary is known by what is written.
    word_id = morpheme.surface() if morpheme.is_oov() else morpheme.word_id()
    word = _WORDS.get(word_id)
    if word is None:
        word = _word(morpheme)
        if len(_WORDS) < Memo.MAX_SIZE * 5:
            _WORDS[word_id] = word
    return word


def _reading(reading_form: str) -> str:
    # っ as つ: the dictionary reads 実店舗 じつてんぽ, people type じってんぽ.
    reading = normalise(reading_form).replace("っ", "つ")
    return reading if is_cjk(reading) else ""


# Normalising each word of every answer was most of the time an index build took: a word
# recurs, so each is normalised once.
_NORMALISED = Memo(normalise)
_READING = Memo(_reading)


def _word(morpheme) -> Word:
    form = _NORMALISED[morpheme.normalized_form()]
    content, grammar = _kind(morpheme)
    light = form in _LIGHT_FORMS
    return Word(
        surface=_NORMALISED[morpheme.surface()],
        reading=_READING[morpheme.reading_form()],
        form=form,
        content=content and not light,
        grammar=grammar or light,
    )


def word_runs(text_words: list[Word], keep=None) -> list[list[Word]]:
    """The runs of consecutive Japanese words that have a reading (and that keep accepts)."""
    runs, current = [], []
    for word in text_words:
        if word.reading and is_cjk(word.surface) and (keep is None or keep(word)):
            current.append(word)
        elif current:
            runs.append(current)
            current = []
    return [*runs, current] if current else runs


def reading_runs(text_words: list[Word]) -> list[str]:
    """The readings of runs of Japanese words, each run's readings joined.

    A word without a reading in kana (Latin letters, digits, punctuation) ends a run.
    """
    return [joined_reading(run) for run in word_runs(text_words)]


def joined_reading(run: list[Word]) -> str:
    return "".join(word.reading for word in run)


def variant_forms(text_words: list[Word]) -> list[str]:
    """Normalised forms of the Japanese words whose form differs from what is written."""
    return [
        w.form
        for w in text_words
        if w.form != w.surface and is_cjk(w.form) and is_cjk(w.surface) and w.content
    ]
