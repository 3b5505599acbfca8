"""django-filter FilterSets of the public site."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from faq.models import Category
from faq.search.normalise import strip_unsafe
from faq.search.query import truncate
from faq.search.rank import search


class SearchQueryField(forms.CharField):
    """Any text is a query: cut to MAX_QUERY_LENGTH, control characters become spaces."""

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

    search_result = None

    def filter_q(self, queryset, name, value):
        """The matches, unordered: the view pages through them in search_result's order."""
        self.search_result = search(value, queryset, exact=self.data.get("exact") == "1")
        return queryset.filter(pk__in=self.search_result.question_ids)

    def ranked_ids(self):
        """The ids of the matches the other filters keep, best first."""
        kept = set(self.qs.order_by().values_list("pk", flat=True))
        return [pk for pk in self.search_result.question_ids if pk in kept]
