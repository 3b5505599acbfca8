"""The search page and the search-as-you-type endpoint."""

from collections import Counter
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from contacts.models import ContactChannel
from faq.cache import public_page, versioned, versioned_each
from faq.markdown import markdown_words
from faq.models import Category, Question
from faq.responses import json_response
from faq.search.analytics import mark_visitor, record_search
from faq.search.forms import QuestionSearchFilter, SearchQueryField
from faq.search.highlight import snippet
from faq.search.rank import in_rank_order, search

PAGE_SIZE = 10
SUGGESTIONS = 5
QUERY_FIELD = SearchQueryField(required=False)  # a field's clean() keeps no state


@never_cache  # every search must reach record_search, so the page cache never answers it
def search_page(request):
    # The query is cleaned on its own: the filterset (the category, the ranking) is built
    # only when the results are read (_read_results), which a repeated search within one
    # content version skips (a quarter of such a search: docs/benchmarks.md, session 10).
    query = QUERY_FIELD.clean(request.GET.get("q", ""))
    context = {"query": query, "language_query": _kept_query(request)}
    if query:
        context.update(_results(request, query))
    response = render(request, "faq/search.html", context)
    mark_visitor(request, response)
    return response


# What the language switch carries over to the other language's search page.
KEPT_PARAMETERS = ("q", "category", "exact", "page")


def _kept_query(request):
    kept = {name: request.GET[name] for name in KEPT_PARAMETERS if request.GET.get(name)}
    return f"?{urlencode(kept)}" if kept else ""


def _results(request, query):
    """The results part of the page, kept by content version (faq.cache.versioned): it is
    the same for every visitor asking the same, as the search covers published questions
    only; each search is still logged."""
    page_number = request.GET.get("page")
    asked = (request.GET.get("category"), request.GET.get("exact") == "1", page_number)
    context, found = versioned(("search", query, *asked), lambda: _read_results(request.GET))
    if page_number in (None, "", "1"):
        record_search(request, query, found)
    # The template keeps its rendering of the results by the same key (templating.fragment).
    return {**context, "asked": (query, *asked)}


def _read_results(data):
    """(the page's context, the number of questions found)."""
    filterset = QuestionSearchFilter(data)  # the published questions
    filterset.form.is_valid()  # an unknown category is ignored; the query still counts
    result, ranked_ids = filterset.ranked()
    page = Paginator(ranked_ids, PAGE_SIZE).get_page(data.get("page"))
    found = [] if result.closest else result.question_ids
    terms = result.query.highlight_terms()
    featured = [] if result.question_ids else Question.objects.published().featured()[:5]
    context = {
        "page": page,
        "total": page.paginator.count,
        "hits": [(q, _snippet(q, terms)) for q in _with_answers(page.object_list)],
        "facets": _facets(found, result.categories),
        "active_category": filterset.form.cleaned_data.get("category"),
        "corrected": result.corrected,
        "closest": result.closest,
        "exact": data.get("exact") == "1",
        "featured": list(featured),
        "contact_channels": [] if found else list(ContactChannel.objects.active()),
    }
    return context, len(found)


def _with_answers(question_ids):
    """The questions of ids (ranked ones, already narrowed to what visitors may see), each
    with its answer and category, kept by content version: the same questions come back
    in search after search, and reading ten cost a tenth of a search."""
    read = Question.objects.select_related("answer", "category").in_bulk
    found = versioned_each("search_hit", question_ids, read)
    return [found[pk] for pk in question_ids if pk in found]


def _snippet(question, terms):
    answer = getattr(question, "answer", None)
    return snippet(markdown_words(answer.body) if answer else "", terms)


def _facets(question_ids, categories):
    """(category, number of hits) for the categories the hits are in, in category order."""
    counts = Counter(categories[pk] for pk in question_ids)
    every = versioned(("categories",), lambda: list(Category.objects.all()))
    return [(category, counts[category.pk]) for category in every if category.pk in counts]


@public_page("q")
def search_suggest(request):
    """The top titles for what is typed so far, for the search box."""
    query = QUERY_FIELD.clean(request.GET.get("q", ""))
    if not query:
        return json_response({"query": "", "results": []})
    found = search(query)
    # While typing, only questions that match: the closest ones would change at each key.
    ids = [] if found.closest else found.question_ids[:SUGGESTIONS]
    questions = in_rank_order(Question.objects.published(), ids)
    results = [{"title": q.title, "url": q.get_absolute_url()} for q in questions]
    return json_response({"query": query, "results": results})
