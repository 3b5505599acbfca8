"""Review before publishing, driven through the admin as Author, Editor and Viewer."""

from datetime import timedelta

import pytest
import reversion
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from faq.models import Question
from tests.admin_forms import form_errors, submitted_data
from tests.factories import CategoryFactory, QuestionFactory
from tests.faq.editorial.conftest import admin_url

pytestmark = pytest.mark.django_db
Status = Question.Status


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def status_choices(page):
    return [value for value, _label in page.context["adminform"].form.fields["status"].choices]


def write_a_question(author, status=Status.IN_REVIEW):
    """The Author fills the add form (the one answer it carries) and saves it."""
    category = CategoryFactory()
    url = admin_url(Question, "add")
    page = author.get(url)
    data = submitted_data(
        page,
        category=category.pk,
        title_ja="新しい決済手段はいつ使えますか?",
        slug="new-payment-method",
        status=status,
        **{"answer-0-body_ja": "審査の完了後にご利用いただけます。"},
    )
    response = author.post(url, data)
    assert response.status_code == 302, form_errors(response)
    return Question.objects.get(slug="new-payment-method")


def review(editor, question, **decision):
    """The review page as the Editor sees it, then the decision posted with what it carries."""
    url = reverse("admin:faq_question_review", args=(question.pk,))
    page = editor.get(url)
    token = page.context["form"]["edit_token"].value() if page.status_code == 200 else ""
    return editor.post(url, {"edit_token": token, **decision})


class TestTheReviewFlow:
    def test_an_author_writes_an_editor_sends_back_then_approves(self, aaron, erin):
        author, editor = browser(aaron), browser(erin)
        assert Status.PUBLISHED not in status_choices(author.get(admin_url(Question, "add")))
        question = write_a_question(author)
        assert question.status == Status.IN_REVIEW
        assert not Question.objects.published().exists()

        index = editor.get(reverse("admin:index")).content.decode()
        assert "新しい決済手段はいつ使えますか?" in index
        assert "review-new" in index  # never published: all of it is new

        response = review(editor, question, decision="send_back", comment="英語も書いてください。")
        assert response.status_code == 302
        question.refresh_from_db()
        assert (question.status, question.review_comment) == (
            Status.DRAFT,
            "英語も書いてください。",
        )
        page = author.get(admin_url(Question, "change", question.pk))
        assert "英語も書いてください。" in page.content.decode()
        assert "英語も書いてください。" in author.get(reverse("admin:index")).content.decode()

        data = submitted_data(page, title_en="When can I use the new method?", status="review")
        response = author.post(admin_url(Question, "change", question.pk), data)
        assert response.status_code == 302, form_errors(response)
        response = review(editor, question, decision="approve", publish_at="")
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.status == Status.PUBLISHED
        assert question.review_comment == ""
        assert question.review_by is not None
        assert Question.objects.published().get() == question
        comments = [v.revision.get_comment() for v in Version.objects.get_for_object(question)]
        assert any("Sent back" in c or "差し戻" in c for c in comments)

    def test_a_question_published_again_gets_a_review_date_from_now(self, erin):
        long_ago = timezone.now() - timedelta(days=800)
        question = QuestionFactory(
            status=Status.IN_REVIEW, publish_at=long_ago, review_by=long_ago.date()
        )
        review(browser(erin), question, decision="approve", publish_at="")
        question.refresh_from_db()
        assert question.review_by > timezone.localdate()
        assert not Question.objects.needs_review().filter(pk=question.pk).exists()

    def test_an_approval_with_a_later_time_schedules_the_question(self, aaron, erin):
        question = write_a_question(browser(aaron))
        later = timezone.localtime() + timedelta(days=2)
        response = review(
            browser(erin), question, decision="approve", publish_at=later.strftime("%Y-%m-%dT%H:%M")
        )
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.is_scheduled
        assert not Question.objects.published().exists()

    def test_a_send_back_needs_a_comment(self, aaron, erin):
        question = write_a_question(browser(aaron))
        response = review(browser(erin), question, decision="send_back", comment=" ")
        assert response.status_code == 200
        question.refresh_from_db()
        assert question.status == Status.IN_REVIEW

    def test_the_queue_shows_the_diff_against_the_published_version(self, client, erin, aaron):
        editor = browser(erin)
        question = write_a_question(browser(aaron))
        review(editor, question, decision="approve", publish_at="")
        editor.post(
            admin_url(Question, "changelist"),
            {"action": "unpublish", "_selected_action": [question.pk]},
        )
        author = browser(aaron)
        page = author.get(admin_url(Question, "change", question.pk))
        data = submitted_data(page, title_ja="新しい決済手段はいつから使えますか?", status="review")
        assert author.post(admin_url(Question, "change", question.pk), data).status_code == 302

        index = editor.get(reverse("admin:index")).content.decode()
        assert "<ins>から</ins>" in index
        assert "review-new" not in index

    def test_an_approval_of_a_text_changed_since_the_review_page_opened_is_refused(
        self, aaron, erin
    ):
        author, editor = browser(aaron), browser(erin)
        question = write_a_question(author)
        url = reverse("admin:faq_question_review", args=(question.pk,))
        token = editor.get(url).context["form"]["edit_token"].value()
        change = admin_url(Question, "change", question.pk)
        data = submitted_data(author.get(change), title_ja="審査中に書き換えた題")
        assert author.post(change, data).status_code == 302

        response = editor.post(url, {"edit_token": token, "decision": "approve"})

        assert response.status_code == 200
        assert "aaron" in response.content.decode()
        question.refresh_from_db()
        assert question.status == Status.IN_REVIEW


