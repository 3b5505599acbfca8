"""The one text normaliser, used on indexed text and on queries alike.

Visitors type the same word many ways: ＳＳＬ or SSL, ｶｰﾄﾞ or カード, こんびに or コンビニ,
サーバー or サーバ. Folding all of them to one form here is what lets a bigram index
match them; both sides of the index must go through exactly this function.
"""

import unicodedata

# Dash look-alikes that visitors and editors use for the long-vowel mark after kana.
LONG_VOWEL_MARKS = frozenset("ー-‐‑‒–—―−－ｰ〜～~")
SMALL_KE_KA = {"ヶ": "か", "ヵ": "か", "ゖ": "か", "ゕ": "か"}
_KATAKANA_TO_HIRAGANA_OFFSET = ord("ア") - ord("あ")


def is_kana(char: str) -> bool:
    """A hiragana or katakana letter (not the long-vowel mark or the middle dot)."""
    return "\u3041" <= char <= "\u3096" or "\u30a1" <= char <= "\u30fa"


def _fold_kana(char: str) -> str:
    char = SMALL_KE_KA.get(char, char)
    if "\u30a1" <= char <= "\u30f6":
        return chr(ord(char) - _KATAKANA_TO_HIRAGANA_OFFSET)
    return char


def _is_unsafe(char: str) -> bool:
    """Control characters, lone surrogates and the like: never stored, never searched."""
    return unicodedata.category(char) in ("Cc", "Cs", "Cf", "Co", "Cn")


def _nfkc_casefold(text: str) -> str:
    # Case folding can undo NFKC for a few characters; repeat until nothing changes so
    # that normalising twice is the same as normalising once.
    for _ in range(4):
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
        if folded == text:
            break
        text = folded
    return text


def strip_unsafe(text: str) -> str:
    """Control characters, NUL, lone surrogates and unassigned code points become spaces."""
    return "".join(" " if _is_unsafe(c) else c for c in text)


def fold_width_and_case(text: str) -> str:
    """NFKC and case folding, control characters turned into spaces; kana left as typed."""
    return _nfkc_casefold(strip_unsafe(text))


def split_kana_fold(text: str) -> tuple[str, str]:
    """(text without long-vowel marks after kana, the same folded to hiragana), aligned.

    The tokeniser needs both: the folded form to match, the typed form to tell a
    hiragana particle from a katakana word.
    """
    kept = []
    for char in text:
        if char in LONG_VOWEL_MARKS and kept and is_kana(kept[-1]):
            continue
        kept.append(char)
    return "".join(kept), "".join(_fold_kana(char) for char in kept)


def fold_kana(text: str) -> str:
    """Katakana to hiragana, ヶ/ヵ to か, long-vowel marks (and look-alikes) after kana dropped."""
    return split_kana_fold(text)[1]


def normalise(text: str) -> str:
    """The canonical form of any text: deterministic and context-free."""
    # Dropping a mark can bring a combining sound mark next to kana, which NFKC then
    # composes; a second pass settles it, so normalise(normalise(x)) == normalise(x).
    for _ in range(4):
        folded = fold_kana(fold_width_and_case(text))
        if folded == text:
            break
        text = folded
    return text
