import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from faq.models import Question, Vote
from faq.votes import (
    ANSWERS_COOKIE,
    ANSWERS_KEPT,
    VOTER_COOKIE,
    record_vote,
    remember_answer,
    voter_id,
)
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_a_second_vote_by_the_same_voter_replaces_the_first():
    question = QuestionFactory()
    record_vote(question, "voter-a", is_helpful=False, reason="分かりにくい")
    record_vote(question, "voter-a", is_helpful=True)
    vote = Vote.objects.get()
    assert vote.is_helpful is True
    assert vote.reason == ""


def test_votes_of_different_voters_are_kept_apart():
    question = QuestionFactory()
    record_vote(question, "voter-a", is_helpful=True)
    record_vote(question, "voter-b", is_helpful=False, reason="例が欲しい")
    assert Vote.objects.filter(question=question).count() == 2


def test_voter_id_reuses_a_well_formed_cookie_and_replaces_a_forged_one():
    request = RequestFactory().get("/")
    request.COOKIES[VOTER_COOKIE] = "abcdefghijklmnopqrstuvwxyz012345"
    assert voter_id(request) == "abcdefghijklmnopqrstuvwxyz012345"
    request.COOKIES[VOTER_COOKIE] = "<script>"
    fresh = voter_id(request)
    assert fresh != "<script>" and len(fresh) >= 16


def test_with_helpfulness_counts_votes_and_the_share_of_yes():
    liked, unvoted = QuestionFactory(), QuestionFactory()
    for voter, helpful in (("a", True), ("b", True), ("c", True), ("d", False)):
        record_vote(liked, voter, is_helpful=helpful)
    rows = {q.pk: q for q in Question.objects.with_helpfulness()}
    assert (rows[liked.pk].helpful_yes, rows[liked.pk].helpful_no) == (3, 1)
    assert rows[liked.pk].helpful_share == pytest.approx(0.75)
    assert (rows[unvoted.pk].helpful_yes, rows[unvoted.pk].helpful_share) == (0, None)


def test_with_helpfulness_sorts_by_share():
    low, high = QuestionFactory(), QuestionFactory()
    record_vote(low, "a", is_helpful=False)
    record_vote(high, "a", is_helpful=True)
    ordered = Question.objects.with_helpfulness().filter(pk__in=[low.pk, high.pk])
    assert list(ordered.order_by("-helpful_share")) == [high, low]


class TestRememberAnswer:
    def _answers_after(self, question, helpful, cookie=""):
        request = RequestFactory().post("/", HTTP_COOKIE=f"{ANSWERS_COOKIE}={cookie}")
        response = HttpResponse()
        remember_answer(request, response, question, helpful)
        return response.cookies[ANSWERS_COOKIE]

    def test_it_adds_the_answer_for_the_visitors_script(self):
        question = QuestionFactory.build(pk=7)
        morsel = self._answers_after(question, False, cookie="3y")

        assert morsel.value == "3y.7n"
        assert not morsel["httponly"]  # static/faq/vote.js reads it

    def test_a_changed_answer_replaces_the_earlier_one(self):
        question = QuestionFactory.build(pk=7)

        assert self._answers_after(question, True, cookie="7n.3y").value == "3y.7y"

    def test_it_keeps_the_newest_answers_only_and_drops_junk(self):
        question = QuestionFactory.build(pk=99999)
        many = ".".join(f"{n}y" for n in range(ANSWERS_KEPT + 20)) + ".<script>"

        answers = self._answers_after(question, True, cookie=many).value.split(".")

        assert len(answers) == ANSWERS_KEPT
        assert answers[-1] == "99999y" and "<script>" not in answers
