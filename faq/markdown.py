"""Answer bodies: Markdown to safe HTML, in one place.

Editors may paste HTML into an answer, so markdown-it keeps it and nh3 then removes everything
outside a small allow-list: no <script>, no event handlers, no javascript: links.
"""

from functools import lru_cache

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# breaks=True: the source FAQ's line breaks are meaningful, so a single newline is a <br>.
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


def plain_text(html: str, limit: int | None = None) -> str:
    """The visible text of rendered HTML on one line, for meta descriptions and JSON-LD."""
    return shortened(" ".join(strip_tags(html).split()), limit)


def shortened(text: str, limit: int | None) -> str:
    if limit and len(text) > limit:
        return text[: limit - 1].rstrip() + "…"
    return text
