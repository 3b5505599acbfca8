"""The admin's side of the translation workflow.

- ``TranslationStateMixin`` for the admin of a translated model: the state column and filter
  of its list, the notice with the Japanese diff on its change form, and "mark English as
  current" (a list action and a button), recorded in the history;
- ``TranslationOverviewAdmin``: the Translations page (counts, the list of work to do), and
  the XLIFF download and upload (upload, preview, confirm) for users who may change content.

Viewers see every state and diff; marking and importing need the change permission.
"""

import base64
import hashlib
from collections import Counter
from dataclasses import dataclass
from functools import reduce
from operator import or_

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from faq.translations.diff import japanese_diff
from faq.translations.state import (
    State,
    field_states,
    mark_current,
    translated_fields,
    worst,
)
from faq.translations.state import tracked_models as all_tracked_models
from faq.translations.xliff import (
    ImportErrors,
    apply_import,
    english_before,
    export_xliff,
    plan_import,
)

# Rows edited on another model's form (an answer on its question's), by the field that
# leads there.
EDITED_ON = {"faq.answer": "question", "faq.relatedlink": "question"}
PAGE_SIZE = 100
IMPORT_SESSION_KEY = "faq.translations.import"


def field_verbose_name(obj, field):
    return obj._meta.get_field(field).verbose_name


def state_label(state):
    return format_html(
        '<span class="translation-state translation-{}">{}</span>', state, State(state).label
    )


def state_q(state, parts=()):
    """Rows whose own state and their ``parts``' (one-to-one relations) is, at worst, ``state``."""
    prefixes = ("", *(f"{part}__" for part in parts))

    def any_in(value):
        return reduce(or_, (Q(**{f"{prefix}translation_status": value}) for prefix in prefixes))

    if state == State.OUTDATED:
        return any_in(State.OUTDATED)
    if state == State.MISSING:
        return any_in(State.MISSING) & ~any_in(State.OUTDATED)
    return ~any_in(State.OUTDATED) & ~any_in(State.MISSING)


class TranslationStateFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        if self.value() not in State.values:
            return queryset
        return queryset.filter(state_q(self.value(), self.model_admin.translation_parts))

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)


@dataclass
class Notice:
    """An outdated field on a change form: where, since when, and the Japanese diff."""

    obj: object
    item: object

    @property
    def label(self):
        """The field, with its model where the two differ ("Answer", "Category: description")."""
        model, field = self.obj._meta.verbose_name, field_verbose_name(self.obj, self.item.field)
        return model if str(field) == str(model) else f"{model}: {field}"

    @property
    def diff(self):
        return japanese_diff(self.item.source or "", self.item.japanese)


class TranslationStateMixin:
    """For a ModelAdmin (before VersionAdmin) of a translated model."""

    # One-to-one parts edited on the same form, whose state the list shows with the row's.
    translation_parts = ()
    # Many-valued parts edited on the same form (inlines), shown on the change form only.
    translation_inlines = ()
    change_form_template = "admin/translations/change_form.html"

    @admin.display(description=_("translation"), ordering="translation_status")
    def translation_state(self, obj):
        parts = (getattr(obj, part, None) for part in self.translation_parts)
        states = [obj.translation_status, *(p.translation_status for p in parts if p)]
        return state_label(worst(states))

    @admin.action(description=_("Mark English as current"), permissions=("change",))
    def mark_english_current(self, request, queryset):
        marked = self._mark_current(request, list(queryset))
        self.message_user(
            request,
            ngettext("%d item marked current.", "%d items marked current.", marked) % marked,
            messages.SUCCESS,
        )

    def translation_objects(self, obj):
        objects = [obj, *(getattr(obj, part, None) for part in self.translation_parts)]
        for name in self.translation_inlines:
            objects += getattr(obj, name).all()
        return [o for o in objects if o is not None]

    def _mark_current(self, request, objects):
        """Mark every outdated field of ``objects`` (and their parts) current; one revision."""
        marked = 0
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            for obj in objects:
                if not self.has_change_permission(request, obj):
                    continue  # e.g. an Author's selection of live questions
                fields = self._mark_object(obj)
                if fields:
                    marked += 1
                    reversion.add_to_revision(obj)  # so the object's own history shows it
                    message = _("Marked English as current: %s.") % ", ".join(fields)
                    self.log_change(request, obj, message)
        return marked

    def _mark_object(self, obj):
        marked = []
        for part in self.translation_objects(obj):
            outdated = [i.field for i in field_states(part) if i.state == State.OUTDATED]
            if outdated:
                mark_current(part, outdated)
                # Only the state: the content did not change, so neither does its date.
                part.save(update_fields=["translation_source", "translation_status"])
                marked += [str(field_verbose_name(part, field)) for field in outdated]
        return marked

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_mark_english_current"
        view = self.admin_site.admin_view(self.mark_english_current_view)
        own = [path("<path:object_id>/mark-english-current/", view, name=name)]
        return own + super().get_urls()

    def mark_english_current_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if request.method != "POST" or not self.has_change_permission(request, obj):
            raise PermissionDenied
        if self._mark_current(request, [obj]):
            self.message_user(request, _("The English is marked current."), messages.SUCCESS)
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is not None:
            opts = self.model._meta
            extra_context = {
                **(extra_context or {}),
                "translation_notices": self._notices(obj),
                "can_mark_current": self.has_change_permission(request, obj),
                "mark_current_url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_mark_english_current",
                    args=[obj.pk],
                ),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _notices(self, obj):
        return [
            Notice(part, item)
            for part in self.translation_objects(obj)
            for item in field_states(part)
            if item.state == State.OUTDATED
        ]


# --- The Translations page ----------------------------------------------------------------


