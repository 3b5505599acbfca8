import re

import pytest
from django.urls import reverse
from django.utils import translation

from faq.cache import bump_content_version
from faq.models import SearchQuery
from faq.search.analytics import VISIT_SECONDS, VISITOR_COOKIE
from faq.search.views import PAGE_SIZE
from tests.factories import AnsweredQuestionFactory, ContactChannelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refund():
    return AnsweredQuestionFactory(
        title_ja="返金はできますか",
        answer__body_ja="返金は`<img src=x onerror=alert(1)>`の<b>翌月</b>に行います。",
    )


def get(client, **params):
    return client.get(reverse("faq:search"), params)


def get_en(client, **params):
    with translation.override("en"):
        return client.get(reverse("faq:search"), params)


def results_list(response):
    """The HTML inside the results' <ol>, or "" on a page without results."""
    html = response.content.decode()
    results = re.search(r'<ol id="search-results"[^>]*>(.*?)</ol>', html, re.S)
    return results.group(1) if results else ""


def result_links(response):
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', results_list(response))


def test_it_lists_each_hit_as_a_link_to_the_question_with_its_title(client, refund):
    response = get(client, q="返金")
    assert response.status_code == 200
    assert result_links(response) == [(refund.get_absolute_url(), "返金はできますか")]


def test_an_english_hit_without_an_english_title_says_japanese_only(client):
    untranslated = AnsweredQuestionFactory(title_ja="返金はできますか", title_en="")
    results = results_list(get_en(client, q="返金"))
    with translation.override("en"):
        address = untranslated.get_absolute_url()
    assert f'<a href="{address}" lang="ja">返金はできますか</a>' in results
    assert '<span class="badge">Japanese only</span>' in results


def test_the_snippet_marks_the_matched_words_and_escapes_the_answer(client, refund):
    html = get(client, q="返金").content.decode()
    assert "<mark>返金</mark>は&lt;img src=x onerror=alert(1)&gt;の翌月に行います。" in html


def test_it_shows_the_total_and_a_category_facet_with_counts(client, refund):
    AnsweredQuestionFactory(title_ja="返金の時期", category=refund.category)
    other = AnsweredQuestionFactory(title_ja="返金の手数料")
    html = get(client, q="返金").content.decode()
    assert "3" in re.search(r'<p id="search-total">(.*?)</p>', html, re.S).group(1)
    facets = re.search(r'<ul id="search-facets">(.*?)</ul>', html, re.S).group(1)
    assert f'{refund.category.name} <span class="count">(2)</span></a>' in facets
    assert f'{other.category.name} <span class="count">(1)</span></a>' in facets


@pytest.mark.parametrize(
    "hidden", [{"category__is_published": False}, {"category__parent__is_published": False}]
)
def test_a_published_question_visitors_cannot_see_is_not_found(client, hidden):
    AnsweredQuestionFactory(title_ja="返金の隠れた質問", **hidden)
    assert result_links(get(client, q="返金")) == []
    suggested = client.get(reverse("faq:search-suggest"), {"q": "返金"}).json()
    assert suggested["results"] == []


def test_it_paginates(client):
    AnsweredQuestionFactory.create_batch(PAGE_SIZE + 2, title_ja="返金について")
    assert len(result_links(get(client, q="返金"))) == PAGE_SIZE
    assert len(result_links(get(client, q="返金", page=2))) == 2
    assert len(result_links(get(client, q="返金", page="x"))) == PAGE_SIZE


def test_no_match_shows_the_closest_questions_labelled_with_the_contact_channels(client):
    featured = AnsweredQuestionFactory(is_featured=True, title_ja="よくある質問")
    ContactChannelFactory(name_ja="総合受付", value="desk@example.com")
    response = get(client, q="存在しない言葉")
    html = response.content.decode()
    assert 'id="search-closest"' in html
    assert "存在しない言葉" in re.search(r'<p id="search-closest">(.*?)</p>', html, re.S).group(1)
    assert [href for href, _ in result_links(response)] == [featured.get_absolute_url()]
    assert "desk@example.com" in html


def test_a_query_of_punctuation_only_finds_nothing_and_says_so(client):
    AnsweredQuestionFactory(is_featured=True, title_ja="よくある質問")
    html = get(client, q="?!").content.decode()
    assert 'id="search-results"' not in html
    assert 'id="search-no-results"' in html


