"""The search log editors read in the admin: the one place that writes it, and its readings.

Nothing about the visitor is stored: no IP address, no user agent. Searches of one visit are
tied together by a random id (``secrets``) that the search page keeps in a signed,
first-party cookie (VISITOR_COOKIE) for VISIT_SECONDS after the visit's last search.

Only a browser that brings that cookie back is logged, so bots that keep no cookies never are.
A visit's first search is therefore carried in the cookie ("pending") and written when the
browser next searches or clicks a result. The log stays bounded whatever a client sends:
a cookie we did not sign, or signed more than VISIT_SECONDS ago, counts for nothing; one row
per (visit, normalised query) per DEDUPE_SECONDS; at most VISIT_LOG_LIMIT rows per visit;
LOG_LIMIT rows per client address per LOG_WINDOW; and rows older than
settings.FAQ_SEARCH_LOG_DAYS are deleted (``manage.py prune_search_log``, and from here once
every PRUNE_EVERY seconds).
"""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone, translation

from faq.models import Question, SearchQuery, Synonym
from faq.ratelimit import allow
from faq.search.normalise import normalise
from faq.search.query import MAX_QUERY_LENGTH, truncate

VISITOR_COOKIE = "faq_visitor"
VISIT_SECONDS = 30 * 60
_VISIT_SALT = "faq.search.visit"
_VISIT_ID = re.compile(r"[A-Za-z0-9_-]{16,32}")
LOG_LIMIT, LOG_WINDOW = 30, 60
DEDUPE_SECONDS = 60
VISIT_LOG_LIMIT = 50
PRUNE_EVERY = 60 * 60
_PRUNED_KEY = "faq:search-log:pruned"


@dataclass
class Visit:
    id: str
    is_new: bool
    pending: list | None = None  # [typed, language, result_count] of a first search not logged


def visit_of(request) -> Visit:
    """The visit the request's cookie names, or a new one (kept on the request)."""
    if not hasattr(request, "_faq_visit"):
        request._faq_visit = _read_visit(request.COOKIES.get(VISITOR_COOKIE, ""))
    return request._faq_visit


def _read_visit(cookie: str) -> Visit:
    try:
        data = signing.loads(cookie, salt=_VISIT_SALT, max_age=VISIT_SECONDS)
    except signing.BadSignature:  # absent, forged, or expired
        return Visit(secrets.token_urlsafe(16), is_new=True)
    if not isinstance(data, dict) or not _VISIT_ID.fullmatch(str(data.get("v", ""))):
        return Visit(secrets.token_urlsafe(16), is_new=True)
    return Visit(data["v"], is_new=False, pending=_valid_pending(data.get("p")))


def _valid_pending(pending):
    if isinstance(pending, list) and len(pending) == 3 and isinstance(pending[2], int):
        return [str(pending[0])[:MAX_QUERY_LENGTH], str(pending[1])[:8], max(pending[2], 0)]
    return None


def mark_visitor(request, response):
    """(Re)sign the visit cookie: the visit lasts VISIT_SECONDS after its last search."""
    response.set_cookie(
        VISITOR_COOKIE,
        signed_visit(visit_of(request)),
        max_age=VISIT_SECONDS,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )


def signed_visit(visit: Visit) -> str:
    return signing.dumps({"v": visit.id, "p": visit.pending}, salt=_VISIT_SALT, compress=True)


def normalised_query(text: str) -> str:
    return " ".join(normalise(truncate(text)).split())


def record_search(request, query: str, result_count: int) -> SearchQuery | None:
    """Log one search; returns None when there is nothing worth logging (yet)."""
    if not normalised_query(query):
        return None
    visit = visit_of(request)
    typed = " ".join(truncate(query).split())[:MAX_QUERY_LENGTH]
    language = translation.get_language() or ""
    if visit.is_new:
        visit.pending = [typed, language, result_count]
        return None
    _write_pending(request, visit)
    return _log(request, visit, typed, language, result_count)


def record_click(request, query: str, question: Question) -> SearchQuery | None:
    """Note that the visit's search for ``query`` led to ``question`` (the first click counts).

    Only a search of the requesting visit is ever marked.
    """
    visit = visit_of(request)
    normalised = normalised_query(query)
    if visit.is_new or not normalised:
        return None
    _write_pending(request, visit)
    row = _latest(visit, normalised, seconds=VISIT_SECONDS)
    if row is not None and row.clicked_id is None:
        row.clicked = question
        row.save(update_fields=("clicked",))
    return row


