"""The editorial workflow in the admin: mixins for the content admins, the question's
review, compare and preview views, and the list filters and columns it adds."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.models import Version

from faq.editorial import workflow
from faq.editorial.entry import (
    category_label,
    changes_since_published,
    differences,
    live_texts,
    version_texts,
)
from faq.editorial.locking import (
    EditTokenForm,
    ListRowForm,
    conflict_message,
    edit_token,
    last_change,
)
from faq.editorial.text import NORMALISED_TEXT
from faq.markdown import render_markdown
from faq.models import Category, Question

Status = Question.Status
RESTORING = "_faq_restoring"  # set on the request by the history's restore views


class NormalisedTextMixin:
    """For inlines: text fields normalise browsers' CRLF (faq.editorial.text)."""

    formfield_overrides = NORMALISED_TEXT


class GuardedEditMixin(NormalisedTextMixin):
    """For the admin of a content model (before VersionAdmin): a form that refuses to save
    over a newer change (faq.editorial.locking), and a save that changes nothing writes
    nothing: no row, no timestamp, no revision, no translation state."""

    form = EditTokenForm

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=ListRowForm, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self._unchanged(request, form, change):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not self._unchanged(request, form, change):
            super().save_related(request, form, formsets, change)
            return
        form.save_m2m = lambda: None  # the many-to-many fields did not change either
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets) and reversion.is_active():
            # Only a part changed (the answer, a link): the revision is still the whole
            # entry's, so that the question's history shows it.
            reversion.add_to_revision(form.instance)

    def _unchanged(self, request, form, change):
        # A restore's form shows the old version, which reversion has already written back
        # for the form to read: unchanged by then, yet its save is what records the restore.
        return change and not form.has_changed() and not getattr(request, RESTORING, False)

    def revision_view(self, request, *args, **kwargs):
        setattr(request, RESTORING, True)
        return super().revision_view(request, *args, **kwargs)

    def recover_view(self, request, *args, **kwargs):
        setattr(request, RESTORING, True)
        return super().recover_view(request, *args, **kwargs)


# --- The question's status: Scheduled as well, and who may publish ------------------------


SCHEDULED = "scheduled"


def status_text(question):
    """Draft, In review, Scheduled (published but not yet due) or Published."""
    if question.is_scheduled:
        return _("Scheduled")
    return question.get_status_display()


