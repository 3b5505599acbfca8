import pytest

from faq.search import spelling
from faq.search.query import SynonymRule
from faq.search.spelling import Vocabulary, allowed_typos, corrected
from faq.search.tokens import stem
from tests.factories import AnsweredQuestionFactory

VOCABULARY = Vocabulary({"merchant": 5, "subscription": 2, "certificat": 1, "card": 9})


@pytest.mark.parametrize(
    ("word", "typos"), [("ssl", 0), ("card", 1), ("merchnt", 1), ("subscripton", 2)]
)
def test_the_typos_allowed_grow_with_the_word(word, typos):
    assert allowed_typos(word) == typos


def test_a_known_word_or_the_start_of_one_is_known():
    assert VOCABULARY.knows("merchant")
    assert VOCABULARY.knows("merch")
    assert not VOCABULARY.knows("merchnt")


def test_the_nearest_word_within_the_allowed_typos_is_chosen():
    assert VOCABULARY.nearest("merchnt") == "merchant"
    assert VOCABULARY.nearest("crad") is None  # a swap is two edits; four letters allow one


def test_a_tie_goes_to_the_word_more_documents_hold():
    assert Vocabulary({"cart": 1, "card": 9}).nearest("carx") == "card"


def test_corrections_keep_what_the_stemmer_took_off(monkeypatch):
    monkeypatch.setattr(spelling, "vocabulary", lambda rules=(): VOCABULARY)
    assert corrected("SSL certifcate") == "ssl certificate"
    assert corrected("merchnt account") == "merchant account"


def test_a_query_of_known_words_is_not_corrected(monkeypatch):
    monkeypatch.setattr(spelling, "vocabulary", lambda rules=(): VOCABULARY)
    assert corrected("merchant card") is None
    assert corrected("カード決済") is None


@pytest.mark.django_db
def test_the_vocabulary_is_the_index_s_own_and_follows_new_content(monkeypatch):
    monkeypatch.setattr(spelling, "MAX_AGE", 0)
    AnsweredQuestionFactory(title_en="Payment dashboard")
    assert corrected("dashbord") == "dashboard"
    AnsweredQuestionFactory(title_en="Chargeback handling")
    assert corrected("chargebak") == "chargeback"


@pytest.mark.django_db
def test_the_vocabulary_is_read_again_at_most_every_max_age_seconds():
    AnsweredQuestionFactory(title_en="Payment dashboard")
    assert corrected("dashbord") == "dashboard"
    AnsweredQuestionFactory(title_en="Chargeback handling")
    assert corrected("chargebak") is None  # still the vocabulary read a moment ago


@pytest.mark.django_db
def test_the_words_of_synonyms_are_known_and_correctable():
    rules = (SynonymRule(("control panel",), ("control panel", "admin screen")),)
    assert corrected("controal panel", rules) == "control panel"


def test_the_words_a_prefix_starts_are_the_index_s_not_the_synonyms_only():
    vocabulary = Vocabulary({"merchant": 5, "merchandise": 0, "merge": 2, "card": 9})
    assert vocabulary.starting_with("merch", limit=5) == ["merchant"]
    assert vocabulary.starting_with("mer", limit=1) is None  # merchant and merge: too many
    assert vocabulary.starting_with("zzz", limit=5) == []


@pytest.mark.django_db
def test_completions_come_only_from_a_vocabulary_of_the_current_content():
    AnsweredQuestionFactory(title_en="Settlement schedule")
    assert spelling.completions("settl") == [stem("settlement")]
    AnsweredQuestionFactory(title_en="Settling disputes")  # a new version; same vocabulary
    assert spelling.completions("settl") is None


@pytest.mark.django_db
def test_both_languages_rules_share_one_read_of_the_index(monkeypatch):
    reads = []
    monkeypatch.setattr(spelling, "_read_vocabulary", lambda: reads.append(1) or {"card": 3})
    japanese = (SynonymRule(("クレカ",), ("クレカ", "credit card")),)
    english = (SynonymRule(("refund",), ("refund", "chargeback")),)
    for rules in (japanese, english, japanese, english):
        spelling.vocabulary(rules)
    assert len(reads) == 1
    assert spelling.vocabulary(english).knows("chargeback")
    assert not spelling.vocabulary(japanese).knows("chargeback")
