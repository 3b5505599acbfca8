"""Learning from visitors in a real Chromium: the click-through without script, and the
editor's one click that turns a suggested synonym into a synonym (screenshots at 1280 px)."""

import pytest
from django.conf import settings
from django.urls import reverse

from faq.models import SearchQuery, Synonym
from tests.browser.conftest import SCREENSHOTS
from tests.factories import AnsweredQuestionFactory, SearchQueryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ADMIN_SHOTS = SCREENSHOTS / "admin"


def test_a_result_clicked_in_a_browser_without_javascript_is_logged(browser, live_server):
    refund = AnsweredQuestionFactory(title_ja="返金はできますか")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/ja/search/?q=" + "払い戻し")  # found nothing; the visit begins
    page.goto("/ja/search/?q=" + "返金")
    page.locator("#search-results a").first.click()
    page.wait_for_url(f"**{refund.get_absolute_url()}")
    context.close()
    logged = dict(SearchQuery.objects.values_list("query", "clicked"))
    assert logged == {"払い戻し": None, "返金": refund.pk}


def test_an_editor_turns_a_suggested_synonym_into_a_synonym(live_server, editor_page):
    question = AnsweredQuestionFactory()
    for n in range(3):
        visit = f"visit-{n:016d}"
        SearchQueryFactory(visit=visit, query="かど", typed="カード", result_count=0)
        SearchQueryFactory(visit=visit, query="くれじっと", typed="クレジット", clicked=question)
    SearchQueryFactory.create_batch(4, query="かいやく", typed="カイヤク", result_count=0)
    page = editor_page
    page.goto(live_server.url + reverse("admin:faq_searchquery_changelist"))
    ADMIN_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ADMIN_SHOTS / "search-analytics.png", full_page=True)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ja", "url": live_server.url}]
    )
    page.reload()
    assert "同義語の候補" in page.content()
    page.screenshot(path=ADMIN_SHOTS / "search-analytics-ja.png", full_page=True)
    page.locator("#suggested-synonyms button").click()
    page.wait_for_selector(".messagelist .success")
    assert "同義語「カード, クレジット」を追加しました。" in page.content()
    page.screenshot(path=ADMIN_SHOTS / "search-analytics-synonym-made.png", full_page=True)
    assert Synonym.objects.get().term_list == ["カード", "クレジット"]
    assert page.script_errors == []
