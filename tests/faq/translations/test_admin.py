"""The admin's translation workflow, as Editor (erin) and as Viewer (victor)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import dateformat
from django.utils.timezone import localtime
from lxml import etree
from reversion.models import Version

from contacts.models import ContactChannel
from faq.models import Answer, Category, Question
from faq.translations.state import State, field_state
from faq.translations.xliff import XLIFF_NAMESPACE, export_xliff
from tests.admin_forms import submitted_data
from tests.factories import AnsweredQuestionFactory, CategoryFactory, ContactChannelFactory

pytestmark = pytest.mark.django_db
NS = {"x": XLIFF_NAMESPACE}
OVERVIEW = "admin:faq_translation_changelist"


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def mark_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_mark_english_current", args=[obj.pk])


@pytest.fixture
def outdated():
    """A question whose answer's Japanese changed after its English was written."""
    question = AnsweredQuestionFactory(slug="fees")
    answer = question.answer
    answer.body_ja = "手数料は3.5%です。"
    answer.save()
    return Question.objects.get(pk=question.pk)


@pytest.fixture
def missing():
    return AnsweredQuestionFactory(slug="untranslated", title_en="")


class TestTranslationsPage:
    @pytest.mark.parametrize("persona", ["erin", "victor"])
    def test_it_counts_each_state_and_lists_the_work_with_links(
        self, client, request, persona, outdated, missing
    ):
        client.force_login(request.getfixturevalue(persona))
        response = client.get(reverse(OVERVIEW))
        assert response.status_code == 200
        counts = {state: count for state, _label, count in response.context["counts"]}
        # Current: the two titles... less the missing one, the missing question's answer,
        # and the names of their two categories and two groups.
        assert counts == {State.OUTDATED: 1, State.MISSING: 1, State.CURRENT: 6}
        items = {
            (w.obj._meta.model_name, w.item.field, w.item.state, w.edit_url)
            for w in response.context["page"]
        }
        assert items == {
            ("answer", "body", State.OUTDATED, change_url(outdated)),
            ("question", "title", State.MISSING, change_url(missing)),
        }
        html = response.content.decode()
        assert f'href="{change_url(outdated)}"' in html
        assert 'data-state="outdated"' in html

    def test_outdated_items_show_when_the_japanese_changed(self, client, erin, outdated):
        client.force_login(erin)
        [work] = client.get(reverse(OVERVIEW), {"state": "outdated"}).context["page"]
        assert work.item.changed_at == field_state(outdated.answer, "body").changed_at
        shown = dateformat.format(localtime(work.item.changed_at), "c")
        assert f'datetime="{shown}"' in client.get(reverse(OVERVIEW)).content.decode()

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"state": "missing"}, {("question", State.MISSING)}),
            ({"state": "outdated"}, {("answer", State.OUTDATED)}),
            ({"model": "faq.answer"}, {("answer", State.OUTDATED)}),
            ({"model": "contacts.contactchannel"}, set()),
            ({"state": "nonsense"}, {("answer", State.OUTDATED), ("question", State.MISSING)}),
        ],
    )
    def test_it_filters_by_state_and_model(self, client, erin, outdated, missing, query, expected):
        client.force_login(erin)
        page = client.get(reverse(OVERVIEW), query).context["page"]
        assert {(w.obj._meta.model_name, w.item.state) for w in page} == expected

    def test_editors_get_the_export_and_import_links_and_viewers_do_not(self, client, erin, victor):
        client.force_login(erin)
        html = client.get(reverse(OVERVIEW)).content.decode()
        assert reverse("admin:faq_translation_export") in html
        assert reverse("admin:faq_translation_import") in html
        client.force_login(victor)
        html = client.get(reverse(OVERVIEW)).content.decode()
        assert reverse("admin:faq_translation_export") not in html
        assert reverse("admin:faq_translation_import") not in html

    def test_anonymous_visitors_are_sent_to_the_login(self, client):
        response = client.get(reverse(OVERVIEW))
        assert response.status_code == 302 and "login" in response["Location"]


