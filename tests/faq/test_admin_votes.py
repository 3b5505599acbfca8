import pytest
from django.urls import reverse

from faq.votes import record_vote
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client):
    """An editor with every permission."""
    user = UserFactory(username="alice", is_superuser=True)
    user.save(update_fields=["password"])  # UserFactory skips saving the hashed password
    client.force_login(user)
    return client


def test_editors_see_votes_with_their_reasons(alice):
    record_vote(
        QuestionFactory(title_ja="入金は?"), "voter-a", is_helpful=False, reason="例が欲しい"
    )
    response = alice.get(reverse("admin:faq_vote_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "入金は?" in html and "例が欲しい" in html


def test_votes_cannot_be_added_or_edited_in_the_admin(alice):
    vote = record_vote(QuestionFactory(), "voter-a", is_helpful=True)
    assert alice.get(reverse("admin:faq_vote_add")).status_code == 403
    change = alice.post(reverse("admin:faq_vote_change", args=[vote.pk]), {"is_helpful": ""})
    assert change.status_code == 403
    vote.refresh_from_db()
    assert vote.is_helpful is True
