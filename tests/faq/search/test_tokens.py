from faq.search.tokens import index_tokens, query_tokens, stem


def texts(tokens):
    return [token.text for token in tokens]


def test_a_kana_and_kanji_run_becomes_bigrams_and_its_last_character():
    assert index_tokens("決済方法") == ["決済", "済方", "方法", "法"]


def test_latin_letters_and_digits_are_separate_words():
    assert index_tokens("ISO/IEC 27001:2013") == ["iso", "iec", "27001", "2013"]
    assert texts(query_tokens("ISO27001")) == ["iso", "27001"]


def test_3d_secure_typed_together_meets_the_text():
    query = set(texts(query_tokens("3Dセキュア")))
    assert query <= set(index_tokens("3Dセキュア(本人認証サービス)に対応"))


def test_a_one_character_query_is_a_prefix():
    (token,) = query_tokens("決")
    assert token.text == "決"
    assert token.prefix


def test_bigrams_typed_in_hiragana_are_weak_and_katakana_ones_are_not():
    tokens = {t.text: t for t in query_tokens("カードしたい")}
    assert not tokens["かど"].weak
    assert tokens["した"].weak


def test_english_stop_words_are_weak():
    tokens = {t.text: t for t in query_tokens("how do I cancel")}
    assert tokens["how"].weak
    assert not tokens["cancel"].weak


def test_english_inflections_share_a_stem():
    assert stem("cards") == stem("card")
    assert stem("services") == stem("service")
    assert stem("cancelled") == stem("cancelling")


def test_a_space_inside_japanese_text_does_not_split_the_word():
    assert "電話" in index_tokens("<電 話>")


def test_a_bigram_across_a_change_of_script_is_weak():
    tokens = {t.text: t for t in query_tokens("カード情報を持つ")}
    assert tokens["ど情"].weak
    assert tokens["報を"].weak
    assert not tokens["情報"].weak
