"""The header's search box on every page: a WAI-ARIA combobox driven from the keyboard
(static/faq/search.js), a dropdown that covers no control at 390 px, and a language switch
that keeps the search."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "実店舗"


def _pages(faq):
    return {
        "home": "/ja/",
        "question": faq["payout"].get_absolute_url(),
        "search": "/ja/search/?q=" + quote("入金"),
    }


def _open_suggestions(page, text=TYPED):
    box = page.get_by_role("combobox", name="よくあるご質問を検索")
    box.fill("")
    box.press_sequentially(text)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    return box, listbox


@pytest.mark.parametrize("name", ["home", "question", "search"])
def test_the_combobox_moves_escapes_and_opens_a_suggestion_by_keyboard(page, faq, name):
    in_store = faq["in_store"]
    page.goto(_pages(faq)[name])
    box, listbox = _open_suggestions(page)
    option = listbox.get_by_role("option", name=in_store.title_ja)
    expect(option).to_be_visible()

    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_value(in_store.title_ja)
    box.press("ArrowUp")  # back in the text the visitor typed
    expect(box).to_have_value(TYPED)
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".*"))

    box.press("ArrowDown")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value(TYPED)

    box.press("ArrowDown")  # opens the list again, on its first option
    expect(listbox).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(in_store.get_absolute_url()) + "$"))


def test_enter_without_a_chosen_suggestion_searches(page, faq):
    page.goto("/ja/")
    box, _listbox = _open_suggestions(page)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/ja/search/\?q=" + re.escape(quote(TYPED))))
    expect(page.locator("#search-results")).to_contain_text(faq["in_store"].title_ja)


def test_the_last_answer_wins_when_typing_fast(page, faq):
    """Every keystroke after the pause aborts the request before it: no stale list."""
    page.goto("/ja/")
    box = page.get_by_role("combobox", name="よくあるご質問を検索")
    box.press_sequentially("入金", delay=250)  # slower than the debounce: two requests
    expect(page.get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("option")).to_have_text(faq["payout"].title_ja)


def _overlaps(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("name", ["home", "question", "search"])
def test_the_suggestions_cover_no_control_at_390_px(page, faq, name):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(_pages(faq)[name])
    _box, listbox = _open_suggestions(page, "入金")
    dropdown = listbox.bounding_box()
    controls = page.locator("input, button, select, textarea, a, summary").all()
    covered = [
        control.evaluate("element => element.outerHTML.slice(0, 80)")
        for control in controls
        if control.is_visible() and _overlaps(dropdown, control.bounding_box())
    ]
    assert covered == []


def test_the_language_switch_keeps_the_search_and_its_category(page, faq):
    category = faq["category"]
    page.goto(f"/ja/search/?q={quote('実店舗')}&category={category.slug}")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/search/\?"))
    assert f"q={quote('実店舗')}" in page.url and f"category={category.slug}" in page.url
    expect(page.get_by_role("combobox")).to_have_value("実店舗")
    expect(page.locator("#search-results")).to_contain_text(faq["in_store"].title_en)


def test_the_category_filter_of_the_results_works_without_javascript(browser, live_server, faq):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/ja/search/?q=" + quote("入金"))
    facets = page.get_by_role("navigation", name="カテゴリで絞り込む")
    facets.get_by_role("link", name=re.compile(faq["category"].name_ja)).click()
    assert f"category={faq['category'].slug}" in page.url
    expect(facets.locator("[aria-current]")).to_contain_text(faq["category"].name_ja)
    context.close()