@dataclass
class WorkItem:
    obj: object
    item: object

    @property
    def model_name(self):
        return self.obj._meta.verbose_name

    @property
    def field_name(self):
        return field_verbose_name(self.obj, self.item.field)

    @property
    def edit_url(self):
        edited = self.obj
        if via := EDITED_ON.get(edited._meta.label_lower):
            edited = getattr(edited, via)
        opts = edited._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[edited.pk])


def state_counts():
    """Translated fields with Japanese, per state, over every translated model: a count
    for the rows that are current throughout, a look at each field of the others."""
    counts = Counter({state: 0 for state in State.values})
    for model in all_tracked_models():
        fields = translated_fields(model)
        current = model._base_manager.filter(translation_status=State.CURRENT)
        totals = current.aggregate(
            # Fields with Japanese: neither NULL nor "" (an untranslated field may be NULL).
            **{field: Count("pk", filter=Q(**{f"{field}_ja__gt": ""})) for field in fields}
        )
        counts[State.CURRENT] += sum(totals.values())
        unfinished = model._base_manager.exclude(translation_status=State.CURRENT)
        for obj in unfinished.iterator(chunk_size=500):
            counts.update(i.state for i in field_states(obj) if i.japanese.strip())
    return counts


def _work(model, states=(State.OUTDATED, State.MISSING)):
    """The model's fields in ``states`` (not current), outdated first, newest change first."""
    rows = model._base_manager.exclude(translation_status=State.CURRENT)
    if via := EDITED_ON.get(model._meta.label_lower):
        rows = rows.select_related(via)
    items = [
        WorkItem(obj, item)
        for obj in rows.order_by("pk").iterator(chunk_size=500)
        for item in field_states(obj)
        if item.state in states
    ]
    never = timezone.now().replace(year=1)
    items.sort(key=lambda w: w.item.changed_at or never, reverse=True)
    items.sort(key=lambda w: State.values.index(w.item.state))
    return items


class OverviewFilter(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Outdated or missing")), *State.choices[:2]],
    )
    model = forms.ChoiceField(label=_("Model"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("All"))] + [
            (model._meta.label_lower, model._meta.verbose_name_plural)
            for model in all_tracked_models()
        ]

    def chosen_states(self):
        state = self.cleaned_data.get("state") if self.is_valid() else ""
        return (state,) if state else (State.OUTDATED, State.MISSING)

    def chosen_models(self):
        label = self.cleaned_data.get("model") if self.is_valid() else ""
        models = all_tracked_models()
        return [m for m in models if m._meta.label_lower == label] if label else models


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLIFF file"))


class TranslationOverviewAdmin(admin.ModelAdmin):
    """The Translations page; its model (faq.Translation, a proxy) only carries permissions."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def can_translate(self, request):
        """Export and import write English everywhere: change permission on every model."""
        return request.user.has_perms(
            f"{m._meta.app_label}.change_{m._meta.model_name}" for m in all_tracked_models()
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.changelist_view), name="faq_translation_changelist"),
            path("export/", wrap(self.export_view), name="faq_translation_export"),
            path("import/", wrap(self.import_view), name="faq_translation_import"),
        ]

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "can_translate": self.can_translate(request),
            **extra,
        }

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        chosen = OverviewFilter(request.GET)
        states = chosen.chosen_states()
        items = [item for model in chosen.chosen_models() for item in _work(model, states)]
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        context = self._context(
            request,
            title=_("Translations"),
            counts=_labelled(state_counts()),
            filter_form=chosen,
            page=page,
            query=request.GET.urlencode(),
        )
        return TemplateResponse(request, "admin/translations/overview.html", context)

    def export_view(self, request):
        if not self.can_translate(request):
            raise PermissionDenied
        chosen = OverviewFilter(request.GET)
        content = export_xliff(chosen.chosen_states(), chosen.chosen_models())
        response = HttpResponse(content, content_type="application/x-xliff+xml")
        name = f"faq-translations-{timezone.localtime():%Y%m%d-%H%M}.xlf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def import_view(self, request):
        if not self.can_translate(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_import(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        context = self._context(request, title=_("Import translations"), form=form)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                context["plan"] = plan_import(content)
            except ImportErrors as errors:
                context["problems"] = errors.problems
            else:
                # The file's own bytes (base64: a session holds text), so that the confirmed
                # import is exactly the previewed file, whatever its encoding.
                request.session[IMPORT_SESSION_KEY] = {
                    "name": upload.name,
                    "content": base64.b64encode(content).decode("ascii"),
                    "english": english_before(context["plan"]),
                }
                context["digest"] = _digest(content)
        return TemplateResponse(request, "admin/translations/import.html", context)

    def _confirm_import(self, request):
        pending = request.session.get(IMPORT_SESSION_KEY)
        content = base64.b64decode(pending["content"]) if pending else b""
        if not pending or request.POST.get("digest") != _digest(content):
            self.message_user(request, _("Upload the file again."), messages.ERROR)
            return redirect("admin:faq_translation_import")
        comment = _("Translations imported from %s.") % pending["name"]
        try:
            plan = apply_import(
                content, user=request.user, comment=comment, expected=pending.get("english")
            )
        except ImportErrors as errors:  # the content changed since the preview
            context = self._context(
                request, title=_("Import translations"), form=ImportForm(), problems=errors.problems
            )
            return TemplateResponse(request, "admin/translations/import.html", context)
        del request.session[IMPORT_SESSION_KEY]
        count = len(plan.changes)
        self.message_user(
            request,
            ngettext("%d translation imported.", "%d translations imported.", count) % count,
            messages.SUCCESS,
        )
        return redirect("admin:faq_translation_changelist")


def _labelled(counts):
    return [(state, label, counts[state]) for state, label in State.choices]


def _digest(content):
    return hashlib.sha256(content).hexdigest()
