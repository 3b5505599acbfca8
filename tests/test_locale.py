"""The committed gettext catalogues: complete, and compiled from the current .po files."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def read_po(path):
    """Entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr..., flags."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        elif line.startswith("#,"):
            entry = {"flags": line}
            entries.append(entry)
        elif line.strip() and not line.startswith("#"):
            key, _space, value = line.partition(" ")
            starts_entry = key in ("msgctxt", "msgid")
            if entry is None or (starts_entry and any(k.startswith("msgstr") for k in entry)):
                entry = {}
                entries.append(entry)
            entry[key] = ast.literal_eval(value)
    return [e for e in entries if e.get("msgid")]


def catalogue(language):
    return read_po(LOCALE / language / "LC_MESSAGES" / "django.po")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    entries = catalogue(language)
    assert entries, f"no entries in the {language} catalogue"
    untranslated = [e["msgid"] for e in entries if not e.get("msgstr", e.get("msgstr[0]"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", "")]
    assert untranslated == [], f"untranslated in {language}: {untranslated}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_po_file(language):
    """Fails when someone edits a .po file and forgets `manage.py compilemessages`."""
    stale = []
    with translation.override(language):
        for entry in catalogue(language):
            if "msgid_plural" in entry:
                got = translation.ngettext(entry["msgid"], entry["msgid_plural"], 1)
                expected = entry["msgstr[0]"]
            elif "msgctxt" in entry:
                got = translation.pgettext(entry["msgctxt"], entry["msgid"])
                expected = entry["msgstr"]
            else:
                got, expected = translation.gettext(entry["msgid"]), entry["msgstr"]
            if got != expected:
                stale.append(entry["msgid"])
    assert stale == [], f"run compilemessages: {language}.mo differs from .po for {stale}"


def test_the_parser_reads_multi_line_entries():
    entries = catalogue("ja")
    long = [e for e in entries if e["msgid"].startswith("A related link points at either")]
    assert long and long[0]["msgstr"].startswith("関連リンク")
