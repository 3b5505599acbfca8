"""manage.py export_content: the content only, in the form of the shipped fixtures."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from faq.backup import existing_content
from faq.models import Category, Question, SearchQuery, Synonym, Vote
from tests.factories import (
    AnsweredQuestionFactory,
    ContactChannelFactory,
    RelatedLinkFactory,
    SearchQueryFactory,
    SynonymFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def export(*labels, **options):
    path = options.pop("path", None)
    if path is None:
        out = StringIO()
        call_command("export_content", *labels, stdout=out, **options)
        return out.getvalue()
    call_command("export_content", *labels, output=str(path), **options)
    return Path(path).read_text(encoding="utf-8")


def _content_with_visitors_data():
    question = AnsweredQuestionFactory(slug="refunds", title_ja="返金はできますか")
    question.contact_channels.add(ContactChannelFactory(slug="sales-phone"))
    RelatedLinkFactory(question=question, target=AnsweredQuestionFactory(slug="fees"))
    SynonymFactory(terms="返金, 払い戻し")
    VoteFactory(question=question, reason="電話番号 090-0000-0000 に連絡ください")
    SearchQueryFactory(query="山田太郎の口座")
    return question


def _remove_everything():
    Question.objects.all().delete()  # answers, links and votes go with their question
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()
    for model in ("contacts.ContactChannel", "faq.Synonym", "faq.SearchQuery"):
        apps.get_model(model).objects.all().delete()
    assert existing_content() == {}


def test_it_leaves_out_votes_the_search_log_and_search_documents():
    _content_with_visitors_data()

    text = export()

    models = {record["model"] for record in json.loads(text)}
    assert models == {
        "contacts.contactchannel",
        "faq.category",
        "faq.question",
        "faq.answer",
        "faq.relatedlink",
        "faq.synonym",
    }
    assert "090-0000-0000" not in text
    assert "山田太郎" not in text


def test_an_export_loads_into_an_empty_database_and_exports_the_same(tmp_path):
    _content_with_visitors_data()
    first = export(path=tmp_path / "content.json")
    _remove_everything()

    call_command("loaddata", str(tmp_path / "content.json"), verbosity=0)

    assert export() == first
    loaded = Question.objects.get(slug="refunds")
    assert loaded.title_ja == "返金はできますか"
    assert list(loaded.contact_channels.values_list("slug", flat=True)) == ["sales-phone"]
    assert loaded.related_links.get().target.slug == "fees"
    assert Synonym.objects.get().terms == "返金, 払い戻し"
    assert not Vote.objects.exists()
    assert not SearchQuery.objects.exists()


def test_exporting_the_loaded_shipped_fixtures_gives_them_back_byte_for_byte():
    call_command("loaddata", "faq", "synonyms", verbosity=0)

    assert export(exclude=["faq.Synonym"]) == (FIXTURES / "faq.json").read_text(encoding="utf-8")
    assert export("faq.Synonym") == (FIXTURES / "synonyms.json").read_text(encoding="utf-8")


def test_it_refuses_a_model_that_is_not_content_and_writes_nothing(tmp_path):
    target = tmp_path / "content.json"

    with pytest.raises(CommandError, match=r"Not content: faq\.vote"):
        export("faq.Vote", path=target)

    assert not target.exists()


def test_it_replaces_an_existing_file_with_the_whole_export(tmp_path):
    target = tmp_path / "content.json"
    target.write_text("old", encoding="utf-8")
    SynonymFactory(terms="返金, 払い戻し")

    export(path=target)

    assert json.loads(target.read_text(encoding="utf-8"))[0]["fields"]["terms"] == "返金, 払い戻し"
    assert [p.name for p in tmp_path.iterdir()] == ["content.json"]
