import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from faq import selectors
from faq.models import Question
from tests.factories import (
    AnsweredQuestionFactory,
    CategoryFactory,
    ContactChannelFactory,
    FooterLinkFactory,
    GroupFactory,
)

pytestmark = pytest.mark.django_db


def test_neighbours_follow_the_list_order_and_skip_hidden_questions():
    category = CategoryFactory()
    first = AnsweredQuestionFactory(category=category, position=1)
    AnsweredQuestionFactory(category=category, position=2, status=Question.Status.DRAFT)
    tied_a = AnsweredQuestionFactory(category=category, position=3)
    tied_b = AnsweredQuestionFactory(category=category, position=3)
    AnsweredQuestionFactory(position=2)  # another category
    assert selectors.neighbours(first) == (None, tied_a)
    assert selectors.neighbours(tied_a) == (first, tied_b)
    assert selectors.neighbours(tied_b) == (tied_a, None)


def test_contacts_for_leaves_out_inactive_channels_of_the_question():
    question = AnsweredQuestionFactory()
    inactive = ContactChannelFactory(is_active=False)
    fallback = ContactChannelFactory()
    question.contact_channels.add(inactive)
    page = selectors.question_for_page(question.slug, user=AnonymousUser())
    assert selectors.contacts_for(page) == [fallback]


def test_home_groups_hold_only_published_categories_and_questions():
    shown = AnsweredQuestionFactory()
    AnsweredQuestionFactory(category__parent=shown.category.parent, category__is_published=False)
    AnsweredQuestionFactory(category=shown.category, status=Question.Status.DRAFT)
    [group] = selectors.home_groups(AnonymousUser())
    [category] = group.children.all()
    assert category.first_questions == [shown]
    assert not category.has_more


def test_home_groups_list_the_first_questions_of_each_category_in_order_and_tell_if_more():
    category = CategoryFactory()
    other = CategoryFactory(parent=category.parent)
    count = selectors.HOME_QUESTIONS + 3
    questions = [
        AnsweredQuestionFactory(category=category, position=count - n) for n in range(count)
    ]
    AnsweredQuestionFactory(category=category, status=Question.Status.DRAFT, position=0)
    AnsweredQuestionFactory(category=other)
    [group] = selectors.home_groups(AnonymousUser())
    first, second = group.children.all()
    by_position = sorted(questions, key=lambda question: question.position)
    assert first.first_questions == by_position[: selectors.HOME_QUESTIONS]
    assert first.has_more
    assert len(second.first_questions) == 1
    assert not second.has_more


def test_category_questions_pages_them_in_order():
    category = CategoryFactory()
    count = selectors.CATEGORY_PAGE_SIZE + 2
    questions = [AnsweredQuestionFactory(category=category, position=n) for n in range(count)]
    page = selectors.category_questions(category, AnonymousUser(), "2")
    assert list(page.object_list) == questions[selectors.CATEGORY_PAGE_SIZE :]
    assert page.paginator.num_pages == 2


@pytest.mark.parametrize("number", ["0", "3", "abc", "1.5", "-1", "9" * 5000, "inf"])
def test_category_questions_turn_a_bad_page_number_into_a_404(number):
    category = CategoryFactory()
    AnsweredQuestionFactory(category=category)
    with pytest.raises(Http404):
        selectors.category_questions(category, AnonymousUser(), number)


def test_home_groups_leave_out_a_category_whose_only_question_is_a_draft():
    shown = AnsweredQuestionFactory()
    AnsweredQuestionFactory(category__parent=shown.category.parent, status=Question.Status.DRAFT)
    CategoryFactory()  # a group of its own with one empty category
    [group] = selectors.home_groups(AnonymousUser())
    assert list(group.children.all()) == [shown.category]


def test_child_categories_leave_out_empty_ones():
    group = GroupFactory()
    filled = AnsweredQuestionFactory(category__parent=group).category
    CategoryFactory(parent=group)
    assert list(selectors.child_categories(group)) == [filled]


def test_site_settings_are_unsaved_defaults_until_an_editor_saves_them():
    assert selectors.site_settings().pk is None
    assert selectors.site_settings().links == []


def test_site_settings_are_read_once_per_content_version(django_assert_num_queries):
    link = FooterLinkFactory()
    assert selectors.site_settings().links == [link]
    with django_assert_num_queries(0):
        selectors.site_settings()
    link.site_settings.company_name_ja = "新社名"
    link.site_settings.save()  # bumps the content version
    assert selectors.site_settings().company_name_ja == "新社名"
