"""The Jinja2 vocabulary of the visitors' pages (faq/templating.py)."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import override_settings
from django.utils import translation

from faq.cache import bump_content_version
from faq.models import Question
from faq.templating import results_found
from tests.factories import AnsweredQuestionFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


QA_ITEMS = '{{ fragment("faq/_qa_items.html", questions=[question]) }}'


class TestFragment:
    def test_a_visitor_gets_the_fragment_of_the_content_version_until_it_changes(self):
        question = AnsweredQuestionFactory(title_ja="古い題")
        assert "古い題" in render(QA_ITEMS, question=question, user=AnonymousUser())
        Question.objects.filter(pk=question.pk).update(title_ja="新しい題")  # no signal
        question.refresh_from_db()
        assert "古い題" in render(QA_ITEMS, question=question, user=AnonymousUser())
        bump_content_version()
        assert "新しい題" in render(QA_ITEMS, question=question, user=AnonymousUser())

    def test_a_question_page_renders_its_content_once_per_version(
        self, client, jinja2_templates_loaded
    ):
        question = AnsweredQuestionFactory()
        with override_settings(CACHE_PAGE_SECONDS=0):
            for _visit in range(3):
                assert client.get(question.get_absolute_url()).status_code == 200
            bump_content_version()
            client.get(question.get_absolute_url())

        assert jinja2_templates_loaded.count("faq/_question_page.html") == 2

    def test_staff_get_it_rendered_afresh(self, erin):
        question = AnsweredQuestionFactory(title_ja="古い題")
        render(QA_ITEMS, question=question, user=erin)
        Question.objects.filter(pk=question.pk).update(title_ja="新しい題")
        question.refresh_from_db()
        assert "新しい題" in render(QA_ITEMS, question=question, user=erin)

    def test_a_question_without_an_answer_renders_an_empty_answer(self):
        html = render(QA_ITEMS, question=QuestionFactory(), user=AnonymousUser())
        assert '<div class="answer"></div>' in html


class TestQuestionLink:
    def test_staff_see_which_links_visitors_cannot_follow(self, erin):
        draft = QuestionFactory(status=Question.Status.DRAFT)
        html = render("{{ question_link(q) }}", q=draft, user=erin)
        assert 'class="badge badge-preview"' in html

    def test_an_untranslated_title_is_marked_japanese_on_english_pages(self):
        question = QuestionFactory(title_en="")
        with translation.override("en"):
            html = render("{{ question_link(q) }}", q=question, user=AnonymousUser())
        assert ' lang="ja"' in html and "Japanese only" in html


class TestLookups:
    def test_an_address_follows_the_page_language(self):
        with translation.override("en"):
            english = render("{{ url('faq:home') }}")
        with translation.override("ja"):
            japanese = render("{{ url('faq:home') }}")
        assert (english, japanese) == ("/en/", "/ja/")

    def test_a_changed_setting_is_followed(self):
        before = render("{{ static('faq/site.css') }}")
        with override_settings(STATIC_URL="/assets/"):
            during = render("{{ static('faq/site.css') }}")
        assert before.endswith("faq/site.css") and not before.startswith("/assets/")
        assert during == "/assets/faq/site.css"


class TestTranslatedStrings:
    def test_values_are_escaped_and_the_translation_is_used(self):
        source = '{{ _("Search results for “%(query)s”")|format(query=q) }}'
        with translation.override("en"):
            assert render(source, q="<b>x</b>") == "Search results for “&lt;b&gt;x&lt;/b&gt;”"
        with translation.override("ja"):
            assert "&lt;b&gt;" in render(source, q="<b>") and "検索" in render(source, q="x")

    def test_the_results_count_has_its_plural(self):
        with translation.override("en"):
            assert results_found(1, "card") == "1 question found for “card”."
            assert results_found(3, "card") == "3 questions found for “card”."


def test_dates_are_shown_in_the_current_time_zone():
    midnight_utc = datetime(2026, 3, 31, 16, 0, tzinfo=UTC)  # 1 April in Tokyo
    with override_settings(TIME_ZONE="Asia/Tokyo"), translation.override("en"):
        assert render('{{ d|date("Y-m-d") }}', d=midnight_utc) == "2026-04-01"
