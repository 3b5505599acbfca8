"""Keeping the search index in step with the content: the one place that writes it.

Receivers below re-index a question whenever it, its answer or its category is saved or
deleted, including raw saves from loaddata. QuerySet.update() sends no signal: code that
bulk-edits questions (admin actions) must call reindex_questions() with the affected ids.
"""

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from faq.models import Answer, Category, Question, SearchDocument
from faq.search.index import document_fields


def _fields_of(question: Question) -> dict[str, str]:
    answer = Answer.objects.filter(question_id=question.pk).first()
    category = Category.objects.filter(pk=question.category_id).first()
    return document_fields(
        titles=(question.title_ja, question.title_en),
        answers=(answer.body_ja, answer.body_en) if answer else (),
        categories=(category.name_ja, category.name_en) if category else (),
    )


def reindex_question(question_id: int) -> None:
    """Write (or remove) the search document of one question from what is stored now."""
    question = Question.objects.filter(pk=question_id).first()
    if question is None:
        SearchDocument.objects.filter(question_id=question_id).delete()
        return
    SearchDocument.objects.update_or_create(question_id=question.pk, defaults=_fields_of(question))


def reindex_questions(question_ids) -> None:
    """Re-index many questions, e.g. after a QuerySet.update() that sent no signals."""
    for question_id in question_ids:
        reindex_question(question_id)


@transaction.atomic
def rebuild_index(progress=None, batch_size: int = 500) -> int:
    """Rebuild every search document; progress(done, total) after each batch."""
    SearchDocument.objects.all().delete()
    questions = Question.objects.select_related("category", "answer").order_by("pk")
    total = questions.count()
    done = 0
    batch = []
    for question in questions.iterator(chunk_size=batch_size):
        batch.append(SearchDocument(question_id=question.pk, **_loaded_fields(question)))
        if len(batch) == batch_size:
            done += _flush(batch, done, total, progress)
    done += _flush(batch, done, total, progress)
    _analyze(Question, SearchDocument)
    return done


def _analyze(*models):
    """Fresh planner statistics: without them SQLite scans the status index of every
    question instead of looking up the few hundred search candidates by primary key."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _loaded_fields(question: Question) -> dict[str, str]:
    answer = getattr(question, "answer", None)
    return document_fields(
        titles=(question.title_ja, question.title_en),
        answers=(answer.body_ja, answer.body_en) if answer else (),
        categories=(question.category.name_ja, question.category.name_en),
    )


def _flush(batch, done, total, progress) -> int:
    SearchDocument.objects.bulk_create(batch)
    count = len(batch)
    batch.clear()
    if progress and count:
        progress(done + count, total)
    return count


@receiver(post_save, sender=Question, dispatch_uid="search_question_saved")
@receiver(post_delete, sender=Question, dispatch_uid="search_question_deleted")
def _question_changed(sender, instance, **kwargs):
    reindex_question(instance.pk)


@receiver(post_save, sender=Answer, dispatch_uid="search_answer_saved")
@receiver(post_delete, sender=Answer, dispatch_uid="search_answer_deleted")
def _answer_changed(sender, instance, **kwargs):
    reindex_question(instance.question_id)


@receiver(post_save, sender=Category, dispatch_uid="search_category_saved")
def _category_changed(sender, instance, **kwargs):
    reindex_questions(Question.objects.filter(category_id=instance.pk).values_list("pk", flat=True))
