# --- Helpfulness votes (public-site engineer): a read-only list for editors. ---
from django.contrib import admin

from faq.models import Vote


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ("question", "is_helpful", "reason", "updated_at")
    list_filter = ("is_helpful",)
    list_select_related = ("question",)
    search_fields = ("question__slug", "reason")
    readonly_fields = ("question", "voter", "is_helpful", "reason", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
