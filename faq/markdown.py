"""Answer bodies: Markdown to safe HTML and to plain words, in one place, with one parser.

Editors may paste HTML into an answer, so markdown-it keeps it and nh3 then removes everything
outside a small allow-list: no <script>, no event handlers, no javascript: links.
"""

import re
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

from contacts.models import tel_href

# breaks=True: the source FAQ's line breaks are meaningful, so a single newline is a <br>
# (an option of rendering only: the words below come from the same parse).
_markdown = MarkdownIt("commonmark", {"breaks": True, "html": True}).enable("table")

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4", "hr",
    "i", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Keyed by the text itself, so an edited answer can never get stale HTML; a category page
# renders 20 answers, and markdown-it + nh3 cost more than the rest of its rendering.
@lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    tokens = _markdown.parse(text or "")
    _labelled_lists_as_definitions(tokens)
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _contact_links(token.children)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # nh3 has just sanitised it


# Phone numbers as the FAQ writes them (03-3464-2323) and email addresses: links in the
# rendered answer, so the stored text stays as the source wrote it.
_CONTACT = re.compile(
    r"(?P<phone>(?<![\d-])0\d{1,4}-\d{1,4}-\d{3,4}(?![\d-]))"
    r"|(?P<email>[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})",
    re.ASCII,
)


def _contact_links(children: list[Token]) -> list[Token]:
    """The inline tokens with each phone number and email address outside a link made a
    tel: or mailto: link."""
    result, in_link = [], 0
    for child in children:
        in_link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type != "text" or in_link:
            result.append(child)
            continue
        result.extend(_split_contacts(child.content))
    return result


def _split_contacts(text: str) -> list[Token]:
    tokens, position = [], 0
    for match in _CONTACT.finditer(text):
        tokens.append(_text(text[position : match.start()]))
        href = tel_href(match["phone"]) if match["phone"] else f"mailto:{match['email']}"
        tokens += [
            Token("link_open", "a", 1, attrs={"href": href}),
            _text(match.group()),
            Token("link_close", "a", -1),
        ]
        position = match.end()
    tokens.append(_text(text[position:]))
    return [token for token in tokens if token.type != "text" or token.content]


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _labelled_lists_as_definitions(tokens: list[Token]) -> None:
    """A bullet list whose first item stands apart (a blank line after it, none after the
    others) is a label and its entries, e.g. "<電 話>" then the number and the hours: shown
    as one <dl> entry rather than three unrelated bullets. Both languages share the shape."""
    for start, token in enumerate(tokens):
        if token.type != "bullet_list_open":
            continue
        items = _list_items(tokens, start)
        if len(items) < 2 or not _label_then_entries(tokens, items):
            continue
        token.tag = tokens[_closing(tokens, start)].tag = "dl"
        for number, (item_open, item_close) in enumerate(items):
            tokens[item_open].tag = tokens[item_close].tag = "dd" if number else "dt"
            for inner in tokens[item_open + 1 : item_close]:
                if inner.type in ("paragraph_open", "paragraph_close"):
                    inner.hidden = True


def _list_items(tokens, start):
    """(open, close) indexes of the list's own items, or [] if an item holds more than a
    paragraph (a nested list, say)."""
    items, level = [], tokens[start].level + 1
    for index in range(start + 1, _closing(tokens, start)):
        token = tokens[index]
        if token.level == level and token.type == "list_item_open":
            opened = index
        elif token.level == level and token.type == "list_item_close":
            if index - opened != 4:  # list_item_open, paragraph_open, inline, paragraph_close
                return []
            items.append((opened, index))
    return items


def _label_then_entries(tokens, items) -> bool:
    def gap_after(item):  # lines of the item beyond its one paragraph: a blank line
        return tokens[item[0]].map[1] - tokens[item[0] + 1].map[1]

    return gap_after(items[0]) > 0 and not any(gap_after(item) for item in items[1:-1])


def _closing(tokens, start):
    level = tokens[start].level
    for index in range(start + 1, len(tokens)):
        if tokens[index].level == level and tokens[index].type == "bullet_list_close":
            return index
    raise ValueError("unclosed list")


@lru_cache(maxsize=256)
def markdown_words(markdown: str) -> str:
    """The words of a Markdown text without its markup (nor any HTML in it); one line per
    source line. What the search index stores and snippets quote (remembered by the text:
    the same answers are quoted search after search)."""
    lines = []
    for block in _markdown.parse(markdown or ""):
        if block.type != "inline":
            continue
        parts = []
        for child in block.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


@lru_cache(maxsize=4096)  # as render_markdown: a question page needs it on every view
def plain_text(markdown: str, limit: int | None = None) -> str:
    """The words of Markdown on one line, for meta descriptions and JSON-LD."""
    return one_line(markdown_words(markdown), limit)


def one_line(text: str, limit: int | None = None) -> str:
    return shortened(" ".join(text.split()), limit)


def shortened(text: str, limit: int | None) -> str:
    if limit and len(text) > limit:
        return text[: limit - 1].rstrip() + "…"
    return text
