import pytest
from django.core.management import call_command

from faq.models import Question, SearchDocument
from faq.search.rank import search
from faq.search.sync import deferred_reindex, index_missing_documents, reindex_questions
from tests.factories import AnsweredQuestionFactory, AnswerFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def found(query):
    return search(query).question_ids


def test_a_saved_question_is_found_by_its_title():
    question = AnsweredQuestionFactory(title_ja="返金はできますか")
    assert found("返金") == [question.pk]


def test_an_edited_answer_is_found_by_its_new_words_only():
    question = AnsweredQuestionFactory()
    question.answer.body_ja = "振込手数料がかかります。"
    question.answer.save()
    assert found("振込") == [question.pk]
    question.answer.body_ja = "無料です。"
    question.answer.save()
    assert found("振込") == []


def test_a_renamed_category_reindexes_its_questions():
    question = AnsweredQuestionFactory()
    question.category.name_ja = "返品ポリシー"
    question.category.save()
    assert found("返品") == [question.pk]


def test_a_deleted_question_leaves_the_index():
    question = AnsweredQuestionFactory(title_ja="返金はできますか")
    question.delete()
    assert not SearchDocument.objects.exists()
    assert found("返金") == []


def test_a_deleted_answer_leaves_the_question_indexed_by_its_title():
    question = AnsweredQuestionFactory(title_ja="返金はできますか")
    question.answer.delete()
    assert found("返金") == [question.pk]
    assert found("回答") == []


def test_a_bulk_update_needs_reindex_questions():
    category = CategoryFactory()
    question = AnswerFactory(question__category=category).question
    Question.objects.filter(pk=question.pk).update(title_ja="ポイント払いは使えますか")
    assert found("ポイント") == []
    reindex_questions([question.pk])
    assert found("ポイント") == [question.pk]


def test_the_english_text_is_indexed_too():
    question = AnsweredQuestionFactory(title_en="Refunds")
    assert found("refund") == [question.pk]


def test_loaddata_raw_saves_are_indexed(tmp_path):
    question = AnsweredQuestionFactory(title_ja="返金はできますか")
    fixture = tmp_path / "questions.json"
    call_command(
        "dumpdata",
        "faq.category",
        "faq.question",
        "faq.answer",
        natural_foreign=True,
        natural_primary=True,
        output=str(fixture),
    )
    Question.objects.filter(pk=question.pk).update(title_ja="別の質問")
    SearchDocument.objects.all().delete()
    call_command("loaddata", str(fixture), verbosity=0)
    assert found("返金") == [question.pk]


def test_deferred_reindex_indexes_each_changed_question_once_when_the_block_ends():
    with deferred_reindex():
        question = AnsweredQuestionFactory(title_ja="返金はできますか")
        assert not SearchDocument.objects.exists()
    assert found("返金") == [question.pk]


def test_deferred_reindex_indexes_nothing_when_the_block_fails():
    with pytest.raises(RuntimeError), deferred_reindex():
        AnsweredQuestionFactory(title_ja="返金はできますか")
        raise RuntimeError("the load failed")
    assert not SearchDocument.objects.exists()


def test_after_migrate_every_question_without_a_document_gets_one():
    """A migration that changes the index empties the documents; migrate's end refills them."""
    kept, emptied = AnsweredQuestionFactory(), AnsweredQuestionFactory(title_ja="審査について")
    SearchDocument.objects.filter(question_id=emptied.pk).delete()
    before = SearchDocument.objects.get(question_id=kept.pk).title

    index_missing_documents(sender=None)

    assert set(SearchDocument.objects.values_list("question_id", flat=True)) == {
        kept.pk,
        emptied.pk,
    }
    assert SearchDocument.objects.get(question_id=kept.pk).title == before
    assert "審査" in SearchDocument.objects.get(question_id=emptied.pk).title


def test_after_migrating_back_in_time_no_document_is_built(monkeypatch):
    """Today's models would read columns an older schema lacks."""
    question = AnsweredQuestionFactory()
    SearchDocument.objects.all().delete()
    monkeypatch.setattr("faq.search.sync._migrations_pending", lambda using: True)

    index_missing_documents(sender=None)

    assert not SearchDocument.objects.filter(question_id=question.pk).exists()
