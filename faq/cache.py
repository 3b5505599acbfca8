"""The public page cache: one content version, bumped on every change, in every page key,
and the HTTP caching headers that let a shared cache (the bundled nginx, a CDN) hold pages.

Any save, delete or many-to-many change of a model of the content apps (``CONTENT_APPS``)
(the models public pages show; raw saves from ``loaddata`` included) bumps the content
version. Page keys carry the version, so a bump makes every cached page unreachable at
once; old entries simply expire. Code that changes content without signals
(``QuerySet.update()``, ``bulk_create()``) must call ``bump_content_version()`` itself.

Where the version lives (settings.FAQ_SHARED_STATE): in the cache when it is one Redis that
every process shares (CACHE_URL), else in the database, which every process of one
deployment shares, read at most once per VERSION_MEMO_SECONDS by each process.

Views marked ``@public_page`` are the pages an anonymous visitor may get from a cache.
``CacheControlMiddleware`` marks every response either public (those pages, to anonymous
visitors) or ``private, no-store`` (everything else); ``PageCacheMiddleware``, in front of
every other middleware, serves and stores the public ones.
"""

import contextvars
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone, translation
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)

from faq.content import DERIVED_MODELS, STATE_MODELS

logger = logging.getLogger(__name__)

VERSION_KEY = "faq:content-version"
# Models of the content apps that no public page shows, so that writing them (a visitor's vote
# or search, what is derived from the content, the serving's own state) does not empty the
# page cache; lower case, as Model._meta.label_lower.
NOT_SHOWN = frozenset(
    label.lower() for label in ("faq.Vote", "faq.SearchQuery", *DERIVED_MODELS, *STATE_MODELS)
)
# Vary headers a cached page may carry: the key holds the path, which holds the language, and
# cached pages are only ever built for and served to visitors without a personal cookie.
HARMLESS_VARY = frozenset({"accept-language", "cookie"})
# How stale another process's view of the version may be in database mode: an edit saved
# anywhere reaches every process's pages within this time (the documented bound is 2 s).
VERSION_MEMO_SECONDS = 1.0
PRIVATE = "private, no-store"


def public_page(*query):
    """Marks a view whose anonymous GET pages any cache may hold.

    ``query`` names the query parameters the view reads: the only ones in its cache key.
    Others are removed from the request before the view runs, so ``?x=1`` gets the page of
    the bare URL and makes no entry of its own.
    """

    def mark(view):
        view.page_cache_query = query
        return view

    return mark


# --- The content version ---------------------------------------------------------------


def _in_database():
    return settings.FAQ_SHARED_STATE == "database"


def content_version():
    """The current version, or None when the cache cannot hold one (server failing)."""
    if _in_database():
        return _memoised_database_version()
    if _refused_bump["pending"]:
        bump_content_version()
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, not 1: a lost key must never bring back old page keys.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


# A bump the cache refused (faqsite.cache answers None while Redis fails) is made again
# before this process next reads the version, so that an edit saved during the fault does
# not leave the pages of the old version in use once the server works again.
_refused_bump = {"pending": False}
# This process's last read of the database's version: (version, monotonic time of the read).
_memo = {"version": None, "read_at": 0.0}


def bump_content_version():
    if _in_database():
        _bump_database_version()
        return
    _read_memo["version"] = None  # this process sees its own change at once
    try:
        _refused_bump["pending"] = cache.incr(VERSION_KEY) is None
    except ValueError:  # no version yet: any fresh one is new
        _refused_bump["pending"] = False
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def _memoised_database_version():
    now = time.monotonic()
    if _memo["version"] is None or now - _memo["read_at"] >= VERSION_MEMO_SECONDS:
        try:
            _memo["version"] = _database_version()
        except DatabaseError:
            # The database is down: pages cached for the version last read stay served
            # (nothing can be edited meanwhile); with none read yet, nothing is cached.
            logger.warning("Content version unreadable; keeping %s", _memo["version"])
        _memo["read_at"] = now
    return _memo["version"]


def _version_row():
    from faq.models import SharedCounter  # the models import this module's app

    return SharedCounter.objects.using(DEFAULT_DB_ALIAS).filter(key=VERSION_KEY)


def _database_version():
    version = _version_row().values_list("value", flat=True).first()
    if version is None:
        _create_database_version()
        version = _version_row().values_list("value", flat=True).first()
    return version


