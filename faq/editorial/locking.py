"""No lost update: a form carries a token of what it was opened on, and a save whose token
no longer matches the database is refused, naming who saved in between and when.

The token is a digest of the rows the form edits (a question with its answer and links:
``entry.parts_of``), not a version counter: every way of writing (the admin, an import, a
restore, a shell) changes it without having to remember to count.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from faq.editorial.entry import parts_of
from faq.translations.state import translated_fields


def edit_token(obj):
    """A digest of ``obj`` and its parts as the database holds them now."""
    # Locked until the end of the transaction where there is one (the admin's save runs in
    # one): on PostgreSQL nobody writes any of the rows between the check and the save.
    # SQLite has no row locks: there the window is the moment between the check and the save.
    locking = not transaction.get_autocommit()
    rows = [_row_values(row) for row in parts_of(_fresh(obj, locking), lock=locking)]
    encoded = json.dumps(rows, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _fresh(obj, lock):
    rows = type(obj)._base_manager.filter(pk=obj.pk)
    return (rows.select_for_update() if lock else rows).get()


def _row_values(row):
    # The bare translated field ("title") reads the active language: only _ja and _en count.
    bare = set(translated_fields(type(row)))
    values = {
        field.attname: field.value_from_object(row)
        for field in row._meta.concrete_fields
        if field.name not in bare
    }
    for field in row._meta.many_to_many:
        values[field.name] = sorted(related.pk for related in field.value_from_object(row))
    return [row._meta.label_lower, values]


@dataclass(frozen=True)
class LastChange:
    user: object
    when: datetime | None

    @property
    def who(self):
        if self.user is None:
            return _("Someone")
        return self.user.get_full_name() or self.user.get_username()

    @property
    def when_text(self):
        return date_format(localtime(self.when), "DATETIME_FORMAT") if self.when else "?"


def last_change(obj):
    """Who saved ``obj`` last and when, from its history (or its own timestamp)."""
    version = Version.objects.get_for_object(obj).select_related("revision__user").first()
    if version is not None:
        return LastChange(version.revision.user, version.revision.date_created)
    return LastChange(None, getattr(obj, "updated_at", None))


def conflict_message(change, model):
    return _(
        "%(who)s saved this %(model)s on %(when)s, after you opened it. Nothing was saved: "
        "your changes are still in the form below. Open the newer version, then make your "
        "changes again."
    ) % {"who": change.who, "model": model._meta.verbose_name, "when": change.when_text}


class EditTokenForm(forms.ModelForm):
    """A model form that refuses to save over a change made since it was opened."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    conflict = None  # the LastChange that made the save fail, for the template

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edit_token"].initial = edit_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and self.data.get(
            self.add_prefix("edit_token")
        ) != edit_token(self.instance):
            # The page's notice says who and when, with links (the form's template).
            self.conflict = last_change(self.instance)
            raise ValidationError(_("Someone saved this since you opened it: see above."))
        return cleaned


class ListRowForm(forms.ModelForm):
    """A row of a list's editable columns (positions, "active"): saved only where the editor
    changed it, and refused where someone changed it since the list was opened.

    Django compares a submitted row with the database as it is at submit time, so an
    untouched row of a stale list would put back the value the editor saw. Each field carries
    what the editor saw (a hidden initial) instead.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and any(map(self._changed_meanwhile, self.changed_data)):
            raise ValidationError(
                _("Someone changed this row since you opened the list: reload it and try again.")
            )
        return cleaned

    def _changed_meanwhile(self, name):
        """The database's value is not what the editor's list showed (unknown, so False, for
        a client that sends no initial- value)."""
        key = self.add_initial_prefix(name)
        if key not in self.data:
            return False
        field = self.fields[name]
        seen = field.hidden_widget().value_from_datadict(self.data, self.files, key)
        return field.has_changed(self.initial.get(name), seen)
