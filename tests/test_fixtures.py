"""The shipped FAQ (fixtures/faq.json): complete, verbatim, bilingual, and safe to load again.

This module and tests/faq/search/test_labelled_queries.py (search quality on the shipped FAQ)
are the only tests that read fixtures/; everything else builds data with factories.
"""

import io
import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError
from django.utils.dateparse import parse_datetime
from modeltranslation.translator import translator

from contacts.models import ContactChannel
from faq.content import DERIVED_MODELS, STATE_MODELS
from faq.models import Answer, Category, FooterLink, Question, RelatedLink, SiteSettings
from faq.translations.state import State, field_states

pytestmark = pytest.mark.django_db

FIXTURES = settings.BASE_DIR / "fixtures"
FIXTURE = FIXTURES / "faq.json"
# A verbatim copy of the source page, kept in the repository so a fresh clone can test against it.
SOURCE = (FIXTURES / "source" / "faq-source.txt").read_text(encoding="utf-8")
PAGE_HEADING = "FAQ一覧"  # the source page's own heading, not FAQ content
SEE_ALSO = "こちらもあわせてご覧ください"
ASK_US = "詳しくはお問い合わせください。"
# Related links the FAQ adds where an answer points elsewhere without a link (the source
# gives none): no "see also" line of the source stands for them (docs/content.md).
ADDED_LINKS = {"available-card-brands", "in-store-use", "suspension-and-cancellation"}
# Words by which an answer sends the visitor elsewhere ("here", "the page below").
POINTS_ELSEWHERE = re.compile(r"こちら|下記ページ|ご参照")
# Question titles are the unindented lines that ask (end in "?") or request ("教えてください").
SOURCE_TITLE = re.compile(r"^\S.*(?:\?|教えてください。?)$", re.MULTILINE)
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
CONTENT_MODELS = (Category, Question, Answer, RelatedLink, ContactChannel)


@pytest.fixture
def shipped_faq():
    call_command("loaddata", "faq", verbosity=0)


def counts():
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS}


def dump(*app_labels, natural=False):
    out = io.StringIO()
    keys = {"natural_foreign": True, "natural_primary": True} if natural else {}
    # The search index is derived from the content and rebuilt on load, the serving's state
    # (the page cache's version, rate-limit counters) changes with every load: not content.
    exclude = [*DERIVED_MODELS, *STATE_MODELS]
    call_command("dumpdata", *app_labels, format="json", stdout=out, exclude=exclude, **keys)
    return json.loads(out.getvalue())


def _instants(records):
    """The records with their times as datetimes: dumpdata writes a time whose microseconds
    are below 1,000 as "…:00.000Z" and, loaded back with 0 microseconds, as "…:00Z"."""
    return [
        {
            **r,
            "fields": {k: parse_datetime(v) if _is_time(v) else v for k, v in r["fields"].items()},
        }
        for r in records
    ]


def _is_time(value):
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-][\d:]+)", value)


def fixture_records():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def record(records, model, **natural):
    return next(
        r
        for r in records
        if r["model"] == model and all(r["fields"].get(k) == v for k, v in natural.items())
    )


