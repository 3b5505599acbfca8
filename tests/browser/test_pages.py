"""Every public page, as visitors see it: photographed at 390 and 1280 px in light and dark
mode (artifacts/screenshots/), and checked by axe-core for WCAG 2.1 A and AA in both
languages and both modes, with the search suggestions closed and open."""

from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.factories import FooterLinkFactory, SiteSettingsFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MODES = ["light", "dark"]


@pytest.fixture
def site(faq):
    """The FAQ of tests/browser/conftest.py with a company and its footer links."""
    FooterLinkFactory(label_ja="会社概要", label_en="About us", url="https://example.com/about")
    FooterLinkFactory(
        label_ja="プライバシー", label_en="Privacy", url="https://example.com/privacy"
    )
    SiteSettingsFactory()  # the same record: footer links made it
    return faq


def public_pages(faq, language):
    other = "en" if language == "ja" else "ja"
    return {
        "home": f"/{language}/",
        "category": f"/{language}/c/{faq['category'].slug}/",
        "question": f"/{language}/q/{faq['in_store'].slug}/",
        f"question-untranslated-in-{other}": f"/{language}/q/{faq['payout'].slug}/",
        "search": f"/{language}/search/?q={quote('入金')}",
        "search-no-results": f"/{language}/search/?q={quote('ぴよぴよ')}",
        "search-empty": f"/{language}/search/",
        "not-found": f"/{language}/q/no-such-question/",
    }


@pytest.fixture
def axe_page(browser, live_server):
    """A page that may inject axe-core (bypass_csp: the CSP rightly refuses inline script)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make browser` (it runs npm ci).", pytrace=False)
    contexts = []

    def open_page(mode, width=1280):
        context = browser.new_context(
            base_url=live_server.url,
            bypass_csp=True,
            color_scheme=mode,
            viewport={"width": width, "height": 900},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_A_AA
    )
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:5])
        for v in result["violations"]
    ]


def open_suggestions(page):
    box = page.locator("#search-q")
    box.fill("")
    box.press_sequentially("入金")
    expect(page.locator("#search-suggestions [role=option]").first).to_be_visible()
    box.press("ArrowDown")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_page_has_a_wcag_a_or_aa_violation(axe_page, site, language, mode):
    page = axe_page(mode)
    found = {}
    for name, address in public_pages(site, language).items():
        page.goto(address)
        found[name] = axe_violations(page)
        open_suggestions(page)
        found[f"{name} with suggestions"] = axe_violations(page)
    assert {name: v for name, v in found.items() if v} == {}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_fits_the_screen_and_is_photographed(axe_page, site, width, mode):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = axe_page(mode, width)
    for language in ("ja", "en"):
        for name, address in public_pages(site, language).items():
            page.goto(address)
            if name == "category":
                page.locator("summary").first.click()  # an answer opened in place
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{address} scrolls sideways at {width} px ({wide} px wide)"
            path = SCREENSHOTS / f"{language}-{name}-{width}-{mode}.png"
            page.screenshot(path=path, full_page=True)
            assert path.stat().st_size > 0
        open_suggestions(page)
        page.screenshot(path=SCREENSHOTS / f"{language}-suggestions-{width}-{mode}.png")


def test_a_question_prints_as_its_answer_and_contacts_without_navigation(axe_page, site):
    page = axe_page("light", 800)
    page.goto(f"/ja/q/{site['in_store'].slug}/")
    page.emulate_media(media="print")
    for hidden in (".header-search", ".language-switch", ".helpfulness", ".pager", ".breadcrumbs"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".answer")).to_contain_text("ご利用いただくことができません。")
    expect(page.locator(".contacts")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "ja-question-print.png", full_page=True)
