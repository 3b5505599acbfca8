import pytest

from faq.models import Question
from tests.factories import AnsweredQuestionFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_it_lists_published_pages_in_both_languages_with_hreflang_alternates(client):
    question = AnsweredQuestionFactory()
    xml = client.get("/sitemap.xml").content.decode()
    for language in ("ja", "en"):
        assert f"<loc>http://testserver/{language}/q/{question.slug}/</loc>" in xml
        assert f"<loc>http://testserver/{language}/c/{question.category.slug}/</loc>" in xml
        assert (
            f'<xhtml:link rel="alternate" hreflang="{language}" '
            f'href="http://testserver/{language}/q/{question.slug}/"/>'
        ) in xml


def test_it_leaves_out_what_visitors_cannot_see(client):
    draft = AnsweredQuestionFactory(status=Question.Status.DRAFT)
    hidden_category = AnsweredQuestionFactory(category__is_published=False)
    hidden_group = AnsweredQuestionFactory(category__parent__is_published=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/q/{draft.slug}/" not in xml
    for published_but_hidden in (hidden_category, hidden_group):
        assert f"/c/{published_but_hidden.category.slug}/" not in xml
        assert f"/q/{published_but_hidden.slug}/" not in xml


def test_with_a_site_url_every_location_is_on_it_whatever_the_host_header(client, settings):
    settings.SITE_URL = "https://faq.example.com"
    question = AnsweredQuestionFactory()

    xml = client.get("/sitemap.xml", HTTP_HOST="localhost:9999").content.decode()

    assert f"<loc>https://faq.example.com/ja/q/{question.slug}/</loc>" in xml
    assert 'href="https://faq.example.com/en/' in xml
    assert "9999" not in xml


def test_it_leaves_out_an_empty_category(client):
    empty = CategoryFactory()
    AnsweredQuestionFactory(category__parent=empty.parent, status=Question.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/c/" not in xml
