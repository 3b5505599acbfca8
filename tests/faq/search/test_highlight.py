from faq.search.highlight import highlight, snippet


def test_it_escapes_the_text_before_marking_it():
    html = highlight('<img src=x onerror="alert(1)">SSL', ["ssl"])
    assert html == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<mark>SSL</mark>"


def test_it_marks_the_text_as_written_for_a_normalised_match():
    assert highlight("ＳＳＬとコンビニ", ["ssl", "こん", "んび", "びに"]) == (
        "<mark>ＳＳＬ</mark>と<mark>コンビニ</mark>"
    )


def test_overlapping_bigrams_mark_the_whole_word():
    assert highlight("カード番号を保持しない", ["かど", "番号"]) == (
        "<mark>カード番号</mark>を保持しない"
    )


def test_an_english_stem_marks_the_whole_word_but_not_inside_another():
    assert highlight("cards and discards", ["card"]) == "<mark>cards</mark> and discards"


def test_a_snippet_is_cut_around_the_first_match():
    text = "あ" * 300 + "解約" + "い" * 300
    html = snippet(text, ["解約"], length=40)
    assert "<mark>解約</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 80


def test_a_snippet_without_a_match_is_the_start_of_the_text():
    assert snippet("<b>short</b>", ["zzz"]) == "&lt;b&gt;short&lt;/b&gt;"
