"""Keeping the search index in step with the content: the one place that writes it.

The receivers below (connected by faq/signals.py) re-index a question whenever it, its
answer or its category is saved or deleted, including raw saves from loaddata.
QuerySet.update() sends no signal: code that bulk-edits questions (admin actions) must call
reindex_questions() with the affected ids.
Inside deferred_reindex() (loaddata runs in one) the receivers only note the questions,
and each is indexed once, in bulk, when the block ends.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from itertools import islice

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from faq.models import Question, SearchDocument
from faq.search.index import document_fields

BATCH_SIZE = 500
# Questions waiting for deferred_reindex() to end; None when nothing is deferred.
_pending: ContextVar[set[int] | None] = ContextVar("faq_search_pending", default=None)


def reindex_questions(question_ids, batch_size: int = BATCH_SIZE) -> None:
    """Write (or remove) the search documents of these questions from what is stored now."""
    for batch in batched(sorted(set(question_ids)), batch_size):
        SearchDocument.objects.filter(question_id__in=batch).delete()
        questions = Question.objects.filter(pk__in=batch).select_related("category", "answer")
        SearchDocument.objects.bulk_create(_document(question) for question in questions)


def _note_changed(question_ids) -> None:
    pending = _pending.get()
    if pending is None:
        reindex_questions(question_ids)
    else:
        pending.update(question_ids)


@contextmanager
def deferred_reindex():
    """Index the questions changed in the block once each, in bulk, when it ends.

    A fixture saves each question, then its answer: indexed as they come, every question
    would be indexed twice, one query at a time. If the block fails nothing is indexed (its
    transaction rolls the content back too). Ends with fresh planner statistics, which a
    large load into an empty table otherwise lacks (see _analyze).
    """
    pending = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    if pending:
        reindex_questions(pending)
        _analyze(Question, SearchDocument)


@transaction.atomic
def rebuild_index(progress=None, batch_size: int = BATCH_SIZE) -> int:
    """Rebuild every search document; progress(done, total) after each batch."""
    SearchDocument.objects.all().delete()
    questions = Question.objects.select_related("category", "answer").order_by("pk")
    total = questions.count()
    done = 0
    for batch in batched(questions.iterator(chunk_size=batch_size), batch_size):
        SearchDocument.objects.bulk_create(_document(question) for question in batch)
        done += len(batch)
        if progress:
            progress(done, total)
    _analyze(Question, SearchDocument)
    return done


def index_missing_documents(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After migrate: index every question without a search document.

    A migration that changes what a document holds empties the documents rather than
    building them with live code (a migration must not import it); this builds them, with
    today's models, so only once the database has every migration (not after a
    ``migrate faq 0007`` back in time).
    """
    if _migrations_pending(using):
        return
    documents = SearchDocument.objects.values("question_id")
    missing = Question.objects.exclude(pk__in=documents).values_list("pk", flat=True)
    reindex_questions(list(missing))


def _migrations_pending(using) -> bool:
    executor = MigrationExecutor(connections[using])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def batched(items, size):
    """itertools.batched of Python 3.12."""
    items = iter(items)
    while batch := tuple(islice(items, size)):
        yield batch


def _analyze(*models):
    """Fresh planner statistics: without them SQLite scans the status index of every
    question instead of looking up the few hundred search candidates by primary key."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _document(question: Question) -> SearchDocument:
    answer = getattr(question, "answer", None)
    fields = document_fields(
        titles=(question.title_ja, question.title_en),
        answers=(answer.body_ja, answer.body_en) if answer else (),
        categories=(question.category.name_ja, question.category.name_en),
    )
    return SearchDocument(question_id=question.pk, **fields)


def question_changed(sender, instance, **kwargs):
    _note_changed([instance.pk])


def answer_changed(sender, instance, **kwargs):
    _note_changed([instance.question_id])


def category_changed(sender, instance, **kwargs):
    _note_changed(Question.objects.filter(category_id=instance.pk).values_list("pk", flat=True))
