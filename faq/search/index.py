"""The full-text index: what a question's search document holds and the SQL behind it.

SearchDocument rows hold pre-tokenised text (faq/search/tokens.py). On SQLite an FTS5
external-content table reads them (its unicode61 tokenizer only splits our spaces); on
PostgreSQL a generated tsvector('simple') column with a GIN index does. Migration 0004
creates whichever the database needs, through create_index_sql() here.
"""

from faq.markdown import markdown_words
from faq.search.tokens import index_text

FTS_TABLE = "faq_searchdocument_fts"

_SQLITE_DDL = [
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        title, answer, category,
        content='faq_searchdocument', content_rowid='question_id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    f"""CREATE TRIGGER faq_searchdocument_ai AFTER INSERT ON faq_searchdocument BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, answer, category)
        VALUES (new.question_id, new.title, new.answer, new.category);
    END""",
    f"""CREATE TRIGGER faq_searchdocument_ad AFTER DELETE ON faq_searchdocument BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, answer, category)
        VALUES ('delete', old.question_id, old.title, old.answer, old.category);
    END""",
    f"""CREATE TRIGGER faq_searchdocument_au AFTER UPDATE ON faq_searchdocument BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, answer, category)
        VALUES ('delete', old.question_id, old.title, old.answer, old.category);
        INSERT INTO {FTS_TABLE}(rowid, title, answer, category)
        VALUES (new.question_id, new.title, new.answer, new.category);
    END""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS faq_searchdocument_au",
    "DROP TRIGGER IF EXISTS faq_searchdocument_ad",
    "DROP TRIGGER IF EXISTS faq_searchdocument_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
# Title weighs most (A), then the answer (B), then the category name (C).
_POSTGRES_DDL = [
    """ALTER TABLE faq_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, answer), 'B')
        || setweight(to_tsvector('simple'::regconfig, category), 'C')
    ) STORED""",
    "CREATE INDEX faq_searchdocument_vector ON faq_searchdocument USING gin (search_vector)",
]
_POSTGRES_DROP = [
    "DROP INDEX IF EXISTS faq_searchdocument_vector",
    "ALTER TABLE faq_searchdocument DROP COLUMN IF EXISTS search_vector",
]

SUPPORTED_VENDORS = ("sqlite", "postgresql")


def create_index_sql(vendor: str) -> list[str]:
    return {"sqlite": _SQLITE_DDL, "postgresql": _POSTGRES_DDL}.get(vendor, [])


def drop_index_sql(vendor: str) -> list[str]:
    return {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP}.get(vendor, [])


def _joined(*texts: str) -> str:
    return " ".join(index_text(text) for text in dict.fromkeys(texts) if text)


def document_fields(*, titles, answers, categories) -> dict[str, str]:
    """The token text of each column, from each language's title, answer and category."""
    return {
        "title": _joined(*titles),
        "answer": _joined(*(markdown_words(body) for body in answers)),
        "category": _joined(*categories),
    }
