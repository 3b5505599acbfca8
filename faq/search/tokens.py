"""Script-aware tokens: what the index stores and what a query looks for.

Japanese has no spaces, so a run of kana and kanji becomes overlapping character bigrams
(決済方法 → 決済 済方 方法) plus its last character, so that a one-character query can
match as a prefix. A run of Latin letters and a run of digits are words of their own, so
ISO27001 meets "ISO/IEC 27001:2013" and 3Dセキュア meets "3D セキュア".
"""

import re
from dataclasses import dataclass

from faq.search.normalise import Memo, fold_width_and_case, normalise, split_kana_fold

# Kanji (with the iteration marks 々〆〇), hiragana and katakana.
_CJK = (
    "\u3005-\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK_RUN = re.compile(f"[{_CJK}]+")
# Between two kanji/kana runs only a space: decoration such as <電 話> in the source.
_CJK_GAP = re.compile(f"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")
_WORD_OR_CJK = re.compile(f"[{_CJK}]+|[^\\W\\d_{_CJK}]+|\\d+")
_ENGLISH_SUFFIXES = ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s")
# A consonant doubled before -ed/-ing (cancelled, shipping, billed) stands for one.
_DOUBLED = frozenset("bdglmnprt")
# English words that carry no topic; like Japanese particles they are weak in a query.
_STOP_WORDS_TEXT = (
    "a an the of to in on at by for from with about and or not no is are was be been "
    "it its this that these those there do does did i me my we our you your can "
    "could how what when where which who why will would should shall may might have "
    "has had any some if as so want like please tell know get "
)
ENGLISH_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


@dataclass(frozen=True)
class Token:
    text: str
    # A bigram with a hiragana (ので, 報を) or across katakana and kanji (ど情): more often
    # grammar or a word boundary than meaning.
    weak: bool = False
    # A one-character kana/kanji query or a longer Latin word: matched as a prefix.
    prefix: bool = False
    # Which run of the query the token came from: bigrams of one run overlap.
    run: int = 0


def is_cjk(text: str) -> bool:
    return bool(_CJK_RUN.fullmatch(text))


def has_cjk(text: str) -> bool:
    return bool(_CJK_RUN.search(text))


def stem(word: str) -> str:
    """A light English stemmer: cards/card, cancelled/cancellation/cancel share a stem."""
    return _STEMS[word]


def _stem(word: str) -> str:
    if not word.isascii() or not word.isalpha() or len(word) <= 3:
        return word
    for suffix in _ENGLISH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    elif word.endswith("y") and len(word) > 3 and word[-2] not in "aeiou":
        word = word[:-1]  # company / compan(ies)
    if len(word) > 3 and word[-1] == word[-2] and word[-1] in _DOUBLED:
        word = word[:-1]  # cancelled, cancelling / cancel
    return word


# An index build stems the same words over and over: each is stemmed once.
_STEMS = Memo(_stem)


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> list[str]:
    """Tokens of stored text, in order, for the index's token column."""
    text = normalise(text)
    tokens = []
    for match in _WORD_OR_CJK.finditer(_CJK_GAP.sub("", text)):
        run = match.group()
        if is_cjk(run):
            tokens.extend(bigrams(run))
            tokens.append(run[-1])
        else:
            tokens.append(stem(run))
    return tokens


def index_text(text: str) -> str:
    return " ".join(index_tokens(text))


def query_tokens(text: str) -> list[Token]:
    """Tokens of a query, each marked weak or prefix; text as typed, not yet normalised."""
    typed = fold_width_and_case(text)
    tokens = []
    for number, match in enumerate(_WORD_OR_CJK.finditer(typed)):
        run = match.group()
        if is_cjk(run):
            tokens.extend(_cjk_query_tokens(run, number))
        else:
            tokens.append(_word_query_token(normalise(run), number))
    return tokens


def _word_query_token(word: str, run: int) -> Token:
    if word in ENGLISH_STOP_WORDS:
        return Token(word, weak=True, run=run)
    word = stem(word)
    return Token(word, prefix=len(word) >= 4 and word.isalpha(), run=run)


def _cjk_query_tokens(run: str, number: int) -> list[Token]:
    kept, folded = split_kana_fold(run)
    if len(folded) == 1:
        return [Token(folded, prefix=True, run=number)]
    return [
        Token(
            folded[i : i + 2],
            weak=_is_weak(kept[i], kept[i + 1]),
            run=number,
        )
        for i in range(len(folded) - 1)
    ]


def is_hiragana(char: str) -> bool:
    return "\u3041" <= char <= "\u309f"


def _is_weak(first: str, second: str) -> bool:
    """Particles (both hiragana), or a pair across a change of script (ど情, 報を, 払い)."""
    return (is_hiragana(first) or is_hiragana(second)) or (
        _is_katakana(first) != _is_katakana(second)
    )


def _is_katakana(char: str) -> bool:
    return "\u30a1" <= char <= "\u30ff"
