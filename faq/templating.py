"""The Jinja2 environment of the public pages (templates/jinja2/), through Django's own
backend (settings.TEMPLATES), as Mozilla's bedrock and kitsune serve theirs: a visitor's
page is rendered several times faster than by Django's template language, which the admin
keeps (docs/caching.md, "Templates").

The helpers below are the templates' vocabulary: Django's `static`, `url` and gettext, and
the FAQ's own (a question's link, a fragment kept by content version, the language switch).
Strings to translate are `_("...")` calls, which `makemessages` reads from these templates
as from Django's; a string with values is `_("... %(name)s ...")|format(name=value)`, and
the result is escaped as a whole.
"""

import functools

from django.conf import settings
from django.db.models import Model
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext, ngettext, override
from jinja2 import Environment, Undefined, pass_context
from markupsafe import Markup

from faq.cache import versioned
from faq.markdown import render_markdown
from faq.search.query import MAX_QUERY_LENGTH
from faq.seo import absolute_url
from faq.translations.state import shown_state


def environment(**options):
    # Django's backend picks DebugUndefined under DEBUG, which prints a missing variable as
    # "{{ name }}": the pages test for optional values, so render them alike everywhere.
    options["undefined"] = Undefined
    env = Environment(**options, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(gettext, ngettext)
    env.globals.update(
        static=_static,
        url=url,
        now=timezone.localtime,
        language_versions=language_versions,
        question_link=question_link,
        fragment=fragment,
        translation_state=translation_state,
        japanese_url=japanese_url,
        results_found=results_found,
        MAX_QUERY_LENGTH=MAX_QUERY_LENGTH,
    )
    env.filters.update(
        date=date,
        linebreaksbr=defaultfilters.linebreaksbr,
        markdown=render_markdown,
        lacks_translation=lacks_translation,
    )
    return env


def date(value, format_name):
    """Django's date filter, in the current time zone as Django's templates show times."""
    return defaultfilters.date(timezone.template_localtime(value), format_name)


# A static file's address depends only on the deployment's manifest, and an address only on
# the URL patterns and the language: they are looked up once per process, not per page
# (the templates name a handful of files; addresses are bounded by the caches' sizes).
_static = functools.lru_cache(maxsize=None)(static)


def url(name, *args):
    """{{ url("faq:vote", question.slug) }}: Django's reverse(), in the page's language (the
    prefix of every public address), looked up once per process."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(name, args, get_language(), get_script_prefix(), urlconf)


@functools.lru_cache(maxsize=4096)
def _reversed(name, args, language, script_prefix, urlconf):
    return reverse(name, args=args or None, urlconf=urlconf)


@functools.lru_cache(maxsize=4096)
def _translated_path(path, language, script_prefix):
    return translate_url(path, language)


def forget_lookups(**kwargs):
    """Forget the addresses looked up so far (connected to setting_changed)."""
    for lookup in (_static, _reversed, _translated_path):
        lookup.cache_clear()


@pass_context
def language_versions(context):
    """This page in every language: code, name in that language, absolute URL, active flag,
    and the address the language switch links to (the same search, same page of a list)."""
    request = context["request"]
    current = get_language()
    query = context.get("canonical_query", "")  # e.g. "?page=2" on a later category page
    switch_query = context.get("language_query", query)  # e.g. "?q=カード&category=system"
    versions = []
    for code, _name in settings.LANGUAGES:
        address = absolute_url(request, _translated_path(request.path, code, get_script_prefix()))
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": address + query,
                "switch_url": address + switch_query,
                "active": code == current,
            }
        )
    return versions


def lacks_translation(obj, field):
    """True where the active language's text is empty and the Japanese fallback shows."""
    language = get_language()
    if not obj or language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return False
    own = getattr(obj, f"{field}_{language.replace('-', '_')}", None)
    return not own and bool(getattr(obj, f"{field}_ja", ""))


@pass_context
def question_link(context, question):
    """A link to the question; "Japanese only" where its title has no translation, and
    "Preview" for editors where visitors cannot see it. For visitors each link is built
    once per content version and language: home shows two hundred of them."""
    user = context.get("user")
    if user is not None and user.is_staff:
        html = _question_link(question)
        if not question.is_public:
            html += format_html(' <span class="badge badge-preview">{}</span>', gettext("Preview"))
        return html
    return versioned(("question_link", question.pk), lambda: _question_link(question))


def _question_link(question):
    fallback = lacks_translation(question, "title")
    html = format_html(
        '<a href="{}"{}>{}</a>',
        question.get_absolute_url(),
        mark_safe(' lang="ja"') if fallback else "",
        question.title,
    )
    if fallback:
        html += format_html(' <span class="badge">{}</span>', gettext("Japanese only"))
    return html


@pass_context
def fragment(context, template_name, **objects):
    """{{ fragment("faq/_home_group.html", group=group) }}: that template, rendered with the
    page's context and these model objects (or lists of them, or plain values such as what
    a search asked), kept for visitors by content version and language
    (faq.cache.versioned) under those objects' keys. It must show nothing personal but to
    staff, who always get it afresh, and of the page's context only what those objects
    decide (the answer the view rendered for the question). Home shows twenty such
    sections, a category page fifty questions in one, a question page its content in one,
    and the search page its results."""
    user = context.get("user")

    def render():  # the template escaped what it shows
        template = context.environment.get_template(template_name)
        return Markup(template.render({**context.get_all(), **objects}))

    if user is not None and user.is_staff:
        return render()
    key = ("fragment", template_name, *((name, _identity(obj)) for name, obj in objects.items()))
    return versioned(key, render)


def _identity(obj):
    """A model object by its key, a list of them by theirs, anything else (what a search
    asked) as it is."""
    if isinstance(obj, Model):
        return obj.pk
    if isinstance(obj, list):
        return tuple(item.pk for item in obj)
    return obj


def translation_state(*objects_and_fields):
    """translation_state(question, "title", answer, "body"): the state of these fields
    together in the page's language (faq.translations.state.shown_state)."""
    pairs = zip(objects_and_fields[::2], objects_and_fields[1::2], strict=True)
    return shown_state(get_language(), *pairs)


def japanese_url(obj):
    """The address of obj's page in Japanese, the source language."""
    with override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return obj.get_absolute_url()


def results_found(count, query):
    """The search page's count line; in Python so that makemessages finds its plural."""
    return ngettext(
        "%(counter)s question found for “%(query)s”.",
        "%(counter)s questions found for “%(query)s”.",
        count,
    ) % {"counter": count, "query": query}
