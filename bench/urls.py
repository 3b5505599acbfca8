"""The site's URLs plus the framework floor, a bare view answering a fixed page, and
references that show what Django's own parts cost against it (bench/pages.py)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from faq.models import Question
from faqsite.urls import handler500
from faqsite.urls import urlpatterns as site_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def floor(request, size):
    """The least Django can do for a page of ``size`` bytes: no query, no template."""
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")


def one_query(request, size, slug):
    """The floor plus one ORM query, a question by its unique slug: no page shows less."""
    Question.objects.get(slug=slug)
    return floor(request, size)


def layout(request):
    """The site's layout (base.html) around an empty page: no query, one template."""
    return render(request, "base.html")


def one_query_in_layout(request, slug):
    """The least a page with content can be: one ORM query and the layout around it."""
    question = Question.objects.get(slug=slug)
    return render(request, "base.html", {"page_title": question.title})


urlpatterns = [
    path("bench/floor/<int:size>/", floor),
    path("bench/one-query/<int:size>/<slug:slug>/", one_query),
    path("bench/layout/", layout),
    path("bench/one-query-in-layout/<slug:slug>/", one_query_in_layout),
    *site_urlpatterns,
]
