"""XLIFF 1.2 out and back in: stable ids, exact text, and an import that is all or nothing."""

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import etree

from faq.models import Answer, Question
from faq.translations.state import State, field_state
from faq.translations.xliff import (
    XLIFF_NAMESPACE,
    ImportErrors,
    apply_import,
    export_xliff,
    plan_import,
)
from tests.factories import AnsweredQuestionFactory, ContactChannelFactory

pytestmark = pytest.mark.django_db
NS = {"x": XLIFF_NAMESPACE}


@pytest.fixture(autouse=True)
def _english():
    """The problems' wording is checked in English (the admin shows them in Japanese)."""
    with translation.override("en"):
        yield


ALL = (State.OUTDATED, State.MISSING, State.CURRENT)


def outdated_question(slug="fees", title="手数料は?", new_title="手数料はいくらですか?"):
    question = AnsweredQuestionFactory(slug=slug, title_ja=title, title_en="Fees?")
    question.title_ja = new_title
    question.save()
    return Question.objects.get(pk=question.pk)


def units(content):
    return etree.fromstring(content).findall(".//x:trans-unit", NS)


def unit(content, uid):
    return next(u for u in units(content) if u.get("id") == uid)


def with_target(content, uid, text):
    root = etree.fromstring(content)
    node = next(u for u in root.iterfind(".//x:trans-unit", NS) if u.get("id") == uid)
    node.find("x:target", NS).text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def snapshot():
    rows = Question.objects.values_list("title_en", "translation_source", "translation_status")
    answers = Answer.objects.values_list("body_en", "translation_source", "translation_status")
    return list(rows), list(answers)


class TestExport:
    def test_an_outdated_field_has_its_id_source_target_state_and_previous_japanese(self):
        outdated_question()
        node = unit(export_xliff(), "faq.question/fees/title")
        assert node.find("x:source", NS).text == "手数料はいくらですか?"
        assert node.find("x:target", NS).text == "Fees?"
        assert node.find("x:target", NS).get("state") == "needs-review-translation"
        assert node.find("x:note", NS).text == "手数料は?"
        assert node.find("x:note", NS).get("from") == "previous-source"

    def test_a_missing_field_has_an_empty_target(self):
        AnsweredQuestionFactory(slug="empty", title_en="")
        node = unit(export_xliff(), "faq.question/empty/title")
        assert not node.find("x:target", NS).text
        assert node.find("x:target", NS).get("state") == "needs-translation"

    def test_by_default_only_outdated_and_missing_fields_are_exported(self):
        outdated_question()
        AnsweredQuestionFactory(slug="fine")
        ids = {u.get("id") for u in units(export_xliff())}
        assert ids == {"faq.question/fees/title"}

    def test_it_is_xliff_1_2_from_japanese_to_english(self):
        root = etree.fromstring(export_xliff(ALL))
        assert (root.tag, root.get("version")) == (f"{{{XLIFF_NAMESPACE}}}xliff", "1.2")
        file = root.find("x:file", NS)
        assert (file.get("source-language"), file.get("target-language")) == ("ja", "en")

    def test_every_translated_model_has_units_with_natural_key_ids(self):
        question = AnsweredQuestionFactory(slug="q")
        ContactChannelFactory(slug="desk")
        ids = {u.get("id") for u in units(export_xliff(ALL))}
        assert {
            "faq.question/q/title",
            "faq.answer/q/body",
            f"faq.category/{question.category.slug}/name",
            "contacts.contactchannel/desk/name",
            "contacts.contactchannel/desk/opening_hours",
        } <= ids


class TestRoundTrip:
    def test_filled_targets_make_every_state_current_with_the_new_english_on_the_site(self, client):
        question = outdated_question()
        answer = question.answer
        answer.body_ja = "新しい回答です。"
        answer.save()
        exported = export_xliff()
        filled = with_target(exported, "faq.question/fees/title", "How much are the fees?")
        filled = with_target(filled, "faq.answer/fees/body", "A new answer.")

        plan = apply_import(filled)

        assert len(plan.changes) == 2
        question = Question.objects.select_related("answer").get(pk=question.pk)
        assert field_state(question, "title").state == State.CURRENT
        assert field_state(question.answer, "body").state == State.CURRENT
        with translation.override("en"):
            page = client.get(reverse("faq:question", args=["fees"])).content.decode()
        assert "How much are the fees?" in page and "A new answer." in page
        assert 'data-translation-status="current"' in page

    def test_a_second_import_of_the_same_file_changes_nothing(self):
        outdated_question()
        filled = with_target(export_xliff(), "faq.question/fees/title", "How much?")
        apply_import(filled)
        before = snapshot()
        plan = apply_import(filled)
        assert (plan.changes, plan.unchanged) == ([], 1)
        assert snapshot() == before

    def test_an_unchanged_target_of_an_outdated_field_confirms_the_english(self):
        outdated_question()
        apply_import(export_xliff())
        assert Question.objects.get().translation_status == State.CURRENT

    def test_an_empty_target_changes_nothing(self):
        AnsweredQuestionFactory(slug="empty", title_en="")
        plan = apply_import(export_xliff())
        assert (plan.changes, plan.untranslated) == ([], 1)
        assert Question.objects.get().translation_status == State.MISSING

    @pytest.mark.parametrize(
        "markdown",
        [
            "Use `order_id` and `<br>` here.",
            "Steps:\n\n- one\n- two\n\n1. first\n2. second",
            "A line  \nbroken by two spaces,\nand a paragraph.\n\n  Indented.",
        ],
        ids=["inline code", "lists", "line breaks"],
    )
    def test_markdown_survives_the_round_trip_unchanged(self, markdown):
        question = AnsweredQuestionFactory(slug="md")
        question.answer.body_ja = "新しい回答。"
        question.answer.save()
        apply_import(with_target(export_xliff(), "faq.answer/md/body", markdown))
        assert Answer.objects.get().body_en == markdown
        again = unit(export_xliff(ALL), "faq.answer/md/body")
        assert again.find("x:target", NS).text == markdown
        assert plan_import(export_xliff(ALL)).changes == []


