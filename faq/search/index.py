"""The full-text index: what a question's search document holds.

SearchDocument rows hold pre-tokenised text (faq/search/tokens.py): the surface tokens of
both languages (plus the normalised forms of Japanese words written otherwise, 申込 →
申し込み) in title, answer and category, and the reading of the Japanese text as hiragana
bigrams in title_reading and body_reading (faq/search/readings.py). On SQLite an FTS5
external-content table reads them (its unicode61 tokenizer only splits our spaces); on
PostgreSQL generated tsvector('simple') columns with GIN indexes do: search_vector for the
surface, reading_vector for the readings (title weighs most, then the answer, then the
category). Migrations 0004 and 0008 create whichever the database needs.
"""

from faq.markdown import markdown_words
from faq.search.readings import reading_runs, variant_forms, words
from faq.search.tokens import bigrams, has_cjk, index_text

FTS_COLUMNS = ("title", "answer", "category", "title_reading", "body_reading")
SURFACE_COLUMNS = FTS_COLUMNS[:3]
READING_COLUMNS = FTS_COLUMNS[3:]


def _analysed(text: str) -> tuple[str, str]:
    """(surface tokens and variant forms, reading tokens) of one text."""
    surface = index_text(text)
    if not has_cjk(text):
        return surface, ""
    text_words = words(text)
    readings = [token for run in reading_runs(text_words) for token in reading_tokens(run)]
    return " ".join([surface, *variant_forms(text_words)]), " ".join(readings)


def reading_tokens(reading: str) -> list[str]:
    """A reading's bigrams, or the one kana of a one-kana reading."""
    return bigrams(reading) or [reading]


def _joined(texts) -> tuple[str, str]:
    analysed = [_analysed(text) for text in dict.fromkeys(texts) if text]
    return " ".join(a[0] for a in analysed), " ".join(a[1] for a in analysed if a[1])


def document_fields(*, titles, answers, categories) -> dict[str, str]:
    """The token text of each column, from each language's title, answer and category."""
    title, title_reading = _joined(titles)
    answer, answer_reading = _joined(markdown_words(body) for body in answers)
    category, category_reading = _joined(categories)
    return {
        "title": title,
        "answer": answer,
        "category": category,
        "title_reading": title_reading,
        "body_reading": " ".join(filter(None, (answer_reading, category_reading))),
    }
