"""The content as a fixture, in the form of fixtures/faq.json: what maintainers commit.

Not a backup (faq/backup.py keeps everything the content apps hold): an export carries only
what editors wrote, so that a committed fixture never ships what visitors typed.
"""

import json
import os
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from faq.translations.state import translated_fields

# Every model of the content apps is in exactly one of these two lists
# (tests/faq/test_export.py fails on a model that is in neither).
CONTENT_MODELS = (
    "contacts.ContactChannel",
    "faq.Category",
    "faq.Question",
    "faq.Answer",
    "faq.RelatedLink",
    "faq.SiteSettings",
    "faq.FooterLink",
    "faq.Synonym",
)
NOT_CONTENT = {
    "faq.Vote": "visitors' votes and their free-text reasons",
    "faq.SearchQuery": "the log of what visitors searched for",
    "faq.SearchDocument": "derived from the questions; loaddata rebuilds it",
    "faq.Translation": "a proxy of the questions that carries the Translations admin page",
    "faq.LinkCheck": "results of manage.py check_links, made again by the next run",
    "faq.SharedCounter": "the page cache's version and the rate-limit counters of the moment",
}
# Stamped whenever a row is loaded or saved: a fixture carrying them would only record when
# the exporting database last wrote each row.
BOOKKEEPING_FIELDS = frozenset({"created_at", "updated_at"})
# The editorial workflow's state in this database (faq/editorial/): when a question is next
# re-checked and what a reviewer said; a fresh database starts its own.
WORKFLOW_FIELDS = frozenset({"review_by", "review_comment"})


class ExportError(Exception):
    pass


def content_models(labels=(), exclude=()):
    """The models to export, in CONTENT_MODELS order: ``labels`` (default all) but ``exclude``."""
    wanted, unwanted = _content_labels(labels), _content_labels(exclude)
    return [
        apps.get_model(label)
        for label in CONTENT_MODELS
        if (not wanted or label.lower() in wanted) and label.lower() not in unwanted
    ]


def _content_labels(labels):
    chosen = {label.lower() for label in labels}
    if unknown := chosen - {label.lower() for label in CONTENT_MODELS}:
        raise ExportError(
            f"Not content: {', '.join(sorted(unknown))}. "
            f"An export holds only {', '.join(CONTENT_MODELS)}."
        )
    return chosen


def export_content(labels=(), exclude=(), now=None) -> str:
    """The content as fixture text: natural keys, both languages, no database ids."""
    now = now or timezone.now()
    records = [
        _content_record(record, now)
        for model in content_models(labels, exclude)
        for record in serializers.serialize(
            "python",
            model._base_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
    ]
    return json.dumps(records, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder) + "\n"


def _content_record(record, now):
    model = apps.get_model(record["model"])
    # The bare ``title`` beside ``title_ja`` and ``title_en``: fixtures name the languages.
    dropped = BOOKKEEPING_FIELDS | WORKFLOW_FIELDS | set(translated_fields(model))
    fields = {
        name: _keys_sorted(value) for name, value in record["fields"].items() if name not in dropped
    }
    # A publication date that has passed says only "visible", which loading reproduces by
    # stamping the time of loading; a future one is a schedule, which is content.
    if "publish_at" in fields and fields["publish_at"] <= now:
        del fields["publish_at"]
    return {"model": record["model"], "fields": fields}


def _keys_sorted(value):
    """A JSON field's objects with their keys in order: PostgreSQL's jsonb keeps them in an
    order of its own, and an export must read the same from every database."""
    if isinstance(value, dict):
        return {key: _keys_sorted(value[key]) for key in sorted(value)}
    return value


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` all at once: a failure leaves the old file (or none)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")  # same directory: the rename is atomic
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
