"""Click-through: a question page opened from the search page is that search's click.

The browser says where it came from in the Referer header; with the site's referrer policy
(``same-origin``) it sends our own URLs in full and nothing to other sites. So the result
links stay plain links to the questions' pages, nothing redirects (no open redirect to guard),
no script is needed, and no endpoint takes a POST without a CSRF token. The middleware sits
outside the page cache, so a question page served from the cache counts too (and one the
browser revalidated, a 304); the bundled nginx (deploy/nginx.conf) passes a request with
such a Referer through to the site, and a CDN must too (README, "Deploy"). A browser or
extension that withholds the Referer is simply not counted.

A forged Referer only marks a search of the sender's own visit (faq.search.analytics).
"""

import logging
from urllib.parse import parse_qs, urlsplit

from django.db import DatabaseError
from django.urls import Resolver404, resolve
from django.utils import translation

from faq.models import Question
from faq.search.analytics import record_click

logger = logging.getLogger(__name__)


class SearchClickMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "GET" and response.status_code in (200, 304):
            try:
                note_click(request)
            except DatabaseError as exc:  # the page was served; only the count is lost
                logger.warning("Search click not noted (%s): %s", type(exc).__name__, exc)
        return response


def note_click(request) -> None:
    query = search_query_of_referer(request)
    slug = _question_slug(request.path_info) if query else None
    question = Question.objects.published().filter(slug=slug).first() if slug else None
    if question is not None:
        record_click(request, query, question)


def search_query_of_referer(request) -> str:
    """The q of our own search page the visitor came from, or ""."""
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if (
        not referer.netloc
        or referer.netloc != request.get_host()
        or _url_name(referer.path) != ("faq:search", {})
    ):
        return ""
    return parse_qs(referer.query).get("q", [""])[0]


def _question_slug(path: str) -> str | None:
    name, kwargs = _url_name(path)
    return kwargs.get("slug") if name == "faq:question" else None


def _url_name(path: str):
    # Our URLs resolve in the active language, which is not the path's own when the page
    # came from the page cache (answered before LocaleMiddleware runs).
    try:
        with translation.override(translation.get_language_from_path(path)):
            match = resolve(path)
    except Resolver404:
        return None, {}
    return match.view_name, match.kwargs
