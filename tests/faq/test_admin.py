import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from faq.admin import QuestionAdmin
from faq.models import Answer, Category, Question, RelatedLink, Vote
from tests.admin_forms import form_errors, submitted_data
from tests.factories import (
    AnsweredQuestionFactory,
    CategoryFactory,
    QuestionFactory,
    RelatedLinkFactory,
)

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:faq_{model._meta.model_name}_{view}", args=args)


def new_question_data(category, **changes):
    """A complete add form for a question: main form, one answer, no links."""
    data = {
        "category": category.pk,
        "title_ja": "新しい質問ですか?",
        "title_en": "Is this a new question?",
        "slug": "new-question",
        "position": "0",
        "status": Question.Status.DRAFT,
        "publish_at_0": "2026-01-05",
        "publish_at_1": "09:00:00",
        "answer-TOTAL_FORMS": "1",
        "answer-INITIAL_FORMS": "0",
        "answer-MIN_NUM_FORMS": "1",
        "answer-MAX_NUM_FORMS": "1",
        "answer-0-body_ja": "はい、新しい質問です。",
        "answer-0-body_en": "Yes, it is new.",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def one_link(**fields):
    data = {"related_links-TOTAL_FORMS": "1", "related_links-0-position": "1"}
    data.update({f"related_links-0-{name}": value for name, value in fields.items()})
    return data


@pytest.fixture
def question():
    question = AnsweredQuestionFactory()
    RelatedLinkFactory(question=question)
    return question


class TestPages:
    @pytest.mark.parametrize("persona", ["alice", "erin"])
    @pytest.mark.parametrize("model", [Category, Question])
    def test_changelist_add_and_change_pages_render_for_administrator_and_editor(
        self, client, request, persona, model, question
    ):
        client.force_login(request.getfixturevalue(persona))
        obj = question if model is Question else question.category
        for url in (
            admin_url(model, "changelist"),
            admin_url(model, "add"),
            admin_url(model, "change", obj.pk),
            admin_url(model, "history", obj.pk),
        ):
            assert client.get(url).status_code == 200, url

    def test_the_question_form_has_translation_tabs_and_their_scripts(self, client, erin):
        client.force_login(erin)
        response = client.get(admin_url(Question, "add"))
        html = response.content.decode()
        assert 'name="title_ja"' in html
        assert 'name="title_en"' in html
        assert 'name="answer-0-body_en"' in html
        for script in (
            "modeltranslation/js/force_jquery.js",
            "vendor/jquery-ui/jquery-ui.min.js",
            "modeltranslation/js/tabbed_translation_fields.js",
        ):
            assert script in html
            assert finders.find(script), f"{script} is not a static file"
        # jQuery UI attaches to the global jQuery that force_jquery.js restores.
        assert html.index("force_jquery.js") < html.index("jquery-ui.min.js")

    def test_the_slug_is_required_and_explained(self, client, erin):
        client.force_login(erin)
        form = client.get(admin_url(Question, "add")).context["adminform"].form
        assert form.fields["slug"].required
        # The admin is in Japanese here (conftest): the help text comes from the ja catalogue.
        assert "日本語のタイトル" in str(form.fields["slug"].help_text)

    def test_the_change_page_links_to_the_question_on_the_site(self, client, erin, question):
        client.force_login(erin)
        response = client.get(admin_url(Question, "change", question.pk))
        content_type = ContentType.objects.get_for_model(Question)
        shortcut = reverse("admin:view_on_site", args=(content_type.pk, question.pk))
        assert shortcut in response.content.decode()
        assert client.get(shortcut)["Location"].endswith(question.get_absolute_url())


class TestQuestionForm:
    def test_an_editor_adds_a_question_with_its_answer_and_a_link(self, client, erin):
        target = QuestionFactory()
        client.force_login(erin)
        data = new_question_data(target.category, **one_link(target=target.pk))
        response = client.post(admin_url(Question, "add"), data)
        assert response.status_code == 302, form_errors(response)
        question = Question.objects.get(slug="new-question")
        assert question.title_en == "Is this a new question?"
        assert question.answer.body_ja == "はい、新しい質問です。"
        assert question.related_links.get().target == target

    def test_it_rejects_a_non_ascii_slug(self, client, erin):
        client.force_login(erin)
        response = client.post(
            admin_url(Question, "add"), new_question_data(CategoryFactory(), slug="決済")
        )
        assert response.status_code == 200
        assert "slug" in form_errors(response)
        assert not Question.objects.exists()

    def test_it_rejects_a_missing_japanese_title(self, client, erin):
        client.force_login(erin)
        response = client.post(
            admin_url(Question, "add"), new_question_data(CategoryFactory(), title_ja="")
        )
        assert "title_ja" in form_errors(response)
        assert not Question.objects.exists()

    def test_it_rejects_a_question_without_an_answer(self, client, erin):
        client.force_login(erin)
        response = client.post(
            admin_url(Question, "add"),
            new_question_data(CategoryFactory(), **{"answer-0-body_ja": ""}),
        )
        assert "answer-0-body_ja" in form_errors(response)
        assert not Question.objects.exists()

    def test_it_rejects_a_link_with_both_url_and_target(self, client, erin):
        target = QuestionFactory()
        client.force_login(erin)
        link = one_link(target=target.pk, url="https://example.com/page", label_ja="外部")
        response = client.post(
            admin_url(Question, "add"), new_question_data(target.category, **link)
        )
        assert response.status_code == 200
        assert "related_links-0-url" in form_errors(response)
        assert not RelatedLink.objects.exists()
        assert not Question.objects.filter(slug="new-question").exists()

    def test_a_link_address_without_a_scheme_becomes_https(self, client, erin):
        client.force_login(erin)
        link = one_link(url="example.com/guide", label_ja="案内")
        response = client.post(
            admin_url(Question, "add"), new_question_data(CategoryFactory(), **link)
        )
        assert response.status_code == 302, form_errors(response)
        assert RelatedLink.objects.get().url == "https://example.com/guide"

    def test_it_rejects_a_link_with_neither_url_nor_target(self, client, erin, question):
        client.force_login(erin)
        page = client.get(admin_url(Question, "change", question.pk))
        data = submitted_data(page, **{"related_links-0-target": ""})
        response = client.post(admin_url(Question, "change", question.pk), data)
        assert "related_links-0-target" in form_errors(response)
        assert question.related_links.get().target_id is not None

    def test_an_unchanged_change_form_saves(self, client, erin, question):
        client.force_login(erin)
        page = client.get(admin_url(Question, "change", question.pk))
        response = client.post(admin_url(Question, "change", question.pk), submitted_data(page))
        assert response.status_code == 302, form_errors(response)


class TestQuestionList:
    def test_admin_search_finds_a_question_by_its_english_title(self, client, erin):
        wanted = QuestionFactory(title_en="Which card brands are accepted?")
        QuestionFactory(title_en="How long does screening take?")
        client.force_login(erin)
        response = client.get(admin_url(Question, "changelist"), {"q": "card brands"})
        assert list(response.context["cl"].result_list) == [wanted]

    def test_admin_search_finds_a_question_by_its_answer(self, client, erin):
        wanted = AnsweredQuestionFactory(answer__body_en="Visa and Mastercard.")
        AnsweredQuestionFactory()
        client.force_login(erin)
        response = client.get(admin_url(Question, "changelist"), {"q": "mastercard"})
        assert list(response.context["cl"].result_list) == [wanted]

    def test_the_list_filters_by_status(self, client, erin):
        draft = QuestionFactory(status=Question.Status.DRAFT)
        QuestionFactory(status=Question.Status.PUBLISHED)
        client.force_login(erin)
        response = client.get(admin_url(Question, "changelist"), {"status__exact": "draft"})
        assert list(response.context["cl"].result_list) == [draft]

    def test_the_list_shows_helpfulness_sorted_by_share_of_yes(self, client, erin):
        liked, disliked = QuestionFactory.create_batch(2)
        for voter, is_helpful in (("a", True), ("b", True), ("c", False)):
            Vote.objects.create(question=liked, voter=voter, is_helpful=is_helpful)
        Vote.objects.create(question=disliked, voter="a", is_helpful=False)
        client.force_login(erin)
        share_column = str(QuestionAdmin.list_display.index("helpful_share") + 1)
        response = client.get(admin_url(Question, "changelist"), {"o": share_column})
        rows = list(response.context["cl"].result_list)
        assert rows == [disliked, liked]  # ascending share: 0% before 67%
        assert (rows[1].helpful_yes, rows[1].helpful_no) == (2, 1)
        assert "67%" in response.content.decode()

    def test_the_category_filter_offers_the_categories_that_hold_questions(self, client, erin):
        questions = QuestionFactory.create_batch(2)
        CategoryFactory()
        client.force_login(erin)
        response = client.get(admin_url(Question, "changelist"))
        category_filter = next(
            f for f in response.context["cl"].filter_specs if f.field_path == "category"
        )
        offered = {pk for pk, _label in category_filter.lookup_choices}
        assert offered == {question.category.pk for question in questions}

    def test_an_editor_publishes_the_selected_questions(self, client, erin):
        drafts = QuestionFactory.create_batch(2, status=Question.Status.DRAFT)
        untouched = QuestionFactory(status=Question.Status.DRAFT)
        client.force_login(erin)
        response = client.post(
            admin_url(Question, "changelist"),
            {"action": "publish", "_selected_action": [q.pk for q in drafts]},
        )
        assert response.status_code == 302
        for question in drafts:
            question.refresh_from_db()
            assert question.status == Question.Status.PUBLISHED
        untouched.refresh_from_db()
        assert untouched.status == Question.Status.DRAFT

    def test_an_editor_unpublishes_the_selected_questions(self, client, erin):
        published = QuestionFactory(status=Question.Status.PUBLISHED)
        client.force_login(erin)
        client.post(
            admin_url(Question, "changelist"),
            {"action": "unpublish", "_selected_action": [published.pk]},
        )
        published.refresh_from_db()
        assert published.status == Question.Status.DRAFT
        assert Version.objects.get_for_object(published).get().revision.user == erin

    def test_an_editor_reorders_questions_from_the_list(self, client, erin):
        first, second = QuestionFactory(position=1), QuestionFactory(position=2)
        client.force_login(erin)
        response = client.post(
            admin_url(Question, "changelist"),
            {
                "form-TOTAL_FORMS": "2",
                "form-INITIAL_FORMS": "2",
                "form-0-id": first.pk,
                "form-0-position": "2",
                "form-1-id": second.pk,
                "form-1-position": "1",
                "_save": "Save",
            },
        )
        assert response.status_code == 302
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.position, second.position) == (2, 1)


