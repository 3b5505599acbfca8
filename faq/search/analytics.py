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

The page does not wait for the log: what a request notes is queued and written, in the order
noted, within settings.FAQ_SEARCH_LOG_SECONDS, many requests' notes in one transaction
(faq.search.log_writer says what a process that dies may lose). So a click is marked on its
search unless both were made within that time through different processes.
"""

import re
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import close_old_connections, transaction
from django.db.models import Count
from django.utils import timezone, translation

from faq.models import Question, SearchQuery, Synonym
from faq.ratelimit import allowed_hits, client_id, window_of
from faq.search.log_writer import BatchWriter
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


def record_search(request, query: str, result_count: int) -> None:
    """Log one search (a first search waits in the visit cookie; module docstring)."""
    if not normalised_query(query):
        return
    visit = visit_of(request)
    typed = " ".join(truncate(query).split())[:MAX_QUERY_LENGTH]
    search = Search(typed, translation.get_language() or "", result_count)
    if visit.is_new:
        visit.pending = [search.typed, search.language, search.result_count]
    else:
        _queue(request, visit, search)


def record_click(request, query: str, question: Question) -> None:
    """Note that the visit's search for ``query`` led to ``question`` (the first click counts).

    Only a search of the requesting visit is ever marked.
    """
    visit = visit_of(request)
    normalised = normalised_query(query)
    if not visit.is_new and normalised:
        _queue(request, visit, Click(normalised, question.pk))


# Writing: off the request path, in batches (faq.search.log_writer), in the order made.


@dataclass(frozen=True)
class Search:
    typed: str
    language: str
    result_count: int


@dataclass(frozen=True)
class Click:
    normalised: str
    question_id: int


@dataclass(frozen=True)
class Entry:
    """What one request asks the log to note, with what the writer needs of the request."""

    visit: str
    first: Search | None  # the visit's first search, carried in its cookie until now
    then: Search | Click
    client: str  # faq.ratelimit.client_id: a keyed hash, never the address
    at: datetime


def _queue(request, visit: Visit, then: Search | Click) -> None:
    first = Search(*visit.pending) if visit.pending else None
    visit.pending = None  # written now: the re-signed cookie no longer carries it
    entry = Entry(visit.id, first, then, client_id(request), timezone.now())
    if settings.FAQ_SEARCH_LOG_SECONDS:
        _writer().add(entry)
    else:
        write_entries([entry])


@lru_cache(maxsize=1)
def _writer() -> BatchWriter:
    return BatchWriter(_write_batch, every=settings.FAQ_SEARCH_LOG_SECONDS)


def flush_search_log() -> None:
    """Write now what this process queued (for a process about to lose its database)."""
    if _writer.cache_info().currsize:
        _writer().flush()


def _write_batch(entries: list[Entry]) -> None:
    """A batch of the writer's thread, whose connection Django looks after as a request's."""
    close_old_connections()
    try:
        write_entries(entries)
    finally:
        close_old_connections()


def write_entries(entries: list[Entry]) -> None:
    """Write a batch: each entry judged in order as if written alone (the dedupe and the
    bounds of the module docstring), from one read of what its visits logged lately, and
    the rows it adds in one insert."""
    with transaction.atomic():
        batch = _Batch(entries)
        for entry in entries:
            batch.note(entry)
        batch.save()
    _prune_now_and_then()


class _Batch:
    def __init__(self, entries: list[Entry]):
        visits = {entry.visit for entry in entries}
        since = min(entry.at for entry in entries) - timedelta(seconds=VISIT_SECONDS)
        self.rows = defaultdict(list)  # visit -> its recent rows, oldest first, the new ones too
        recent = SearchQuery.objects.filter(visit__in=visits, created_at__gte=since)
        for row in recent.order_by("created_at", "pk"):
            self.rows[row.visit].append(row)
        per_visit = SearchQuery.objects.filter(visit__in=visits).order_by().values("visit")
        self.counts = Counter(dict(per_visit.annotate(n=Count("pk")).values_list("visit", "n")))
        clicked = [entry.then.question_id for entry in entries if isinstance(entry.then, Click)]
        self.questions = set(Question.objects.filter(pk__in=clicked).values_list("pk", flat=True))
        self.added = defaultdict(list)  # (client, rate-limit window) -> new rows, in order
        self.clicked = []  # stored rows marked now

    def note(self, entry: Entry) -> None:
        if entry.first and self._latest(entry, normalised_query(entry.first.typed)) is None:
            self._log(entry, entry.first)
        if isinstance(entry.then, Search):
            self._log(entry, entry.then)
        else:
            self._click(entry, entry.then)

    def _latest(self, entry: Entry, normalised: str, seconds: int = VISIT_SECONDS):
        since = entry.at - timedelta(seconds=seconds)
        for row in reversed(self.rows[entry.visit]):
            if row.query == normalised[:MAX_QUERY_LENGTH] and row.created_at >= since:
                return row
        return None

    def _log(self, entry: Entry, search: Search) -> None:
        normalised = normalised_query(search.typed)[:MAX_QUERY_LENGTH]
        if self._latest(entry, normalised, seconds=DEDUPE_SECONDS) is not None:
            return
        if self.counts[entry.visit] >= VISIT_LOG_LIMIT:
            return
        row = SearchQuery(
            query=normalised,
            typed=search.typed,
            language=search.language,
            result_count=search.result_count,
            visit=entry.visit,
            created_at=entry.at,
        )
        self.rows[entry.visit].append(row)
        self.counts[entry.visit] += 1
        self.added[entry.client, window_of(entry.at.timestamp(), LOG_WINDOW)].append(row)

    def _click(self, entry: Entry, click: Click) -> None:
        row = self._latest(entry, click.normalised)
        # The question may have gone since the click (the batch is written a moment later).
        if row is not None and row.clicked_id is None and click.question_id in self.questions:
            row.clicked_id = click.question_id
            if row.pk is not None:
                self.clicked.append(row)

    def save(self) -> None:
        SearchQuery.objects.bulk_update(self.clicked, ["clicked"])
        hits = {counted: len(rows) for counted, rows in self.added.items()}
        within = allowed_hits("search-log", LOG_LIMIT, LOG_WINDOW, hits)
        SearchQuery.objects.bulk_create(
            row for counted, rows in self.added.items() for row in rows[: within[counted]]
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
