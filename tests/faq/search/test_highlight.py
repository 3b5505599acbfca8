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


def test_an_english_snippet_starts_and_ends_at_word_boundaries():
    text = "Payments arrive quickly. " * 6 + "Settlement goes through us. " + "Then more. " * 8
    html = snippet(text, ["through"], length=60)
    inner = html.removeprefix("…").removesuffix("…")
    assert html.startswith("…") and html.endswith("…")
    words = inner.replace("<mark>", "").replace("</mark>", "").split(" ")
    assert all(word in text.split(" ") for word in words), words


def test_a_japanese_snippet_cuts_at_a_character_with_an_ellipsis():
    text = "弊社は主に非対面販売における決済サービスを提供しております。" * 8
    html = snippet(text, ["決済"], length=40)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>決済</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) == 42