def test_a_corrected_query_says_so_and_links_to_the_exact_words(client):
    question = AnsweredQuestionFactory(title_en="Recurring subscription billing")
    html = get_en(client, q="subscripton").content.decode()
    corrected = re.search(r'<p id="search-corrected">(.*?)</p>', html, re.S).group(1)
    assert "subscription" in corrected
    assert "?q=subscripton&amp;exact=1" in corrected
    with translation.override("en"):
        assert question.get_absolute_url() in html


def test_the_exact_words_are_searched_as_typed(client):
    AnsweredQuestionFactory(title_en="Recurring subscription billing")
    html = get_en(client, q="subscripton", exact="1").content.decode()
    assert 'id="search-corrected"' not in html
    assert 'id="search-closest"' in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 10_000,
        "!!!???",
        '"',
        "NEAR(a b)",
        "a OR b",
        "a:* & !b",
        "'; DROP TABLE faq_question; --",
        "\x00\x01\x1f",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "漢" * 200,
        "\u0301\u3099" * 50,
        "subscripton<script>alert(1)</script>",
        "しんさ<img src=x onerror=alert(1)>",
    ],
)
def test_a_hostile_query_gets_a_normal_page_without_its_markup(client, refund, query):
    response = get(client, q=query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_a_lone_surrogate_in_the_query_string_gets_a_normal_page(client, refund):
    response = client.get(reverse("faq:search") + "?q=%ED%A0%80%E8%BF%94%E9%87%91")
    assert response.status_code == 200


def test_each_first_page_search_is_logged_once(client, refund):
    get(client, q="返金")
    get(client, q="返金", page=2)
    get(client, q="見つからない言葉")
    logged = sorted(SearchQuery.objects.values_list("query", "result_count"))
    assert logged == [("見つからない言葉", 0), ("返金", 1)]


def test_a_new_browser_gets_the_visit_cookie_and_its_first_search_is_logged_when_it_returns(
    client, refund
):
    first = get(client, q="返金")
    assert first.cookies[VISITOR_COOKIE]["max-age"] == VISIT_SECONDS
    assert first.cookies[VISITOR_COOKIE]["httponly"]
    assert not SearchQuery.objects.exists()  # no cookie came with it: could be a bot
    get(client, q="返金 方法")
    assert sorted(SearchQuery.objects.values_list("query", flat=True)) == ["返金", "返金 方法"]


def test_repeated_searches_are_answered_each_time_and_logged_once_a_minute(client, refund):
    for _ in range(4):
        assert "返金はできますか" in get(client, q="返金").content.decode()
    assert SearchQuery.objects.count() == 1  # the page cache never answers a search


def test_the_results_of_a_search_are_rendered_once_per_version_and_still_logged(
    client, refund, jinja2_templates_loaded
):
    asked = [{"q": "返金"}, {"q": "返金", "page": 2}, {"q": "返金", "exact": 1}, {"q": "入金"}]
    for params in asked * 2:
        assert get(client, **params).status_code == 200
    bump_content_version()
    assert "返金はできますか" in get(client, q="返金").text

    assert jinja2_templates_loaded.count("faq/_search_results.html") == len(asked) + 1
    assert SearchQuery.objects.filter(query="返金").count() == 1
    assert SearchQuery.objects.filter(query="入金").exists()


def test_a_hit_seen_in_another_search_shows_its_edited_answer(client, refund):
    get(client, q="返金")
    refund.answer.body_ja = "返金は翌々月に行います。"
    refund.answer.save()
    assert "<mark>返金</mark>は<mark>翌々月</mark>に行います。" in get(client, q="返金 翌々月").text


def test_suggest_returns_the_top_titles_as_json(client, refund):
    response = client.get(reverse("faq:search-suggest"), {"q": "返金"})
    assert response.json() == {
        "query": "返金",
        "results": [{"title": "返金はできますか", "url": refund.get_absolute_url()}],
    }


def test_suggest_with_nothing_typed_returns_nothing(client):
    response = client.get(reverse("faq:search-suggest"), {"q": " "})
    assert response.json() == {"query": "", "results": []}


def test_the_page_loads_the_search_script_and_has_no_inline_script(client):
    AnsweredQuestionFactory(title_ja="返金はできますか")
    html = get(client, q="返金").content.decode()
    assert "faq/search.js" in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert re.search(r"\s(on\w+|style)=", html) is None


@pytest.mark.parametrize(
    "query", ['"NEAR(', "x" * 10_000, "\x00", "<b>返金</b>", "a:* & !", "'", '"', "\\"]
)
def test_suggest_answers_json_for_a_hostile_query(client, refund, query):
    response = client.get(reverse("faq:search-suggest"), {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)
    assert not any(markup in response.content.decode() for markup in "<>&")
