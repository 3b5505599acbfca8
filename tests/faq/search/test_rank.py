import pytest
from django.db import connection
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faq.models import Question
from faq.search import rank
from faq.search.query import Clause, Phrase
from faq.search.rank import ENOUGH_RESULTS, search
from faq.search.tokens import stem
from tests.factories import AnsweredQuestionFactory, AnswerFactory, SynonymFactory

pytestmark = pytest.mark.django_db


def test_a_title_match_ranks_above_an_answer_match_above_a_category_match():
    in_category = AnsweredQuestionFactory(category__name_ja="返金")
    in_answer = AnswerFactory(body_ja="返金は翌月です。").question
    in_title = AnsweredQuestionFactory(title_ja="返金の時期")
    assert search("返金").question_ids == [in_title.pk, in_answer.pk, in_category.pk]


def test_a_query_the_database_refuses_shows_no_result_and_is_logged(monkeypatch, caplog):
    AnsweredQuestionFactory(title_ja="返金の時期")
    broken = "SELECT broken FROM nowhere"
    monkeypatch.setattr(rank, "_SQLITE", broken)
    monkeypatch.setattr(rank, "_POSTGRES_SQL", {rank.SURFACE: broken, rank.READING: broken})
    assert search("返金").question_ids == []
    assert any("search query failed" in r.getMessage() for r in caplog.records)
    caplog.clear()  # expected here: tests/conftest.py fails every other test that logs it


def test_a_title_match_ranks_above_an_answer_match():
    in_answer = AnswerFactory(body_ja="解約の手続きは管理画面から行えます。").question
    in_title = AnsweredQuestionFactory(title_ja="解約方法を教えてください")
    assert search("解約").question_ids == [in_title.pk, in_answer.pk]


def test_questions_with_every_term_come_before_those_with_some():
    both = AnsweredQuestionFactory(title_ja="カードの解約")
    one = AnsweredQuestionFactory(title_ja="解約について")
    assert search("カード解約").question_ids[:2] == [both.pk, one.pk]


def test_a_pass_ranks_only_the_newest_matches(monkeypatch):
    monkeypatch.setattr(rank, "MAX_CANDIDATES", 2)
    oldest_best = AnsweredQuestionFactory(title_ja="返金について")
    in_answers = [AnswerFactory(body_ja="返金は翌月です。").question for _ in range(2)]
    newest_in_title = AnsweredQuestionFactory(title_ja="返金の時期")
    assert search("返金").question_ids == [newest_in_title.pk, in_answers[-1].pk]
    monkeypatch.setattr(rank, "MAX_CANDIDATES", 10)
    assert set(search("返金").question_ids[:2]) == {oldest_best.pk, newest_in_title.pk}


def test_beyond_the_reranked_matches_a_title_match_still_comes_before_answer_matches(
    monkeypatch,
):
    monkeypatch.setattr(rank, "RERANKED", 2)
    oldest_in_title = AnsweredQuestionFactory(title_ja="返金について")
    in_answers = [AnswerFactory(body_ja="返金は翌月です。").question for _ in range(3)]
    found = rank.candidates(rank.parse("返金").clauses, "AND")
    assert found[0] == oldest_in_title.pk
    assert set(found[1:]) == {question.pk for question in in_answers}


def test_a_word_typed_in_part_is_searched_as_the_whole_words_it_starts():
    question = AnsweredQuestionFactory(title_en="Settlement schedule")
    completed = rank._completed(rank.parse("settl").clauses)
    assert completed == (Clause((Phrase((stem("settlement"),)),)),)
    with translation.override("en"):
        assert search("settl").question_ids == [question.pk]


def test_a_whole_sentence_finds_the_question():
    question = AnsweredQuestionFactory(title_ja="休止・解約方法について教えてください。")
    AnsweredQuestionFactory.create_batch(
        ENOUGH_RESULTS, title_ja="料金体系について教えてください。"
    )
    assert search("解約したいのですがどうすればいいですか").question_ids[0] == question.pk


def test_unpublished_and_future_questions_are_not_found():
    AnsweredQuestionFactory(title_ja="返金について", status=Question.Status.DRAFT)
    AnsweredQuestionFactory(
        title_ja="返金の予定", publish_at=timezone.now() + timezone.timedelta(days=1)
    )
    assert search("返金").question_ids == []


def test_a_scheduled_question_is_found_once_due_with_no_save(monkeypatch):
    now = timezone.now()
    question = AnsweredQuestionFactory(
        title_ja="返金の予定", publish_at=now + timezone.timedelta(hours=1)
    )
    assert search("返金").question_ids == []  # the visibility SQL is kept from now on

    monkeypatch.setattr(timezone, "now", lambda: now + timezone.timedelta(hours=2))
    assert search("返金").question_ids == [question.pk]


def test_the_visibility_sql_is_built_once_per_content_version(monkeypatch):
    built = []
    build = rank._published_among_sql
    monkeypatch.setattr(rank, "_published_among_sql", lambda: built.append(1) or build())
    question = AnsweredQuestionFactory(title_ja="返金の時期")
    search("返金")
    search("返金について")
    assert len(built) == 1

    question.title_ja = "返金の時期と方法"
    question.save()  # a new content version
    assert search("返金").question_ids == [question.pk]
    assert len(built) == 2


def test_another_queryset_is_searched_with_its_own_visibility():
    draft = AnsweredQuestionFactory(title_ja="返金について", status=Question.Status.DRAFT)
    assert search("返金").question_ids == []
    assert search("返金", Question.objects.all()).question_ids == [draft.pk]


