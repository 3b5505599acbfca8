"""django-filter FilterSets of the public site."""

from functools import cached_property

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from faq.models import Category, Question
from faq.search.normalise import strip_unsafe
from faq.search.query import MAX_QUERY_LENGTH, truncate
from faq.search.rank import SearchResult, search


class SearchQueryField(forms.CharField):
    """Any text is a query: cut to MAX_QUERY_LENGTH, control characters become spaces."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(MAX_QUERY_LENGTH)}

    def to_python(self, value):
        return " ".join(strip_unsafe(truncate(super().to_python(value))).split())


class SearchQueryFilter(django_filters.CharFilter):
    field_class = SearchQueryField


class QuestionSearchFilter(django_filters.FilterSet):
    """The search page: a query, ranked, optionally narrowed to one category."""

    q = SearchQueryFilter(method="filter_q", label=_("Search"))
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.published().exclude(parent=None),
        to_field_name="slug",
        empty_label=_("All categories"),
        label=_("Category"),
    )

    def __init__(self, data=None, queryset=None, **kwargs):
        """queryset: the questions searched; by default those visitors may see, whose
        visibility the search reads with SQL kept by content version (rank.search)."""
        self.searches_published = queryset is None
        queryset = Question.objects.published() if queryset is None else queryset
        super().__init__(data, queryset, **kwargs)

    def get_form_class(self):
        """One form class for every search. django-filter builds a new class for each
        FilterSet (about 0.1 ms of a search page's 1.5-2 ms); the fields are the same each
        time, and each form works on its own deep copy of them (so the category choices are
        read afresh by every form)."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    @cached_property
    def search_result(self) -> SearchResult:
        """Every match of the form's query among the queryset's questions, best first: the
        search runs once, when first asked for (by filter_q, or by ranked())."""
        self.form.is_valid()  # cleaned_data exists once the form is validated (done once)
        searched = None if self.searches_published else self.queryset
        query, exact = self.form.cleaned_data.get("q", ""), self.data.get("exact") == "1"
        return search(query, searched, exact=exact)

    def filter_q(self, queryset, name, value):
        """The matches, unordered: ranked() gives their order."""
        return queryset.filter(pk__in=self.search_result.question_ids)

    def ranked(self) -> tuple[SearchResult, list[int]]:
        """The search result (every match: the facets and the search log count them) and
        the ids of the matches in the chosen category, best first (the page shows them).

        Narrowed by the categories the search read with its matches, not by another query
        (self.qs): a category is the one other filter, and a search page's every query
        counts (issue 16)."""
        result = self.search_result
        category = self.form.cleaned_data.get("category")
        if category is None:
            return result, list(result.question_ids)
        return result, [pk for pk in result.question_ids if result.categories[pk] == category.pk]
