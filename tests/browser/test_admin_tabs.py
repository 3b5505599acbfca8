"""modeltranslation's translation tabs in a real Chromium: its jQuery UI is served by us."""

import pytest
from django.urls import reverse

from faq.models import Question
from tests.browser.conftest import SCREENSHOTS
from tests.factories import AnsweredQuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_question_form_switches_between_japanese_and_english_tabs(live_server, editor_page):
    question = AnsweredQuestionFactory(title_ja="日本語の質問", title_en="English question")
    page = editor_page
    page.goto(live_server.url + reverse("admin:faq_question_change", args=(question.pk,)))
    page.wait_for_selector(".ui-tabs-nav")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "admin-question-tabs.png", full_page=True)

    title_tabs = page.locator(".ui-tabs").first
    title_tabs.get_by_role("tab", name="JA").click()
    assert page.is_visible("#id_title_ja")
    assert not page.is_visible("#id_title_en")
    title_tabs.get_by_role("tab", name="EN").click()
    assert page.is_visible("#id_title_en")
    assert not page.is_visible("#id_title_ja")
    assert page.script_errors == []

    page.fill("#id_title_en", "English question, edited in its tab")
    page.click("input[name=_save]")
    page.wait_for_url(f"**{reverse('admin:faq_question_changelist')}")
    question.refresh_from_db()
    assert question.title_en == "English question, edited in its tab"
    assert question.title_ja == "日本語の質問"
    assert Question.objects.count() == 1