class StatusFilter(admin.SimpleListFilter):
    """The statuses as editors read them: "Scheduled" apart from the live "Published"."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        draft, review, published = Status.choices
        return [draft, review, (SCHEDULED, _("Scheduled")), published]

    def queryset(self, request, queryset):
        if self.value() == SCHEDULED:
            return queryset.scheduled()
        if self.value() == Status.PUBLISHED:
            return queryset.due()
        if self.value() in Status.values:
            return queryset.filter(status=self.value())
        return queryset


class ReviewFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", _("Needs review"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.needs_review()
        return queryset


class CategoryChoiceField(forms.ModelChoiceField):
    """The question form's category menu: "Group › Category", in the site's order."""

    def label_from_instance(self, obj):
        return category_label(obj)


class QuestionForm(EditTokenForm):
    """Refuses, on the server, a status the user may not set: only those who may publish
    publish (the menu offers Authors Draft and In review only, but a POST can say anything)."""

    may_publish = True  # set per request by QuestionWorkflowMixin.get_form

    def clean_status(self):
        status = self.cleaned_data["status"]
        already = self.instance.pk is not None and self.instance.status == status
        if status == Status.PUBLISHED and not self.may_publish and not already:
            raise forms.ValidationError(_("Only an Editor may publish: submit it for review."))
        return status


class QuestionWorkflowMixin(GuardedEditMixin):
    """For QuestionAdmin: review, approval, review-by dates, comparison and preview."""

    form = QuestionForm
    change_form_template = "admin/faq/question/change_form.html"
    object_history_template = "reversion/faq/question/object_history.html"

    # Permissions: Authors change drafts and questions in review, never live ones.

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or workflow.can_publish(request.user):
            return True
        return obj.status != Status.PUBLISHED

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.has_change_permission(request, obj))

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._refuse_a_restore_that_would_publish(request, version_id, object_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._refuse_a_restore_that_would_publish(request, version_id)
        return super().recover_view(request, version_id, extra_context)

    def _refuse_a_restore_that_would_publish(self, request, version_id, object_id=None):
        """django-reversion writes the old version back before the form's checks run, so
        check first: who may not publish restores neither over a live question nor a
        version that was live (which would publish it again)."""
        if workflow.can_publish(request.user):
            return
        version = Version.objects.filter(pk=version_id).first()
        current = self.get_object(request, unquote(object_id)) if object_id else None
        if (current is not None and current.status == Status.PUBLISHED) or (
            version is not None and version.field_dict.get("status") == Status.PUBLISHED
        ):
            raise PermissionDenied

    def get_changelist_instance(self, request):
        # The list's editable positions would change live questions: Editors arrange them.
        # (Who may not change at all keeps them, and Django's refusal of such a save.)
        changelist = super().get_changelist_instance(request)
        if self.has_change_permission(request) and not workflow.can_publish(request.user):
            changelist.list_editable = ()
        return changelist

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.may_publish = workflow.can_publish(request.user)
        if not form.may_publish and "status" in form.base_fields:
            field = form.base_fields["status"]
            field.choices = [c for c in field.choices if c[0] != Status.PUBLISHED]
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            kwargs["form_class"] = CategoryChoiceField
            # Each group, then its categories under it, in the site's order.
            kwargs["queryset"] = Category.objects.select_related("parent").order_by(
                Coalesce("parent__position", "position"),
                Coalesce("parent_id", "id"),
                F("parent_id").asc(nulls_first=True),
                "position",
                "pk",
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if obj.status == Status.PUBLISHED and not obj.review_by and form.has_changed():
            obj.review_by = workflow.publication_review_date(obj)
        super().save_model(request, obj, form, change)

    # The list.

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, question):
        return status_text(question)

    @admin.display(description=_("publish date"), ordering="publish_at")
    def publish_time(self, question):
        return date_format(timezone.localtime(question.publish_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("review by"), ordering="review_by")
    def review_due(self, question):
        if question.status != Status.PUBLISHED:
            return "–"
        due = question.review_due
        shown = date_format(due, "SHORT_DATE_FORMAT")
        if due <= timezone.localdate():
            return format_html('<span class="review-overdue">{}</span>', shown)
        return shown

    # Actions.

    @admin.action(description=_("Submit the selected drafts for review"), permissions=("change",))
    def submit_for_review(self, request, queryset):
        submitted = [q for q in queryset if workflow.submit(q, request.user)]
        self._report(request, len(submitted))

    @admin.action(
        description=_("Confirm the selected questions still correct"), permissions=("publish",)
    )
    def confirm_still_correct(self, request, queryset):
        published = list(queryset.filter(status=Status.PUBLISHED))
        for question in published:
            workflow.confirm_still_correct(question, request.user)
        self._report(request, len(published))

    def _report(self, request, count):
        message = ngettext("%d question changed.", "%d questions changed.", count) % count
        self.message_user(request, message, messages.SUCCESS)

    # Views of one question.

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [
            path("<path:object_id>/review/", wrap(self.review_view), name="faq_question_review"),
            path(
                "<path:object_id>/confirm-review/",
                wrap(self.confirm_review_view),
                name="faq_question_confirm_review",
            ),
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name="faq_question_compare",
            ),
            path("preview/", wrap(self.preview_view), name="faq_question_preview"),
        ]
        return own + super().get_urls()

    def _question(self, request, object_id):
        question = self.get_object(request, unquote(object_id))
        if question is None:
            raise Http404
        return question

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra = {**(extra_context or {}), "preview_url": reverse("admin:faq_question_preview")}
        if object_id:
            question = self.get_object(request, unquote(object_id))
            extra["may_publish"] = workflow.can_publish(request.user)
            extra["review_comment"] = question.review_comment if question else ""
        return super().changeform_view(request, object_id, form_url, extra)

    def history_view(self, request, object_id, extra_context=None):
        question = self.get_object(request, unquote(object_id))
        versions = Version.objects.get_for_object(question) if question else Version.objects.none()
        extra = {**(extra_context or {}), "compare_versions": versions.select_related("revision")}
        return super().history_view(request, object_id, extra)

    def review_view(self, request, object_id):
        """An Editor's review: the diff against the published version, approve or send back.
        The form carries the edit token of what it showed: an approval never publishes a
        text the reviewer has not seen."""
        question = self._question(request, object_id)
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        token = edit_token(question)
        form = ReviewForm(request.POST or None, initial={"edit_token": token})
        if request.method == "POST" and question.status == Status.IN_REVIEW and form.is_valid():
            if form.cleaned_data["edit_token"] == token:
                return self._decide(request, question, form.cleaned_data)
            form.add_error(None, conflict_message(last_change(question), Question))
        published, changes = changes_since_published(question)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": question,
            "title": _("Review “%s”") % question,
            "form": form,
            "in_review": question.status == Status.IN_REVIEW,
            "published": published,
            "differences": changes,
        }
        return TemplateResponse(request, "admin/faq/question/review.html", context)

    def _decide(self, request, question, decision):
        if decision["decision"] == ReviewForm.APPROVE:
            workflow.approve(question, request.user, decision["publish_at"])
            self.message_user(request, _("“%s” is approved.") % question, messages.SUCCESS)
        else:
            workflow.send_back(question, request.user, decision["comment"])
            self.message_user(request, _("“%s” is sent back.") % question, messages.SUCCESS)
        return redirect("admin:index")

    def confirm_review_view(self, request, object_id):
        question = self._question(request, object_id)
        if request.method != "POST" or not workflow.can_publish(request.user):
            raise PermissionDenied
        if request.POST.get("edit_token") != edit_token(question):
            message = conflict_message(last_change(question), Question)
            self.message_user(request, message, messages.ERROR)
        elif question.status == Status.PUBLISHED:
            workflow.confirm_still_correct(question, request.user)
            message = _("Confirmed; next review by %s.") % question.review_by
            self.message_user(request, message, messages.SUCCESS)
        return redirect("admin:faq_question_change", question.pk)

    def compare_view(self, request, object_id):
        """Two versions of the question side by side as a diff; the newer one defaults to
        the question as it is now."""
        question = self._question(request, object_id)
        if not self.has_view_or_change_permission(request, question):
            raise PermissionDenied
        versions = Version.objects.get_for_object(question).select_related("revision__user")
        older = _chosen(versions, request.GET.get("older"))
        newer = _chosen(versions, request.GET.get("newer"))
        if older is None:
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": question,
            "title": _("Compare versions of “%s”") % question,
            "older": older,
            "newer": newer,
            "differences": differences(
                version_texts(older), version_texts(newer) if newer else live_texts(question)
            ),
            "can_restore": self.has_change_permission(request, question),
        }
        return TemplateResponse(request, "admin/faq/question/compare.html", context)

    def preview_view(self, request):
        """The answer's Markdown as the public page renders it (same renderer, same sanitiser)."""
        if request.method != "POST":
            raise PermissionDenied
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        html = render_markdown(request.POST.get("text", ""))
        return HttpResponse(html, content_type="text/html; charset=utf-8")


def _chosen(versions, version_id):
    if not (version_id or "").isdigit():
        return None
    return versions.filter(pk=int(version_id)).first()


class ReviewForm(forms.Form):
    APPROVE, SEND_BACK = "approve", "send_back"

    edit_token = forms.CharField(widget=forms.HiddenInput)

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve and publish")), (SEND_BACK, _("Send back to the author"))],
        widget=forms.RadioSelect,
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        help_text=_("Empty: now. A later time schedules it."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    comment = forms.CharField(
        label=_("Comment for the author"), required=False, widget=forms.Textarea
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.SEND_BACK and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say what the author should change."))
        return cleaned
