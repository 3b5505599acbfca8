"""The editorial parts of the question admin: review-by dates, Scheduled, the category menu,
comparing versions, the Markdown preview."""

from datetime import date, datetime, time, timedelta

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from faq.editorial.locking import edit_token
from faq.models import Question, add_months
from tests.admin_forms import form_errors, submitted_data
from tests.factories import AnsweredQuestionFactory, CategoryFactory, GroupFactory, QuestionFactory
from tests.faq.editorial.conftest import admin_url

pytestmark = pytest.mark.django_db
Status = Question.Status


def noon(day):
    """Midday of ``day`` in the site's time zone (the review dates count local days)."""
    return timezone.make_aware(datetime.combine(day, time(12)))


def long_ago(months):
    return timezone.now() - timedelta(days=31 * months)


class TestReviewByDates:
    def test_an_overdue_question_is_listed_on_the_index_and_filtered(self, client, erin):
        overdue = QuestionFactory(publish_at=long_ago(13), title_ja="古い回答ですか?")
        QuestionFactory(publish_at=long_ago(2), title_ja="新しい回答ですか?")
        QuestionFactory(publish_at=long_ago(13), review_by=timezone.localdate() + timedelta(days=5))
        client.force_login(erin)
        index = client.get(reverse("admin:index")).content.decode()
        assert "古い回答ですか?" in index
        assert "新しい回答ですか?" not in index
        response = client.get(admin_url(Question, "changelist"), {"review": "due"})
        assert list(response.context["cl"].result_list) == [overdue]

    def test_confirm_still_correct_sets_the_next_date_and_is_in_the_history(
        self, client, erin, settings
    ):
        settings.FAQ_REVIEW_MONTHS = 6
        question = QuestionFactory(publish_at=long_ago(13))
        client.force_login(erin)
        page = client.get(admin_url(Question, "change", question.pk)).content.decode()
        token = edit_token(question)
        assert f'name="edit_token" value="{token}"' in page
        url = reverse("admin:faq_question_confirm_review", args=(question.pk,))
        assert url in page
        response = client.post(url, {"edit_token": token})
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.review_by == add_months(timezone.localdate(), 6)
        assert not Question.objects.needs_review().exists()
        comment = Version.objects.get_for_object(question).first().revision.get_comment()
        assert str(question.review_by) in comment

    def test_a_confirmation_from_an_out_of_date_page_is_refused(self, client, erin):
        question = QuestionFactory(publish_at=long_ago(13))
        token = edit_token(question)
        Question.objects.filter(pk=question.pk).update(title_ja="別の人が直した題")
        client.force_login(erin)
        url = reverse("admin:faq_question_confirm_review", args=(question.pk,))
        client.post(url, {"edit_token": token})
        question.refresh_from_db()
        assert question.review_by is None

    def test_an_author_cannot_confirm(self, client, aaron):
        question = QuestionFactory(publish_at=long_ago(13))
        client.force_login(aaron)
        url = reverse("admin:faq_question_confirm_review", args=(question.pk,))
        assert client.post(url).status_code == 403
        question.refresh_from_db()
        assert question.review_by is None

    def test_publishing_sets_the_review_date_from_the_publication(self, client, erin, settings):
        settings.FAQ_REVIEW_MONTHS = 12
        draft = QuestionFactory(status=Status.DRAFT)
        client.force_login(erin)
        client.post(
            admin_url(Question, "changelist"), {"action": "publish", "_selected_action": [draft.pk]}
        )
        draft.refresh_from_db()
        assert draft.review_by == add_months(timezone.localtime(draft.publish_at).date(), 12)

    def test_the_review_date_shown_and_the_needs_review_list_agree(self, settings):
        settings.FAQ_REVIEW_MONTHS = 3
        today = timezone.localdate()
        questions = [QuestionFactory(publish_at=long_ago(months)) for months in (1, 2, 3, 4, 5)] + [
            QuestionFactory(publish_at=long_ago(5), review_by=today + timedelta(days=days))
            for days in (-1, 0, 1)
        ]
        due = set(Question.objects.needs_review())
        assert due == {q for q in questions if q.review_due <= today}
        assert 0 < len(due) < len(questions)

    @pytest.mark.parametrize(
        ("today", "months"), [("2025-02-28", 12), ("2024-02-29", 1), ("2024-04-30", 2)]
    )
    def test_the_list_and_the_shown_date_agree_at_a_months_end(self, settings, today, months):
        settings.FAQ_REVIEW_MONTHS = months
        today = date.fromisoformat(today)
        start = add_months(today, -months) - timedelta(days=3)
        questions = [
            QuestionFactory(publish_at=noon(start + timedelta(days=days))) for days in range(8)
        ]
        due = set(Question.objects.needs_review(today=today))
        assert due == {q for q in questions if q.review_due <= today}

    def test_the_31st_moves_to_the_last_day_of_a_shorter_month(self):
        day = timezone.localdate().replace(year=2027, month=1, day=31)
        assert add_months(day, 1) == day.replace(month=2, day=28)
        assert add_months(day, -2) == day.replace(year=2026, month=11, day=30)