def forget_content_version():
    """This process reads the database's version afresh next time (a test's rolled-back
    database holds another version than the one this process last read), and keeps no read
    of the version it last read."""
    _memo["version"] = _read_memo["version"] = None
    forget_versioned_reads()


def _bump_database_version():
    # Inside the saving transaction: other processes see the new version with the new rows.
    if not _version_row().update(value=F("value") + 1):
        _create_database_version()
    _memo["version"] = None  # this process sees its own change at once


def _create_database_version():
    """Start from the clock: a restored or new database must never bring back old keys."""
    from faq.models import SharedCounter

    try:
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            SharedCounter.objects.using(DEFAULT_DB_ALIAS).create(
                key=VERSION_KEY, value=time.time_ns()
            )
    except IntegrityError:  # another process made it first: bump theirs
        _version_row().update(value=F("value") + 1)


# Inside one_bump_for_the_block(): the databases whose rows changed, bumped once at its end.
_deferred = contextvars.ContextVar("faq_cache_deferred_bumps", default=None)


@contextmanager
def one_bump_for_the_block():
    """Many rows saved in one block (a loaddata) bump the version once, when it ends (in its
    transaction, so that the pages of the old rows go with their commit)."""
    changed = set()
    token = _deferred.set(changed)
    try:
        yield
    finally:
        _deferred.reset(token)
    for using in changed:
        content_changed(sender=None, using=using)


