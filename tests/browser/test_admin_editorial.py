"""The editors' admin at 1280 px in a real Chromium, in Japanese: the question list and form
fit the window, the title column keeps 20em; screenshots of every page editors use."""

from datetime import timedelta

import pytest
import reversion
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from faq.models import Question
from tests.browser.conftest import SCREENSHOTS
from tests.factories import AnsweredQuestionFactory, RelatedLinkFactory, VoteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ADMIN_SHOTS = SCREENSHOTS / "admin"
WIDTH = 1280


@pytest.fixture
def japanese_editor(browser, live_server, client, erin):
    """erin the Editor in a Japanese Chromium at 1280 px."""
    client.force_login(erin)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="ja-JP", viewport={"width": WIDTH, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


@pytest.fixture
def content(faq):
    """The small FAQ of conftest, with a long title, votes, a scheduled and an overdue
    question, one in review, and a history to compare."""
    in_store = faq["in_store"]
    with reversion.create_revision():
        in_store.title_ja = (
            in_store.title_ja + "(対面販売、店頭での決済端末の利用、イベント会場での販売を含みます)"
        )
        in_store.save()
    with reversion.create_revision():
        in_store.title_en = "Can I use it in a physical shop, at events or for face-to-face sales?"
        in_store.save()
    RelatedLinkFactory(
        question=in_store,
        position=2,
        target=None,
        url="https://example.com/guide",
        label_ja="ご利用ガイド",
    )
    for voter in ("a", "b", "c"):
        VoteFactory(question=in_store, voter=voter)
    AnsweredQuestionFactory(
        category=faq["category"],
        slug="scheduled",
        title_ja="新しい決済手段はいつから使えますか?",
        publish_at=timezone.now() + timedelta(days=3),
    )
    AnsweredQuestionFactory(
        category=faq["category"],
        slug="in-review",
        title_ja="返金の手数料はかかりますか?",
        status=Question.Status.IN_REVIEW,
    )
    payout = faq["payout"]
    payout.publish_at = timezone.now() - timedelta(days=400)
    payout.save()
    return faq


def fits_the_window(page):
    return page.evaluate("document.documentElement.scrollWidth") == page.evaluate(
        "window.innerWidth"
    )


def em_width(page, selector):
    """The element's width in ems of its own font size."""
    return page.evaluate(
        """(selector) => {
            const element = document.querySelector(selector);
            const size = parseFloat(getComputedStyle(element).fontSize);
            return element.getBoundingClientRect().width / size;
        }""",
        selector,
    )


def shoot(page, name):
    ADMIN_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ADMIN_SHOTS / f"{name}.png", full_page=True)


def test_the_question_list_fits_1280_px_with_a_wide_title_column(
    live_server, japanese_editor, content
):
    page = japanese_editor
    page.goto(live_server.url + reverse("admin:faq_question_changelist"))
    shoot(page, "question-list")
    assert fits_the_window(page)
    assert em_width(page, "#result_list td.field-title, #result_list th.field-title") >= 20
    for column in ("helpful_yes", "helpful_no", "helpful_share"):
        header = page.locator(f"#result_list th.column-{column}")
        box = header.bounding_box()
        assert box and box["x"] + box["width"] <= WIDTH, column
    assert page.locator("text=予約").count() >= 1


def test_the_question_form_and_its_links_inline_fit_1280_px(live_server, japanese_editor, content):
    page = japanese_editor
    question = content["in_store"]
    page.goto(live_server.url + reverse("admin:faq_question_change", args=(question.pk,)))
    page.wait_for_selector(".markdown-preview li, .markdown-preview p")
    shoot(page, "question-form")
    assert fits_the_window(page)
    inline = page.locator("#related_links-group").bounding_box()
    assert inline["x"] + inline["width"] <= WIDTH
    for selector in ("#id_related_links-0-label_ja", "#id_related_links-0-DELETE"):
        box = page.locator(selector).first.bounding_box()
        assert box["x"] + box["width"] <= WIDTH, selector
    assert page.locator("#id_category option", has_text="›").count() >= 1


