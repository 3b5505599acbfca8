"""What changed in the Japanese since the English was written, for the translator.

Character by character: Japanese has no spaces between words, so a word diff would mark
whole sentences, and a line diff whole paragraphs, where one fee or one date changed.
"""

from difflib import SequenceMatcher

from django.utils.html import format_html, format_html_join


def japanese_diff(then, now):
    """HTML of ``now`` with what ``then`` said and ``now`` no longer says in <del>, and
    what is new in <ins>; every piece of text escaped."""
    matcher = SequenceMatcher(None, then, now, autojunk=False)
    return format_html_join(
        "", "{}", ((_piece(op, then, now, *spans),) for op, *spans in matcher.get_opcodes())
    )


def _piece(op, then, now, then_start, then_end, now_start, now_end):
    removed, added = then[then_start:then_end], now[now_start:now_end]
    if op == "equal":
        return format_html("{}", added)
    return format_html("{}{}", _marked("del", removed), _marked("ins", added))


def _marked(tag, text):
    return format_html("<{}>{}</{}>", tag, text, tag) if text else ""
