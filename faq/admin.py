"""The editors' admin: translation tabs (modeltranslation) with revision history (reversion)."""

from datetime import timedelta

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Max
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from reversion.admin import VersionAdmin

from faq import selectors, site_admin  # noqa: F401  (site_admin registers the site settings)
from faq.editorial import links, workflow
from faq.editorial.admin import (
    GuardedEditMixin,
    NormalisedTextMixin,
    QuestionWorkflowMixin,
    ReviewFilter,
    StatusFilter,
)
from faq.editorial.entry import QUESTION_PARTS
from faq.editorial.text import NORMALISED_TEXT
from faq.models import (
    Answer,
    Category,
    LinkCheck,
    Question,
    RelatedLink,
    SearchQuery,
    Synonym,
    Translation,
    Vote,
)
from faq.search.analytics import reformulations, synonym_from
from faq.translations.admin import (
    TranslationOverviewAdmin,
    TranslationStateFilter,
    TranslationStateMixin,
)

# A question's revision carries its answer and its related links: the history shows, and a
# restore brings back, the whole FAQ entry as it was.
reversion.register(Answer)
reversion.register(RelatedLink)
reversion.register(Question, follow=QUESTION_PARTS)
reversion.register(Category)


def _admin_title():
    site = selectors.site_settings().site_name or gettext("FAQ")
    return gettext("%(site)s administration") % {"site": site}


# The header and the browser tab name the FAQ by the editors' own site name (site settings,
# read at render time in the visitor's language), not "Django administration".
admin.site.site_header = admin.site.site_title = lazy(_admin_title, str)()
admin.site.index_title = _("Content and workflow")
# The app menu beside every page takes a quarter of a 1280 px window, which the question
# list needs; the index lists the same apps.
admin.site.enable_nav_sidebar = False

SLUG_HELP = _(
    "Required, written by hand: ASCII letters, digits and hyphens, e.g. card-brands. "
    "It becomes the page address, and cannot be made from a Japanese title."
)


