"""Each public page makes as many SQL queries for a large FAQ as for a small one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from faq.models import Answer
from tests.factories import (
    AnsweredQuestionFactory,
    CategoryFactory,
    ContactChannelFactory,
    RelatedLinkFactory,
)

pytestmark = pytest.mark.django_db


def _grow(category, count):
    channel = ContactChannelFactory()
    for question in AnsweredQuestionFactory.create_batch(count, category=category):
        question.contact_channels.add(channel)
        RelatedLinkFactory(question=question, target=AnsweredQuestionFactory(category=category))


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["home", "category", "question"])
def test_a_page_makes_no_more_queries_for_more_questions(client, settings, page):
    settings.CACHE_PAGE_SECONDS = 0  # count the queries of the page, not of the cache
    category = CategoryFactory()
    question = AnsweredQuestionFactory(category=category)
    _grow(category, 2)
    url = {
        "home": reverse("faq:home"),
        "category": category.get_absolute_url(),
        "question": question.get_absolute_url(),
    }[page]
    few = _queries(client, url)
    _grow(category, 20)

    assert _queries(client, url) == few


@pytest.mark.parametrize("page", ["category", "question"])
def test_english_pages_with_outdated_translations_make_no_more_queries(client, settings, page):
    """The state is read with the content it describes, not looked up per field."""
    settings.CACHE_PAGE_SECONDS = 0
    category = CategoryFactory()
    question = AnsweredQuestionFactory(category=category)
    _grow(category, 2)
    with translation.override("en"):
        url = question.get_absolute_url() if page == "question" else category.get_absolute_url()
    few = _queries(client, url)
    _grow(category, 20)
    for answer in Answer.objects.all():
        answer.body_ja += "(改訂)"
        answer.save()

    assert "translation-outdated" in client.get(url).content.decode()
    assert _queries(client, url) == few