class TestExportAndImportInTheAdmin:
    def test_an_editor_downloads_the_filtered_xliff(self, client, erin, outdated, missing):
        client.force_login(erin)
        response = client.get(reverse("admin:faq_translation_export"), {"state": "missing"})
        assert response["Content-Type"] == "application/x-xliff+xml"
        assert "attachment" in response["Content-Disposition"]
        ids = {
            u.get("id") for u in etree.fromstring(response.content).iterfind(".//x:trans-unit", NS)
        }
        assert ids == {"faq.question/untranslated/title"}

    @pytest.mark.parametrize("view", ["export", "import"])
    def test_a_viewer_can_neither_export_nor_import(self, client, victor, outdated, view):
        client.force_login(victor)
        url = reverse(f"admin:faq_translation_{view}")
        assert client.get(url).status_code == 403
        assert client.post(url, {"confirm": "1"}).status_code == 403

    @pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16"])
    def test_upload_shows_the_changes_and_only_confirm_applies_them(
        self, client, erin, outdated, encoding
    ):
        client.force_login(erin)
        content = filled(export_xliff(), "faq.answer/fees/body", "The fee is 3.5%.", encoding)
        url = reverse("admin:faq_translation_import")
        preview = client.post(url, {"file": upload(content)})
        [change] = preview.context["plan"].changes
        assert (change.unit, change.target) == ("faq.answer/fees/body", "The fee is 3.5%.")
        assert Answer.objects.get().translation_status == State.OUTDATED  # not yet

        done = client.post(url, {"confirm": "1", "digest": preview.context["digest"]})

        assert done.status_code == 302
        answer = Answer.objects.get()
        assert (answer.body_en, answer.translation_status) == ("The fee is 3.5%.", State.CURRENT)
        revision = Version.objects.get_for_object(answer).latest("pk").revision
        assert revision.user == erin and "fees.xlf" in revision.comment

    def test_a_bad_upload_lists_its_problems_and_changes_nothing(self, client, erin, outdated):
        client.force_login(erin)
        content = filled(export_xliff(), "faq.answer/fees/body", "<b>bold</b>")
        response = client.post(reverse("admin:faq_translation_import"), {"file": upload(content)})
        [problem] = response.context["problems"]
        assert problem.unit == "faq.answer/fees/body"
        html = response.content.decode()
        assert "faq.answer/fees/body" in html
        assert "HTML のマークアップ" in html  # the admin speaks the editor's language
        assert "plan" not in response.context
        assert Answer.objects.get().body_en == "This is the answer."

    def test_an_english_edited_between_preview_and_confirm_is_not_overwritten(
        self, client, erin, alice, outdated
    ):
        client.force_login(erin)
        content = filled(export_xliff(), "faq.answer/fees/body", "The fee is 3.5%.")
        url = reverse("admin:faq_translation_import")
        preview = client.post(url, {"file": upload(content)})
        editor = Client()
        editor.force_login(alice)
        page = editor.get(change_url(outdated))
        changed = submitted_data(page, **{"answer-0-body_en": "Fees: 3.5 percent."})
        assert editor.post(change_url(outdated), changed).status_code == 302

        response = client.post(url, {"confirm": "1", "digest": preview.context["digest"]})

        assert response.status_code == 200
        [problem] = response.context["problems"]
        assert problem.unit == "faq.answer/fees/body"
        assert "alice" in problem.message
        assert Answer.objects.get().body_en == "Fees: 3.5 percent."

    def test_a_confirm_without_a_previewed_file_applies_nothing(self, client, erin, outdated):
        client.force_login(erin)
        response = client.post(
            reverse("admin:faq_translation_import"), {"confirm": "1", "digest": "x"}
        )
        assert response.status_code == 302
        assert Answer.objects.get().translation_status == State.OUTDATED


def filled(content, uid, text, encoding="UTF-8"):
    root = etree.fromstring(content)
    node = next(u for u in root.iterfind(".//x:trans-unit", NS) if u.get("id") == uid)
    node.find("x:target", NS).text = text
    return etree.tostring(root, xml_declaration=True, encoding=encoding)


def upload(content):
    """The file as a translator uploads it (in memory: no file left open after the test)."""
    return SimpleUploadedFile("fees.xlf", content)


