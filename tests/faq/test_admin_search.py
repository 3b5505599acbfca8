import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from faq.models import Synonym
from tests.factories import AnsweredQuestionFactory, SearchQueryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _as_alice(client, alice):
    """Alice the Administrator, who holds every permission: what the admin refuses, it refuses."""
    client.force_login(alice)


def test_an_editor_adds_a_synonym_in_the_admin(client):
    response = client.post(
        reverse("admin:faq_synonym_add"), {"terms": "クレカ, クレジットカード", "language": "ja"}
    )
    assert response.status_code == 302
    assert Synonym.objects.get().term_list == ["クレカ", "クレジットカード"]


def test_a_synonym_needs_two_terms(client):
    response = client.post(reverse("admin:faq_synonym_add"), {"terms": "クレカ", "language": ""})
    assert response.status_code == 200
    assert not Synonym.objects.exists()


def test_analytics_show_top_queries_and_top_zero_result_queries_of_the_period(client):
    SearchQueryFactory.create_batch(3, query="解約")
    SearchQueryFactory(query="ポイント", result_count=0)
    SearchQueryFactory.create_batch(2, query="返品", result_count=0)
    old = SearchQueryFactory(query="古い検索", result_count=0)
    old.created_at = timezone.now() - timezone.timedelta(days=40)
    old.save()
    response = client.get(reverse("admin:faq_searchquery_changelist"), {"days": "30"})
    top = [(row["query"], row["count"]) for row in response.context["top_queries"]]
    zero = [(row["query"], row["count"]) for row in response.context["top_zero_result_queries"]]
    assert top == [("解約", 3), ("返品", 2), ("ポイント", 1)]
    assert zero == [("返品", 2), ("ポイント", 1)]
    ninety = client.get(reverse("admin:faq_searchquery_changelist"), {"days": "90"})
    assert ("古い検索", 1) in [(r["query"], r["count"]) for r in ninety.context["top_queries"]]


def test_a_period_that_is_not_offered_falls_back_to_seven_days(client):
    response = client.get(reverse("admin:faq_searchquery_changelist"), {"days": "abc"})
    assert response.status_code == 200
    assert response.context["days"] == 7


def test_the_search_log_cannot_be_edited(client):
    logged = SearchQueryFactory()
    response = client.post(reverse("admin:faq_searchquery_change", args=[logged.pk]), {})
    assert response.status_code == 403


# Learning from visitors: what was typed, clicks, suggested synonyms (issue 12).


def a_reformulation(visits=1, language="ja"):
    """Visits that searched カード (nothing found), then クレジット, and clicked a result."""
    question = AnsweredQuestionFactory()
    for n in range(visits):
        visit = f"visit-{n:016d}"
        SearchQueryFactory(
            visit=visit, query="かど", typed="カード", result_count=0, language=language
        )
        SearchQueryFactory(
            visit=visit, query="くれじっと", typed="クレジット", clicked=question, language=language
        )


def analytics(client, **params):
    return client.get(reverse("admin:faq_searchquery_changelist"), params)


def make_synonym(client, **data):
    fields = {"language": "ja", "failed": "カード", "clicked": "クレジット", "days": "7", **data}
    return client.post(reverse("admin:faq_searchquery_make_synonym"), fields)


def test_the_top_queries_show_how_visitors_typed_them_and_how_many_clicked(client, alice):
    a_reformulation(visits=2)
    rows = {row["query"]: row for row in analytics(client).context["top_queries"]}
    assert (rows["かど"]["typed"], rows["かど"]["count"], rows["かど"]["clicks"]) == (
        "カード",
        2,
        0,
    )
    assert (rows["くれじっと"]["typed"], rows["くれじっと"]["clicks"]) == ("クレジット", 2)
    html = analytics(client).content.decode()
    assert "<td>カード</td>" in html and "そのうち2件で結果がクリックされました。" in html


def test_an_editor_sees_the_suggested_synonyms_and_makes_one_with_one_click(client, erin):
    a_reformulation(visits=3)
    client.force_login(erin)
    response = analytics(client)
    assert [(p.failed, p.clicked, p.count) for p in response.context["reformulations"]] == [
        ("カード", "クレジット", 3)
    ]
    assert (
        "Make synonym" in response.content.decode() or "同義語にする" in response.content.decode()
    )
    made = make_synonym(client)
    assert made.status_code == 302 and made.url.endswith("?days=7")
    synonym = Synonym.objects.get()
    assert (synonym.term_list, synonym.language) == (["カード", "クレジット"], "ja")
    assert analytics(client).context["reformulations"] == []  # the synonym now joins them
    assert LogEntry.objects.get().user == erin


def test_a_viewer_sees_the_suggestions_without_the_button_and_cannot_post(client, victor):
    a_reformulation()
    client.force_login(victor)
    response = analytics(client)
    assert response.status_code == 200 and response.context["reformulations"]
    assert reverse("admin:faq_searchquery_make_synonym") not in response.content.decode()
    assert make_synonym(client).status_code == 403
    assert not Synonym.objects.exists()


def test_making_a_synonym_needs_the_csrf_token(erin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(erin)
    assert make_synonym(client).status_code == 403
    assert not Synonym.objects.exists()


def test_making_a_synonym_by_get_changes_nothing(client, erin):
    client.force_login(erin)
    response = client.get(
        reverse("admin:faq_searchquery_make_synonym"), {"failed": "a", "clicked": "b"}
    )
    assert response.status_code == 302
    assert not Synonym.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{"clicked": ""}, {"language": "fr"}, {"failed": "x" * 300, "clicked": "y" * 300}],
)
def test_a_suggestion_that_is_not_a_valid_synonym_is_refused_with_a_message(client, erin, data):
    client.force_login(erin)
    response = make_synonym(client, **data)
    assert response.status_code == 302
    assert not Synonym.objects.exists()
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


def test_the_same_synonym_twice_is_refused_and_the_first_kept(client, erin):
    client.force_login(erin)
    make_synonym(client)
    response = make_synonym(client)
    assert Synonym.objects.count() == 1
    assert [m.level_tag for m in get_messages(response.wsgi_request)][-1] == "error"


def test_the_periods_end_at_the_retention(client, alice, settings):
    settings.FAQ_SEARCH_LOG_DAYS = 60
    assert analytics(client).context["periods"] == (7, 30, 60)
    assert analytics(client, days="90").context["days"] == 7
    settings.FAQ_SEARCH_LOG_DAYS = 14
    assert analytics(client).context["periods"] == (7, 14)
