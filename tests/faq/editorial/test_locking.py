"""No lost update, no phantom change: the admin forms driven as a browser would."""

import pytest
from django.test import Client
from reversion.models import Version

from contacts.models import ContactChannel
from faq.models import Category, Question
from tests.admin_forms import form_errors, submitted_data, text_fields
from tests.factories import CategoryFactory, ContactChannelFactory, QuestionFactory
from tests.faq.editorial.conftest import admin_url

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def as_a_browser_sends_it(data, names):
    """Textareas come back with CRLF line breaks (the HTML standard's form encoding)."""
    return {
        name: value.replace("\n", "\r\n") if name in names and isinstance(value, str) else value
        for name, value in data.items()
    }


class TestConcurrentEdits:
    def test_the_second_save_is_refused_and_the_first_edit_stays(self, erin, alice, question):
        url = admin_url(Question, "change", question.pk)
        first, second = browser(erin), browser(alice)
        first_page, second_page = first.get(url), second.get(url)

        response = first.post(url, submitted_data(first_page, title_en="Which brands, edited?"))
        assert response.status_code == 302, form_errors(response)
        changes = {"answer-0-body_en": "A new English answer."}
        response = second.post(url, submitted_data(second_page, **changes))

        assert response.status_code == 200
        question.refresh_from_db()
        assert question.title_en == "Which brands, edited?"
        assert question.answer.body_en != "A new English answer."
        # The second editor's input is still in the form, and the page says who and when.
        assert submitted_data(response)["answer-0-body_en"] == "A new English answer."
        conflict = response.context["adminform"].form.conflict
        assert conflict.user == erin
        html = response.content.decode()
        assert "erin" in html and conflict.when_text in html
        assert f'href="{url}"' in html  # the newer version, one click away

    def test_a_change_to_a_related_link_alone_also_counts(self, erin, alice, question):
        url = admin_url(Question, "change", question.pk)
        first, second = browser(erin), browser(alice)
        first_page, second_page = first.get(url), second.get(url)
        response = first.post(url, submitted_data(first_page, **{"related_links-0-position": "7"}))
        assert response.status_code == 302, form_errors(response)
        response = second.post(url, submitted_data(second_page, title_ja="別の題"))
        assert response.status_code == 200
        question.refresh_from_db()
        assert question.title_ja != "別の題"
        assert question.related_links.get().position == 7

    @pytest.mark.parametrize(
        ("model", "factory", "field"),
        [
            (Category, CategoryFactory, "name_en"),
            (ContactChannel, ContactChannelFactory, "name_en"),
        ],
    )
    def test_categories_and_contact_channels_are_guarded_too(
        self, erin, alice, model, factory, field
    ):
        obj = factory()
        url = admin_url(model, "change", obj.pk)
        first, second = browser(erin), browser(alice)
        first_page, second_page = first.get(url), second.get(url)
        assert first.post(url, submitted_data(first_page, **{field: "First"})).status_code == 302
        response = second.post(url, submitted_data(second_page, **{field: "Second"}))
        assert response.status_code == 200
        obj.refresh_from_db()
        assert getattr(obj, field) == "First"
        html = response.content.decode()
        assert 'class="edit-conflict"' in html and "erin" in html
        assert submitted_data(response)[field] == "Second"

    def test_a_post_without_the_token_is_refused(self, client, erin, question):
        client.force_login(erin)
        url = admin_url(Question, "change", question.pk)
        data = submitted_data(client.get(url), title_ja="トークンなし")
        del data["edit_token"]
        assert client.post(url, data).status_code == 200
        question.refresh_from_db()
        assert question.title_ja != "トークンなし"

    def test_saving_again_after_a_successful_save_works(self, client, erin, question):
        client.force_login(erin)
        url = admin_url(Question, "change", question.pk)
        for title in ("一回目", "二回目"):
            response = client.post(url, submitted_data(client.get(url), title_ja=title))
            assert response.status_code == 302, form_errors(response)
        question.refresh_from_db()
        assert question.title_ja == "二回目"


