"""Playwright against Debian's Chromium and pytest-django's live server.

Playwright's sync API runs an event loop in the test thread; Django refuses database access
from such a thread unless told the test knows what it does.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Error, sync_playwright

from contacts.models import ContactChannel
from tests.factories import (
    AnsweredQuestionFactory,
    CategoryFactory,
    ContactChannelFactory,
    GroupFactory,
    RelatedLinkFactory,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium) or "
            "`scripts/ensure-debian-packages /usr/bin/chromium=chromium`.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as error:
            pytest.fail(f"Chromium at {CHROMIUM} could not start: {error}", pytrace=False)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def faq(transactional_db):
    """A small FAQ whose texts come from the source page, made with factories."""
    group = GroupFactory(name_ja="ご検討中の方向けFAQ", name_en="For prospective customers")
    category = CategoryFactory(
        parent=group,
        slug="payment-services",
        name_ja="決済サービス全般について",
        name_en="About our payment services",
    )
    CategoryFactory(parent=group, slug="system", name_ja="システムについて", name_en="System")
    in_store = AnsweredQuestionFactory(
        category=category,
        slug="in-store-use",
        title_ja="実店舗や対面販売での利用は可能ですか?",
        title_en="Can I use it in a physical shop or for face-to-face sales?",
        answer__body_ja=(
            "ご利用いただくことができません。"
            "弊社は主に非対面販売(通販、ECなど)における決済サービスを提供しております。"
        ),
        is_featured=True,
    )
    payout = AnsweredQuestionFactory(
        category=category,
        slug="payout-source",
        title_ja="売上の入金はどこから行われますか?",
        title_en="",
        answer__body_ja=(
            "代表加盟サービスをご利用の場合は、弊社からまとめてご入金します。"
            "また、カード会社と直接加盟店契約をお持ちの場合は、各カード会社から入金が行われます。"
            " 詳しくはお問い合わせください。"
        ),
        answer__body_en="",
    )
    RelatedLinkFactory(question=in_store, target=payout, position=1)
    ContactChannelFactory(
        slug="sales-phone",
        kind=ContactChannel.Kind.PHONE,
        value="03-3464-2323",
        name_ja="総合受付",
        name_en="Main desk",
    )
    return {"category": category, "in_store": in_store, "payout": payout}


@pytest.fixture
def editor_page(browser, live_server, client, erin):
    """A Chromium page logged in as erin the Editor; collects the page's script errors."""
    client.force_login(erin)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    yield page
    context.close()
