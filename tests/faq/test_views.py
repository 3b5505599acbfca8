import json
import re
from datetime import timedelta
from ipaddress import ip_network

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.views.defaults import server_error

from contacts.models import ContactChannel
from faq.models import Question, Vote
from faq.selectors import CATEGORY_PAGE_SIZE, HOME_QUESTIONS
from faq.votes import VOTER_COOKIE, VOTER_ID
from tests.factories import (
    AnsweredQuestionFactory,
    CategoryFactory,
    ContactChannelFactory,
    QuestionFactory,
    RelatedLinkFactory,
    SiteSettingsFactory,
)

pytestmark = pytest.mark.django_db


def url(name, language="ja", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def hidden_questions():
    """One question for each reason a visitor must not see it."""
    return {
        "draft": AnsweredQuestionFactory(status=Question.Status.DRAFT),
        "future": AnsweredQuestionFactory(publish_at=timezone.now() + timedelta(days=1)),
        "hidden category": AnsweredQuestionFactory(category__is_published=False),
        "hidden group": AnsweredQuestionFactory(category__parent__is_published=False),
    }


@pytest.fixture
def staff_client(sam):
    """Sam, staff with no role: staff preview what visitors may not see yet."""
    client = Client()
    client.force_login(sam)
    return client


class TestRoot:
    def test_it_redirects_to_japanese_by_default(self, client):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == "/ja/"

    def test_it_redirects_an_english_browser_to_english(self, client):
        response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
        assert response["Location"] == "/en/"


class TestLayout:
    def test_the_header_names_the_company_and_the_footer_carries_the_copyright(self, client):
        SiteSettingsFactory(company_name_ja="テスト決済株式会社", site_name_ja="ヘルプセンター")
        html = client.get(url("faq:home")).content.decode()
        assert '<span class="brand-company">テスト決済株式会社</span>' in html
        assert (
            "<title>よくあるご質問 | ヘルプセンター</title>" in html
            or "ヘルプセンター</title>" in html
        )
        assert re.search(r"&copy; \d{4} テスト決済株式会社", html)
        assert '<link rel="icon" href="/static/faq/favicon.svg" type="image/svg+xml">' in html

    def test_without_site_settings_the_site_is_called_faq_and_lists_no_outside_link(self, client):
        html = client.get(url("faq:home", "en")).content.decode()
        assert '<span class="brand-site">FAQ</span>' in html
        assert "https://" not in html.split('<footer class="site-footer">')[1].split("&copy;")[0]

    def test_the_language_switch_of_a_search_keeps_its_query_and_category(self, client):
        html = client.get(url("faq:search"), {"q": "カード", "category": "system"}).content
        assert (
            'href="http://testserver/en/search/?q=%E3%82%AB%E3%83%BC%E3%83%89&amp;category=system"'
            in html.decode()
        )


class TestHome:
    def test_a_long_category_lists_its_first_questions_and_links_to_all(self, client, settings):
        settings.CACHE_PAGE_SECONDS = 0
        category = CategoryFactory()
        AnsweredQuestionFactory.create_batch(HOME_QUESTIONS + 1, category=category)
        html = client.get(url("faq:home")).content.decode()
        assert html.count('href="/ja/q/') == HOME_QUESTIONS
        assert f'<a href="/ja/c/{category.slug}/">「{category.name_ja}」のすべての質問</a>' in html
        english = client.get(url("faq:home", "en")).content.decode()
        link = f'<a href="/en/c/{category.slug}/">All questions in {category.name_en}</a>'
        assert link in english

    def test_a_short_category_has_no_link_to_all_its_questions(self, client):
        AnsweredQuestionFactory.create_batch(HOME_QUESTIONS)
        assert "all-questions" not in client.get(url("faq:home")).content.decode()

    def test_it_lists_each_category_with_question_links_titled_by_the_question(self, client):
        question = AnsweredQuestionFactory(title_ja="決済手段は?")
        response = client.get(url("faq:home"))
        html = response.content.decode()
        assert response.status_code == 200
        assert question.category.parent.name_ja in html
        assert f'<a href="{url("faq:category", slug=question.category.slug)}">' in html
        assert f'<a href="{url("faq:question", slug=question.slug)}">決済手段は?</a>' in html

    def test_it_keeps_the_categories_in_position_order(self, client):
        first = CategoryFactory(position=1, name_ja="一番目")
        second = CategoryFactory(parent=first.parent, position=2, name_ja="二番目")
        third = CategoryFactory(parent=first.parent, position=3, name_ja="三番目")
        for category in (third, first, second):
            AnsweredQuestionFactory(category=category)
        html = client.get(url("faq:home")).content.decode()
        assert html.index("一番目") < html.index("二番目") < html.index("三番目")

    def test_it_shows_english_titles_under_en(self, client):
        AnsweredQuestionFactory(title_en="Which cards can I take?")
        html = client.get(url("faq:home", "en")).content.decode()
        assert "Which cards can I take?" in html
        assert '<html lang="en">' in html

    def test_it_hides_questions_visitors_may_not_see(self, client):
        hidden = hidden_questions()
        html = client.get(url("faq:home")).content.decode()
        for reason, question in hidden.items():
            assert question.title_ja not in html, reason

    def test_it_lists_featured_questions_and_the_contact_channels(self, client):
        AnsweredQuestionFactory(is_featured=True, title_ja="よくある質問です")
        ContactChannelFactory(name_ja="総合受付", opening_hours_ja="平日9:00~18:00")
        html = client.get(url("faq:home")).content.decode()
        assert html.count("よくある質問です") == 2
        assert "総合受付" in html and "平日9:00~18:00" in html

    def test_it_has_a_search_box_posting_to_the_search_page(self, client):
        html = client.get(url("faq:home")).content.decode()
        assert f'action="{url("faq:search")}"' in html
        assert re.search(r'<input[^>]*id="search-q"[^>]*>\s*<ul id="search-suggestions"', html)


class TestCategory:
    def test_a_long_category_is_paged_with_links_and_a_canonical_url_per_page(
        self, client, settings
    ):
        settings.CACHE_PAGE_SECONDS = 0
        category = CategoryFactory()
        AnsweredQuestionFactory.create_batch(CATEGORY_PAGE_SIZE + 1, category=category)
        first = client.get(url("faq:category", slug=category.slug)).content.decode()
        second = client.get(url("faq:category", slug=category.slug) + "?page=2")
        assert first.count("<details") == CATEGORY_PAGE_SIZE
        assert '<a href="?page=2">次のページ</a>' in first
        assert '<link rel="canonical" href="http://testserver/ja/c/' in first
        assert f'/c/{category.slug}/">' in first
        html = second.content.decode()
        assert html.count("<details") == 1
        assert '<a href="?page=1">前のページ</a>' in html
        assert (
            f'<link rel="canonical" href="http://testserver/ja/c/{category.slug}/?page=2">' in html
        )
        assert f'hreflang="en" href="http://testserver/en/c/{category.slug}/?page=2"' in html

    @pytest.mark.parametrize("page", ["3", "0", "abc", "<script>"])
    def test_a_page_number_out_of_range_or_not_a_number_is_a_404(self, client, page):
        category = CategoryFactory()
        AnsweredQuestionFactory(category=category)
        response = client.get(url("faq:category", slug=category.slug), {"page": page})
        assert response.status_code == 404
        assert "<script>" not in response.content.decode()

    def test_it_shows_breadcrumbs_description_and_answers_expandable_in_place(self, client):
        category = CategoryFactory(description_ja="カードについての説明")
        question = AnsweredQuestionFactory(category=category, answer__body_ja="**使えます**")
        response = client.get(url("faq:category", slug=category.slug))
        html = response.content.decode()
        assert 'aria-label="パンくずリスト"' in html
        assert category.parent.name_ja in html
        assert "カードについての説明" in html
        assert "<details" in html and "<summary>" in html
        assert "<strong>使えます</strong>" in html
        link = f'<a href="{url("faq:question", slug=question.slug)}">{question.title_ja}</a>'
        assert link in html

    def test_it_lists_only_visible_questions_in_order(self, client):
        category = CategoryFactory()
        later = AnsweredQuestionFactory(category=category, position=2, title_ja="後の質問")
        AnsweredQuestionFactory(category=category, position=1, title_ja="先の質問")
        AnsweredQuestionFactory(category=category, status=Question.Status.DRAFT, title_ja="下書き")
        html = client.get(url("faq:category", slug=category.slug)).content.decode()
        assert html.index("先の質問") < html.index(later.title_ja)
        assert "下書き" not in html

    def test_an_untranslated_category_shows_japanese_with_a_note_in_english(self, client):
        category = CategoryFactory(name_en="", description_ja="説明文", description_en="")
        AnsweredQuestionFactory(category=category, title_en="")
        html = client.get(url("faq:category", "en", slug=category.slug)).content.decode()
        assert f'<h1 lang="ja">{category.name_ja}</h1>' in html
        assert "This category has not been translated into English yet" in html
        assert "説明文" in html and "Japanese only" in html

    def test_an_unpublished_category_is_not_found(self, client):
        category = CategoryFactory(is_published=False)
        assert client.get(url("faq:category", slug=category.slug)).status_code == 404

    def test_staff_preview_an_unpublished_category_under_a_banner(self, staff_client):
        category = CategoryFactory(is_published=False)
        AnsweredQuestionFactory(category=category, status=Question.Status.DRAFT, title_ja="下書き")
        response = staff_client.get(url("faq:category", slug=category.slug))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="preview-banner"' in html
        assert "下書き" in html

    @pytest.mark.parametrize(
        "hidden",
        [{"is_published": False}, {"parent__is_published": False}],
        ids=["category", "group"],
    )
    def test_staff_see_a_preview_badge_on_a_published_question_in_a_hidden_category(
        self, staff_client, client, hidden
    ):
        question = AnsweredQuestionFactory(category=CategoryFactory(**hidden))
        html = staff_client.get(url("faq:category", slug=question.category.slug)).content.decode()
        assert 'class="preview-banner"' in html
        assert 'class="badge badge-preview"' in html
        assert client.get(url("faq:category", slug=question.category.slug)).status_code == 404

    def test_staff_see_no_preview_badge_on_what_visitors_see(self, staff_client):
        question = AnsweredQuestionFactory(is_featured=True)
        for page in (url("faq:home"), url("faq:category", slug=question.category.slug)):
            html = staff_client.get(page).content.decode()
            assert question.title_ja in html and "badge-preview" not in html, page

    def test_a_published_category_shows_no_preview_banner_to_staff(self, staff_client):
        category = CategoryFactory()
        html = staff_client.get(url("faq:category", slug=category.slug)).content.decode()
        assert "preview-banner" not in html


class TestQuestion:
    def test_an_editor_gets_an_edit_link_to_the_admin_change_form(self, client, erin):
        question = AnsweredQuestionFactory()
        client.force_login(erin)
        html = client.get(url("faq:question", slug=question.slug)).content.decode()
        change = reverse("admin:faq_question_change", args=[question.pk])
        assert f'<a href="{change}">この質問を編集</a>' in html

    def test_visitors_and_viewers_get_no_edit_link(self, client, victor):
        question = AnsweredQuestionFactory()
        page = url("faq:question", slug=question.slug)
        assert "/change/" not in client.get(page).content.decode()
        client.force_login(victor)
        assert "/change/" not in client.get(page).content.decode()

    def test_its_heading_is_the_title_and_the_answer_is_rendered(self, client):
        question = AnsweredQuestionFactory(title_ja="入金元は?", answer__body_ja="一行目\n二行目")
        response = client.get(url("faq:question", slug=question.slug))
        html = response.content.decode()
        assert response.status_code == 200
        assert re.search(r"<h1[^>]*>入金元は\?</h1>", html)
        assert "一行目<br>\n二行目" in html

    def test_it_makes_a_script_and_an_onerror_in_the_answer_inert(self, client):
        body = '<script>alert("x")</script><img src="x" onerror="alert(1)">[a](javascript:alert(2))'
        question = AnsweredQuestionFactory(answer__body_ja=body)
        html = client.get(url("faq:question", slug=question.slug)).content.decode()
        assert 'alert("x")' not in html
        assert "onerror" not in html
        assert 'href="javascript:' not in html

    def test_it_shows_related_links_but_not_ones_to_hidden_questions(self, client):
        question = AnsweredQuestionFactory()
        shown = RelatedLinkFactory(question=question, target=AnsweredQuestionFactory())
        hidden = RelatedLinkFactory(
            question=question, target=AnsweredQuestionFactory(status=Question.Status.DRAFT)
        )
        in_hidden_category = RelatedLinkFactory(
            question=question, target=AnsweredQuestionFactory(category__is_published=False)
        )
        in_hidden_group = RelatedLinkFactory(
            question=question,
            target=AnsweredQuestionFactory(category__parent__is_published=False),
        )
        outside = RelatedLinkFactory(
            question=question, target=None, url="https://example.com/guide", label_ja="ガイド"
        )
        html = client.get(url("faq:question", slug=question.slug)).content.decode()
        assert "こちらもあわせてご覧ください" in html
        assert f'href="{url("faq:question", slug=shown.target.slug)}"' in html
        for link in (hidden, in_hidden_category, in_hidden_group):
            assert link.target.title_ja not in html
        assert 'href="https://example.com/guide"' in html and outside.label_ja in html

    def test_it_shows_the_questions_own_contact_channels_with_hours(self, client):
        own = ContactChannelFactory(name_ja="専用窓口", opening_hours_ja="土日10:00~12:00")
        other = ContactChannelFactory(name_ja="別の窓口")
        question = AnsweredQuestionFactory()
        question.contact_channels.add(own)
        question.category.contact_channels.add(other)
        html = client.get(url("faq:question", slug=question.slug)).content.decode()
        assert "専用窓口" in html and "土日10:00~12:00" in html
        assert "別の窓口" not in html

    def test_it_falls_back_to_the_categorys_channels_then_to_every_active_one(self, client):
        category_channel = ContactChannelFactory(name_ja="カテゴリ窓口")
        ContactChannelFactory(name_ja="全体窓口")
        ContactChannelFactory(name_ja="休止窓口", is_active=False)
        with_category = AnsweredQuestionFactory()
        with_category.category.contact_channels.add(category_channel)
        plain = AnsweredQuestionFactory()
        html = client.get(url("faq:question", slug=with_category.slug)).content.decode()
        assert "カテゴリ窓口" in html and "全体窓口" not in html
        html = client.get(url("faq:question", slug=plain.slug)).content.decode()
        assert "カテゴリ窓口" in html and "全体窓口" in html and "休止窓口" not in html

    def test_a_question_asking_to_contact_us_links_to_the_channels_in_both_languages(self, client):
        ContactChannelFactory(kind=ContactChannel.Kind.PHONE, value="03-0000-0000")
        question = AnsweredQuestionFactory(
            asks_to_contact=True,
            answer__body_ja="対応します。詳しくはお問い合わせください。",
            answer__body_en="We handle it. For details, please contact us.",
        )
        for language in ("ja", "en"):
            html = client.get(url("faq:question", language, slug=question.slug)).content.decode()
            assert 'class="ask-us"><a href="#contacts">' in html, language
            assert 'href="tel:0300000000"' in html, language

    def test_the_closing_words_of_an_answer_do_not_decide_the_contact_link(self, client):
        question = AnsweredQuestionFactory(answer__body_ja="詳しくはお問い合わせください。")
        html = client.get(url("faq:question", slug=question.slug)).content.decode()
        assert 'class="ask-us"' not in html

    def test_it_links_the_previous_and_next_question_of_the_category(self, client):
        category = CategoryFactory()
        first, middle, last = (
            AnsweredQuestionFactory(category=category, position=n) for n in (1, 2, 3)
        )
        html = client.get(url("faq:question", slug=middle.slug)).content.decode()
        assert f'rel="prev" href="{url("faq:question", slug=first.slug)}"' in html
        assert f'rel="next" href="{url("faq:question", slug=last.slug)}"' in html
        html = client.get(url("faq:question", slug=first.slug)).content.decode()
        assert 'rel="prev"' not in html

    def test_it_says_when_it_was_last_updated(self, client):
        question = AnsweredQuestionFactory()
        html = client.get(url("faq:question", slug=question.slug)).content.decode()
        assert "最終更新日" in html
        updated = max(question.updated_at, question.answer.updated_at)
        assert f'datetime="{timezone.localtime(updated).isoformat()}"' in html

    def test_its_head_has_seo_tags_for_both_languages(self, client):
        question = AnsweredQuestionFactory(title_ja="セキュリティ対策は?")
        html = client.get(url("faq:question", slug=question.slug)).content.decode()
        ja = f"http://testserver{url('faq:question', slug=question.slug)}"
        en = f"http://testserver{url('faq:question', 'en', slug=question.slug)}"
        assert '<html lang="ja">' in html
        assert "<title>セキュリティ対策は? | よくあるご質問</title>" in html
        assert f'<link rel="canonical" href="{ja}">' in html
        assert f'<link rel="alternate" hreflang="ja" href="{ja}">' in html
        assert f'<link rel="alternate" hreflang="en" href="{en}">' in html
        assert '<meta property="og:title" content="セキュリティ対策は?">' in html
        assert '<meta name="description" content="回答です。">' in html

    def test_its_json_ld_holds_the_visible_question_and_answer(self, client):
        question = AnsweredQuestionFactory(
            title_ja="質問?", answer__body_ja="**答え**です</script>"
        )
        html = client.get(url("faq:question", slug=question.slug)).content.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(block.group(1))
        assert data["@type"] == "FAQPage"
        assert data["mainEntity"][0]["name"] == "質問?"
        assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "答えです"

    def test_the_language_switch_leads_to_the_same_question_in_english(self, client):
        question = AnsweredQuestionFactory()
        html = client.get(url("faq:question", slug=question.slug)).content.decode()
        english = url("faq:question", "en", slug=question.slug)
        assert f'<a href="http://testserver{english}" hreflang="en" lang="en">English</a>' in html

    def test_an_untranslated_question_shows_japanese_with_a_note_in_english(self, client):
        question = AnsweredQuestionFactory(title_en="", answer__body_en="")
        response = client.get(url("faq:question", "en", slug=question.slug))
        html = response.content.decode()
        assert response.status_code == 200
        assert question.title_ja in html and "回答です。" in html
        assert "has not been translated into English yet" in html
        assert re.search(r'<h1 id="question-title" lang="ja">', html)

    def test_a_translated_question_has_no_note(self, client):
        question = AnsweredQuestionFactory()
        for language in ("ja", "en"):
            html = client.get(url("faq:question", language, slug=question.slug)).content.decode()
            assert "translation-note" not in html, language

    def test_questions_visitors_may_not_see_are_not_found(self, client):
        for reason, question in hidden_questions().items():
            response = client.get(url("faq:question", slug=question.slug))
            assert response.status_code == 404, reason

    def test_staff_preview_hidden_questions_under_a_banner(self, staff_client):
        for reason, question in hidden_questions().items():
            html = staff_client.get(url("faq:question", slug=question.slug)).content.decode()
            assert 'class="preview-banner"' in html, reason
            assert question.title_ja in html, reason

    def test_a_question_without_an_answer_still_has_a_page(self, client):
        question = QuestionFactory()
        response = client.get(url("faq:question", slug=question.slug))
        assert response.status_code == 200
        assert "application/ld+json" not in response.content.decode()


class TestVote:
    def test_one_client_cannot_flood_the_votes(self, client, settings):
        settings.FAQ_VOTE_LIMIT = limit = 4

        questions = AnsweredQuestionFactory.create_batch(limit + 3)
        statuses = [
            client.post(url("faq:vote", slug=q.slug), {"helpful": "yes"}).status_code
            for q in questions
        ]
        assert statuses[:limit] == [302] * limit
        assert statuses[limit:] == [429] * 3
        assert Vote.objects.count() == limit

    def _vote_from(self, client, question, forwarded_for, remote="127.0.0.1"):
        return client.post(
            url("faq:vote", slug=question.slug),
            {"helpful": "yes"},
            REMOTE_ADDR=remote,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        ).status_code

    def test_a_fresh_forwarded_for_on_each_vote_does_not_lift_the_limit(self, client, settings):
        settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES = "HTTP_X_FORWARDED_FOR", ()
        settings.FAQ_VOTE_LIMIT = limit = 4

        questions = AnsweredQuestionFactory.create_batch(limit + 3)
        statuses = [self._vote_from(client, q, f"198.51.100.{n}") for n, q in enumerate(questions)]

        assert statuses == [302] * limit + [429] * 3

    def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(self, client, settings):
        settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
        settings.TRUSTED_PROXIES = (ip_network("10.0.0.0/8"),)
        settings.FAQ_VOTE_LIMIT = limit = 4

        questions = AnsweredQuestionFactory.create_batch(limit + 3)
        statuses = [
            self._vote_from(client, q, f"198.51.100.{n}", remote="10.0.0.2")
            for n, q in enumerate(questions)
        ]

        assert statuses == [302] * (limit + 3)

    def test_the_vote_limit_defaults_to_twenty_per_client(self):
        from django.conf import settings

        assert settings.FAQ_VOTE_LIMIT == 20

    def test_a_yes_is_recorded_with_a_cookie_and_thanked(self, client):
        question = AnsweredQuestionFactory()
        vote_url = url("faq:vote", slug=question.slug)
        response = client.post(vote_url, {"helpful": "yes"}, follow=True)
        assert Vote.objects.get().is_helpful is True
        assert client.cookies[VOTER_COOKIE].value == Vote.objects.get().voter
        assert "ご意見ありがとうございます" in response.content.decode()

    def test_a_second_vote_from_the_same_browser_replaces_the_first(self, client):
        question = AnsweredQuestionFactory()
        vote_url = url("faq:vote", slug=question.slug)
        client.post(vote_url, {"helpful": "yes"})
        client.post(vote_url, {"helpful": "no", "reason": "例が欲しい"})
        vote = Vote.objects.get()
        assert (vote.is_helpful, vote.reason) == (False, "例が欲しい")

    def test_it_answers_json_to_scripts(self, client):
        question = AnsweredQuestionFactory()
        response = client.post(
            url("faq:vote", "en", slug=question.slug),
            {"helpful": "yes"},
            headers={"accept": "application/json"},
        )
        assert response.json() == {"message": "Thank you for your feedback.", "helpful": True}

    def test_a_too_long_reason_is_refused_with_the_text_kept(self, client):
        question = AnsweredQuestionFactory()
        reason = "長" * 501
        response = client.post(
            url("faq:vote", slug=question.slug), {"helpful": "no", "reason": reason}
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert reason in html and 'role="alert"' in html
        assert not Vote.objects.exists()

    def test_a_script_gets_the_errors_as_json(self, client):
        question = AnsweredQuestionFactory()
        response = client.post(
            url("faq:vote", slug=question.slug),
            {"helpful": "no", "reason": "x" * 501},
            headers={"accept": "application/json"},
        )
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["reason"]

    def test_a_scripts_errors_never_carry_markup_unescaped(self, client):
        question = AnsweredQuestionFactory()
        response = client.post(
            url("faq:vote", slug=question.slug),
            {"helpful": "<script>alert(1)</script>"},
            headers={"accept": "application/json"},
        )

        assert response.status_code == 400
        assert b"<script>" not in response.content
        assert b"\\u003Cscript\\u003E" in response.content
        assert "<script>alert(1)</script>" in response.json()["errors"]["helpful"][0]

    @pytest.mark.parametrize("cookie", ["あ" * 20, "a" * 65, "short", "<b>alert(1)</b>-padding"])
    def test_a_malformed_voter_cookie_is_replaced_not_echoed(self, client, cookie):
        question = AnsweredQuestionFactory()
        # The raw header as a WSGI server passes it: UTF-8 bytes read as ISO-8859-1.
        raw = f"{VOTER_COOKIE}={cookie}".encode().decode("iso-8859-1")

        response = client.post(
            url("faq:vote", slug=question.slug), {"helpful": "yes"}, HTTP_COOKIE=raw
        )

        voter = Vote.objects.get().voter
        assert response.status_code == 302
        assert VOTER_ID.fullmatch(voter) and voter != cookie
        assert response.cookies[VOTER_COOKIE].value == voter
        assert response.cookies[VOTER_COOKIE].OutputString().isascii()

    def test_a_vote_without_a_choice_is_refused(self, client):
        question = AnsweredQuestionFactory()
        response = client.post(url("faq:vote", slug=question.slug), {"helpful": "maybe"})
        assert response.status_code == 400
        assert not Vote.objects.exists()

    def test_a_refused_vote_shows_its_error_on_a_page_kept_for_visitors(self, client, settings):
        settings.CACHE_PAGE_SECONDS = 0  # the content is kept by content version all the same
        question = AnsweredQuestionFactory()
        page = url("faq:question", slug=question.slug)
        assert "「はい」か「いいえ」を選んでください" not in client.get(page).text

        refused = client.post(
            url("faq:vote", slug=question.slug), {"reason": "<b>分かりにくい</b>"}
        )

        assert refused.status_code == 400
        assert "「はい」か「いいえ」を選んでください" in refused.text
        assert "&lt;b&gt;分かりにくい&lt;/b&gt;</textarea>" in refused.text
        assert "「はい」か「いいえ」を選んでください" not in client.get(page).text

    def test_the_thanks_show_on_the_page_after_the_vote(self, client, settings):
        settings.CACHE_PAGE_SECONDS = 0
        question = AnsweredQuestionFactory()
        client.get(url("faq:question", slug=question.slug))

        thanked = client.post(url("faq:vote", slug=question.slug), {"helpful": "yes"}, follow=True)

        assert "ご意見ありがとうございます" in thanked.text
        assert "ご意見ありがとうございます" not in client.get(thanked.request["PATH_INFO"]).text

    def test_a_vote_without_a_token_asks_to_confirm_with_a_fresh_token(self):
        question = AnsweredQuestionFactory()
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            url("faq:vote", slug=question.slug), {"helpful": "no", "reason": "例が欲しい"}
        )

        assert response.status_code == 200
        assert not Vote.objects.exists()
        assert "例が欲しい" in response.text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]
        assert "private" in response["Cache-Control"]
        confirmed = client.post(
            url("faq:vote", slug=question.slug),
            {"csrfmiddlewaretoken": token, "helpful": "no", "reason": "例が欲しい"},
        )
        assert confirmed.status_code == 302
        assert Vote.objects.get().reason == "例が欲しい"

    def test_a_script_without_a_token_is_refused_with_json(self):
        question = AnsweredQuestionFactory()
        response = Client(enforce_csrf_checks=True).post(
            url("faq:vote", slug=question.slug),
            {"helpful": "yes"},
            headers={"accept": "application/json"},
        )

        assert response.status_code == 403
        assert "message" in response.json()
        assert not Vote.objects.exists()

    def test_the_token_fetched_at_submit_time_lets_a_script_vote(self):
        question = AnsweredQuestionFactory()
        client = Client(enforce_csrf_checks=True)
        fetched = client.get(url("faq:vote-token"))
        response = client.post(
            url("faq:vote", slug=question.slug),
            {"csrfmiddlewaretoken": fetched.json()["token"], "helpful": "yes"},
            headers={"accept": "application/json"},
        )

        assert "no-store" in fetched["Cache-Control"]
        assert response.status_code == 200
        assert Vote.objects.get().is_helpful

    def test_a_public_question_page_holds_no_token(self):
        question = AnsweredQuestionFactory()
        response = Client(enforce_csrf_checks=True).get(url("faq:question", slug=question.slug))

        assert "csrfmiddlewaretoken" not in response.text
        assert response.cookies == {}

    def test_a_hidden_question_takes_no_votes(self, client):
        question = AnsweredQuestionFactory(status=Question.Status.DRAFT)
        response = client.post(url("faq:vote", slug=question.slug), {"helpful": "yes"})
        assert response.status_code == 404

    def test_get_is_not_allowed(self, client):
        question = AnsweredQuestionFactory()
        assert client.get(url("faq:vote", slug=question.slug)).status_code == 405


