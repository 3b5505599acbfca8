"""Made-up FAQ content in bulk, for the benchmarks only (never shipped, never in tests)."""

import itertools
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from contacts.models import ContactChannel
from faq.cache import bump_content_version
from faq.models import Answer, Category, Question, RelatedLink
from faq.search.sync import rebuild_index

CATEGORIES = 20
BATCH = 2000
ANSWER_JA = "ベンチマーク用の回答です。" * 20
ANSWER_EN = "This is an answer made up for the benchmark. " * 10


def seed(total):
    """Grow the benchmark FAQ to ``total`` published questions (keeps what is there)."""
    categories = _categories()
    start = Question.objects.count()
    for first in range(start, total, BATCH):
        _add_questions(categories, range(first, min(first + BATCH, total)))
    # bulk_create sends no signals: index the new questions for search (and refresh the
    # planner's statistics), and tell the page cache that content changed.
    if total > start:
        rebuild_index()
    bump_content_version()


def _categories():
    existing = list(Category.objects.filter(parent__isnull=False).order_by("position"))
    if existing:
        return existing
    channel = ContactChannel.objects.create(
        slug="bench-desk", name_ja="窓口", name_en="Desk", kind="email", value="desk@example.com"
    )
    group = Category.objects.create(slug="bench-group", name_ja="グループ", name_en="Group")
    categories = [
        Category(
            parent=group,
            slug=f"bench-c{i}",
            name_ja=f"分類{i}",
            name_en=f"Topic {i}",
            position=i,
            translation_source=_written_against(name=f"分類{i}"),
        )
        for i in range(CATEGORIES)
    ]
    Category.objects.bulk_create(categories)
    categories = list(Category.objects.filter(parent=group).order_by("position"))
    for category in categories:
        category.contact_channels.add(channel)
    return categories


@transaction.atomic
def _add_questions(categories, numbers):
    published = timezone.now() - timedelta(days=1)
    questions = Question.objects.bulk_create(
        [
            Question(
                category=categories[n % len(categories)],
                slug=f"bench-q{n}",
                title=f"質問{n}について教えてください",
                title_ja=f"質問{n}について教えてください",
                title_en=f"Tell me about question {n}",
                position=n,
                status=Question.Status.PUBLISHED,
                publish_at=published,
                is_featured=n < 10,
                # bulk_create skips the pre_save that records this (faq.translations.state).
                translation_source=_written_against(title=f"質問{n}について教えてください"),
            )
            for n in numbers
        ]
    )
    Answer.objects.bulk_create(
        [
            Answer(
                question=q,
                body=ANSWER_JA,
                body_ja=ANSWER_JA,
                body_en=ANSWER_EN,
                translation_source=_written_against(body=ANSWER_JA),
            )
            for q in questions
        ]
    )
    # Each question after the first of a batch links back to the one before it.
    RelatedLink.objects.bulk_create(
        [
            RelatedLink(question=q, target=previous, position=0)
            for previous, q in itertools.pairwise(questions)
        ]
    )


def _written_against(**japanese):
    """English that is current: written against this Japanese."""
    return {field: {"source": text} for field, text in japanese.items()}
