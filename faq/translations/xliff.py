"""The round trip with translators: XLIFF 1.2 out, English targets back in.

XLIFF 1.2, not 2.x: it is the version every common CAT tool imports and exports (Trados,
memoQ, Phrase, Crowdin, Weblate, OmegaT, Lokalise); 2.x is read by some of them only, and
by several only in part. translate-toolkit (Weblate's own library) writes and reads it
with a hardened lxml parser (no entities, no network), so no XML is written by hand.

One unit per translated field with Japanese: id ``app.model/natural key/field`` (stable
across databases, e.g. ``faq.question/pricing/title``), the Japanese as source, the English
as target (empty when missing), the target's XLIFF state, and for an outdated field the
Japanese the English was written against as a note.

An import checks every unit first and applies nothing if any is wrong (``ImportErrors``
lists them all, each with its unit id and line); then it applies all of them in one
transaction and one revision of the history.
"""

import re
from dataclasses import dataclass

import reversion
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.utils.translation import gettext as _
from lxml import etree
from translate.storage.xliff import Xliff1Unit, xlifffile

from faq.editorial.locking import last_change
from faq.editorial.text import normalise_newlines
from faq.translations.state import (
    SOURCE_LANGUAGE,
    TARGET_LANGUAGE,
    State,
    TranslationTracked,
    field_state,
    mark_current,
    same_text,
    tracked_models,
    translated_fields,
)

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
PREVIOUS_SOURCE = "previous-source"  # the note's "from": the Japanese the English matched
# XLIFF 1.2's target states for ours.
TARGET_STATES = {
    State.MISSING: "needs-translation",
    State.OUTDATED: "needs-review-translation",
    State.CURRENT: "translated",
}
# Markdown and plain text carry no markup: an HTML tag in a target is a tool's (or a
# translator's) slip, and would be escaped on the page anyway. Code spans may show tags.
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--")
CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)


class Xliff12Unit(Xliff1Unit):
    namespace = XLIFF_NAMESPACE


class Xliff12File(xlifffile):
    """translate-toolkit's XLIFF store, writing 1.2 (it writes 1.1 by default; it reads both)."""

    UnitClass = Xliff12Unit
    namespace = XLIFF_NAMESPACE
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}">
<file original="faq" source-language="{SOURCE_LANGUAGE}" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""


def unit_id(obj, field):
    return "/".join((obj._meta.label_lower, *map(str, obj.natural_key()), field))


# --- Export -------------------------------------------------------------------------------


def export_xliff(states=(State.OUTDATED, State.MISSING), models=None):
    """The XLIFF of every field in one of ``states``, of ``models`` (default: all)."""
    store = Xliff12File(sourcelanguage=SOURCE_LANGUAGE, targetlanguage=TARGET_LANGUAGE)
    for model in models or tracked_models():
        for obj in _rows(model, states):
            for field in translated_fields(model):
                item = field_state(obj, field)
                if item.japanese.strip() and item.state in states:
                    _add_unit(store, obj, item)
    return bytes(store)


def _rows(model, states):
    rows = model._base_manager.order_by("pk")
    if State.CURRENT not in states:
        rows = rows.exclude(translation_status=State.CURRENT)
    return rows.iterator(chunk_size=500)


def _add_unit(store, obj, item):
    unit = store.addsourceunit(item.japanese, filename="faq", createifmissing=True)
    unit.setid(unit_id(obj, item.field))
    unit.target = item.english
    target = unit.getlanguageNode(lang=None, index=1)
    if target is None:  # translate-toolkit writes no target for an empty one
        target = etree.SubElement(unit.xmlelement, f"{{{XLIFF_NAMESPACE}}}target")
    target.set("state", TARGET_STATES[item.state])
    unit.markapproved(item.state == State.CURRENT)
    if item.state == State.OUTDATED and item.source is not None:
        unit.addnote(item.source, origin=PREVIOUS_SOURCE)


# --- Import -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    line: int | None
    unit: str
    message: str

    def __str__(self):
        where = f"line {self.line}" if self.line else "file"
        return f"{where}: {self.unit}: {self.message}" if self.unit else f"{where}: {self.message}"


class ImportErrors(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@dataclass
class Change:
    unit: str
    obj: models.Model
    field: str
    state: str  # before the import
    english: str  # before the import
    target: str


@dataclass
class Plan:
    changes: list
    unchanged: int
    untranslated: int


def plan_import(content):
    """What importing ``content`` (bytes) would change; ImportErrors lists every problem."""
    store = _parse(content)
    problems, changes, seen = [], [], set()
    unchanged = untranslated = 0
    for unit in store.units:
        if unit.isheader():
            continue
        line = unit.xmlelement.sourceline
        uid = unit.xmlelement.get("id", "")  # getid() prefixes the <file>'s name
        if uid in seen:
            problems.append(Problem(line, uid, _("The unit appears twice in the file.")))
            continue
        seen.add(uid)
        try:
            change = _unit_change(unit, uid)
        except _UnitProblem as problem:
            problems.append(Problem(line, uid, str(problem)))
            continue
        if change is None:
            unchanged += 1
        elif not change.target:
            untranslated += 1
        else:
            changes.append(change)
    if problems:
        raise ImportErrors(problems)
    return Plan(changes, unchanged, untranslated)


def english_before(plan):
    """Per unit, the English the preview showed being replaced: what the confirmation checks."""
    return {change.unit: change.english for change in plan.changes}


def apply_import(content, user=None, comment="", expected=None):
    """Check and apply ``content`` in one transaction; the plan that was applied.

    ``expected`` (from ``english_before`` of the previewed plan): an English changed by
    someone since the preview is not overwritten; ImportErrors names who and when."""
    with transaction.atomic(), reversion.create_revision():
        plan = plan_import(content)
        if expected is not None:
            _check_unchanged_since_preview(plan, expected)
        for obj, changes in _by_object(plan.changes):
            for change in changes:
                setattr(obj, f"{change.field}_{TARGET_LANGUAGE}", change.target)
            mark_current(obj, [change.field for change in changes])
            obj.save()
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)
    return plan