class TestUnchangedSave:
    def test_an_untouched_form_sent_with_crlf_changes_nothing(self, client, erin, question):
        question.answer.body_ja = "一行目\n二行目"
        question.answer.body_en = "Line one\nLine two"
        question.answer.save()
        client.force_login(erin)
        url = admin_url(Question, "change", question.pk)
        page = client.get(url)
        before = Question.objects.get(pk=question.pk)
        answer_before = before.answer
        versions = Version.objects.count()

        data = as_a_browser_sends_it(submitted_data(page), text_fields(page))
        assert "\r\n" in data["answer-0-body_ja"]
        response = client.post(url, data)

        assert response.status_code == 302, form_errors(response)
        after = Question.objects.get(pk=question.pk)
        assert after.updated_at == before.updated_at
        assert after.translation_source == before.translation_source
        assert after.answer.updated_at == answer_before.updated_at
        assert after.answer.body_ja == "一行目\n二行目"
        assert Version.objects.count() == versions

    @pytest.mark.parametrize("factory", [CategoryFactory, ContactChannelFactory])
    def test_an_untouched_category_or_contact_channel_form_changes_nothing(
        self, client, erin, factory
    ):
        obj = factory(description_ja="一行目\n二行目") if factory is CategoryFactory else factory()
        client.force_login(erin)
        url = admin_url(type(obj), "change", obj.pk)
        page = client.get(url)
        before = type(obj).objects.values().get(pk=obj.pk)
        versions = Version.objects.count()
        response = client.post(url, as_a_browser_sends_it(submitted_data(page), text_fields(page)))
        assert response.status_code == 302, form_errors(response)
        assert type(obj).objects.values().get(pk=obj.pk) == before
        assert Version.objects.count() == versions

    def test_an_answer_only_edit_is_in_the_questions_history(self, client, erin, question):
        client.force_login(erin)
        url = admin_url(Question, "change", question.pk)
        data = submitted_data(client.get(url), **{"answer-0-body_en": "Only the answer."})
        assert client.post(url, data).status_code == 302
        revision = Version.objects.get_for_object(question).get().revision
        models = {version.content_type.model for version in revision.version_set.all()}
        assert models == {"question", "answer", "relatedlink"}
        assert revision.user == erin

    def test_an_edit_typed_with_crlf_is_stored_with_lf(self, client, erin, question):
        client.force_login(erin)
        url = admin_url(Question, "change", question.pk)
        data = submitted_data(client.get(url), **{"answer-0-body_ja": "新しい\r\n回答"})
        assert client.post(url, data).status_code == 302
        question.answer.refresh_from_db()
        assert question.answer.body_ja == "新しい\n回答"


class TestStaleLists:
    """The list's editable positions, saved from two lists opened at the same time."""

    @staticmethod
    def rows(page, positions):
        """The list's POST data, as the browser sends it, with some questions' positions set."""
        prefixes = {form.instance.pk: form.prefix for form in page.context["cl"].formset.forms}
        changes = {f"{prefixes[q.pk]}-position": str(p) for q, p in positions.items()}
        return submitted_data(page, _save="Save", **changes)

    def test_an_untouched_row_of_a_stale_list_keeps_the_newer_position(self, erin, alice):
        moved, other = QuestionFactory(position=1), QuestionFactory(position=2)
        url = admin_url(Question, "changelist")
        first, second = browser(erin), browser(alice)
        first_page, second_page = first.get(url), second.get(url)

        assert first.post(url, self.rows(first_page, {moved: 7})).status_code == 302
        assert second.post(url, self.rows(second_page, {other: 5})).status_code == 302

        moved.refresh_from_db()
        other.refresh_from_db()
        assert (moved.position, other.position) == (7, 5)

    def test_a_row_both_changed_is_refused_for_the_second(self, erin, alice):
        moved = QuestionFactory(position=1)
        url = admin_url(Question, "changelist")
        first, second = browser(erin), browser(alice)
        first_page, second_page = first.get(url), second.get(url)

        assert first.post(url, self.rows(first_page, {moved: 7})).status_code == 302
        response = second.post(url, self.rows(second_page, {moved: 3}))

        assert response.status_code == 200
        (refused,) = [form for form in response.context["cl"].formset if form.errors]
        assert refused.instance == moved
        moved.refresh_from_db()
        assert moved.position == 7