class TestStatuses:
    def test_a_scheduled_question_reads_scheduled_in_the_list_and_its_filter(self, client, erin):
        scheduled = QuestionFactory(publish_at=timezone.now() + timedelta(days=1))
        live = QuestionFactory()
        client.force_login(erin)
        response = client.get(admin_url(Question, "changelist"))
        html = response.content.decode()
        assert "予約" in html
        response = client.get(admin_url(Question, "changelist"), {"status": "scheduled"})
        assert list(response.context["cl"].result_list) == [scheduled]
        response = client.get(admin_url(Question, "changelist"), {"status": "published"})
        assert list(response.context["cl"].result_list) == [live]
        filter_labels = [
            str(label) for _v, label in response.context["cl"].filter_specs[1].lookup_choices
        ]
        assert filter_labels == ["下書き", "レビュー中", "予約", "公開"]

    def test_the_category_menu_shows_each_group_with_its_categories_under_it(self, client, erin):
        first = GroupFactory(name_ja="ご検討中の方向けFAQ", position=1)
        second = GroupFactory(name_ja="ご利用中の方向けFAQ", position=2)
        CategoryFactory(parent=second, name_ja="管理画面", position=1)
        CategoryFactory(parent=first, name_ja="システムについて", position=2)
        CategoryFactory(parent=first, name_ja="決済サービス全般について", position=1)
        client.force_login(erin)
        form = client.get(admin_url(Question, "add")).context["adminform"].form
        labels = [label for value, label in form.fields["category"].choices if value]
        assert labels == [
            "ご検討中の方向けFAQ",
            "ご検討中の方向けFAQ › 決済サービス全般について",
            "ご検討中の方向けFAQ › システムについて",
            "ご利用中の方向けFAQ",
            "ご利用中の方向けFAQ › 管理画面",
        ]


class TestCompare:
    def test_two_versions_compare_as_a_diff_and_the_older_can_be_restored(
        self, client, erin, question
    ):
        client.force_login(erin)
        url = admin_url(Question, "change", question.pk)
        for title in ("最初の題", "次の題"):
            response = client.post(url, submitted_data(client.get(url), title_ja=title))
            assert response.status_code == 302, form_errors(response)
        newer, older = Version.objects.get_for_object(question)[:2]
        history = client.get(admin_url(Question, "history", question.pk))
        assert (
            reverse("admin:faq_question_compare", args=(question.pk,)) in history.content.decode()
        )

        compare = reverse("admin:faq_question_compare", args=(question.pk,))
        response = client.get(compare, {"older": older.pk, "newer": newer.pk})
        html = response.content.decode()
        assert "<del>最初</del><ins>次</ins>" in html
        restore = admin_url(Question, "revision", question.pk, older.pk)
        assert restore in html
        response = client.post(restore, submitted_data(client.get(restore)))
        assert response.status_code == 302, form_errors(response)
        question.refresh_from_db()
        assert question.title_ja == "最初の題"

    def test_a_hostile_version_id_gives_a_404(self, client, erin, question):
        client.force_login(erin)
        compare = reverse("admin:faq_question_compare", args=(question.pk,))
        assert client.get(compare, {"older": "<script>"}).status_code == 404


class TestPreview:
    def test_the_preview_renders_and_sanitises_like_the_public_page(self, client, erin):
        client.force_login(erin)
        url = reverse("admin:faq_question_preview")
        text = "◆見出し\n\n- 一つ目\n- 二つ目\n\n<script>alert(1)</script>"
        html = client.post(url, {"text": text}).content.decode()
        assert "<li>一つ目</li>" in html
        assert "<script>" not in html

    def test_the_viewer_and_visitors_get_no_preview(self, client, victor):
        url = reverse("admin:faq_question_preview")
        assert client.post(url, {"text": "x"}).status_code == 302  # to the login page
        client.force_login(victor)
        assert client.post(url, {"text": "x"}).status_code == 403

    def test_the_form_carries_the_preview_config_and_script(self, client, erin):
        client.force_login(erin)
        html = client.get(admin_url(Question, "add")).content.decode()
        assert 'id="markdown-preview-config"' in html
        assert "faq/admin-preview.js" in html


def test_a_version_saved_with_other_questions_shows_only_its_own_answer(erin):
    from faq.editorial.entry import version_texts

    first = AnsweredQuestionFactory(answer__body_ja="一つ目の回答")
    second = AnsweredQuestionFactory(answer__body_ja="二つ目の回答")
    with reversion.create_revision():  # one revision for both, as a translations import makes
        for question in (first, second):
            question.save()
    for question, answer in ((first, "一つ目の回答"), (second, "二つ目の回答")):
        texts = version_texts(Version.objects.get_for_object(question).get())
        assert texts["回答 [JA]"] == answer