def _write_pending(request, visit: Visit) -> None:
    """Write the visit's first search, now that the browser brought our cookie back (once)."""
    if visit.pending is None:
        return
    typed, language, result_count = visit.pending
    visit.pending = None
    normalised = normalised_query(typed)
    if normalised and _latest(visit, normalised, seconds=VISIT_SECONDS) is None:
        _log(request, visit, typed, language, result_count)


def _latest(visit: Visit, normalised: str, *, seconds: int) -> SearchQuery | None:
    since = timezone.now() - timedelta(seconds=seconds)
    rows = SearchQuery.objects.filter(
        visit=visit.id, query=normalised[:MAX_QUERY_LENGTH], created_at__gte=since
    )
    return rows.order_by("-created_at").first()


def _log(request, visit, typed, language, result_count) -> SearchQuery | None:
    normalised = normalised_query(typed)[:MAX_QUERY_LENGTH]
    repeated = _latest(visit, normalised, seconds=DEDUPE_SECONDS)
    if repeated is not None:
        return repeated
    if SearchQuery.objects.filter(visit=visit.id).count() >= VISIT_LOG_LIMIT:
        return None
    if not allow(request, "search-log", LOG_LIMIT, LOG_WINDOW):
        return None
    _prune_now_and_then()
    return SearchQuery.objects.create(
        query=normalised,
        typed=typed,
        language=language,
        result_count=result_count,
        visit=visit.id,
    )


# Retention.


def prune_search_log(days: int | None = None) -> int:
    """Delete the searches older than ``days`` (settings.FAQ_SEARCH_LOG_DAYS); how many."""
    days = settings.FAQ_SEARCH_LOG_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _by_model = SearchQuery.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _prune_now_and_then() -> None:
    """At most once per PRUNE_EVERY across all servers (cache.add is atomic), so that a
    deployment without the scheduled command still keeps the log bounded."""
    # ResilientRedisCache answers False while Redis fails: then only the command prunes.
    if cache.add(_PRUNED_KEY, 1, timeout=PRUNE_EVERY):
        prune_search_log()


# What editors read: suggested synonyms.


@dataclass(frozen=True)
class Reformulation:
    language: str
    failed: str  # as typed, the query that found nothing or led to no click
    clicked: str  # as typed, the next query of the visit whose result was clicked
    count: int  # in how many visits


def reformulations(searches, limit: int = 50) -> list[Reformulation]:
    """The most frequent (failed query → clicked query) pairs of the same visit.

    A failed query is one that found nothing or whose results were not clicked; it pairs with
    the next search of the visit whose result was clicked. Each pair counts once per visit;
    pairs that one synonym already joins are left out.
    """
    counts, typed = {}, {}
    for pairs in _pairs_per_visit(searches):
        for key, as_typed in pairs.items():
            counts[key] = counts.get(key, 0) + 1
            typed.setdefault(key, as_typed)
    joined = _joined_by_a_synonym()
    ranked = sorted(counts, key=lambda key: (-counts[key], key))
    pairs = (Reformulation(key[0], *typed[key], counts[key]) for key in ranked)
    return [pair for pair in pairs if not joined(pair)][:limit]


def _pairs_per_visit(searches):
    """Per visit that clicked something: {(language, failed, clicked): (as typed, as typed)}."""
    clicked_visits = searches.exclude(visit="").filter(clicked__isnull=False).values("visit")
    rows = (
        searches.filter(visit__in=clicked_visits)
        .order_by("visit", "created_at", "pk")
        .values_list("visit", "language", "query", "typed", "result_count", "clicked_id")
    )
    visit, failed, pairs = None, [], {}
    for row_visit, language, query, as_typed, result_count, clicked_id in rows.iterator():
        if row_visit != visit:
            if pairs:
                yield pairs
            visit, failed, pairs = row_visit, [], {}
        if clicked_id is None or result_count == 0:
            failed.append((query, as_typed or query))
            continue
        for query_before, typed_before in failed:
            if query_before != query:
                pairs.setdefault((language, query_before, query), (typed_before, as_typed or query))
        failed = []
    if pairs:
        yield pairs


def _joined_by_a_synonym():
    groups = [
        (synonym.language, {normalised_query(term) for term in synonym.term_list})
        for synonym in Synonym.objects.all()
    ]

    def joined(pair: Reformulation) -> bool:
        terms = {normalised_query(pair.failed), normalised_query(pair.clicked)}
        return any(lang in ("", pair.language) and terms <= group for lang, group in groups)

    return joined


def synonym_from(language: str, failed: str, clicked: str) -> Synonym:
    """The synonym an editor makes from a suggestion (validated; not saved)."""
    synonym = Synonym(
        terms=f"{Synonym.as_term(failed)}, {Synonym.as_term(clicked)}", language=language
    )
    synonym.full_clean()
    return synonym
