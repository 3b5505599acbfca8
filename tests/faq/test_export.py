"""faq/export.py: which models and fields a content export holds, and how it is written."""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from faq.export import CONTENT_MODELS, NOT_CONTENT, export_content, write_atomically
from tests.factories import AnsweredQuestionFactory


def test_every_model_of_the_content_apps_is_either_content_or_named_as_not_content():
    labels = {
        model._meta.label
        for app in ("contacts", "faq")
        for model in apps.get_app_config(app).get_models()
    }

    assert labels == set(CONTENT_MODELS) | set(NOT_CONTENT)
    assert not set(CONTENT_MODELS) & set(NOT_CONTENT)


@pytest.mark.django_db
def test_it_keeps_a_future_publication_date_and_drops_a_past_one_and_the_timestamps():
    now = timezone.now()
    AnsweredQuestionFactory(slug="scheduled", publish_at=now + timedelta(days=3))
    AnsweredQuestionFactory(slug="live", publish_at=now - timedelta(days=3))

    text = export_content(["faq.Question"], now=now)

    fields = {r["fields"]["slug"]: r["fields"] for r in json.loads(text)}
    assert "publish_at" in fields["scheduled"]
    assert "publish_at" not in fields["live"]
    assert not {"created_at", "updated_at", "title"} & set(fields["live"])
    assert {"title_ja", "title_en"} <= set(fields["live"])


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(tmp_path):
    target = tmp_path / "faq.json"
    target.write_text("the old content", encoding="utf-8")

    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "new content, then a lone surrogate \ud800")

    assert target.read_text(encoding="utf-8") == "the old content"
    assert [p.name for p in tmp_path.iterdir()] == ["faq.json"]


def test_the_written_file_gets_the_permissions_of_any_new_file(tmp_path):
    plain = tmp_path / "plain.json"
    plain.write_text("", encoding="utf-8")

    write_atomically(tmp_path / "faq.json", "[]\n")

    assert (tmp_path / "faq.json").stat().st_mode == plain.stat().st_mode
