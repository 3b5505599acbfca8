import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, settings
from hypothesis import strategies as st

from faq.search import readings
from faq.search.query import truncate
from faq.search.readings import check_dictionary, reading_runs, variant_forms, words


def test_kanji_get_their_reading_in_hiragana():
    assert reading_runs(words("契約の審査")) == ["けいやくのしんさ"]


def test_a_mis_converted_kanji_reads_like_the_right_one():
    assert reading_runs(words("診査")) == reading_runs(words("審査"))


def test_a_small_tsu_reads_as_tsu_so_that_typed_and_dictionary_readings_meet():
    assert reading_runs(words("じってんぽ")) == reading_runs(words("実店舗")) == ["じつてんぽ"]


def test_latin_letters_end_a_run_of_readings():
    assert reading_runs(words("決済APIの接続")) == ["けつさい", "のせつぞく"]


def test_inflections_and_spelling_variants_share_a_normalised_form():
    assert variant_forms(words("申込")) == ["申し込み"]
    assert {w.form for w in words("できます")} >= {"出来る"}
    assert variant_forms(words("申し込み")) == []  # written as its form: nothing to add


def test_particles_and_light_verbs_are_grammar_not_content():
    kinds = {w.surface: (w.content, w.grammar) for w in words("解約をしたい")}
    assert kinds["解約"] == (True, False)
    assert kinds["を"] == (False, True)
    assert kinds["し"] == (False, True)


def test_text_longer_than_the_analyser_takes_is_analysed_in_chunks():
    assert len(words("契約" * 20_000)) == 20_000


def test_a_failing_analyser_gives_no_words_and_logs(monkeypatch, caplog):
    class Broken:
        def tokenize(self, text):
            raise RuntimeError("boom")

    monkeypatch.setattr(readings, "_tokenizer", lambda: Broken())
    assert words("契約") == []
    assert "the analyser failed" in caplog.text


def test_a_dictionary_that_cannot_load_stops_start_up_with_a_clear_message(monkeypatch):
    def missing():
        raise OSError("system.dic not found")

    monkeypatch.setattr(readings, "_dictionary", missing)
    with pytest.raises(ImproperlyConfigured, match=r"could not load its dictionary.*make install"):
        check_dictionary()


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet=st.characters(categories=["Cs", "Mn", "Me", "Cc", "Co", "Cn"])),
        st.text(alphabet="\u0301\u3099\u309a\u20dd契約かカ"),
        st.just("漢" * 200),
    )
)
def test_the_analyser_never_raises_on_a_truncated_query(text):
    query_words = words(truncate(text))
    assert all(isinstance(w.reading, str) and isinstance(w.form, str) for w in query_words)
    reading_runs(query_words)
    variant_forms(query_words)
