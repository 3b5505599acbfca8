"""The search log editors read in the admin: the one place that writes it.

Nothing about the visitor is stored: no IP address, no user agent. The log cannot be
flooded: a client without any cookie of ours (a bot) is not counted, and a client's
searches are counted at most LOG_LIMIT times per LOG_WINDOW seconds (they are still
answered). The search page hands out VISITOR_COOKIE, so a person's searches count from
their second one on, or from the first when they have seen any page with a form.
"""

from django.conf import settings
from django.utils import translation

from faq.models import SearchQuery
from faq.ratelimit import allow
from faq.search.normalise import normalise
from faq.search.query import MAX_QUERY_LENGTH, truncate
from faq.votes import VOTER_COOKIE

VISITOR_COOKIE = "faq_visitor"
LOG_LIMIT, LOG_WINDOW = 30, 60


def mark_visitor(request, response):
    """Give a browser the first-party cookie that lets its later searches count."""
    if VISITOR_COOKIE not in request.COOKIES:
        response.set_cookie(
            VISITOR_COOKIE,
            "1",
            max_age=365 * 24 * 60 * 60,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )


def _countable(request) -> bool:
    ours = (VISITOR_COOKIE, settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME, VOTER_COOKIE)
    if not any(name in request.COOKIES for name in ours):
        return False
    return allow(request, "search-log", LOG_LIMIT, LOG_WINDOW)


def normalised_query(text: str) -> str:
    return " ".join(normalise(truncate(text)).split())


def record_search(request, query: str, result_count: int) -> SearchQuery | None:
    """Log one search; returns None when there is nothing worth logging."""
    query = normalised_query(query)
    if not query or not _countable(request):
        return None
    return SearchQuery.objects.create(
        query=query[:MAX_QUERY_LENGTH],  # normalising can lengthen it; the column cannot
        language=translation.get_language() or "",
        result_count=result_count,
    )
