"""The state of each translated field follows every save: ORM, loaddata, mark current."""

import json

import pytest
from django.core.management import call_command

from contacts.models import ContactChannel
from faq.models import Answer, Category, Question
from faq.translations.state import State, field_state, mark_current, shown_state
from tests.factories import AnsweredQuestionFactory, CategoryFactory, ContactChannelFactory

pytestmark = pytest.mark.django_db


def state_of(obj, field):
    obj.refresh_from_db()
    return field_state(obj, field).state


def save_japanese(obj, field, text):
    setattr(obj, f"{field}_ja", text)
    obj.save()


class TestOrmSaves:
    def test_a_new_row_with_english_is_current(self):
        question = AnsweredQuestionFactory()
        assert state_of(question, "title") == State.CURRENT
        assert question.translation_status == State.CURRENT
        assert question.translation_source == {"title": {"source": question.title_ja}}

    def test_a_new_row_without_english_is_missing(self):
        question = AnsweredQuestionFactory(title_en="")
        assert state_of(question, "title") == State.MISSING
        assert question.translation_status == State.MISSING

    def test_saving_only_the_japanese_makes_the_english_outdated_since_that_save(self):
        question = AnsweredQuestionFactory(title_ja="手数料は?")
        save_japanese(question, "title", "手数料はいくらですか?")
        item = field_state(Question.objects.get(pk=question.pk), "title")
        assert item.state == State.OUTDATED
        assert item.source == "手数料は?"
        assert item.changed_at is not None
        assert Question.objects.get(pk=question.pk).translation_status == State.OUTDATED

    def test_a_second_japanese_change_keeps_the_first_date_and_the_first_source(self):
        question = AnsweredQuestionFactory(title_ja="手数料は?")
        save_japanese(question, "title", "手数料はいくら?")
        first = field_state(Question.objects.get(pk=question.pk), "title")
        save_japanese(question, "title", "手数料はいくらですか?")
        second = field_state(Question.objects.get(pk=question.pk), "title")
        assert (second.source, second.changed_at) == ("手数料は?", first.changed_at)

    def test_saving_only_the_english_marks_it_current(self):
        question = AnsweredQuestionFactory(title_ja="手数料は?")
        save_japanese(question, "title", "手数料はいくらですか?")
        question.title_en = "How much are the fees?"
        question.save()
        assert state_of(question, "title") == State.CURRENT
        assert question.translation_source["title"] == {"source": "手数料はいくらですか?"}

    def test_a_save_that_changes_neither_changes_no_state(self):
        question = AnsweredQuestionFactory(title_ja="手数料は?")
        save_japanese(question, "title", "手数料はいくらですか?")
        before = Question.objects.get(pk=question.pk).translation_source
        Question.objects.get(pk=question.pk).save()
        assert Question.objects.get(pk=question.pk).translation_source == before

    @pytest.mark.parametrize(
        "edited",
        ["手数料は?\n", " 手数料は?", "手数料\u3000は?", "手数料は?\r\n"],
        ids=["trailing newline", "leading space", "ideographic space", "crlf"],
    )
    def test_whitespace_only_changes_do_not_outdate(self, edited):
        question = AnsweredQuestionFactory(title_ja="手数料は?")
        save_japanese(question, "title", edited)
        assert state_of(question, "title") == State.CURRENT

    def test_line_ending_changes_in_a_markdown_answer_do_not_outdate(self):
        answer = AnsweredQuestionFactory().answer
        save_japanese(answer, "body", "一行目。\n\n- 項目\n- 項目")
        answer.body_en = "Line one.\n\n- item\n- item"
        answer.save()
        save_japanese(answer, "body", "一行目。\r\n\r\n- 項目\r\n- 項目\r\n")
        assert state_of(answer, "body") == State.CURRENT

    def test_japanese_changed_back_is_current_again(self):
        question = AnsweredQuestionFactory(title_ja="手数料は?")
        save_japanese(question, "title", "手数料はいくら?")
        save_japanese(question, "title", "手数料は?")
        assert state_of(question, "title") == State.CURRENT
        assert "changed_at" not in question.translation_source["title"]

    def test_clearing_the_english_makes_it_missing(self):
        question = AnsweredQuestionFactory()
        question.title_en = ""
        question.save()
        assert state_of(question, "title") == State.MISSING

    def test_a_field_without_japanese_has_nothing_to_translate(self):
        category = CategoryFactory(description_ja="", description_en="")
        assert state_of(category, "description") == State.CURRENT

    def test_english_written_before_any_japanese_is_outdated_once_japanese_comes(self):
        category = CategoryFactory(description_ja="", description_en="About this.")
        save_japanese(category, "description", "このカテゴリについて。")
        assert state_of(category, "description") == State.OUTDATED

    def test_the_row_takes_the_worst_state_of_its_fields(self):
        channel = ContactChannelFactory(note_ja="注意", note_en="")
        assert ContactChannel.objects.get(pk=channel.pk).translation_status == State.MISSING
        save_japanese(channel, "name", channel.name_ja + "(新)")
        assert ContactChannel.objects.get(pk=channel.pk).translation_status == State.OUTDATED


