"""The full-text index: what a question's search document holds.

SearchDocument rows hold pre-tokenised text (faq/search/tokens.py). On SQLite an FTS5
external-content table reads them (its unicode61 tokenizer only splits our spaces); on
PostgreSQL a generated tsvector('simple') column with a GIN index does. Migration 0004
holds the SQL of both, the one home of it: a migration that changes the index brings its
own.
"""

from faq.markdown import markdown_words
from faq.search.tokens import index_text


def _joined(*texts: str) -> str:
    return " ".join(index_text(text) for text in dict.fromkeys(texts) if text)


def document_fields(*, titles, answers, categories) -> dict[str, str]:
    """The token text of each column, from each language's title, answer and category."""
    return {
        "title": _joined(*titles),
        "answer": _joined(*(markdown_words(body) for body in answers)),
        "category": _joined(*categories),
    }
