"""Answer bodies: Markdown to safe HTML and to plain words, in one place, with one parser.

Editors may paste HTML into an answer, so markdown-it keeps it and nh3 then removes everything
outside a small allow-list: no <script>, no event handlers, no javascript: links.
"""

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# breaks=True: the source FAQ's line breaks are meaningful, so a single newline is a <br>
# (an option of rendering only: the words below come from the same parse).
_markdown = MarkdownIt("commonmark", {"breaks": True, "html": True}).enable("table")

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "hr", "i", "li",
    "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Keyed by the text itself, so an edited answer can never get stale HTML; a category page
# renders 50 answers, and markdown-it + nh3 cost more than the rest of its rendering.
@lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    html = _markdown.render(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # nh3 has just sanitised it


def markdown_words(markdown: str) -> str:
    """The words of a Markdown text without its markup (nor any HTML in it); one line per
    source line. What the search index stores and snippets quote."""
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


def plain_text(markdown: str, limit: int | None = None) -> str:
    """The words of Markdown on one line, for meta descriptions and JSON-LD."""
    return one_line(markdown_words(markdown), limit)


def one_line(text: str, limit: int | None = None) -> str:
    return shortened(" ".join(text.split()), limit)


def shortened(text: str, limit: int | None) -> str:
    if limit and len(text) > limit:
        return text[: limit - 1].rstrip() + "…"
    return text
