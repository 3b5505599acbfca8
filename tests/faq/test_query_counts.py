"""Each public page makes as many SQL queries for a large FAQ as for a small one."""

from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from faq import selectors
from faq.cache import forget_versioned_reads
from faq.models import Answer
from faq.selectors import CATEGORY_PAGE_SIZE, HOME_QUESTIONS
from tests.factories import (
    AnsweredQuestionFactory,
    CategoryFactory,
    ContactChannelFactory,
    RelatedLinkFactory,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = (5, 0), (500, 20)  # (questions, related links of the first)


@pytest.fixture(autouse=True)
def _views_alone(settings):
    """Count the queries of the page, not of the page cache nor of the site settings, which
    are read once per content version and process (faq.selectors.site_settings)."""
    settings.CACHE_PAGE_SECONDS = 0
    selectors.site_settings()


def url(name, language="ja", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _grow(category, count):
    channel = ContactChannelFactory()
    for question in AnsweredQuestionFactory.create_batch(count, category=category):
        question.contact_channels.add(channel)
        RelatedLinkFactory(question=question, target=AnsweredQuestionFactory(category=category))


def _queries(client, url):
    """The queries of a visitor's first visit in this content version."""
    forget_versioned_reads()
    selectors.site_settings()  # read once per content version, not per page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["home", "category", "question"])
def test_a_page_makes_no_more_queries_for_more_questions(client, page):
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


def build_content(questions, links):
    """One category of `questions` answered questions; the first has `links` related links."""
    category = CategoryFactory()
    ContactChannelFactory.create_batch(2)
    items = AnsweredQuestionFactory.create_batch(questions, category=category, is_featured=True)
    for n in range(links):
        RelatedLinkFactory(question=items[0], target=items[1 + n % (questions - 1)], position=n)
    return SimpleNamespace(category=category, first=items[0], questions=questions, links=links)


@pytest.fixture(scope="module", params=[SMALL, LARGE], ids=["5-0", "500-20"])
def content(request, django_db_setup, django_db_blocker):
    """build_content() once per size for the tests below, rolled back after the module.

    Building 500 questions takes seconds; the tests only read it (each test's own writes,
    such as a staff user, are rolled back inside this transaction as usual).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_content(*request.param)
        transaction.set_rollback(True)


def test_the_home_page_lists_capped_questions_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, content
):
    # Groups, their categories, featured, contacts, one per group and category, and the
    # next scheduled question (read once per content version: faq.cache.versioned).
    with django_assert_max_num_queries(4 + 2 + 1):
        response = client.get(url("faq:home"))
    listed = min(content.questions, HOME_QUESTIONS)
    # Featured and category lists are both capped; the rest is one link away.
    assert response.content.decode().count('href="/ja/q/') == 2 * listed
    more = f"「{content.category.name_ja}」のすべての質問" in response.content.decode()
    assert more == (content.questions > HOME_QUESTIONS)


def test_a_category_page_shows_its_first_page_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, content
):
    # The category, its page of questions and their count, its children, the next scheduled
    # question.
    with django_assert_max_num_queries(5):
        response = client.get(url("faq:category", slug=content.category.slug))
    shown = min(content.questions, CATEGORY_PAGE_SIZE)
    assert response.content.decode().count("<details") == shown


@pytest.mark.parametrize("content", [LARGE], indirect=True, ids=["500-20"])
def test_a_later_category_page_costs_as_few_queries(client, django_assert_max_num_queries, content):
    with django_assert_max_num_queries(5):
        response = client.get(url("faq:category", slug=content.category.slug) + "?page=2")
    assert response.content.decode().count("<details") == CATEGORY_PAGE_SIZE


def test_a_question_page_shows_its_links_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, content
):
    # The question, its links, its and its category's channels, every active one (the
    # fallback: these questions have none), both neighbours in one, the next scheduled question.
    with django_assert_max_num_queries(7):
        response = client.get(url("faq:question", "en", slug=content.first.slug))
    assert response.content.decode().count('<li><a href="/en/q/') == content.links


def test_a_question_previewed_by_staff_costs_a_fixed_number_of_queries(
    django_assert_max_num_queries, content, sam
):
    staff = Client()
    staff.force_login(sam)
    # 12: the Edit link asks for the change permission (the user's and the groups' ones).
    with django_assert_max_num_queries(12):
        response = staff.get(url("faq:question", slug=content.first.slug))
    assert response.status_code == 200


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


@pytest.mark.parametrize("page", ["home", "category", "question"])
def test_a_repeat_visit_in_the_same_content_version_reads_nothing_again(
    client, django_assert_max_num_queries, content, page
):
    address = {
        "home": url("faq:home"),
        "category": url("faq:category", slug=content.category.slug),
        "question": url("faq:question", slug=content.first.slug),
    }[page]
    first = client.get(address).content
    # At most the content version itself, which each process re-reads once a second.
    with django_assert_max_num_queries(1):
        assert client.get(address).content == first


def test_a_repeat_search_reads_no_content_again(client, content):
    address = url("faq:search") + "?q=" + content.first.title_ja[:4]
    client.get(address)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    # Only the search log (faq.search.analytics.record_search: its row, its rate limit).
    content_tables = ("faq_question", "faq_answer", "faq_category", "faq_searchdocument")
    assert [q["sql"] for q in queries if any(t in q["sql"] for t in content_tables)] == []