class TestCategoryAdmin:
    def test_the_list_counts_each_categorys_questions(self, client, erin):
        busy, empty = CategoryFactory(), CategoryFactory()
        QuestionFactory.create_batch(3, category=busy)
        client.force_login(erin)
        response = client.get(admin_url(Category, "changelist"))
        counts = {c.pk: c.question_count for c in response.context["cl"].result_list}
        assert counts[busy.pk] == 3
        assert counts[empty.pk] == 0

    def test_the_question_count_costs_no_query_per_category(self, client, erin):
        client.force_login(erin)
        QuestionFactory(category=CategoryFactory())
        with CaptureQueriesContext(connection) as few:
            client.get(admin_url(Category, "changelist"))
        for _ in range(4):
            QuestionFactory.create_batch(2, category=CategoryFactory())
        with CaptureQueriesContext(connection) as many:
            client.get(admin_url(Category, "changelist"))
        assert len(many) == len(few)

    def test_the_parent_filter_offers_groups_only(self, client, erin):
        category = CategoryFactory()
        client.force_login(erin)
        response = client.get(admin_url(Category, "changelist"))
        parent_filter = next(
            f for f in response.context["cl"].filter_specs if f.field_path == "parent"
        )
        assert parent_filter.lookup_choices == [(category.parent.pk, str(category.parent))]

    def test_the_parent_filter_lists_a_groups_categories(self, client, erin):
        category, other = CategoryFactory(), CategoryFactory()
        client.force_login(erin)
        response = client.get(
            admin_url(Category, "changelist"), {"parent__id__exact": category.parent.pk}
        )
        assert list(response.context["cl"].result_list) == [category]
        assert other not in response.context["cl"].result_list

    def test_it_rejects_a_non_ascii_slug(self, client, erin):
        client.force_login(erin)
        response = client.post(
            admin_url(Category, "add"),
            {"name_ja": "決済", "slug": "決済", "position": "0", "is_published": "on"},
        )
        assert "slug" in form_errors(response)
        assert not Category.objects.exists()