def write(tmp_path, records, name="faq-edited.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def as_source_text(markdown):
    """The answer as the source page shows it: Markdown list items were "  • " bullets there."""
    return "\n".join(
        "  • " + line[2:] if line.startswith("- ") else line for line in markdown.split("\n")
    )


def rebuild_source():
    """The source page, written back out from the database in display order."""
    parts = [PAGE_HEADING]
    for group in Category.objects.groups():
        parts.append(group.name_ja)
        for category in group.children.all():
            parts.append(category.name_ja)
            for question in category.questions.all():
                parts += [question.title_ja, as_source_text(question.answer.body_ja)]
                if question.related_links.exists() and question.slug not in ADDED_LINKS:
                    parts.append("\n" + SEE_ALSO)
    return "\n\n".join(parts)


class TestContent:
    def test_it_loads_the_group_six_categories_21_answered_questions_and_two_channels(
        self, shipped_faq
    ):
        group = Category.objects.groups().get()
        assert group.name_ja == "ご検討中の方向けFAQ"
        assert group.children.count() == 6
        assert Category.objects.count() == 7
        assert Question.objects.filter(status=Question.Status.PUBLISHED).count() == 21
        assert Answer.objects.count() == 21
        assert set(ContactChannel.objects.values_list("slug", flat=True)) == {
            "sales-phone",
            "support-email",
        }

    def test_every_source_title_is_a_question_title_and_vice_versa(self, shipped_faq):
        source_titles = SOURCE_TITLE.findall(SOURCE)
        assert len(source_titles) == 21
        assert list(Question.objects.values_list("title_ja", flat=True)) == source_titles

    def test_every_answer_follows_its_title_verbatim_in_the_source(self, shipped_faq):
        for question in Question.objects.select_related("answer"):
            answer = as_source_text(question.answer.body_ja)
            assert f"{question.title_ja}\n\n{answer}" in SOURCE, question.slug

    def test_the_whole_source_page_can_be_rebuilt_from_the_database(self, shipped_faq):
        # Nothing dropped or added, in source order, "see also" exactly where the source has it.
        assert rebuild_source() == SOURCE.rstrip("\n")

    def test_every_japanese_text_has_an_english_translation(self, shipped_faq):
        for model in CONTENT_MODELS:
            fields = translator.get_options_for_model(model).fields
            for obj in model.objects.all():
                for field in fields:
                    japanese = getattr(obj, f"{field}_ja")
                    english = getattr(obj, f"{field}_en")
                    if japanese:
                        assert english and english.strip(), (obj, field)
                        assert not JAPANESE.search(english), (obj, field, english)

    def test_related_links_point_at_other_questions_and_invent_no_urls(self, shipped_faq):
        links = RelatedLink.objects.all()
        assert links.exists()
        for link in links:
            assert link.target_id and link.target_id != link.question_id
            assert link.url == ""
        assert "http" not in FIXTURE.read_text(encoding="utf-8")

    def test_every_answer_that_points_elsewhere_links_somewhere(self, shipped_faq):
        pointing = [
            question
            for question in Question.objects.published().select_related("answer")
            if POINTS_ELSEWHERE.search(question.answer.body_ja)
        ]
        assert len(pointing) >= 3  # the pattern still finds the source's dead ends
        for question in pointing:
            assert question.related_links.exists(), question.slug

    def test_the_card_brands_question_links_to_the_answer_naming_the_brands(self, shipped_faq):
        link = RelatedLink.objects.get(question__slug="available-card-brands")
        assert "VISA、Master、JCB、Diners、AMEX" in link.target.answer.body_ja

    def test_the_site_settings_name_the_company_and_invent_no_footer_link(self, shipped_faq):
        site = SiteSettings.objects.get()
        assert site.company_name_ja in SOURCE
        assert (site.site_name_ja, site.company_name_en) == (
            "よくあるご質問",
            "GMO Payment Gateway",
        )
        assert not FooterLink.objects.exists()

    def test_contact_channels_carry_the_source_phone_number_and_address(self, shipped_faq):
        for channel in ContactChannel.objects.all():
            assert channel.value in SOURCE

    def test_exactly_the_answers_that_say_contact_us_ask_to_contact_and_name_a_channel(
        self, shipped_faq
    ):
        for answer in Answer.objects.select_related("question"):
            says_so = answer.body_ja.endswith(ASK_US)
            assert answer.question.asks_to_contact == says_so, answer.question.slug
            if says_so:
                assert answer.question.contact_channels.exists(), answer.question.slug


class TestLoading:
    def test_loading_it_twice_leaves_the_same_rows(self, shipped_faq):
        before = counts(), list(Question.objects.values_list("pk", "slug"))
        call_command("loaddata", "faq", verbosity=0)
        assert (counts(), list(Question.objects.values_list("pk", "slug"))) == before

    def test_an_edited_copy_updates_the_question_in_place(self, shipped_faq, tmp_path):
        pricing = Question.objects.get(slug="pricing")
        before = counts()
        records = fixture_records()
        record(records, "faq.question", slug="pricing")["fields"]["title_ja"] = "料金は?"
        call_command("loaddata", str(write(tmp_path, records)), verbosity=0)
        updated = Question.objects.get(slug="pricing")
        assert (updated.pk, updated.title_ja) == (pricing.pk, "料金は?")
        assert counts() == before

    def test_the_shipped_faq_loads_with_every_english_current(self, shipped_faq):
        for model in CONTENT_MODELS:
            for obj in model.objects.all():
                assert obj.translation_status == State.CURRENT, obj
                assert {item.state for item in field_states(obj)} == {State.CURRENT}, obj

    def test_an_edited_copy_whose_japanese_changed_but_not_its_english_loads_outdated(
        self, shipped_faq, tmp_path
    ):
        records = fixture_records()
        question = record(records, "faq.question", slug="pricing")["fields"]
        question["title_ja"] = "料金体系を教えてください。"
        call_command("loaddata", str(write(tmp_path, records)), verbosity=0)
        pricing = Question.objects.get(slug="pricing")
        assert pricing.translation_status == State.OUTDATED
        [title] = field_states(pricing)
        assert (title.state, title.source) == (State.OUTDATED, "料金体系について教えてください。")
        assert pricing.answer.translation_status == State.CURRENT

    def test_a_natural_key_dump_loads_into_an_empty_database_unchanged(self, shipped_faq, tmp_path):
        first = dump("contacts", "faq", natural=True)
        dumped_titles = [r["fields"]["title_ja"] for r in first if r["model"] == "faq.question"]
        assert dumped_titles == SOURCE_TITLE.findall(SOURCE)
        for model in (RelatedLink, Answer, Question):
            model.objects.all().delete()
        Category.objects.filter(parent__isnull=False).delete()
        Category.objects.all().delete()
        ContactChannel.objects.all().delete()
        assert set(counts().values()) == {0}
        call_command("loaddata", str(write(tmp_path, first, "dump.json")), verbosity=0)
        assert _instants(dump("contacts", "faq", natural=True)) == _instants(first)


def explanation(error):
    """What `manage.py loaddata` prints: Django chains a JSON syntax error as the cause."""
    return f"{error} {error.__cause__ or ''}"


def with_unknown_field(records):
    record(records, "faq.question", slug="pricing")["fields"]["title_ja"] = "途中まで読まれた"
    records[-1]["fields"]["colour"] = "red"
    return json.dumps(records, ensure_ascii=False)


def with_broken_json(records):
    return json.dumps(records, ensure_ascii=False, indent=2).replace(
        '"slug": "sales-phone",', '"slug": "sales-phone"', 1
    )


def with_a_link_to_both_url_and_question(records):
    record(records, "faq.question", slug="pricing")["fields"]["title_ja"] = "途中まで読まれた"
    link = record(records, "faq.relatedlink", question=["lead-time"], position=1)
    link["fields"]["url"] = "https://example.com/see-also"
    return json.dumps(records, ensure_ascii=False)


def with_a_question_in_a_missing_category(records):
    record(records, "faq.question", slug="lead-time")["fields"]["title_ja"] = "途中まで読まれた"
    record(records, "faq.question", slug="pricing")["fields"]["category"] = ["no-such-category"]
    return json.dumps(records, ensure_ascii=False)


@pytest.mark.parametrize(
    ("break_fixture", "error", "message"),
    [
        (with_unknown_field, DeserializationError, "has no field named 'colour'"),
        (with_broken_json, DeserializationError, "Expecting ',' delimiter"),
        (with_a_link_to_both_url_and_question, IntegrityError, "relatedlink_target_xor_url"),
        (with_a_question_in_a_missing_category, IntegrityError, "category_id"),
    ],
)
def test_a_broken_fixture_fails_naming_the_problem_and_changes_nothing(
    shipped_faq, tmp_path, break_fixture, error, message
):
    path = tmp_path / "faq-broken.json"
    path.write_text(break_fixture(fixture_records()), encoding="utf-8")
    before = dump()
    with pytest.raises(error) as raised:
        call_command("loaddata", str(path), verbosity=0)
    assert "faq-broken.json" in str(raised.value)
    assert message in explanation(raised.value)
    assert dump() == before
