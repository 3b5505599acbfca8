from datetime import timedelta

from django.contrib import admin
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from faq.models import SearchQuery, Synonym

# --- Search (issue 4): synonyms and search analytics ------------------------------------


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("terms", "language")
    list_filter = ("language",)
    search_fields = ("terms",)


@admin.register(SearchQuery)
class SearchQueryAdmin(admin.ModelAdmin):
    """Not a list of rows: what visitors searched for most, and what found nothing."""

    PERIODS = (7, 30, 90)
    TOP = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        days = self._period(request)
        searches = SearchQuery.objects.filter(created_at__gte=timezone.now() - timedelta(days=days))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Search analytics"),
            "days": days,
            "periods": self.PERIODS,
            "total": searches.count(),
            "top_queries": self._top(searches),
            "top_zero_result_queries": self._top(searches.filter(result_count=0)),
        }
        return TemplateResponse(request, "admin/faq/searchquery/analytics.html", context)

    def _period(self, request):
        try:
            days = int(request.GET.get("days", self.PERIODS[0]))
        except ValueError:
            days = self.PERIODS[0]
        return days if days in self.PERIODS else self.PERIODS[0]

    def _top(self, searches):
        return (
            searches.values("query")
            .annotate(count=Count("pk"))
            .order_by("-count", "query")[: self.TOP]
        )
