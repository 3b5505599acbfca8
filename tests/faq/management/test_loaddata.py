"""The project's loaddata: what it loads besides Django's (faq/management/commands/loaddata.py)."""

import inspect
import json

import pytest
from django.core.management import call_command, get_commands
from django.core.management.commands.loaddata import Command as LoaddataCommand
from django.core.serializers.base import DeserializedObject
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


# The lines of Django that faq's save_obj() relies on (see the command's docstring): if a
# Django upgrade changes them, this fails and the override must be looked at again.
DJANGO_LINES = {
    LoaddataCommand.load_label: "if self.save_obj(obj):",
    LoaddataCommand.save_obj: "obj.save(using=self.using)",
    DeserializedObject.save: "for accessor_name, object_list in self.m2m_data.items():",
}


@pytest.mark.parametrize("function", DJANGO_LINES, ids=lambda f: f.__qualname__)
def test_the_django_lines_save_obj_relies_on_are_unchanged(function):
    assert DJANGO_LINES[function] in inspect.getsource(function)


def test_faqs_loaddata_is_the_one_that_runs():
    assert get_commands()["loaddata"] == "faq"


def test_a_new_row_without_many_to_many_rows_costs_no_many_to_many_query(tmp_path):
    AnsweredQuestionFactory.create_batch(3)
    fixture = dump(tmp_path / "faq.json", "faq.category", "faq.question")
    Question.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        call_command("loaddata", str(fixture), verbosity=0)
    assert Question.objects.count() == 3
    assert not [q["sql"] for q in queries if "faq_question_contact_channels" in q["sql"]]
