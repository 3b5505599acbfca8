"""The helpfulness vote in a real Chromium, on pages served by the bundled nginx cache in front
of real gunicorn (as `make serve` runs the site): with JavaScript (the token fetched at submit
time, the visitor's answer shown again after a reload) and without (the confirmation page),
and an admin edit reaching visitors through the proxy within the staleness bound."""

import sqlite3
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.servers import SHARED_SECONDS, SHORT_LIFETIMES, STAFF, STALE_SECONDS, get, proxied_site

pytestmark = [pytest.mark.browser, pytest.mark.proxy]

PAGE = "/ja/q/contact-desks/"
SAID_NO = "「役に立たなかった」と回答しました"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("proxied-browser")
    with proxied_site(workdir, **SHORT_LIFETIMES) as (_app_port, proxy_port):
        yield workdir, f"http://127.0.0.1:{proxy_port}"


@pytest.fixture
def visitor(browser, site):
    def open_page(javascript=True):
        context = browser.new_context(base_url=site[1], java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(error))
        return page

    contexts, errors = [], []
    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def _votes(workdir):
    with sqlite3.connect(workdir / "db.sqlite3") as db:
        return db.execute("SELECT is_helpful, reason FROM faq_vote ORDER BY id").fetchall()


def _shoot(page, name):
    """The vote's states, for people to look at (docs/tests.md): the section at 390 px."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#helpfulness").screenshot(path=SCREENSHOTS / f"ja-vote-{name}-390.png")


def _warm(site):
    """The page in the proxy's cache, so that the browser gets the shared copy."""
    for _ in range(2):
        get(int(site[1].rsplit(":", 1)[1]), PAGE)


def test_a_visitor_votes_no_with_a_reason_and_sees_the_answer_after_a_reload(site, visitor):
    workdir, _url = site
    _warm(site)
    page = visitor()
    assert page.goto(PAGE).headers["x-cache-status"] == "HIT"

    page.locator("summary", has_text="いいえ").click()
    page.get_by_label("足りなかった点をお聞かせください(任意)").fill("料金の例が欲しい")
    _shoot(page, "reason")
    page.get_by_role("button", name="送信").click()

    expect(page.get_by_role("status")).to_have_text("ご意見ありがとうございます。")
    expect(page.get_by_text(SAID_NO)).to_be_visible()
    assert _votes(workdir)[-1] == (0, "料金の例が欲しい")
    reloaded = page.reload()
    assert reloaded.headers["x-cache-status"] == "HIT"  # the shared copy, yet their answer
    expect(page.get_by_text(SAID_NO)).to_be_visible()
    expect(page.get_by_role("button", name="はい")).to_be_hidden()
    _shoot(page, "answered")

    page.get_by_role("button", name="変更する").click()
    page.get_by_role("button", name="はい").click()
    expect(page.get_by_text("「役に立った」と回答しました")).to_be_visible()
    assert _votes(workdir)[-1] == (1, "")


def test_a_visitor_without_javascript_votes_through_the_confirmation_page(site, visitor):
    workdir, _url = site
    _warm(site)
    before = len(_votes(workdir))
    page = visitor(javascript=False)
    page.goto(PAGE)

    page.get_by_role("button", name="はい").click()  # the shared page holds no token
    expect(page.get_by_role("heading", name="回答の確認")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "ja-vote-confirmation-1280.png", full_page=True)
    assert len(_votes(workdir)) == before
    page.get_by_role("button", name="はい").click()

    expect(page.locator(".thanks").first).to_have_text("ご意見ありがとうございます。")
    assert len(_votes(workdir)) == before + 1


def test_an_admin_edit_reaches_visitors_through_the_proxy_within_the_bound(site, visitor):
    workdir, url = site
    _warm(site)
    with sqlite3.connect(workdir / "db.sqlite3") as db:
        (pk,) = db.execute("SELECT id FROM faq_question WHERE slug = 'contact-desks'").fetchone()
    page = visitor()
    page.goto("/admin/login/")
    page.fill("#id_username", STAFF[0])
    page.fill("#id_password", STAFF[1])
    page.locator("input[type=submit]").click()
    page.goto(f"/admin/faq/question/{pk}/change/")
    page.wait_for_selector(".ui-tabs-nav")
    page.locator(".ui-tabs").first.get_by_role("tab", name="JA").click()
    page.fill("#id_title_ja", "管理画面で直した窓口の質問")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    saved = time.monotonic()

    port = int(url.rsplit(":", 1)[1])
    while "管理画面で直した窓口の質問" not in get(port, PAGE)[2]:
        assert time.monotonic() - saved < SHARED_SECONDS + STALE_SECONDS + 1.5
        time.sleep(0.1)
