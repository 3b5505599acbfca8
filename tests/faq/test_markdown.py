import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faq.markdown import markdown_words, plain_text, render_markdown


def test_it_keeps_single_line_breaks_as_br():
    assert render_markdown("一行目\n二行目") == "<p>一行目<br>\n二行目</p>\n"


def test_it_renders_lists_and_emphasis():
    html = render_markdown("- **カード**\n- コンビニ")
    assert "<ul>" in html and "<li><strong>カード</strong></li>" in html


def test_it_removes_scripts_with_their_content():
    html = render_markdown('前<script>alert("x")</script>後')
    assert "<script" not in html and "alert" not in html
    assert "前" in html and "後" in html


def test_it_removes_event_handlers_and_unknown_tags():
    html = render_markdown('<img src="x" onerror="alert(1)"><b onclick="alert(2)">太字</b>')
    assert "onerror" not in html and "onclick" not in html and "<img" not in html
    assert "<b>太字</b>" in html


def test_it_drops_javascript_links_in_markdown_and_html():
    html = render_markdown('[md](javascript:alert(1)) <a href="javascript:alert(2)">html</a>')
    assert 'href="javascript:' not in html
    assert "html</a>" in html


def test_it_keeps_safe_links_and_marks_them_noopener():
    html = render_markdown("[ガイド](https://example.com/) <support@example.com>")
    assert 'href="https://example.com/"' in html
    assert 'rel="noopener noreferrer"' in html
    assert 'href="mailto:support@example.com"' in html


def test_it_drops_style_attributes_that_the_csp_would_block():
    assert "style=" not in render_markdown('<p style="color:red">赤</p>')


def test_it_renders_nothing_for_an_empty_body():
    assert render_markdown("") == ""


def test_plain_text_joins_lines_and_shortens_with_an_ellipsis():
    assert plain_text("一行目\n二行目\n\n- 項目") == "一行目 二行目 項目"
    assert plain_text("abcdefghij", limit=5) == "abcd…"


def test_plain_text_keeps_the_words_and_code_and_drops_markup_and_html():
    body = "**太字**と`<b>コード</b>`、<i>斜体</i> & 記号"
    assert plain_text(body) == "太字と<b>コード</b>、斜体 & 記号"


def test_markdown_words_keep_one_line_per_source_line_even_in_a_table():
    assert markdown_words("一行目\n二行目") == "一行目\n二行目"
    assert markdown_words("| 列 | 値 |\n|---|---|\n| 手数料 | 3% |") == "列\n値\n手数料\n3%"


HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<a href='javascript:alert(1)'>x</a>",
        "[x](javascript:alert(1))",
        '<svg onload="alert(1)">',
        "<iframe src=https://example.com></iframe>",
        '<p style="x" onclick="alert(1)">',
        "<SCRIPT>alert(1)</SCRIPT>",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(HOSTILE, st.text(max_size=20)), max_size=6).map("".join))
def test_no_mix_of_markdown_and_hostile_html_gets_a_script_through(body):
    html = render_markdown(body).lower()
    assert "<script" not in html
    assert "<iframe" not in html and "<svg" not in html
    assert not re.search(r"<[^>]*\son\w+\s*=", html)
    assert 'href="javascript:' not in html


def test_the_same_text_is_rendered_once_and_a_changed_text_anew():
    render_markdown.cache_clear()
    first = render_markdown("**一度だけ**")
    again = render_markdown("**一度だけ**")
    changed = render_markdown("**変更後**")
    assert again is first
    assert changed == "<p><strong>変更後</strong></p>\n"
    assert render_markdown.cache_info().hits == 1


def test_phone_numbers_and_email_addresses_become_tel_and_mailto_links():
    html = render_markdown("03-3464-2323(総合受付)\nsupport@gmo-pg.com まで")
    assert '<a href="tel:0334642323" rel="noopener noreferrer">03-3464-2323</a>(総合受付)' in html
    assert '<a href="mailto:support@gmo-pg.com" rel="noopener noreferrer">' in html


def test_a_number_inside_a_link_or_a_longer_number_is_left_alone():
    html = render_markdown("[03-1111-2222](https://example.com/) 9:00~18:00 1234-5678-90123")
    assert html.count("<a ") == 1
    assert "tel:" not in html


def test_a_label_apart_from_its_entries_reads_as_one_definition_entry():
    html = render_markdown("- <電 話>\n\n- 03-3464-2323(総合受付)\n- ※受付時間:平日9:00~18:00")
    assert html.startswith('<dl>\n<dt>&lt;電 話&gt;</dt>\n<dd><a href="tel:0334642323"')
    assert html.count("<dd>") == 2 and "<li>" not in html and "<p>" not in html


@pytest.mark.parametrize("body", ["- a\n- b\n- c", "- a\n\n- b\n\n- c", "- a\n\n- b\n  - c"])
def test_other_lists_stay_bullet_lists(body):
    html = render_markdown(body)
    assert "<ul>" in html and "<dl>" not in html