class TestMarkCurrent:
    def test_it_records_todays_japanese_as_the_source(self):
        question = AnsweredQuestionFactory(title_ja="手数料は?")
        save_japanese(question, "title", "手数料は?。")
        mark_current(question)
        question.save()
        assert state_of(question, "title") == State.CURRENT

    def test_it_leaves_missing_english_missing(self):
        question = AnsweredQuestionFactory(title_en="")
        mark_current(question)
        question.save()
        assert state_of(question, "title") == State.MISSING


class TestLoaddata:
    def dump(self, tmp_path, *labels):
        path = tmp_path / "dump.json"
        call_command(
            "dumpdata",
            *labels,
            natural_foreign=True,
            natural_primary=True,
            exclude=["faq.SearchDocument"],
            output=str(path),
        )
        return path

    def test_a_fixture_without_sources_loads_its_english_as_current(self, tmp_path):
        category = CategoryFactory()
        path = self.dump(tmp_path, "faq.category")
        records = json.loads(path.read_text())
        for item in records:
            del item["fields"]["translation_source"], item["fields"]["translation_status"]
        Category.objects.filter(parent__isnull=False).delete()
        Category.objects.all().delete()
        path.write_text(json.dumps(records))
        call_command("loaddata", str(path), verbosity=0)
        assert state_of(Category.objects.get(slug=category.slug), "name") == State.CURRENT

    def test_a_fixture_whose_japanese_changed_but_not_its_source_loads_outdated(self, tmp_path):
        question = AnsweredQuestionFactory(title_ja="手数料は?")
        path = self.dump(tmp_path, "faq.answer")
        records = json.loads(path.read_text())
        records[0]["fields"]["body_ja"] = "新しい回答です。"
        path.write_text(json.dumps(records, ensure_ascii=False))
        call_command("loaddata", str(path), verbosity=0)
        item = field_state(Answer.objects.get(question=question), "body")
        assert item.state == State.OUTDATED
        assert item.source == "回答です。"
        assert item.changed_at is not None

    def test_a_dump_loads_back_with_the_same_states(self, tmp_path):
        question = AnsweredQuestionFactory(title_ja="手数料は?")
        save_japanese(question, "title", "手数料はいくら?")
        before = Question.objects.values("translation_source", "translation_status").get()
        path = self.dump(tmp_path, "contacts", "faq")
        Question.objects.all().delete()
        call_command("loaddata", str(path), verbosity=0)
        after = Question.objects.values("translation_source", "translation_status").get()
        assert after == before


class TestShownState:
    def test_japanese_pages_are_always_current(self):
        question = AnsweredQuestionFactory(title_en="")
        assert shown_state("ja", (question, "title")).state == State.CURRENT

    def test_english_takes_the_worst_of_title_and_answer_with_the_latest_change(self):
        question = AnsweredQuestionFactory()
        save_japanese(question.answer, "body", "新しい回答です。")
        answer = Answer.objects.get(pk=question.answer.pk)
        shown = shown_state("en", (question, "title"), (answer, "body"))
        assert shown.state == State.OUTDATED
        assert shown.japanese_changed_at == field_state(answer, "body").changed_at
        assert shown_state("en", (question, "title"), (None, "body")).state == State.CURRENT
