from faq.translations.diff import japanese_diff


def test_it_marks_only_the_characters_that_changed():
    html = japanese_diff("手数料は3%です。", "手数料は3.5%です。")
    assert html == "手数料は3<ins>.5</ins>%です。"


def test_it_shows_what_was_removed_and_what_replaced_it():
    html = japanese_diff("お振込みは翌営業日です。", "お振込みは当日です。")
    assert "<del>翌営業</del><ins>当</ins>" in html


def test_it_escapes_the_text_on_both_sides():
    html = japanese_diff("<b>古い</b>", "<script>新しい</script>")
    assert "<script" not in html and "<b>" not in html
    assert html.startswith("&lt;<del>b</del><ins>script</ins>&gt;")


def test_equal_texts_have_no_marks():
    assert japanese_diff("同じ", "同じ") == "同じ"