def content_changed(sender, using=None, **kwargs):
    """Receiver of post_save, post_delete and m2m_changed of the models pages show
    (connected to each by faq/signals.py)."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    deferred = _deferred.get()
    if deferred is not None:
        deferred.add(using or DEFAULT_DB_ALIAS)
        return
    # Bump now, so this process sees the change at once, and again after the commit:
    # a page rendered by another process in between may have cached the old rows.
    bump_content_version()
    connection = transaction.get_connection(using or DEFAULT_DB_ALIAS)
    if connection.in_atomic_block and not _bump_queued(connection):
        transaction.on_commit(bump_content_version, using=using or DEFAULT_DB_ALIAS)


def _bump_queued(connection):
    """One bump per transaction is enough, however many rows it writes (loaddata)."""
    return any(entry[1] is bump_content_version for entry in connection.run_on_commit)


def page_timeout(now=None):
    """Seconds a page may stay cached: CACHE_PAGE_SECONDS, or less if a question is due.

    A scheduled question appears when its time comes, with no save to bump the version,
    so no page may outlive the next scheduled publication.
    """
    now = now or timezone.now()
    upcoming = next_publication(now)
    timeout = settings.CACHE_PAGE_SECONDS
    if upcoming is not None:
        timeout = min(timeout, int((upcoming - now).total_seconds()) + 1)
    return timeout


def next_publication(now):
    """When the next scheduled question falls due (None if none is scheduled)."""
    from faq.models import Question  # the models import this module's app

    return (
        Question.objects.scheduled(now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


# --- Reads kept by content version -----------------------------------------------------

# What the public pages read for visitors changes only with the content version, or when a
# scheduled question falls due; this many reads (per process) are kept for the current one.
VERSIONED_ENTRIES = 2048
_versioned = {"version": None, "until": None, "entries": OrderedDict()}
_versioned_lock = threading.Lock()
# versioned()'s last read of a version kept in the cache: (version, monotonic time).
_read_memo = {"version": None, "read_at": 0.0}


def versioned(key, read):
    """``read()``'s result for ``key`` in the active language, read once per content version
    and process (least recently used dropped beyond VERSIONED_ENTRIES).

    The result is shared by every request of the process: it must be evaluated (lists, not
    QuerySets) and never changed by its users. With no version (the cache failing), or
    with the process's memo of the version possibly a second old (VERSION_MEMO_SECONDS),
    what a read sees is never older than the version it is kept under.
    """
    entries = _entries_for_reads()
    if entries is None:
        return read()
    key = (translation.get_language(), *key)
    with _versioned_lock:
        if key in entries:
            entries.move_to_end(key)
            return entries[key]
    value = read()
    _keep(entries, {key: value})
    return value


def versioned_each(name, ids, read_missing):
    """{id: value} for each of ids, as versioned() keeps them (key (name, id)), those not
    kept read together by ``read_missing(missing ids) -> {id: value}``: the items of a list
    that changes from page to page (a search's hits) cost one query for the new ones."""
    entries = _entries_for_reads()
    if entries is None:
        return read_missing(list(ids))
    language = translation.get_language()
    keys = {item: (language, name, item) for item in ids}
    found = {}
    with _versioned_lock:
        for item, key in keys.items():
            if key in entries:
                entries.move_to_end(key)
                found[item] = entries[key]
    missing = [item for item in ids if item not in found]
    if missing:
        read = read_missing(missing)
        _keep(entries, {keys[item]: value for item, value in read.items()})
        found.update(read)
    return found


def _entries_for_reads():
    """The reads kept for the current version, or None when there is no version."""
    version = _version_for_reads()
    return None if version is None else _current_entries(version, timezone.now())


def _keep(entries, values):
    with _versioned_lock:
        entries.update(values)
        while len(entries) > VERSIONED_ENTRIES:
            entries.popitem(last=False)


def forget_versioned_reads():
    """Read everything afresh (after a change made without a bump, in tests)."""
    with _versioned_lock:
        _versioned.update(version=None, until=None, entries=OrderedDict())


def _version_for_reads():
    """The content version, read from a shared cache (Redis) at most once per
    VERSION_MEMO_SECONDS: a page makes tens of these reads, and the database mode already
    memoises its version as long."""
    if _in_database():
        return content_version()
    now = time.monotonic()
    if _read_memo["version"] is None or now - _read_memo["read_at"] >= VERSION_MEMO_SECONDS:
        _read_memo.update(version=content_version(), read_at=now)
    return _read_memo["version"]


def _current_entries(version, now):
    memo = _versioned
    until = memo["until"]
    if memo["version"] != version or (until is not None and now >= until):
        # Read before taking the lock: one query per version (or per scheduled question).
        until = next_publication(now)
        with _versioned_lock:
            memo.update(version=version, until=until, entries=OrderedDict())
    return memo["entries"]


# --- Which requests and responses ------------------------------------------------------


def personal_cookies():
    """Cookies that make a request personal: staff sessions and pending messages. The proxy
    (deploy/nginx.conf) and a CDN bypass their caches on the same names."""
    return (settings.SESSION_COOKIE_NAME, "messages")


def anonymous_read(request):
    if request.method not in ("GET", "HEAD"):
        return False
    # Staff (and anyone with a session or pending messages) always get a fresh page.
    return not any(name in request.COOKIES for name in personal_cookies())


def public_view_query(request):
    """The query parameters of the public page the path leads to, or None for other paths."""
    return _page_query_of(request.path_info, get_urlconf() or settings.ROOT_URLCONF)


# Resolving a path costs a cached page a tenth of its time; paths are few (any others,
# however many, only ever take the oldest places of this bounded memo).
@lru_cache(maxsize=4096)
def _page_query_of(path, urlconf):
    # The language prefix of i18n_patterns matches the active language only, and
    # LocaleMiddleware, which activates the path's, comes later.
    language = translation.get_language_from_path(path)
    if language is None:
        return None
    try:
        with translation.override(language):
            match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_query", None)


def cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {v.lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    return vary <= HARMLESS_VARY


def page_key(request, version):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"faq:page:{version}:{digest}"


def _keep_only(request, names):
    """The request's query string reduced to ``names`` (their last values, in that order)."""
    if not request.META.get("QUERY_STRING"):
        return
    given = request.GET
    query = urlencode([(name, given[name]) for name in names if name in given])
    if query != request.META["QUERY_STRING"]:
        request.META["QUERY_STRING"] = query
        del request.GET  # a cached_property of WSGIRequest: parsed again from QUERY_STRING


# --- Headers -------------------------------------------------------------------------------


def make_public(response):
    """Cache-Control for any cache, an ETag of the body sent, and no Vary: Cookie (the
    response is the same for every visitor without a personal cookie, and shared caches
    bypass themselves on those cookies)."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.CACHE_BROWSER_SECONDS,
        s_maxage=settings.CACHE_SHARED_SECONDS,
        stale_while_revalidate=settings.CACHE_STALE_SECONDS,
    )
    vary = [v for v in cc_delim_re.split(response.get("Vary", "")) if v and v.lower() != "cookie"]
    if vary:
        response["Vary"] = ", ".join(vary)
    elif "Vary" in response:
        del response["Vary"]
    if not response.has_header("ETag"):
        set_response_etag(response)
    return response


def make_private(response):
    """Every response but the public pages' is private, except one its view itself marked
    public that sets no cookie: bytes that are the same for everyone at a stamped address
    (the uploaded logo, faq.views.site_logo; the favicon's redirect)."""
    cache_control = response.get("Cache-Control", "").lower()
    if "public" in cc_delim_re.split(cache_control) and not response.cookies:
        return response
    if "private" not in cache_control or "no-store" not in cache_control:
        response["Cache-Control"] = PRIVATE
    return response


def _store(key, response):
    """Keep the page; if the cache fails to, the visitor still gets it (it is only a cache)."""
    try:
        cache.set(key, response, page_timeout())
    except Exception as exc:  # any cache backend, any failure: the page was not cached
        logger.warning("Page not cached (%s): %s", type(exc).__name__, exc)


class PageCacheMiddleware:
    """Whole public pages from the cache, as they were sent.

    It comes first in MIDDLEWARE (after the search-click count only): an anonymous visitor's
    hit is answered before the security headers, the CSP, WhiteNoise and the rest run, since
    the stored page already carries every header they added to it on the way out (the
    scheme, which decides HSTS, is part of the key). A miss passes through the whole stack;
    what CacheControlMiddleware marked public comes back here and is stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key, stored = _look_up(request, content_version)
        if stored is not None:
            return _answer_from_store(request, stored)
        response = self.get_response(request)
        if key is not None and request.method == "GET" and _stored_public(response):
            _store(key, response)
        return response


def answer_without_the_database(request):
    """What PageCacheMiddleware would answer from the cache, or None, found without touching
    the database: in database mode, None whenever this process's memo of the version is due
    for a fresh read (a request through Django reads it). For faq.front, which runs outside
    Django's request handling, where nothing would close a database connection it opened."""
    _key, stored = _look_up(request, _version_known_here)
    return None if stored is None else _answer_from_store(request, stored)


def _version_known_here():
    if not _in_database():
        return content_version()
    if time.monotonic() - _memo["read_at"] >= VERSION_MEMO_SECONDS:
        return None
    return _memo["version"]


def _look_up(request, version_of_content):
    """The request's page key and its stored page (either None)."""
    try:
        key = _page_key_for(request, version_of_content)
        return key, None if key is None else cache.get(key)
    except Exception as exc:  # the stack behind answers, with the security headers
        logger.warning("Page cache not read (%s): %s", type(exc).__name__, exc)
        return None, None


def _page_key_for(request, version_of_content):
    """The cache key of the request's page, or None for what is never served from the cache:
    anything but an anonymous read of a public page, or no version (the cache failing)."""
    if settings.CACHE_PAGE_SECONDS <= 0 or not anonymous_read(request):
        return None
    query = public_view_query(request)
    if query is None:
        return None
    _keep_only(request, query)
    version = version_of_content()
    if version is None:
        return None
    try:
        return page_key(request, version)
    except DisallowedHost:  # answered further in, with the security headers, as a 400
        return None


def _stored_public(response):
    return response.status_code == 200 and "public" in response.get("Cache-Control", "")


# Headers of the page itself, which a 304 leaves out: it has no body.
_BODY_HEADERS = frozenset({"content-type", "content-length", "content-language"})


def _answer_from_store(request, stored):
    """The stored page, or a 304 with its headers when the visitor already holds it."""
    not_modified = get_conditional_response(request, etag=stored.get("ETag"), response=stored)
    if not_modified is stored:
        return stored
    for header, value in stored.items():
        if header.lower() not in _BODY_HEADERS and header not in not_modified:
            not_modified[header] = value
    return not_modified


class CacheControlMiddleware:
    """Every response's Cache-Control: public for the public pages an anonymous visitor
    reads, ``private, no-store`` for everything else.

    It sits before sessions, locale, CSRF, authentication and messages, which a public page
    needs none of (the path holds the language), and removes the query parameters the
    page's view does not read before any of them sees the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = public_view_query(request) if anonymous_read(request) else None
        if query is None:
            return make_private(self.get_response(request))
        _keep_only(request, query)
        response = self.get_response(request)
        if cacheable_response(response):
            return make_public(response)
        return make_private(response)
