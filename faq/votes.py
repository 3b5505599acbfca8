"""Helpfulness votes: the one place a vote is written."""

import re
import secrets

from django.conf import settings

from faq.models import Question, Vote
from faq.ratelimit import allow

VOTER_COOKIE = "faq_voter"
VOTER_COOKIE_MAX_AGE = 2 * 365 * 24 * 60 * 60
# What secrets.token_urlsafe() makes, with room to spare; anything else the browser sends
# (a non-ASCII value would make the server refuse its own Set-Cookie) is replaced, not echoed.
VOTER_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Per client, through the cache: enough for a person reading many answers, not for a flood.
# A client without cookies cannot vote at all: the vote's POST needs the CSRF cookie.
# The limit is settings.FAQ_VOTE_LIMIT (default 20), so a load run from one address can raise it.
VOTE_WINDOW = 600
# The visitor's own answers, for static/faq/vote.js to show "You said this was helpful" on a
# page that a shared cache may hold (so the page itself cannot say it): question ids with
# y or n, newest last, at most ANSWERS_KEPT of them. Readable by scripts on purpose; it says
# nothing the visitor did not say themselves, and the server never reads it but to update it.
ANSWERS_COOKIE = "faq_answers"
ANSWERS_KEPT = 100
_ANSWER = re.compile(r"[0-9]{1,12}[yn]")


def vote_allowed(request) -> bool:
    return allow(request, "vote", settings.FAQ_VOTE_LIMIT, VOTE_WINDOW)


def voter_id(request) -> str:
    """The browser's long-lived random id, or a new one (the view sets the cookie)."""
    existing = request.COOKIES.get(VOTER_COOKIE, "")
    if VOTER_ID.fullmatch(existing):
        return existing
    return secrets.token_urlsafe(24)


def record_vote(question: Question, voter: str, *, is_helpful: bool, reason: str = "") -> Vote:
    """Store the voter's answer; a second vote on the same question replaces the first."""
    vote, _created = Vote.objects.update_or_create(
        question=question,
        voter=voter,
        defaults={"is_helpful": is_helpful, "reason": reason if not is_helpful else ""},
    )
    return vote


def set_voter_cookie(request, response, voter: str) -> None:
    response.set_cookie(
        VOTER_COOKIE,
        voter,
        max_age=VOTER_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def remember_answer(request, response, question: Question, is_helpful: bool) -> None:
    earlier = [
        entry
        for entry in request.COOKIES.get(ANSWERS_COOKIE, "").split(".")
        if _ANSWER.fullmatch(entry) and entry[:-1] != str(question.pk)
    ]
    answers = [*earlier, f"{question.pk}{'y' if is_helpful else 'n'}"][-ANSWERS_KEPT:]
    response.set_cookie(
        ANSWERS_COOKIE,
        ".".join(answers),
        max_age=VOTER_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