def problems_of(content):
    with pytest.raises(ImportErrors) as raised:
        apply_import(content)
    return raised.value.problems


class TestBadInput:
    """Every problem is reported, with its unit and line, and nothing at all is applied."""

    @pytest.fixture
    def exported(self):
        outdated_question()
        outdated_question("other", "他は?", "他にはありますか?")
        content = export_xliff()
        # A good unit beside each bad one: it must not be applied either.
        return with_target(content, "faq.question/other/title", "Anything else?")

    def assert_nothing_applied(self, content, before):
        problems = problems_of(content)
        assert snapshot() == before
        return problems

    def test_a_conflict_when_the_japanese_changed_since_the_export(self, exported):
        question = Question.objects.get(slug="fees")
        question.title_ja = "手数料について"
        question.save()
        before = snapshot()
        [problem] = self.assert_nothing_applied(exported, before)
        assert problem.unit == "faq.question/fees/title"
        assert "Conflict" in problem.message
        assert problem.line == unit(exported, "faq.question/fees/title").sourceline

    @pytest.mark.parametrize(
        "uid",
        [
            "faq.question/no-such-question/title",
            "faq.nosuchmodel/fees/title",
            "faq.question/fees/slug",
            "faq.vote/fees/reason",
            "nonsense",
            "faq.relatedlink/fees/x/label",
        ],
    )
    def test_an_unknown_unit_id(self, exported, uid):
        root = etree.fromstring(exported)
        root.find(".//x:trans-unit", NS).set("id", uid)
        content = etree.tostring(root)
        [problem] = self.assert_nothing_applied(content, snapshot())
        assert problem.unit == uid and "Unknown unit id" in problem.message
        assert problem.line == 4

    def test_a_unit_that_appears_twice(self, exported):
        root = etree.fromstring(exported)
        body = root.find(".//x:body", NS)
        first = body.find("x:trans-unit", NS)
        body.append(etree.fromstring(etree.tostring(first)))
        [problem] = self.assert_nothing_applied(etree.tostring(root), snapshot())
        assert "twice" in problem.message

    @pytest.mark.parametrize("attribute", ["source-language", "target-language"])
    def test_a_wrong_language(self, exported, attribute):
        root = etree.fromstring(exported)
        root.find("x:file", NS).set(attribute, "fr")
        [problem] = self.assert_nothing_applied(etree.tostring(root), snapshot())
        assert attribute in problem.message and "fr" in problem.message
        assert problem.line == 2

    @pytest.mark.parametrize(
        "content",
        [
            b"not xml at all",
            b'{"title": "json"}',
            b"<html><body>a web page</body></html>",
            b'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
            b'srcLang="ja" trgLang="en"><file id="f"/></xliff>',
            b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;'>]><x>&b;</x>",
            b"",
        ],
        ids=["text", "json", "html", "xliff 2", "entities", "empty"],
    )
    def test_a_file_that_is_not_xliff_1_2(self, exported, content):
        [problem] = self.assert_nothing_applied(content, snapshot())
        assert "Not an X" in problem.message

    @pytest.mark.parametrize(
        ("uid", "target"),
        [
            ("faq.question/fees/title", "How <b>much</b>?"),
            ("faq.answer/fees/body", "Pay <script>alert(1)</script> here."),
            ("faq.answer/fees/body", "A comment <!-- hidden -->"),
        ],
    )
    def test_a_target_with_html_markup(self, uid, target):
        question = outdated_question()
        question.answer.body_ja = "新しい回答。"
        question.answer.save()
        content = with_target(export_xliff(), uid, target)
        [problem] = self.assert_nothing_applied(content, snapshot())
        assert problem.unit == uid and "markup" in problem.message

    def test_a_target_with_xliff_inline_markup(self, exported):
        root = etree.fromstring(exported)
        target = unit(exported, "faq.question/fees/title")
        node = next(
            u for u in root.iterfind(".//x:trans-unit", NS) if u.get("id") == target.get("id")
        )
        etree.SubElement(node.find("x:target", NS), f"{{{XLIFF_NAMESPACE}}}g", id="1").text = "x"
        [problem] = self.assert_nothing_applied(etree.tostring(root), snapshot())
        assert problem.unit == "faq.question/fees/title" and "markup" in problem.message

    def test_a_target_longer_than_the_field_allows(self, exported):
        content = with_target(exported, "faq.question/fees/title", "x" * 301)
        [problem] = self.assert_nothing_applied(content, snapshot())
        assert "301" in problem.message and "300" in problem.message

    def test_every_problem_is_listed_not_only_the_first(self, exported):
        content = with_target(exported, "faq.question/fees/title", "x" * 301)
        content = with_target(content, "faq.question/other/title", "<i>x</i>")
        assert len(self.assert_nothing_applied(content, snapshot())) == 2

    def test_a_dry_run_plan_changes_nothing(self, exported):
        before = snapshot()
        assert len(plan_import(exported).changes) == 2
        assert snapshot() == before
