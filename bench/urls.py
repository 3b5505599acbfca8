"""The site's URLs plus the framework floor: a bare view answering a fixed page."""

from django.http import HttpResponse
from django.urls import path

from faqsite.urls import handler500
from faqsite.urls import urlpatterns as site_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def floor(request, size):
    """The least Django can do for a page of ``size`` bytes: no query, no template."""
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/floor/<int:size>/", floor), *site_urlpatterns]
