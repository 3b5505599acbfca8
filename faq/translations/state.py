"""The state of each translated field: missing, outdated or current.

Each translated model (a ``TranslationTracked``) keeps on its own row, for every translated
field with English, the Japanese that English was written against (``translation_source``,
with the time the Japanese first differed from it), and the row's overall state
(``translation_status``, for lists and filters). The state is read with the content, so a
page that shows it costs no query more.

A field is
- **missing** when it has Japanese but no English;
- **outdated** when its Japanese differs from the Japanese the English was written against
  (whitespace and line endings aside: re-flowing a paragraph changes no meaning);
- **current** otherwise (a field with no Japanese has nothing to translate).

``follow_translation_state`` runs before every save of a translated model (connected in
``FaqConfig.ready()``): saving new English records the Japanese it now matches; saving only
Japanese leaves the recorded source, which makes the English outdated; a save that changes
neither changes nothing. A raw save (``loaddata``, ``restore``) takes the recorded source from
the file, so a fixture whose Japanese was edited but whose source was not loads outdated.
Code that writes without ``save()`` (``QuerySet.update()``) must keep the state itself.
"""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
TARGET_LANGUAGE = "en"


class State(models.TextChoices):
    # Declared from the worst to the best: a row takes the worst state of its fields.
    OUTDATED = "outdated", _("Outdated")
    MISSING = "missing", _("Missing")
    CURRENT = "current", _("Current")


WORST_FIRST = tuple(State)


class TranslationTracked(models.Model):
    translation_source = models.JSONField(
        _("translation source"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Per field, the Japanese the English was written against."),
    )
    translation_status = models.CharField(
        _("translation"),
        max_length=10,
        choices=State.choices,
        default=State.CURRENT,
        editable=False,
        db_index=True,
    )

    class Meta:
        abstract = True


def tracked_models():
    """Every model whose translations are tracked (proxies included: they save the same rows)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, TranslationTracked) and translated_fields(model)
    ]


def translated_fields(model):
    """The model's translated field names (modeltranslation's registration), or ()."""
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def texts(obj, field):
    """The field's (Japanese, English), empty strings for nothing."""
    japanese = getattr(obj, f"{field}_{SOURCE_LANGUAGE}") or ""
    english = getattr(obj, f"{field}_{TARGET_LANGUAGE}") or ""
    return japanese, english


def normalised(text):
    """The text for comparison: whitespace and line endings do not count."""
    return "".join(text.split())


def same_text(a, b):
    return normalised(a) == normalised(b)


@dataclass(frozen=True)
class FieldState:
    field: str
    state: str
    japanese: str
    english: str
    source: str | None  # the Japanese the English was written against
    changed_at: datetime | None  # when the Japanese first differed from the source


def field_state(obj, field):
    japanese, english = texts(obj, field)
    record = obj.translation_source.get(field) or {}
    source = record.get("source")
    if not japanese.strip():
        state = State.CURRENT
    elif not english.strip():
        state = State.MISSING
    elif source is None or not same_text(source, japanese):
        state = State.OUTDATED
    else:
        state = State.CURRENT
    changed = record.get("changed_at") if state == State.OUTDATED else None
    return FieldState(
        field,
        state,
        japanese,
        english,
        source,
        datetime.fromisoformat(changed) if changed else None,
    )


def field_states(obj):
    return [field_state(obj, field) for field in translated_fields(type(obj))]


def worst(states):
    """The worst of some states (outdated, then missing), current for none."""
    states = set(states)
    return next((state for state in WORST_FIRST if state in states), State.CURRENT)


def row_status(obj):
    return worst(item.state for item in field_states(obj))


# --- Following saves ----------------------------------------------------------------------


def follow_translation_state(sender, instance, raw=False, **kwargs):
    """pre_save: bring ``translation_source`` and ``translation_status`` up to date."""
    fields = translated_fields(sender)
    if not fields:
        return
    stored = None if raw else _stored_english(instance, fields)
    now = timezone.now()
    sources = dict(instance.translation_source or {})
    for field in fields:
        _follow_field(instance, field, sources, stored, now)
    instance.translation_source = sources
    instance.translation_status = row_status(instance)


def _stored_english(instance, fields):
    """The English as the database holds it, or None for a new row."""
    if instance._state.adding or instance.pk is None:
        return None
    columns = [f"{field}_{TARGET_LANGUAGE}" for field in fields]
    return type(instance)._base_manager.filter(pk=instance.pk).values(*columns).first()


def _follow_field(instance, field, sources, stored, now):
    japanese, english = texts(instance, field)
    if not english.strip():
        sources.pop(field, None)  # nothing written against anything
        return
    english_changed = stored is not None and (stored[f"{field}_{TARGET_LANGUAGE}"] or "") != english
    record = sources.get(field)
    if record is None or english_changed:
        sources[field] = {"source": japanese}
    elif same_text(record.get("source", ""), japanese):
        sources[field] = {"source": record["source"]}
    elif not record.get("changed_at"):
        sources[field] = {**record, "changed_at": now.isoformat()}


def mark_current(obj, fields=None):
    """Record that the English of ``fields`` (default: all) matches today's Japanese; the
    caller saves. For a Japanese change that needs no English change (a typo fix)."""
    sources = dict(obj.translation_source or {})
    for field in fields or translated_fields(type(obj)):
        japanese, english = texts(obj, field)
        if english.strip():
            sources[field] = {"source": japanese}
    obj.translation_source = sources


# --- What a visitor reads -----------------------------------------------------------------


@dataclass(frozen=True)
class ShownState:
    state: str
    japanese_changed_at: datetime | None  # the latest change of the outdated fields


def shown_state(language, *parts):
    """What the fields ``parts`` ((obj, field) pairs; obj may be None, or "" from a template
    that asked for a question's missing answer) are, together, in
    ``language``: the Japanese is always current; English takes the worst of its fields."""
    if language != TARGET_LANGUAGE:
        return ShownState(State.CURRENT, None)
    items = [field_state(obj, field) for obj, field in parts if obj]
    changes = [item.changed_at for item in items if item.changed_at]
    return ShownState(worst(item.state for item in items), max(changes, default=None))