def _check_unchanged_since_preview(plan, expected):
    problems = []
    for change in plan.changes:
        if change.unit in expected and expected[change.unit] == change.english:
            continue
        saved = last_change(change.obj)
        message = _(
            "%(who)s changed this English on %(when)s, after the preview: nothing was "
            "imported; upload the file again to see the new English."
        ) % {"who": saved.who, "when": saved.when_text}
        problems.append(Problem(None, change.unit, message))
    if problems:
        raise ImportErrors(problems)


def _by_object(changes):
    grouped = {}
    for change in changes:
        grouped.setdefault(id(change.obj), (change.obj, []))[1].append(change)
    return grouped.values()


def _parse(content):
    try:
        root = etree.fromstring(content, parser=_safe_parser())
    except etree.XMLSyntaxError as error:
        message = _("Not an XML file: %(error)s") % {"error": error.msg}
        raise ImportErrors([Problem(error.lineno, "", message)]) from None
    if root.tag != f"{{{XLIFF_NAMESPACE}}}xliff":
        name = etree.QName(root).localname
        message = _("Not an XLIFF 1.2 file (its root element is %(name)s).") % {"name": name}
        raise ImportErrors([Problem(root.sourceline, "", message)])
    _check_languages(root)
    return Xliff12File.parsestring(content)


def _safe_parser():
    # What translate-toolkit parses with, too: no entities, no DTD, no network.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _check_languages(root):
    problems = []
    for node in root.iter(f"{{{XLIFF_NAMESPACE}}}file"):
        for attribute, expected in (
            ("source-language", SOURCE_LANGUAGE),
            ("target-language", TARGET_LANGUAGE),
        ):
            found = node.get(attribute) or ""
            if found.lower().split("-")[0] != expected:
                message = _("The %(attribute)s is %(found)s; it must be %(expected)s.") % {
                    "attribute": attribute,
                    "found": found or _("missing"),
                    "expected": expected,
                }
                problems.append(Problem(node.sourceline, "", message))
    if problems:
        raise ImportErrors(problems)


class _UnitProblem(Exception):
    pass


def _unit_change(unit, uid):
    obj, field = _find(uid)
    item = field_state(obj, field)
    if not same_text(unit.source or "", item.japanese):
        raise _UnitProblem(
            _(
                "Conflict: the Japanese changed since the file was exported; "
                "export again and translate the new Japanese."
            )
        )
    target = _target_text(unit)
    if not target.strip():
        return Change(uid, obj, field, item.state, item.english, "")
    _check_target(obj, field, target)
    if target == item.english and item.state == State.CURRENT:
        return None
    return Change(uid, obj, field, item.state, item.english, target)


def _find(uid):
    *key, field = uid.split("/")
    if len(key) < 2:
        raise _UnitProblem(_("Unknown unit id."))
    label, *natural_key = key
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise _UnitProblem(_("Unknown unit id (no such model).")) from None
    if not issubclass(model, TranslationTracked) or field not in translated_fields(model):
        raise _UnitProblem(_("Unknown unit id (no such translated field)."))
    try:
        return model._default_manager.get_by_natural_key(*natural_key), field
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise _UnitProblem(_("Unknown unit id (no such object).")) from None


def _target_text(unit):
    node = unit.getlanguageNode(lang=None, index=1)
    if node is None:
        return ""
    if len(node):  # child elements: XLIFF inline markup (<g>, <x/>, <ph>...)
        raise _UnitProblem(_("The target contains markup; write plain text or Markdown."))
    return normalise_newlines(node.text or "")


def _check_target(obj, field, target):
    if HTML_TAG.search(CODE_SPAN.sub("", target)):
        raise _UnitProblem(_("The target contains HTML markup; write plain text or Markdown."))
    limit = obj._meta.get_field(f"{field}_{TARGET_LANGUAGE}").max_length
    if limit and len(target) > limit:
        message = _("The target is %(length)d characters long; at most %(limit)d fit.")
        raise _UnitProblem(message % {"length": len(target), "limit": limit})


def models_named(labels):
    """The tracked models of ``labels`` ("faq.question"), or all for none; LookupError."""
    if not labels:
        return tracked_models()
    models = []
    for label in labels:
        model = apps.get_model(label)  # LookupError for an unknown one
        if model not in tracked_models():
            raise LookupError(f"{label} has no translated fields.")
        models.append(model)
    return models