def test_the_preview_follows_the_typing(live_server, japanese_editor, content):
    page = japanese_editor
    question = content["in_store"]
    page.goto(live_server.url + reverse("admin:faq_question_change", args=(question.pk,)))
    page.fill("#id_answer-0-body_ja", "- 一つ目\n- 二つ目")
    page.wait_for_selector(".markdown-preview li:text('二つ目')")


@pytest.mark.parametrize(
    ("name", "view"),
    [
        ("index", lambda c: reverse("admin:index")),
        (
            "question-list-needs-review",
            lambda c: reverse("admin:faq_question_changelist") + "?review=due",
        ),
        ("question-add", lambda c: reverse("admin:faq_question_add")),
        (
            "question-history",
            lambda c: reverse("admin:faq_question_history", args=(c["in_store"].pk,)),
        ),
        (
            "question-review",
            lambda c: reverse(
                "admin:faq_question_review", args=(Question.objects.get(slug="in-review").pk,)
            ),
        ),
        ("category-list", lambda c: reverse("admin:faq_category_changelist")),
        ("category-form", lambda c: reverse("admin:faq_category_change", args=(c["category"].pk,))),
        ("contact-channel-list", lambda c: reverse("admin:contacts_contactchannel_changelist")),
        ("translations", lambda c: reverse("admin:faq_translation_changelist")),
        ("link-checks", lambda c: reverse("admin:faq_linkcheck_changelist")),
        ("recover-list", lambda c: reverse("admin:faq_question_recoverlist")),
    ],
)
def test_screenshots_of_the_pages_editors_use(live_server, japanese_editor, content, name, view):
    page = japanese_editor
    response = page.goto(live_server.url + view(content))
    assert response.status == 200
    shoot(page, name)
    assert fits_the_window(page), name
    assert "Django" not in page.title()


def test_screenshot_of_a_comparison(live_server, japanese_editor, content):
    from reversion.models import Version

    question = content["in_store"]
    older = Version.objects.get_for_object(question).last()
    page = japanese_editor
    url = reverse("admin:faq_question_compare", args=(question.pk,))
    page.goto(f"{live_server.url}{url}?older={older.pk}")
    shoot(page, "question-compare")
    assert page.locator(".translation-diff ins").count() >= 1
    assert fits_the_window(page)


def test_two_editors_in_two_tabs_the_second_save_is_refused(live_server, japanese_editor, content):
    question = content["in_store"]
    url = live_server.url + reverse("admin:faq_question_change", args=(question.pk,))
    first = japanese_editor
    second = first.context.new_page()
    first.goto(url)
    second.goto(url)
    first.fill("#id_title_ja", "一人目が直した題")
    first.click("input[name=_save]")
    first.wait_for_url("**/question/")
    second.fill("#id_answer-0-body_ja", "二人目が書いた回答")
    second.click("input[name=_save]")
    second.wait_for_selector(".edit-conflict")
    shoot(second, "question-conflict")
    assert second.input_value("#id_answer-0-body_ja") == "二人目が書いた回答"
    question.refresh_from_db()
    assert question.title_ja == "一人目が直した題"
    assert question.answer.body_ja != "二人目が書いた回答"


def test_saving_an_untouched_form_in_chromium_changes_nothing(
    live_server, japanese_editor, content
):
    """Chromium itself sends the textareas with CRLF: the save must still change nothing."""
    question = content["payout"]
    answer = question.answer
    answer.body_ja = answer.body_ja.replace(" 詳しくは", "\n詳しくは")  # a line break to send
    answer.save()
    before = Question.objects.get(pk=question.pk)
    versions = Version.objects.get_for_object(question).count()
    page = japanese_editor
    page.goto(live_server.url + reverse("admin:faq_question_change", args=(question.pk,)))
    page.click("input[name=_save]")
    page.wait_for_url("**/question/")
    after = Question.objects.get(pk=question.pk)
    assert after.updated_at == before.updated_at
    assert after.answer.updated_at == before.answer.updated_at
    assert "\r" not in after.answer.body_ja
    assert Version.objects.get_for_object(question).count() == versions
