"""The one text normaliser, used on indexed text and on queries alike.

Visitors type the same word many ways: ＳＳＬ or SSL, ｶｰﾄﾞ or カード, こんびに or コンビニ,
サーバー or サーバ. Folding all of them to one form here is what lets a bigram index
match them; both sides of the index must go through exactly this function.
"""

import re
import unicodedata

# Dash look-alikes that visitors and editors use for the long-vowel mark after kana.
LONG_VOWEL_MARKS = frozenset("ー-‐‑‒–—―−－ｰ〜～~")
SMALL_KE_KA = {"ヶ": "か", "ヵ": "か", "ゖ": "か", "ゕ": "か"}
_KATAKANA_TO_HIRAGANA_OFFSET = ord("ア") - ord("あ")


# Hiragana and katakana letters (not the long-vowel mark or the middle dot), as a regex class.
_KANA_LETTERS = "\u3041-\u3096\u30a1-\u30fa"
_KANA_LETTER = re.compile(f"[{_KANA_LETTERS}]")


def is_kana(char: str) -> bool:
    return _KANA_LETTER.fullmatch(char) is not None


# Katakana to hiragana, ヶ/ヵ to か: one code point for one, so str.translate can do it.
_KANA_FOLD = {
    **{code: code - _KATAKANA_TO_HIRAGANA_OFFSET for code in range(0x30A1, 0x30F7)},
    **{ord(small): ord(plain) for small, plain in SMALL_KE_KA.items()},
}
# A long-vowel mark (or a run of them) right after a kana letter.
_MARKS_AFTER_KANA = re.compile(
    f"(?<=[{_KANA_LETTERS}])[" + re.escape("".join(LONG_VOWEL_MARKS)) + "]+"
)


def _is_unsafe(char: str) -> bool:
    """Control characters, lone surrogates and the like: never stored, never searched."""
    return unicodedata.category(char) in ("Cc", "Cs", "Cf", "Co", "Cn")


class Memo(dict):
    """compute(key) for a missing key, remembered: per-character work done once per
    distinct character instead of once per character of text (and usable as a
    str.translate table)."""

    MAX_SIZE = 20_000  # hostile text could bring every code point: stop remembering

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, key):
        value = self.compute(key)
        if len(self) < self.MAX_SIZE:
            self[key] = value
        return value


_UNSAFE_TO_SPACE = Memo(lambda code: " " if _is_unsafe(chr(code)) else chr(code))


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
    return text.translate(_UNSAFE_TO_SPACE)


def fold_width_and_case(text: str) -> str:
    """NFKC and case folding, control characters turned into spaces; kana left as typed."""
    return _nfkc_casefold(strip_unsafe(text))


def split_kana_fold(text: str) -> tuple[str, str]:
    """(text without long-vowel marks after kana, the same folded to hiragana), aligned.

    The tokeniser needs both: the folded form to match, the typed form to tell a
    hiragana particle from a katakana word.
    """
    kept = _MARKS_AFTER_KANA.sub("", text)
    return kept, kept.translate(_KANA_FOLD)


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
