import json
import re

import pytest

from faq.seo import check_site_url, question_json_ld
from tests.factories import AnsweredQuestionFactory, QuestionFactory


def test_it_builds_faqpage_json_ld_that_cannot_close_its_script_element():
    question = QuestionFactory.build(title_ja="</script><script>alert(1)</script>")
    text = question_json_ld(question, "A & B", "https://faq.example/ja/q/x/", "ja")
    assert "</script>" not in text and "&" not in text
    data = json.loads(text)
    assert data["@type"] == "FAQPage"
    assert data["inLanguage"] == "ja"
    assert data["mainEntity"][0]["name"] == "</script><script>alert(1)</script>"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "A & B"


SITE = "https://faq.example.com"
ANY_PORT = "localhost:9999"  # an allowed host with a port of the client's choosing


def _absolute_urls(html):
    return re.findall(r'(?:href|content)="(https?://[^"]+)"|"url": "(https?://[^"]+)"', html)


@pytest.mark.django_db
def test_with_a_site_url_no_port_of_the_host_header_reaches_a_page(client, settings):
    settings.SITE_URL = SITE
    question = AnsweredQuestionFactory()

    html = client.get(question.get_absolute_url(), HTTP_HOST=ANY_PORT).content.decode()

    urls = [found for pair in _absolute_urls(html) for found in pair if found]
    assert "9999" not in html
    assert len(urls) >= 5  # canonical, og:url, two hreflang, x-default, JSON-LD
    assert all(url.startswith(f"{SITE}/") for url in urls)
    assert f'<link rel="canonical" href="{SITE}{question.get_absolute_url()}">' in html
    assert f'"url": "{SITE}{question.get_absolute_url()}"' in html


@pytest.mark.django_db
def test_without_a_site_url_development_uses_the_request(client, settings):
    settings.SITE_URL = ""
    question = AnsweredQuestionFactory()

    html = client.get(question.get_absolute_url()).content.decode()

    assert f'<link rel="canonical" href="http://testserver{question.get_absolute_url()}">' in html


@pytest.mark.parametrize(("site_url", "warned"), [("", True), (SITE, False)])
def test_the_deploy_check_asks_for_a_site_url(settings, site_url, warned):
    settings.SITE_URL = site_url

    assert [w.id for w in check_site_url()] == (["faq.W003"] if warned else [])