class TestViewer:
    def test_the_viewer_opens_lists_and_change_pages_read_only(self, client, victor, question):
        client.force_login(victor)
        assert client.get(admin_url(Question, "changelist")).status_code == 200
        response = client.get(admin_url(Question, "change", question.pk))
        assert response.status_code == 200
        assert 'name="_save"' not in response.content.decode()
        assert 'name="title_ja"' not in response.content.decode()

    def test_the_viewer_cannot_add(self, client, victor):
        category = CategoryFactory()
        client.force_login(victor)
        assert client.get(admin_url(Question, "add")).status_code == 403
        response = client.post(admin_url(Question, "add"), new_question_data(category))
        assert response.status_code == 403
        assert not Question.objects.exists()

    def test_the_viewer_cannot_change(self, client, victor, question):
        client.force_login(victor)
        data = new_question_data(question.category, slug=question.slug, title_ja="書き換え")
        response = client.post(admin_url(Question, "change", question.pk), data)
        assert response.status_code == 403
        question.refresh_from_db()
        assert question.title_ja != "書き換え"

    def test_the_viewer_cannot_delete(self, client, victor, question):
        client.force_login(victor)
        response = client.post(admin_url(Question, "delete", question.pk), {"post": "yes"})
        assert response.status_code == 403
        assert Question.objects.filter(pk=question.pk).exists()
        assert Answer.objects.filter(question=question).exists()

    def test_the_viewer_cannot_change_a_category(self, client, victor):
        category = CategoryFactory()
        client.force_login(victor)
        data = {"name_ja": "書き換え", "slug": category.slug, "position": "0"}
        response = client.post(admin_url(Category, "change", category.pk), data)
        assert response.status_code == 403
        category.refresh_from_db()
        assert category.name_ja != "書き換え"

    def test_the_viewer_cannot_publish_or_reorder(self, client, victor):
        draft = QuestionFactory(status=Question.Status.DRAFT, position=1)
        client.force_login(victor)
        url = admin_url(Question, "changelist")
        client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
        response = client.post(
            url,
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": draft.pk,
                "form-0-position": "9",
                "_save": "Save",
            },
        )
        assert response.status_code == 403
        draft.refresh_from_db()
        assert (draft.status, draft.position) == (Question.Status.DRAFT, 1)


