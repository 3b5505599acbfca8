import pytest
from hypothesis import given
from hypothesis import strategies as st

from faq.search.normalise import normalise


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("ＳＳＬ", "ssl"),
        ("ｶｰﾄﾞ", "かど"),
        ("カード", "かど"),
        ("カ－ド", "かど"),
        ("？", "?"),
        ("コンビニ", "こんびに"),
        ("サーバー", "さば"),
        ("３ヶ月", "3か月"),
        ("３ヵ月", "3か月"),
        ("ＡＭＥＸ", "amex"),
        ("ｶﾞ", "が"),
        ("Straße", "strasse"),
    ],
)
def test_it_folds_the_ways_visitors_type_the_same_word(typed, normalised):
    assert normalise(typed) == normalised


def test_it_keeps_a_dash_that_does_not_follow_kana():
    assert normalise("ISO-27001") == "iso-27001"


def test_it_turns_control_characters_and_lone_surrogates_into_spaces():
    assert normalise("a\x00b\x07c\ud800d") == "a b c d"


@given(st.text())
def test_normalising_twice_changes_nothing(text):
    once = normalise(text)
    assert normalise(once) == once


@given(st.text())
def test_normalised_text_has_no_katakana_letters(text):
    assert not any("\u30a1" <= char <= "\u30f6" for char in normalise(text))
