"""The public page cache: one content version, bumped on every change, in every page key.

Any save, delete or many-to-many change of a model of the content apps (``CONTENT_APPS``)
(the models public pages show; raw saves from ``loaddata`` included) bumps the content
version. Page keys carry the version, so a bump makes every cached page unreachable at
once; old entries simply expire. Code that changes content without signals
(``QuerySet.update()``, ``bulk_create()``) must call ``bump_content_version()`` itself.

``PageCacheMiddleware`` serves and stores whole pages for anonymous visitors only.
"""

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

VERSION_KEY = "faq:content-version"
# Models of the content apps that no public page shows, so that writing them (a visitor's vote,
# say, or the search documents a save rewrites) does not empty the page cache; lower case.
NOT_SHOWN = frozenset({"faq.vote", "faq.searchquery", "faq.searchdocument"})
# Vary headers a cached page may carry: the key holds the language, and cached pages are
# only ever built for and served to visitors without a session (see cacheable_request).
HARMLESS_VARY = frozenset({"accept-language", "cookie"})


def content_version():
    """The current version, or None when the cache cannot hold one (server failing)."""
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


def bump_content_version():
    try:
        _refused_bump["pending"] = cache.incr(VERSION_KEY) is None
    except ValueError:  # no version yet: any fresh one is new
        _refused_bump["pending"] = False
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def content_changed(sender, using=None, **kwargs):
    """Receiver of post_save, post_delete and m2m_changed of the models pages show
    (connected to each by faq/signals.py)."""
    if kwargs.get("action", "post_").startswith("pre_"):
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
    from faq.models import Question  # the models import this module's app

    now = now or timezone.now()
    upcoming = (
        Question.objects.filter(status=Question.Status.PUBLISHED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    timeout = settings.CACHE_PAGE_SECONDS
    if upcoming is not None:
        timeout = min(timeout, int((upcoming - now).total_seconds()) + 1)
    return timeout


def cacheable_request(request):
    if settings.CACHE_PAGE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    # Staff (and anyone with a session or pending messages) always get a fresh page.
    return not any(name in request.COOKIES for name in _personal_cookies())


def _personal_cookies():
    return (settings.SESSION_COOKIE_NAME, "messages")


def cacheable_response(request, response):
    match = request.resolver_match
    if match is None or "faq" not in match.namespaces or response.status_code != 200:
        return False
    if response.streaming or response.cookies:  # a cookie (a CSRF token) is per visitor
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {v.lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    return vary <= HARMLESS_VARY


def page_key(request, version):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"faq:page:{version}:{request.LANGUAGE_CODE}:{digest}"


# A page with a form (the helpfulness vote) carries the visitor's own CSRF token. The cache
# keeps the page with this placeholder in its place and each visitor gets their own token
# back on the way out; CsrfViewMiddleware, which sits outside, then sets the visitor's cookie.
# Only a copy stored with a placeholder is given a token: a page that merely echoes the
# placeholder (a search suggestion for it) must not hand out the visitor's token.
CSRF_PLACEHOLDER = "__faq_csrf_token__"
_CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def _without_csrf_token(response):
    """The copy to cache, with the token replaced and no ETag.

    Each visitor's page differs by its token, so ConditionalGetMiddleware (outside) gives
    each its own ETag: a browser revalidating its copy must never get a 304 for a page that
    holds another token than the one it is told to use.
    """
    found = _CSRF_FIELD.search(response.content)
    if not found:
        return response
    stored = HttpResponse(
        response.content.replace(found.group(1), CSRF_PLACEHOLDER.encode()),
        status=response.status_code,
        headers={k: v for k, v in response.items() if k.lower() != "etag"},
    )
    stored.has_csrf_placeholder = True  # kept by pickling, so by every cache backend
    return stored


def _with_csrf_token(request, stored):
    if not getattr(stored, "has_csrf_placeholder", False):
        return stored
    return HttpResponse(
        stored.content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode()),
        status=stored.status_code,
        headers=dict(stored.items()),
    )


def _store(key, response):
    """Keep the page; if the cache fails to, the visitor still gets it (it is only a cache)."""
    try:
        cache.set(key, _without_csrf_token(response), page_timeout())
    except Exception as exc:  # any cache backend, any failure: the page was not cached
        logger.warning("Page not cached (%s): %s", type(exc).__name__, exc)


class PageCacheMiddleware:
    """Whole public pages from the cache; goes after LocaleMiddleware and CSRF."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        version = content_version() if cacheable_request(request) else None
        if version is None:
            return self.get_response(request)
        key = page_key(request, version)
        stored = cache.get(key)
        if stored is not None:
            return _with_csrf_token(request, stored)
        response = self.get_response(request)
        if request.method == "GET" and cacheable_response(request, response):
            _store(key, response)
        return response
