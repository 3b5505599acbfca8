import pytest
from django.urls import reverse

from faq.models import Question
from faq.search.forms import QuestionSearchFilter, SearchQueryField
from faq.search.query import MAX_QUERY_LENGTH
from tests.factories import AnsweredQuestionFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def run(**data):
    return list(QuestionSearchFilter(data, queryset=Question.objects.published()).qs)


def test_it_ranks_the_matching_questions():
    title = AnsweredQuestionFactory(title_ja="返金の方法")
    answer = AnsweredQuestionFactory(answer__body_ja="返金は翌月です。")
    AnsweredQuestionFactory(title_ja="関係のない質問")
    assert run(q="返金") == [title, answer]


def test_it_narrows_to_one_category_by_slug():
    wanted = AnsweredQuestionFactory(title_ja="返金の方法")
    AnsweredQuestionFactory(title_ja="返金の時期")
    assert run(q="返金", category=wanted.category.slug) == [wanted]


def test_an_unknown_category_is_ignored_not_an_error_page():
    question = AnsweredQuestionFactory(title_ja="返金の方法")
    CategoryFactory()
    assert run(q="返金", category="no-such-category") == [question]


def test_the_query_field_cuts_long_input_and_drops_control_characters():
    field = SearchQueryField(required=False)
    assert field.clean("返金\x00について") == "返金 について"
    assert len(field.clean("x" * 10_000)) == MAX_QUERY_LENGTH


def test_the_one_search_box_holds_no_more_than_the_search_reads(client):
    html = client.get(reverse("faq:search"), {"q": "返金"}).content.decode()
    assert html.count('name="q"') == 1  # the header's box: the search page has no second one
    assert f'maxlength="{MAX_QUERY_LENGTH}"' in html


def test_ranked_gives_every_match_and_the_kept_ones_best_first():
    title = AnsweredQuestionFactory(title_ja="返金の方法")
    answer = AnsweredQuestionFactory(answer__body_ja="返金は翌月です。")
    filterset = QuestionSearchFilter(
        {"q": "返金", "category": answer.category.slug}, queryset=Question.objects.published()
    )
    assert filterset.form.is_valid()
    result, ranked_ids = filterset.ranked()
    assert result.question_ids == [title.pk, answer.pk]
    assert ranked_ids == [answer.pk]


def test_a_category_added_after_an_earlier_search_is_a_choice_of_the_next():
    run(q="返金")  # the form class is built here, once
    question = AnsweredQuestionFactory(title_ja="返金の方法")
    filterset = QuestionSearchFilter(
        {"q": "返金", "category": question.category.slug}, queryset=Question.objects.published()
    )
    another = QuestionSearchFilter({}, queryset=Question.objects.none())
    assert filterset.get_form_class() is another.get_form_class()
    assert filterset.form.is_valid()
    assert filterset.form.cleaned_data["category"] == question.category
