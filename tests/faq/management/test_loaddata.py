"""The project's loaddata: what it loads besides Django's (faq/management/commands/loaddata.py)."""

import json

import pytest
from django.core.management import call_command

from faq.models import Question, SearchDocument
from tests.factories import AnsweredQuestionFactory, ContactChannelFactory

pytestmark = pytest.mark.django_db


def dump(path, *labels):
    call_command("dumpdata", *labels, natural_foreign=True, natural_primary=True, output=str(path))
    return path


def test_search_documents_in_a_fixture_are_skipped_and_rebuilt(tmp_path):
    loaded = AnsweredQuestionFactory(title_ja="返金はできますか")
    fixture = dump(tmp_path / "faq.json", "faq")
    loaded.delete()
    bystander = AnsweredQuestionFactory(title_ja="解約の方法")
    # The dumped document carries the old database's id: loaded as it is, it would hold
    # text of another question, here the one that now owns that id.
    records = json.loads(fixture.read_text())
    for record in records:
        if record["model"] == "faq.searchdocument":
            record["pk"] = bystander.pk
    fixture.write_text(json.dumps(records, ensure_ascii=False))

    call_command("loaddata", str(fixture), verbosity=0)

    reloaded = Question.objects.get(slug=loaded.slug)
    assert SearchDocument.objects.get(pk=bystander.pk).title.startswith("解約")
    assert "返金" in SearchDocument.objects.get(pk=reloaded.pk).title


def test_reloading_a_question_without_contact_channels_removes_its_channels(tmp_path):
    question = AnsweredQuestionFactory()
    fixture = dump(tmp_path / "faq.json", "faq.category", "faq.question")
    question.contact_channels.add(ContactChannelFactory())

    call_command("loaddata", str(fixture), verbosity=0)

    assert not question.contact_channels.exists()


def test_a_new_question_gets_the_contact_channels_its_fixture_lists(tmp_path):
    question = AnsweredQuestionFactory()
    question.contact_channels.add(ContactChannelFactory(slug="phone"))
    fixture = dump(tmp_path / "faq.json", "contacts", "faq.category", "faq.question")
    question.delete()

    call_command("loaddata", str(fixture), verbosity=0)

    loaded = Question.objects.get(slug=question.slug)
    assert list(loaded.contact_channels.values_list("slug", flat=True)) == ["phone"]
