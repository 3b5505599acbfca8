"""faq.loading: natural keys from memory while loaddata runs."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faq.loading import natural_keys_in_memory
from faq.models import Answer, Category, Question, RelatedLink
from tests.factories import AnsweredQuestionFactory, CategoryFactory, RelatedLinkFactory

pytestmark = pytest.mark.django_db


def dumped(tmp_path, questions):
    """A natural-key fixture of `questions` answered questions, each with a related link."""
    category = CategoryFactory()
    items = AnsweredQuestionFactory.create_batch(questions, category=category)
    for question, target in zip(items, items[1:] + items[:1], strict=True):
        RelatedLinkFactory(question=question, target=target)
    path = tmp_path / f"faq-{questions}.json"
    call_command(
        "dumpdata",
        "faq.category",
        "faq.question",
        "faq.answer",
        "faq.relatedlink",
        natural_primary=True,
        natural_foreign=True,
        output=str(path),
        verbosity=0,
    )
    Question.objects.all().delete()
    Category.objects.exclude(parent=None).delete()  # categories first: they protect groups
    Category.objects.all().delete()
    return path


def queries_to_load(path):
    with CaptureQueriesContext(connection) as queries:
        call_command("loaddata", str(path), verbosity=0)
    return len(queries)


def test_a_load_costs_a_few_queries_per_question_however_many_it_holds(tmp_path):
    small, large = dumped(tmp_path, 5), dumped(tmp_path, 25)
    per_question = (queries_to_load(large) - queries_to_load(small)) / 20
    # Three inserts (question, answer, link); without the keys in memory every question also
    # costs about ten lookups, and its empty list of contact channels a savepoint and a query.
    assert per_question <= 3.5
    assert Question.objects.count() == 30 and RelatedLink.objects.count() == 30


def test_a_load_updates_rows_that_were_there_before_it(tmp_path):
    path = dumped(tmp_path, 3)
    call_command("loaddata", str(path), verbosity=0)
    records = json.loads(path.read_text())
    for record in records:
        if record["model"] == "faq.answer":
            record["fields"]["body_ja"] = "書き換えた回答"
    path.write_text(json.dumps(records))
    call_command("loaddata", str(path), verbosity=0)
    assert Answer.objects.count() == 3
    assert set(Answer.objects.values_list("body_ja", flat=True)) == {"書き換えた回答"}


def test_a_row_saved_under_a_new_key_is_found_by_it_and_not_by_the_old_one():
    question = AnsweredQuestionFactory(slug="old-slug")
    with natural_keys_in_memory():
        assert Question.objects.get_by_natural_key("old-slug").pk == question.pk
        question.slug = "new-slug"
        question.save()
        assert Question.objects.get_by_natural_key("new-slug").pk == question.pk
        with pytest.raises(Question.DoesNotExist):
            Question.objects.get_by_natural_key("old-slug")
        assert Answer.objects.get_by_natural_key("new-slug").pk == question.answer.pk


def test_outside_a_load_a_lookup_reads_the_whole_row():
    question = AnsweredQuestionFactory()
    assert Question.objects.get_by_natural_key(question.slug).title == question.title
