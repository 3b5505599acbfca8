"""Cached pages answered in front of Django: a WSGI application around Django's own
(faqsite/wsgi.py).

PageCacheMiddleware answers a hit before every other middleware. What a hit still costs
there is Django's request handling itself: the ``request_started`` and ``request_finished``
signals, which check every database connection, the URL configuration's thread locals and
the middleware chain; together about as much as the cheapest Django page costs in all
(docs/benchmarks.md). Here the same lookup finds the same stored page, before any of that
runs. Django answers everything else:

- whatever the page cache does not answer (misses, staff, POSTs, pages that are not public);
- a visit from our own search page, which SearchClickMiddleware counts as its click;
- in database mode, the one request a second per process that reads the content version
  afresh: a database read out here would open a connection that nothing ever closes.

A HEAD is answered without a body, from the cache or from Django: gunicorn drops a HEAD's
body bytes anyway, and warns about each.
"""

from django.core.handlers.wsgi import WSGIRequest

from faq.cache import answer_without_the_database
from faq.search.clicks import search_query_of_referer


class CachedPagesFirst:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        response = _cached_answer(environ)
        if response is None:
            return self._from_django(environ, start_response)
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [response.content]

    def _from_django(self, environ, start_response):
        body = self.application(environ, start_response)
        if environ["REQUEST_METHOD"] != "HEAD":
            return body
        if hasattr(body, "close"):  # Django's request_finished
            body.close()
        return []


def _cached_answer(environ):
    if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
        return None
    request = WSGIRequest(environ)
    response = answer_without_the_database(request)
    # The Host was validated by the lookup of a page stored for it, and only then read here.
    if response is None or search_query_of_referer(request):
        return None
    return response
