import json

from faq.seo import question_json_ld
from tests.factories import QuestionFactory


def test_it_builds_faqpage_json_ld_that_cannot_close_its_script_element():
    question = QuestionFactory.build(title_ja="</script><script>alert(1)</script>")
    text = question_json_ld(question, "A & B", "https://faq.example/ja/q/x/", "ja")
    assert "</script>" not in text and "&" not in text
    data = json.loads(text)
    assert data["@type"] == "FAQPage"
    assert data["inLanguage"] == "ja"
    assert data["mainEntity"][0]["name"] == "</script><script>alert(1)</script>"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "A & B"
