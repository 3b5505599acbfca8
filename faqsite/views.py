"""Site-wide views: robots.txt, favicon.ico and the error handlers."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from faq.seo import absolute_url

RETRY_AFTER_SECONDS = 30


def server_error(request):
    """A 503 page when the database is unreachable; Django's 500 page for anything else.

    Django calls this handler inside its ``except`` block, so the exception is at hand.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable()
    return defaults.server_error(request)


def database_unavailable():
    body = loader.get_template("503.html").render()
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_GET
def robots_txt(request):
    """Crawlers may read the public site; the admin, wherever DJANGO_ADMIN_URL puts it, not."""
    sitemap = absolute_url(request, reverse("sitemap"))
    lines = ["User-agent: *", f"Disallow: /{settings.ADMIN_URL}", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=24 * 3600)  # a day: the PNG's hashed name changes per release
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the PNG."""
    return HttpResponsePermanentRedirect(static("faq/favicon.png"))
