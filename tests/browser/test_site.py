"""A visitor's walk through the FAQ in a real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_walks_from_home_to_an_answer_and_a_related_question(page, faq):
    in_store, payout = faq["in_store"], faq["payout"]
    page.goto("/ja/")
    page.get_by_role("link", name="決済サービス全般について").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("決済サービス全般について")

    page.locator("summary", has_text=in_store.title_ja).click()
    expect(page.get_by_text("ご利用いただくことができません。")).to_be_visible()

    page.locator(".permalink").get_by_role("link", name=in_store.title_ja).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(in_store.title_ja)

    see_also = page.get_by_role("region", name="こちらもあわせてご覧ください")
    see_also.get_by_role("link", name=payout.title_ja).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(payout.title_ja)
    expect(page.get_by_role("link", name="お問い合わせ方法はこちら")).to_be_visible()
    expect(page.get_by_text("03-3464-2323")).to_be_visible()


def test_the_language_switch_lands_on_the_same_question(page, faq):
    in_store, payout = faq["in_store"], faq["payout"]
    page.goto(in_store.get_absolute_url())
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/q/in-store-use/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(in_store.title_en)

    page.goto(f"/en/q/{payout.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(payout.title_ja)
    expect(page.get_by_role("note")).to_contain_text("not been translated into English yet")


def test_the_keyboard_reaches_the_skip_link_and_opens_an_answer(page, faq):
    page.goto(faq["category"].get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へ移動")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0, "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    summary = page.locator("summary", has_text=faq["in_store"].title_ja)
    for _ in range(10):
        page.keyboard.press("Tab")
        if summary.evaluate("element => element === document.activeElement"):
            break
    expect(summary).to_be_focused()
    outline = summary.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none", "keyboard focus must be visible"
    page.keyboard.press("Enter")
    expect(page.locator("details", has=summary)).to_have_attribute("open", "")


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_fit_the_screen_and_are_photographed(page, faq, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    pages = {
        "home": "/ja/",
        "category": faq["category"].get_absolute_url(),
        "question": faq["payout"].get_absolute_url(),
        "question-en-untranslated": f"/en/q/{faq['payout'].slug}/",
    }
    for name, address in pages.items():
        page.goto(address)
        if name == "category":
            page.locator("summary").first.click()  # show an answer opened in place
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} scrolls sideways at {width}px ({overflow}px wide)"
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        assert (SCREENSHOTS / f"{name}-{width}.png").stat().st_size > 0
