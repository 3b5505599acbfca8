import pytest
from django.contrib.auth.models import AnonymousUser

from faq import selectors
from faq.models import Question
from tests.factories import AnsweredQuestionFactory, CategoryFactory, ContactChannelFactory

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
    [group] = selectors.home_groups()
    [category] = group.children.all()
    assert list(category.questions.all()) == [shown]
