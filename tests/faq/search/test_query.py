import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from faq.search.query import MAX_QUERY_LENGTH, parse, to_fts5, to_tsquery

SYNONYMS = [["サブスク", "継続課金"], ["amex", "American Express"]]


def test_a_synonym_becomes_one_clause_with_each_term_as_a_phrase():
    query = parse("サブスク", SYNONYMS)
    assert to_fts5(query.clauses, "AND") == '("さぶ ぶす すく" OR "継続 続課 課金")'
    assert to_tsquery(query.clauses, "AND") == (
        "(('さぶ' <-> 'ぶす' <-> 'すく') | ('継続' <-> '続課' <-> '課金'))"
    )


def test_a_synonym_is_found_inside_a_sentence():
    query = parse("サブスクできますか", SYNONYMS)
    assert "継続 続課 課金" in to_fts5(query.strong, "OR")


def test_particles_are_weak_and_left_out_of_the_strong_clauses():
    query = parse("解約したい")
    assert to_fts5(query.strong, "OR") == '("解約")'


def test_query_syntax_typed_by_a_visitor_is_only_text():
    query = parse('"NEAR( OR *:&! x')
    compiled = to_fts5(query.clauses, "AND")
    assert "NEAR(" not in compiled
    assert compiled == '("near" *) AND ("or") AND ("x")'


def test_it_cuts_the_query_to_the_maximum_length():
    assert len(parse("あ" * 10_000).text) == MAX_QUERY_LENGTH


def _fts5():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 0')")
    db.execute("INSERT INTO t VALUES ('かど 決済')")
    return db


_DB = _fts5()


@given(st.text(), st.sampled_from(["AND", "OR"]))
def test_any_query_compiles_to_valid_fts5(text, operator):
    query = parse(text, SYNONYMS)
    if query.clauses:
        _DB.execute("SELECT rowid FROM t WHERE t MATCH ?", [to_fts5(query.clauses, operator)])