class TestErrorsAndCrawlers:
    @pytest.mark.parametrize(
        ("language", "text"), [("ja", "ページが見つかりません"), ("en", "Page not found")]
    )
    def test_the_404_page_is_friendly_in_both_languages(self, client, language, text):
        response = client.get(url("faq:question", language, slug="no-such-question"))
        assert response.status_code == 404
        assert text in response.content.decode()
        assert '<meta name="robots" content="noindex">' in response.content.decode()

    def test_the_500_page_speaks_both_languages(self):
        response = server_error(RequestFactory().get("/ja/"))
        html = response.content.decode()
        assert response.status_code == 500
        assert "エラーが発生しました" in html and "Server error" in html
        assert 'href="/ja/"' in html and 'href="/en/"' in html

    def test_a_hostile_query_string_gets_a_normal_escaped_page(self, client):
        hostile = '"><script>alert(1)</script>'
        for name in ("faq:home", "faq:search"):
            response = client.get(url(name), {"q": hostile, "page": "-1'"})
            assert response.status_code == 200
            assert "<script>alert(1)" not in response.content.decode()


class TestTranslationState:
    """/en/ pages say when the Japanese original changed after the English was written."""

    @pytest.fixture
    def outdated(self):
        question = AnsweredQuestionFactory(slug="fees")
        question.answer.body_ja = "手数料は3.5%です。"
        question.answer.save()
        return question

    def article_status(self, html):
        return re.search(r'<article class="question"[^>]*data-translation-status="(\w+)"', html)[1]

    def test_an_outdated_english_answer_is_shown_with_a_notice_linking_to_the_japanese(
        self, client, outdated
    ):
        html = client.get(url("faq:question", "en", slug="fees")).content.decode()
        assert "This is the answer." in html
        assert self.article_status(html) == "outdated"
        note = re.search(r'<p class="translation-note translation-outdated".*?</p>', html, re.S)[0]
        assert "The Japanese original was updated on" in note
        assert f'href="{url("faq:question", "ja", slug="fees")}" hreflang="ja"' in note

    def test_japanese_pages_are_current_and_carry_no_notice(self, client, outdated):
        html = client.get(url("faq:question", "ja", slug="fees")).content.decode()
        assert self.article_status(html) == "current"
        assert "translation-outdated" not in html

    @pytest.mark.parametrize(
        ("title_en", "body_en", "status"),
        [("Fees?", "Fees.", "current"), ("", "Fees.", "missing"), ("Fees?", "", "missing")],
    )
    def test_the_article_says_what_title_and_answer_are_together(
        self, client, title_en, body_en, status
    ):
        AnsweredQuestionFactory(slug="fees", title_en=title_en, answer__body_en=body_en)
        html = client.get(url("faq:question", "en", slug="fees")).content.decode()
        assert self.article_status(html) == status
        assert "translation-outdated" not in html

    def test_an_outdated_title_is_outdated_even_with_a_missing_answer(self, client):
        question = AnsweredQuestionFactory(slug="fees", answer__body_en="")
        question.title_ja = "新しい題ですか?"
        question.save()
        html = client.get(url("faq:question", "en", slug="fees")).content.decode()
        assert self.article_status(html) == "outdated"

    def test_the_category_page_notes_each_outdated_answer_it_shows(self, client, outdated):
        AnsweredQuestionFactory(category=outdated.category)
        page = url("faq:category", "en", slug=outdated.category.slug)
        html = client.get(page).content.decode()
        assert html.count("translation-note translation-outdated") == 1
        japanese = client.get(url("faq:category", "ja", slug=outdated.category.slug))
        assert "translation-outdated" not in japanese.content.decode()

    def test_a_question_without_an_answer_is_listed_without_a_state(self, client):
        question = QuestionFactory()
        html = client.get(url("faq:category", "en", slug=question.category.slug)).content.decode()
        assert question.title_en in html and "translation-outdated" not in html

    def test_an_outdated_category_name_is_noted_on_its_page(self, client):
        category = CategoryFactory()
        category.name_ja = "新しい名前"
        category.save()
        html = client.get(url("faq:category", "en", slug=category.slug)).content.decode()
        assert "translation-note translation-outdated" in html

    def test_the_notice_goes_once_the_english_is_updated(self, client, outdated):
        page = url("faq:question", "en", slug="fees")
        assert "translation-outdated" in client.get(page).content.decode()
        outdated.answer.body_en = "The fee is 3.5%."
        outdated.answer.save()
        html = client.get(page).content.decode()
        assert "translation-outdated" not in html and self.article_status(html) == "current"