def saved_with_a_revision(question):
    """Save ``question`` as the admin does (a revision); its Version."""
    with reversion.create_revision():
        question.save()
    return Version.objects.get_for_object(question).first()


class TestWhoMayPublish:
    def test_an_authors_direct_post_to_publish_is_refused(self, aaron):
        author = browser(aaron)
        question = write_a_question(author, status=Status.DRAFT)
        url = admin_url(Question, "change", question.pk)
        response = author.post(url, submitted_data(author.get(url), status=Status.PUBLISHED))
        assert response.status_code == 200
        assert "status" in form_errors(response)
        question.refresh_from_db()
        assert question.status == Status.DRAFT

    def test_an_authors_new_question_cannot_be_published_either(self, aaron):
        author = browser(aaron)
        url = admin_url(Question, "add")
        data = submitted_data(
            author.get(url),
            category=CategoryFactory().pk,
            title_ja="題",
            slug="direct",
            status=Status.PUBLISHED,
            **{"answer-0-body_ja": "答え"},
        )
        assert "status" in form_errors(author.post(url, data))
        assert not Question.objects.exists()

    def test_an_author_cannot_publish_from_the_list(self, aaron):
        draft = QuestionFactory(status=Status.DRAFT)
        browser(aaron).post(
            admin_url(Question, "changelist"), {"action": "publish", "_selected_action": [draft.pk]}
        )
        draft.refresh_from_db()
        assert draft.status == Status.DRAFT

    def test_an_author_cannot_approve(self, aaron):
        question = write_a_question(browser(aaron))
        response = review(browser(aaron), question, decision="approve", publish_at="")
        assert response.status_code == 403
        question.refresh_from_db()
        assert question.status == Status.IN_REVIEW

    def test_an_author_reads_but_cannot_change_a_published_question(self, aaron, question):
        author = browser(aaron)
        url = admin_url(Question, "change", question.pk)
        page = author.get(url)
        assert page.status_code == 200
        assert 'name="title_ja"' not in page.content.decode()
        response = author.post(url, {"title_ja": "書き換え"})
        assert response.status_code == 403
        question.refresh_from_db()
        assert question.title_ja != "書き換え"

    def test_an_author_cannot_restore_over_a_live_question(self, aaron, question):
        version = saved_with_a_revision(question)
        url = admin_url(Question, "revision", question.pk, version.pk)
        assert browser(aaron).get(url).status_code == 403

    def test_an_author_cannot_bring_back_a_version_that_was_live(self, aaron, question):
        live = saved_with_a_revision(question)
        question.status = Status.DRAFT
        saved_with_a_revision(question)
        url = admin_url(Question, "revision", question.pk, live.pk)

        assert browser(aaron).get(url).status_code == 403
        question.refresh_from_db()
        assert question.status == Status.DRAFT

    def test_an_author_restores_an_earlier_draft(self, aaron):
        draft = QuestionFactory(status=Status.DRAFT, title_ja="前の題")
        earlier = saved_with_a_revision(draft)
        draft.title_ja = "後の題"
        saved_with_a_revision(draft)
        url = admin_url(Question, "revision", draft.pk, earlier.pk)

        response = browser(aaron).get(url)
        assert response.status_code == 200
        assert "前の題" in response.content.decode()

    def test_an_author_cannot_reorder_live_questions_from_the_list(self, aaron):
        live = QuestionFactory(position=1)
        response = browser(aaron).post(
            admin_url(Question, "changelist"),
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": live.pk,
                "form-0-position": "9",
                "_save": "Save",
            },
        )
        assert response.status_code in (200, 302)
        live.refresh_from_db()
        assert live.position == 1

    def test_the_viewer_cannot_review_or_submit(self, victor, aaron):
        question = write_a_question(browser(aaron))
        viewer = browser(victor)
        assert review(viewer, question, decision="approve", publish_at="").status_code == 403
        draft = QuestionFactory(status=Status.DRAFT)
        viewer.post(
            admin_url(Question, "changelist"),
            {"action": "submit_for_review", "_selected_action": [draft.pk]},
        )
        draft.refresh_from_db()
        assert draft.status == Status.DRAFT
        assert "review-queue" not in viewer.get(reverse("admin:index")).content.decode()
