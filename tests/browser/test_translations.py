"""The translation workflow in a real Chromium, at a phone's width and a desktop's."""

import pytest
from django.urls import reverse

from faq.models import Answer
from faq.translations.state import State
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}


@pytest.fixture
def outdated(faq):
    """The in-store answer's Japanese changes after its English was written."""
    answer = faq["in_store"].answer
    answer.body_ja = answer.body_ja.replace(
        "ご利用いただくことができません。", "ご利用いただけません。"
    )
    answer.save()
    return faq["in_store"]


def shoot(page, name, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_editor_finds_the_outdated_answer_sees_its_diff_and_marks_it_current(
    live_server, editor_page, outdated, width
):
    page = editor_page
    page.set_viewport_size(WIDTHS[width])
    page.goto(live_server.url + reverse("admin:faq_translation_changelist"))
    row = page.locator('#translation-items tr[data-state="outdated"]')
    assert row.count() == 1
    assert page.locator('#translation-items tr[data-state="missing"]').count() == 2
    shoot(page, "admin-translations", width)

    row.get_by_role("link").click()
    notice = page.locator(".translation-notice")
    notice.wait_for()
    diff = notice.locator(".translation-diff")
    removed = "".join(diff.locator("del").all_inner_texts())
    # "ご利用いただくことができません" became "ご利用いただけません".
    assert removed == "くことができ"
    assert diff.locator("ins").first.is_visible()
    shoot(page, "admin-outdated-change-form", width)

    page.get_by_role("button", name="Mark English as current").click()
    page.wait_for_selector(".messagelist")
    assert page.locator(".translation-notice").count() == 0
    assert Answer.objects.get(question=outdated).translation_status == State.CURRENT
    assert page.script_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_an_english_reader_is_told_the_japanese_changed(browser, live_server, outdated, width):
    context = browser.new_context(locale="en-US", viewport=WIDTHS[width])
    page = context.new_page()
    page.goto(live_server.url + "/en/q/in-store-use/")
    article = page.locator("article.question")
    assert article.get_attribute("data-translation-status") == "outdated"
    note = page.locator(".translation-outdated")
    assert "The Japanese original was updated on" in note.inner_text()
    assert note.get_by_role("link").get_attribute("href") == "/ja/q/in-store-use/"
    shoot(page, "site-en-outdated-question", width)
    context.close()