class TestChangeForm:
    @pytest.mark.parametrize("persona", ["erin", "victor"])
    def test_an_outdated_item_shows_the_notice_with_the_japanese_diff(
        self, client, request, persona, outdated
    ):
        client.force_login(request.getfixturevalue(persona))
        response = client.get(change_url(outdated))
        [notice] = response.context["translation_notices"]
        assert notice.item.field == "body"
        assert str(notice.diff) == "<del>回答</del><ins>手数料は3.5%</ins>です。"
        html = response.content.decode()
        assert 'class="translation-notice" data-field="body"' in html
        assert "<ins>手数料は3.5%</ins>" in html

    def test_only_users_who_may_change_get_the_mark_current_button(
        self, client, erin, victor, outdated
    ):
        client.force_login(erin)
        assert 'form="mark-english-current"' in client.get(change_url(outdated)).content.decode()
        client.force_login(victor)
        assert (
            'form="mark-english-current"' not in client.get(change_url(outdated)).content.decode()
        )

    def test_a_current_item_shows_no_notice(self, client, erin):
        client.force_login(erin)
        response = client.get(change_url(AnsweredQuestionFactory()))
        assert response.context["translation_notices"] == []
        assert "translation-notice" not in response.content.decode()

    def test_saving_only_the_japanese_in_the_admin_outdates_the_english(self, client, erin):
        question = AnsweredQuestionFactory()
        client.force_login(erin)
        form = client.get(change_url(question))
        response = client.post(
            change_url(question), submitted_data(form, title_ja="新しい題ですか?")
        )
        assert response.status_code == 302
        assert Question.objects.get().translation_status == State.OUTDATED
        assert Answer.objects.get().translation_status == State.CURRENT

    def test_saving_the_english_in_the_admin_makes_it_current(self, client, erin, outdated):
        client.force_login(erin)
        form = client.get(change_url(outdated))
        data = submitted_data(form, **{"answer-0-body_en": "The fee is 3.5%."})
        assert client.post(change_url(outdated), data).status_code == 302
        assert Answer.objects.get().translation_status == State.CURRENT


class TestMarkCurrent:
    def test_an_editor_marks_the_english_current_and_the_history_records_it(
        self, client, erin, outdated
    ):
        client.force_login(erin)
        updated = Answer.objects.get().updated_at
        response = client.post(mark_url(outdated))
        assert response.status_code == 302 and response["Location"] == change_url(outdated)
        answer = Answer.objects.get()
        assert answer.translation_status == State.CURRENT
        assert answer.updated_at == updated  # the content did not change
        revision = Version.objects.get_for_object(outdated).latest("pk").revision
        assert revision.user == erin
        assert {v.content_type.model for v in revision.version_set.all()} >= {"question", "answer"}

    def test_a_viewer_cannot_mark(self, client, victor, outdated):
        client.force_login(victor)
        assert client.post(mark_url(outdated)).status_code == 403
        assert Answer.objects.get().translation_status == State.OUTDATED

    def test_a_get_marks_nothing(self, client, erin, outdated):
        client.force_login(erin)
        assert client.get(mark_url(outdated)).status_code == 403
        assert Answer.objects.get().translation_status == State.OUTDATED

    def test_the_list_action_marks_the_selected_items(self, client, erin, outdated):
        client.force_login(erin)
        data = {"action": "mark_english_current", "_selected_action": [outdated.pk]}
        assert client.post(changelist_url(Question), data).status_code == 302
        assert Answer.objects.get().translation_status == State.CURRENT
        assert Version.objects.get_for_object(outdated).exists()

    def test_viewers_are_not_offered_the_action(self, client, victor, outdated):
        client.force_login(victor)
        html = client.get(changelist_url(Question)).content.decode()
        assert "mark_english_current" not in html


class TestLists:
    @pytest.mark.parametrize("persona", ["erin", "victor"])
    def test_the_question_list_shows_and_filters_the_state_of_title_and_answer_together(
        self, client, request, persona, outdated, missing
    ):
        client.force_login(request.getfixturevalue(persona))
        current = AnsweredQuestionFactory(slug="current")
        url = changelist_url(Question)
        for state, expected in (("outdated", outdated), ("missing", missing), ("current", current)):
            listed = client.get(url, {"translation": state}).context["cl"].result_list
            assert [q.slug for q in listed] == [expected.slug], state
        html = client.get(url).content.decode()
        assert 'class="translation-state translation-outdated"' in html

    def test_the_category_list_filters_by_state(self, client, erin):
        category = CategoryFactory(description_ja="説明", description_en="")
        client.force_login(erin)
        listed = (
            client.get(changelist_url(Category), {"translation": "missing"})
            .context["cl"]
            .result_list
        )
        assert list(listed) == [category]

    def test_the_contact_channel_list_filters_by_state(self, client, erin):
        channel = ContactChannelFactory()
        channel.name_ja = "新しい窓口"
        channel.save()
        ContactChannelFactory()
        client.force_login(erin)
        url = changelist_url(ContactChannel)
        listed = client.get(url, {"translation": "outdated"}).context["cl"].result_list
        assert list(listed) == [channel]
        assert "translation-outdated" in client.get(url).content.decode()


def test_an_authors_list_action_leaves_a_live_question_alone(client, aaron, outdated):
    client.force_login(aaron)
    data = {"action": "mark_english_current", "_selected_action": [outdated.pk]}
    client.post(changelist_url(Question), data)
    assert Answer.objects.get().translation_status == State.OUTDATED
