import pytest
from django.urls import reverse

from faq.votes import record_vote
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _as_alice(client, alice):
    """Alice the Administrator, who holds every permission: what the admin refuses, it refuses."""
    client.force_login(alice)


def test_editors_see_votes_with_their_reasons(client):
    record_vote(
        QuestionFactory(title_ja="入金は?"), "voter-a", is_helpful=False, reason="例が欲しい"
    )
    response = client.get(reverse("admin:faq_vote_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "入金は?" in html and "例が欲しい" in html


def test_votes_cannot_be_added_or_edited_in_the_admin(client):
    vote = record_vote(QuestionFactory(), "voter-a", is_helpful=True)
    assert client.get(reverse("admin:faq_vote_add")).status_code == 403
    change = client.post(reverse("admin:faq_vote_change", args=[vote.pk]), {"is_helpful": ""})
    assert change.status_code == 403
    vote.refresh_from_db()
    assert vote.is_helpful is True
