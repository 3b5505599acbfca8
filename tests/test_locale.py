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


# --- The admin pages editors use, rendered in Japanese --------------------------------------

# English that showed on the Japanese admin (issue 15): django-reversion's strings, Django's
# default header, and the workflow's own words.
ENGLISH_LEFT_OVER = (
    "Recover",
    "Revert",
    "Press the save button below",
    "Choose a date from the list below",
    "Reverted to previous version",
    "Django administration",
    "Django site admin",
    "Django 管理サイト",
    "Review queue",
    "Needs review",
    "Scheduled",
    "Compare two versions",
    "Confirm still correct",
    "In review",
    "Approve and publish",
    "Send back",
    "Record the decision",
    "This question has never been published",
    "Link checks",
)


@pytest.fixture
def admin_pages(client, erin):
    """Every admin page an editor works in, as (name, url): list, form, history, revision,
    recover, compare, review, index; the restored question's history carries a revert."""
    import reversion
    from django.urls import reverse
    from reversion.models import Version

    from faq.models import Question
    from tests.admin_forms import submitted_data
    from tests.factories import AnsweredQuestionFactory, QuestionFactory

    client.force_login(erin)
    question = AnsweredQuestionFactory()
    change = reverse("admin:faq_question_change", args=(question.pk,))
    for title in ("一回目", "二回目"):
        client.post(change, submitted_data(client.get(change), title_ja=title))
    older = Version.objects.get_for_object(question).last()
    revision = reverse("admin:faq_question_revision", args=(question.pk, older.pk))
    client.post(revision, submitted_data(client.get(revision)))
    with reversion.create_revision():
        deleted = AnsweredQuestionFactory()
    client.post(reverse("admin:faq_question_delete", args=(deleted.pk,)), {"post": "yes"})
    gone = Version.objects.get_deleted(Question).first()
    in_review = QuestionFactory(status=Question.Status.IN_REVIEW)
    return client, [
        ("review", reverse("admin:faq_question_review", args=(in_review.pk,))),
        ("link checks", reverse("admin:faq_linkcheck_changelist")),
        ("index", reverse("admin:index")),
        ("list", reverse("admin:faq_question_changelist")),
        ("form", change),
        ("history", reverse("admin:faq_question_history", args=(question.pk,))),
        ("revision", revision),
        ("recover list", reverse("admin:faq_question_recoverlist")),
        ("recover", reverse("admin:faq_question_recover", args=(gone.pk,))),
        (
            "compare",
            reverse("admin:faq_question_compare", args=(question.pk,)) + f"?older={older.pk}",
        ),
        ("category list", reverse("admin:faq_category_changelist")),
    ]


@pytest.mark.django_db
def test_the_japanese_admin_pages_show_no_english_left_over(admin_pages):
    client, pages = admin_pages
    left = {}
    for name, url in pages:
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        found = [text for text in ENGLISH_LEFT_OVER if text in html]
        if found:
            left[name] = found
    assert left == {}