def test_a_synonym_finds_the_other_word():
    SynonymFactory(terms="サブスク, 継続課金")
    question = AnsweredQuestionFactory(title_ja="継続課金は可能ですか?")
    assert search("サブスクできますか").question_ids == [question.pk]


def test_a_synonym_of_the_other_language_is_not_applied():
    SynonymFactory(terms="refund, chargeback", language="en")
    AnsweredQuestionFactory(title_en="Chargeback rules")
    assert search("refund", language="ja").question_ids == []
    assert search("refund", language="en").question_ids != []


def test_the_index_the_database_offers_is_the_one_searched():
    tables = connection.introspection.table_names()
    if connection.vendor == "sqlite":
        assert "faq_searchdocument_fts" in tables
    else:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(
                connection.cursor(), "faq_searchdocument"
            )
        ]
        assert "search_vector" in columns


HOSTILE = st.one_of(
    st.text(),
    st.sampled_from(
        [
            '"',
            "*",
            "NEAR(",
            "OR",
            ":",
            "&",
            "!",
            "'; DROP TABLE faq_question; --",
            "a:*",
            "(",
            ")",
            "\\",
            "\x00",
            "\ud800",
            "<script>",
            "-",
            "^",
        ]
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(HOSTILE, max_size=4).map(" ".join))
def test_any_string_is_safe_to_search(query):
    """No query fails in the database (tests/conftest.py) or breaks the words beside it."""
    card = Question.objects.first() or AnsweredQuestionFactory(title_ja="カード決済")
    assert set(search(query).question_ids) <= {card.pk}
    assert search(f"カード決済 {query}").question_ids == [card.pk]


# --- readings, forms, spelling, the closest questions (issue 12) -------------------------


def test_a_query_in_hiragana_finds_the_kanji():
    question = AnsweredQuestionFactory(title_ja="導入に際して審査はありますか?")
    AnsweredQuestionFactory(title_ja="料金体系について教えてください。")
    assert search("しんさ").question_ids == [question.pk]


def test_a_mis_converted_kanji_finds_the_right_one():
    question = AnsweredQuestionFactory(title_ja="クレジットカード決済は導入できますか?")
    assert search("クレジット決裁").question_ids == [question.pk]


def test_a_surface_match_ranks_above_a_reading_only_match():
    reading_only = AnsweredQuestionFactory(title_ja="診査の流れ")  # reads しんさ too
    surface = AnsweredQuestionFactory(title_ja="審査の流れ")
    assert search("審査").question_ids == [surface.pk, reading_only.pk]


def test_a_spelling_variant_meets_its_normalised_form():
    question = AnsweredQuestionFactory(title_ja="申込の方法")
    assert search("申し込み").question_ids == [question.pk]


def test_a_one_way_synonym_brings_in_the_faq_word_on_inflected_forms():
    SynonymFactory(terms="契約を終わらせる => 解約", language="ja")
    cancel = AnsweredQuestionFactory(title_ja="休止・解約方法について教えてください。")
    assert search("契約を終わらせたい").question_ids[0] == cancel.pk


def test_a_one_way_synonym_does_not_work_backwards():
    SynonymFactory(terms="お店 => 実店舗", language="ja")
    AnsweredQuestionFactory(title_ja="お店の探し方")
    found = search("実店舗")
    assert found.question_ids == [] or found.closest


def test_a_synonym_typed_in_hiragana_finds_the_other_word():
    SynonymFactory(terms="手数料, 処理料", language="ja")
    question = AnsweredQuestionFactory(title_ja="処理料はかかりますか")
    assert search("てすうりょう").question_ids == [question.pk]


def test_a_mistyped_english_word_is_corrected_to_a_word_of_the_index(settings):
    question = AnsweredQuestionFactory(title_en="Recurring subscription billing")
    found = search("subscripton", language="en")
    assert found.corrected == "subscription"
    assert found.question_ids == [question.pk]


def test_the_exact_words_are_not_corrected():
    AnsweredQuestionFactory(title_en="Recurring subscription billing")
    found = search("subscripton", language="en", exact=True)
    assert found.corrected == ""
    assert found.closest


def test_no_match_gives_the_closest_questions_by_their_reading():
    near = AnsweredQuestionFactory(title_ja="決済について")  # けつさいについて
    AnsweredQuestionFactory(title_ja="料金体系")
    found = search("けつさいすてむ")
    assert found.closest
    assert found.question_ids[0] == near.pk


def test_no_evidence_at_all_gives_the_featured_questions_as_the_closest():
    featured = AnsweredQuestionFactory(is_featured=True, title_ja="よくある質問")
    AnsweredQuestionFactory(title_ja="料金体系")
    found = search("xqzvw")
    assert found.closest
    assert found.question_ids == [featured.pk]


@pytest.mark.parametrize("query", ["?!", "。", "を", "the"])
def test_a_query_without_content_gets_no_closest_questions(query):
    AnsweredQuestionFactory(is_featured=True, title_ja="よくある質問")
    assert not search(query).closest


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(max_size=300),
        st.text(alphabet=st.characters(categories=["Cs", "Mn", "Me", "Cc", "Cf", "Co"])),
        st.text(alphabet="\u0301\u3099\u309a漢かカaZ1 ", max_size=300),
        st.just("漢" * 200),
    )
)
def test_any_text_at_all_is_safe_to_search(query):
    if not Question.objects.exists():
        AnsweredQuestionFactory(title_ja="カード決済", title_en="Card payments")
    found = search(query)
    assert isinstance(found.question_ids, list)
    assert len(found.query.text) <= 200
