"""Hostile input against every public URL and admin form: no 500, no input echoed unescaped.

To cover a new page, add one line to PUBLIC_URLS (and to SLUG_URLS if its address carries a
slug). The content the URLs need is made once per test by the ``pages`` fixture. Admin add
forms are found by themselves: every registered model the user may add is covered.
"""

import json
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.admin_forms import submitted_data, text_fields
from tests.factories import AnsweredQuestionFactory, CategoryFactory

CATEGORY, QUESTION = "fuzz-category", "fuzz-question"

# (URL name, its kwargs, the query parameters the page reads)
PUBLIC_URLS = [
    ("faq:home", {}, ("q",)),
    ("faq:category", {"slug": CATEGORY}, ("q",)),
    ("faq:question", {"slug": QUESTION}, ("q",)),
    ("set_language", {}, ("next", "language")),
    ("faq:search", {}, ("q", "category", "page")),
    ("faq:search-suggest", {}, ("q",)),
    ("sitemap", {}, ()),
]
# URL names whose slug is fuzzed in the path itself
SLUG_URLS = ["faq:category", "faq:question"]

# Markup, SQL and full-text-search syntax, template syntax, control and bidi characters.
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "' OR '1'='1' --",
    "'; DROP TABLE faq_question; --",
    '"unterminated',
    'title:"a" AND NOT b* OR (c NEAR d',
    "a & b | !c <-> d:*",
    "%s %d {0} {{ 7*7 }} {% debug %}",
    "\x00",
    "\x1b[31m\r\n\t\x7f",
    "\u202e\u200b\ufeff",
    "../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "%00%ff%2e%2e",
]
# Appended to every input, so finding input+MARK in a page means the page echoed it.
MARK = "zqf"
TAGS = [snippet for snippet in HOSTILE if "<" in snippet]

hostile_text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=10)), max_size=6).map("".join),
    # Huge values: a long run of one piece, up to 50,000 characters.
    st.builds(
        lambda piece, n: piece * n,
        st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=3)),
        st.integers(min_value=1000, max_value=50_000 // 3),
    ),
)
languages = st.sampled_from(["ja", "en"])

fuzz = settings(
    max_examples=60,
    deadline=None,
    # The pages fixture is made once per test and only read, so sharing it across examples is safe.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def pages(db):
    category = CategoryFactory(slug=CATEGORY)
    AnsweredQuestionFactory(slug=QUESTION, category=category)


def _url(name, kwargs, language):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def _assert_safe(response, text):
    """A normal answer, no redirect off the site, and the input either absent or escaped."""
    body = response.content.decode("utf-8", errors="replace")

    assert response.status_code < 500
    assert urlsplit(response.get("Location", "")).netloc in ("", "testserver")
    if response.get("Content-Type", "").startswith("application/json"):
        # JSON has its own quoting (\" inside a string, ' needs none): what must never be
        # raw there is markup, written as \u003C, \u003E and \u0026 (faq.responses.escaped_json).
        json.loads(body)
        assert not any(ch in body for ch in "<>&")
        return
    assert all(tag not in body for tag in TAGS)
    if any(ch in text for ch in "<>\"'&"):
        assert f"{text}{MARK}" not in body


@fuzz
@given(
    target=st.sampled_from([(n, kw, p) for n, kw, params in PUBLIC_URLS for p in params]),
    text=hostile_text,
    language=languages,
)
def test_no_query_parameter_breaks_a_page_or_is_echoed_unescaped(
    client, pages, target, text, language
):
    name, kwargs, parameter = target
    query = urlencode({parameter: f"{text}{MARK}"})

    _assert_safe(client.get(f"{_url(name, kwargs, language)}?{query}"), text)


@fuzz
@given(
    name=st.sampled_from([n for n, _, _ in PUBLIC_URLS]),
    key=st.text(min_size=1, max_size=20),
    text=hostile_text,
)
def test_unknown_query_parameters_are_harmless(client, pages, name, key, text):
    kwargs = next(kw for n, kw, _ in PUBLIC_URLS if n == name)
    query = urlencode({key: f"{text}{MARK}"})

    _assert_safe(client.get(f"{_url(name, kwargs, 'ja')}?{query}"), text)


@fuzz
@given(name=st.sampled_from(SLUG_URLS), text=hostile_text, language=languages)
def test_no_slug_in_the_path_breaks_a_page_or_is_echoed_unescaped(
    client, pages, name, text, language
):
    path = _url(name, {"slug": "SLUG"}, language).replace("SLUG", quote(f"{text}{MARK}", safe=""))

    _assert_safe(client.get(path), text)


def _invalid_utf8(data: tuple[bytes, bytes]) -> str:
    raw = data[0] + b"\xff" + data[1]  # 0xff never occurs in UTF-8
    return "".join(f"%{byte:02X}" for byte in raw)


invalid_utf8 = st.tuples(st.binary(max_size=20), st.binary(max_size=20)).map(_invalid_utf8)


@fuzz
@given(name=st.sampled_from(SLUG_URLS), encoded=invalid_utf8)
def test_invalid_utf8_in_the_path_is_a_client_error(client, pages, name, encoded):
    path = _url(name, {"slug": "SLUG"}, "ja").replace("SLUG", encoded)

    assert client.get(path).status_code in (400, 404)


@fuzz
@given(target=st.sampled_from(PUBLIC_URLS), encoded=invalid_utf8)
def test_invalid_utf8_in_a_query_parameter_breaks_no_page(client, pages, target, encoded):
    name, kwargs, params = target

    for parameter in params:
        assert client.get(f"{_url(name, kwargs, 'ja')}?{parameter}={encoded}").status_code < 500


@pytest.fixture
def editor(client, model_admin, erin, alice):
    """Content forms as erin the Editor, who works in them; the rest as alice the Administrator."""
    is_content = model_admin.opts.app_label in ("faq", "contacts")
    client.force_login(erin if is_content else alice)
    return client


class _Superuser:
    is_active = is_staff = is_superuser = True

    def has_perm(self, perm, obj=None):
        return True


def _addable_admins():
    """Registered admins whose add form exists at all (axes' logs, for one, have none)."""
    request = type("Request", (), {"user": _Superuser()})()
    return [a for a in admin.site._registry.values() if a.has_add_permission(request)]


@pytest.fixture
def add_form(editor, model_admin):
    """The add form's address, its data as submitted, and its text fields: read once per test,
    since the empty form is the same for every example (rendering an admin form is the cost)."""
    url = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_add")
    page = editor.get(url)
    return url, submitted_data(page, _save="Save"), text_fields(page)


@pytest.mark.parametrize("model_admin", _addable_admins(), ids=lambda a: a.opts.label_lower)
@fuzz
@given(text=hostile_text)
def test_no_admin_add_form_breaks_or_echoes_input_unescaped(editor, add_form, text):
    url, data, fields = add_form
    data = {**data, **dict.fromkeys(fields, f"{text}{MARK}")}

    _assert_safe(editor.post(url, data, follow=True), text)


@fuzz
@given(helpful=hostile_text, reason=hostile_text, language=languages)
def test_no_vote_breaks_the_question_page_or_is_echoed_unescaped(
    client, pages, helpful, reason, language
):
    vote_url = _url("faq:vote", {"slug": QUESTION}, language)
    response = client.post(vote_url, {"helpful": f"{helpful}{MARK}", "reason": f"{reason}{MARK}"})

    _assert_safe(response, helpful)
    _assert_safe(response, reason)
