import pytest
from django.urls import reverse
from django.utils import timezone

from faq.models import Synonym
from tests.factories import SearchQueryFactory

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
