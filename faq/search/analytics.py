"""The search log editors read in the admin: the one place that writes it.

Rate limiting and "bots without cookies do not count" belong here too when they come.
Nothing about the visitor is stored: no IP address, no user agent.
"""

from django.utils import translation

from faq.models import SearchQuery
from faq.search.normalise import normalise
from faq.search.query import truncate


def normalised_query(text: str) -> str:
    return " ".join(normalise(truncate(text)).split())


def record_search(request, query: str, result_count: int) -> SearchQuery | None:
    """Log one search; returns None when there is nothing worth logging."""
    query = normalised_query(query)
    if not query:
        return None
    return SearchQuery.objects.create(
        query=query[:200],
        language=translation.get_language() or "",
        result_count=result_count,
    )