class SlugHelpMixin:
    """Say why the slug is typed by hand: the admin's usual prepopulated_fields fill it from
    the title, and slugify() turns a Japanese title into an empty string."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug":
            field.help_text = SLUG_HELP
        return field


class AnswerInline(NormalisedTextMixin, TranslationStackedInline):
    model = Answer
    min_num = 1
    max_num = 1
    can_delete = False


class RelatedLinkInline(NormalisedTextMixin, TranslationTabularInline):
    model = RelatedLink
    fk_name = "question"
    fields = ("position", "target", "url", "label")
    autocomplete_fields = ("target",)
    extra = 0
    # An address typed without a scheme is taken as https (Django 6's default, and the web's).
    formfield_overrides = {**NORMALISED_TEXT, models.URLField: {"assume_scheme": "https"}}


class GroupListFilter(admin.RelatedFieldListFilter):
    """Only groups can be parents, so only groups are offered."""

    def field_choices(self, field, request, model_admin):
        return [(group.pk, str(group)) for group in Category.objects.groups()]


@admin.register(Category)
class CategoryAdmin(
    SlugHelpMixin, GuardedEditMixin, TranslationStateMixin, VersionAdmin, TabbedTranslationAdmin
):
    list_display = (
        "name",
        "parent",
        "slug",
        "position",
        "is_published",
        "question_count",
        "translation_state",
    )
    list_editable = ("position",)
    list_filter = (("parent", GroupListFilter), "is_published", TranslationStateFilter)
    actions = ("mark_english_current",)
    list_select_related = ("parent",)
    search_fields = ("name_ja", "name_en", "slug")
    filter_horizontal = ("contact_channels",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(description=_("questions"), ordering="question_count")
    def question_count(self, category):
        return category.question_count


@admin.register(Question)
class QuestionAdmin(
    SlugHelpMixin,
    QuestionWorkflowMixin,
    TranslationStateMixin,
    VersionAdmin,
    TabbedTranslationAdmin,
):
    inlines = (AnswerInline, RelatedLinkInline)
    translation_parts = ("answer",)
    translation_inlines = ("related_links",)
    list_display = (
        "title",
        "category",
        "status_label",
        "publish_time",
        "review_due",
        "is_featured",
        "position",
        "helpful_yes",
        "helpful_no",
        "helpful_share",
        "translation_state",
    )
    list_editable = ("position",)
    # Only categories that hold questions: groups and empty categories would filter to nothing.
    list_filter = (
        ("category", admin.RelatedOnlyFieldListFilter),
        StatusFilter,
        ReviewFilter,
        "is_featured",
        TranslationStateFilter,
    )
    list_select_related = ("category", "answer")
    search_fields = ("title_ja", "title_en", "slug", "answer__body_ja", "answer__body_en")
    date_hierarchy = "publish_at"
    filter_horizontal = ("contact_channels",)
    readonly_fields = ("created_at", "updated_at")
    actions = (
        "submit_for_review",
        "publish",
        "unpublish",
        "confirm_still_correct",
        "mark_english_current",
    )

    class Media:
        css = {"all": ("faq/admin-editorial.css",)}
        js = ("faq/admin-preview.js",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_helpfulness()

    @admin.display(description=_("helpful"), ordering="helpful_yes")
    def helpful_yes(self, question):
        return question.helpful_yes

    @admin.display(description=_("not helpful"), ordering="helpful_no")
    def helpful_no(self, question):
        return question.helpful_no

    @admin.display(description=_("share helpful"), ordering="helpful_share")
    def helpful_share(self, question):
        if question.helpful_share is None:
            return "–"
        return f"{question.helpful_share:.0%}"

    @admin.action(description=_("Publish the selected questions"), permissions=("publish",))
    def publish(self, request, queryset):
        self._set_status(request, queryset, Question.Status.PUBLISHED)

    @admin.action(description=_("Unpublish the selected questions"), permissions=("publish",))
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Question.Status.DRAFT)

    def _set_status(self, request, queryset, status):
        # One save per question, not queryset.update(): save() stamps updated_at and
        # reversion records who published or unpublished what. Only the status (and the
        # review date it brings) is written: rows read now, so no edit made since is undone.
        changed = [question for question in queryset if question.status != status]
        for question in changed:
            question.status = status
            fields = ["status", "updated_at"]
            if status == Question.Status.PUBLISHED:
                question.review_by = workflow.publication_review_date(question)
                fields.append("review_by")
            question.save(update_fields=fields)
            self.log_change(request, question, _("Status set to %s.") % status.label)
        self.message_user(
            request,
            ngettext("%d question changed.", "%d questions changed.", len(changed)) % len(changed),
            messages.SUCCESS,
        )


admin.site.register(Translation, TranslationOverviewAdmin)


# Broken links: what manage.py check_links found, each with the questions that hold it.


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    list_display = ("url", "is_broken", "status_code", "error", "checked_at", "questions")
    list_filter = ("is_broken",)
    search_fields = ("url",)
    readonly_fields = ("url", "is_broken", "status_code", "final_url", "error", "checked_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("questions"))
    def questions(self, check):
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:faq_question_change", args=(q.pk,)), q)
                for q in links.questions_with(check.url)
            ),
        )


# Helpfulness votes: a read-only list for editors.


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


# Search: synonyms editors maintain, and what visitors searched for.


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("terms", "language")
    list_filter = ("language",)
    search_fields = ("terms",)


@admin.register(SearchQuery)
class SearchQueryAdmin(admin.ModelAdmin):
    """Not a list of rows: what visitors searched for most, what found nothing, and the
    reformulations an editor can turn into synonyms with one click."""

    TOP = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        make = self.admin_site.admin_view(self.make_synonym_view)
        return [
            path("make-synonym/", make, name="faq_searchquery_make_synonym"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        days = self._period(request)
        searches = SearchQuery.objects.filter(created_at__gte=timezone.now() - timedelta(days=days))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Search analytics"),
            "days": days,
            "periods": self.periods(),
            "total": searches.count(),
            "clicked": searches.filter(clicked__isnull=False).count(),
            "top_queries": self._top(searches),
            "top_zero_result_queries": self._top(searches.filter(result_count=0)),
            "reformulations": reformulations(searches, limit=self.TOP),
            "can_add_synonym": request.user.has_perm("faq.add_synonym"),
        }
        return TemplateResponse(request, "admin/faq/searchquery/analytics.html", context)

    @staticmethod
    def periods():
        """7 and 30 days, and the whole log (FAQ_SEARCH_LOG_DAYS, 90 by default)."""
        keep = settings.FAQ_SEARCH_LOG_DAYS
        return tuple(sorted({days for days in (7, 30) if days < keep} | {keep}))

    def _period(self, request):
        periods = self.periods()
        try:
            days = int(request.GET.get("days", periods[0]))
        except ValueError:
            days = periods[0]
        return days if days in periods else periods[0]

    def _top(self, searches):
        """Grouped by the normalised query; one of the ways visitors typed it beside it."""
        return (
            searches.values("query")
            .annotate(count=Count("pk"), clicks=Count("clicked"), typed=Max("typed"))
            .order_by("-count", "query")[: self.TOP]
        )

    def make_synonym_view(self, request):
        """POST from a suggested synonym: the two queries become one synonym."""
        if request.method != "POST":
            return redirect("admin:faq_searchquery_changelist")
        if not request.user.has_perm("faq.add_synonym"):
            raise PermissionDenied
        data = request.POST
        try:
            synonym = synonym_from(
                data.get("language", ""), data.get("failed", ""), data.get("clicked", "")
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            synonym.save()
            self.log_addition(request, synonym, [{"added": {}}])
            self.message_user(request, _("Synonym “%s” added.") % synonym, messages.SUCCESS)
        back = reverse("admin:faq_searchquery_changelist")
        days = data.get("days", "")
        return redirect(f"{back}?days={days}" if days.isdigit() else back)