class TestUserAdmin:
    def test_the_editor_cannot_open_user_management(self, client, erin):
        client.force_login(erin)
        assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
        assert client.get(reverse("admin:auth_group_changelist")).status_code == 403

    def test_the_administrator_manages_users(self, client, alice):
        client.force_login(alice)
        assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
        assert client.get(reverse("admin:auth_user_change", args=(alice.pk,))).status_code == 200


class TestRevisionHistory:
    @pytest.fixture
    def edited(self, client, erin):
        """A question added, then retitled and re-answered, by erin through the admin."""
        client.force_login(erin)
        category = CategoryFactory()
        response = client.post(admin_url(Question, "add"), new_question_data(category))
        assert response.status_code == 302, form_errors(response)
        question = Question.objects.get(slug="new-question")
        page = client.get(admin_url(Question, "change", question.pk))
        changes = {"title_ja": "改題した質問", "answer-0-body_ja": "書き直した回答です。"}
        response = client.post(
            admin_url(Question, "change", question.pk), submitted_data(page, **changes)
        )
        assert response.status_code == 302, form_errors(response)
        return question

    def test_a_question_revision_holds_its_answer_and_links(self, client, erin):
        target = QuestionFactory()
        client.force_login(erin)
        data = new_question_data(target.category, **one_link(target=target.pk))
        client.post(admin_url(Question, "add"), data)
        question = Question.objects.get(slug="new-question")
        revision = Version.objects.get_for_object(question).get().revision
        models = {version.content_type.model for version in revision.version_set.all()}
        assert models == {"question", "answer", "relatedlink"}
        assert revision.user == erin

    def test_publishing_from_the_list_records_the_whole_entry(self, client, erin, question):
        client.force_login(erin)
        client.post(
            admin_url(Question, "changelist"),
            {"action": "unpublish", "_selected_action": [question.pk]},
        )
        revision = Version.objects.get_for_object(question).get().revision
        models = {version.content_type.model for version in revision.version_set.all()}
        assert models == {"question", "answer", "relatedlink"}

    def test_content_loaded_outside_the_admin_keeps_its_first_text_in_the_history(
        self, client, erin, question
    ):
        call_command("createinitialrevisions", "faq", verbosity=0)
        loaded_title = question.title_ja
        client.force_login(erin)
        url = admin_url(Question, "change", question.pk)
        client.post(url, submitted_data(client.get(url), title_ja="編集後の題"))
        first = Version.objects.get_for_object(question).last()
        page = client.get(admin_url(Question, "revision", question.pk, first.pk))
        assert submitted_data(page)["title_ja"] == loaded_title
        assert submitted_data(page)["answer-0-body_ja"] == question.answer.body_ja

    def test_the_history_page_shows_who_changed_the_question(self, client, edited, erin):
        response = client.get(admin_url(Question, "history", edited.pk))
        assert response.status_code == 200
        revisions = [action["revision"] for action in response.context["action_list"]]
        assert len(revisions) == 2
        assert {revision.user for revision in revisions} == {erin}

    def test_the_revision_page_shows_what_the_question_said(self, client, edited):
        first = Version.objects.get_for_object(edited).last()
        response = client.get(admin_url(Question, "revision", edited.pk, first.pk))
        assert response.status_code == 200
        data = submitted_data(response)
        assert data["title_ja"] == "新しい質問ですか?"
        assert data["answer-0-body_ja"] == "はい、新しい質問です。"
        edited.refresh_from_db()
        assert edited.title_ja == "改題した質問", "viewing a revision must not restore it"

    def test_restoring_an_older_version_brings_back_its_title_and_answer(self, client, edited):
        first = Version.objects.get_for_object(edited).last()
        url = admin_url(Question, "revision", edited.pk, first.pk)
        response = client.post(url, submitted_data(client.get(url)))
        assert response.status_code == 302, form_errors(response)
        edited.refresh_from_db()
        assert edited.title_ja == "新しい質問ですか?"
        assert edited.title_en == "Is this a new question?"
        assert edited.answer.body_ja == "はい、新しい質問です。"
        assert Version.objects.get_for_object(edited).count() == 3

    def test_an_editor_recovers_a_deleted_question_with_its_answer(self, client, edited):
        response = client.post(admin_url(Question, "delete", edited.pk), {"post": "yes"})
        assert response.status_code == 302
        deleted = Version.objects.get_deleted(Question).get()
        recoverable = client.get(admin_url(Question, "recoverlist"))
        assert list(recoverable.context["deleted"]) == [deleted]
        url = admin_url(Question, "recover", deleted.pk)
        response = client.post(url, submitted_data(client.get(url)))
        assert response.status_code == 302, form_errors(response)
        recovered = Question.objects.get(slug="new-question")
        assert recovered.title_ja == "改題した質問"
        assert recovered.answer.body_ja == "書き直した回答です。"

    def test_the_viewer_cannot_restore_an_older_version(self, client, edited, victor):
        first = Version.objects.get_for_object(edited).last()
        url = admin_url(Question, "revision", edited.pk, first.pk)
        data = submitted_data(client.get(url))
        client.force_login(victor)
        assert client.post(url, data).status_code == 403
        edited.refresh_from_db()
        assert edited.title_ja == "改題した質問"
        assert edited.answer.body_ja == "書き直した回答です。"
