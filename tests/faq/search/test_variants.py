from faq.search.query import Phrase, SynonymRule
from faq.search.variants import variants


def alternatives(clauses):
    return [set(c.alternatives) for c in clauses]


def test_each_word_with_meaning_is_a_clause_written_as_typed_or_in_its_form():
    found = variants("申込をしたい")
    assert alternatives(found.forms) == [
        {Phrase(("申込",)), Phrase(("申し", "し込", "込み")), Phrase(("申し込み",))}
    ]


def test_the_reading_of_each_run_between_particles_is_a_clause():
    found = variants("けいやくのしんさ")
    assert [c.alternatives[0].tokens for c in found.run_readings] == [
        ("けい", "いや", "やく", "くの", "のし", "しん", "んさ")
    ]


def test_a_particle_at_the_end_of_a_run_is_not_read():
    found = variants("しんさは")
    assert [c.alternatives[0].tokens for c in found.run_readings] == [("しん", "んさ")]


def test_a_synonym_matches_the_normalised_forms_of_the_query():
    rule = SynonymRule(("契約を終わらせる",), ("契約を終わらせる", "解約"))
    found = variants("契約を終わらせたいです", (rule,))
    assert Phrase(("解約",)) in found.forms[0].alternatives


def test_a_synonym_matches_the_reading_of_the_query():
    rule = SynonymRule(("手数料", "処理料"), ("手数料", "処理料"))
    found = variants("てすうりょう", (rule,))
    assert Phrase(("処理", "理料")) in found.synonyms_by_reading[0].alternatives


def test_a_lone_particle_or_punctuation_has_no_content():
    assert not variants("を").has_content
    assert not variants("?!").has_content
    assert variants("けいやく").has_content
