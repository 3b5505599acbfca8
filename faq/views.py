"""Placeholder views until the public site lands (issue: the public FAQ site)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from faq.models import Category, Question


def home(request):
    return HttpResponse("FAQ")


def category(request, slug):
    return HttpResponse(get_object_or_404(Category.objects.published(), slug=slug).name)


def question(request, slug):
    return HttpResponse(get_object_or_404(Question.objects.published(), slug=slug).title)
