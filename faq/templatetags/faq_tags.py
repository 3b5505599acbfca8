from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext as _

from faq.cache import versioned
from faq.markdown import render_markdown
from faq.search.query import MAX_QUERY_LENGTH
from faq.seo import absolute_url
from faq.translations.state import shown_state

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: code, name in that language, absolute URL, active flag,
    and the address the language switch links to (the same search, same page of a list)."""
    request = context["request"]
    current = get_language()
    query = context.get("canonical_query", "")  # e.g. "?page=2" on a later category page
    switch_query = context.get("language_query", query)  # e.g. "?q=カード&category=system"
    versions = []
    for code, _name in settings.LANGUAGES:
        address = absolute_url(request, translate_url(request.path, code))
        info = get_language_info(code)
        versions.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": address + query,
                "switch_url": address + switch_query,
                "active": code == current,
            }
        )
    return versions


@register.filter
def lacks_translation(obj, field):
    """True where the active language's text is empty and the Japanese fallback shows."""
    language = get_language()
    if not obj or language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return False
    own = getattr(obj, f"{field}_{language.replace('-', '_')}", None)
    return not own and bool(getattr(obj, f"{field}_ja", ""))


@register.simple_tag
def max_query_length():
    """The search boxes' maxlength: the length the search cuts every query to."""
    return MAX_QUERY_LENGTH


@register.filter
def markdown(text):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def question_link(context, question):
    """A link to the question; "Japanese only" where its title has no translation, and
    "Preview" for editors where visitors cannot see it. A tag, not an include: home shows
    two hundred of them, and an include costs more than all the rest of a link; for
    visitors each link is built once per content version and language."""
    user = context.get("user")
    if user is not None and user.is_staff:
        html = _question_link(question)
        if not question.is_public:
            html += format_html(' <span class="badge badge-preview">{}</span>', _("Preview"))
        return html
    return versioned(("question_link", question.pk), lambda: _question_link(question))


@register.simple_tag(takes_context=True)
def fragment(context, template_name, **objects):
    """{% fragment "faq/_qa_item.html" question=question %}: that template with these model
    objects (and the user). It must show nothing personal but to staff: for visitors it is
    rendered once per content version and language (faq.cache.versioned), as home shows
    twenty such sections and a category page fifty."""
    user = context.get("user")

    def render():  # a SafeString: the template escaped what it shows
        return render_to_string(template_name, {**objects, "user": user})

    if user is not None and user.is_staff:
        return render()
    key = ("fragment", template_name, *((name, obj.pk) for name, obj in objects.items()))
    return versioned(key, render)


def _question_link(question):
    fallback = lacks_translation(question, "title")
    html = format_html(
        '<a href="{}"{}>{}</a>',
        question.get_absolute_url(),
        mark_safe(' lang="ja"') if fallback else "",
        question.title,
    )
    if fallback:
        html += format_html(' <span class="badge">{}</span>', _("Japanese only"))
    return html


@register.simple_tag
def translation_state(*objects_and_fields):
    """{% translation_state question "title" answer "body" as shown %}: the state of these
    fields together in the page's language (faq.translations.state.shown_state)."""
    pairs = zip(objects_and_fields[::2], objects_and_fields[1::2], strict=True)
    return shown_state(get_language(), *pairs)


@register.simple_tag
def japanese_url(obj):
    """The address of obj's page in Japanese, the source language."""
    with override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return obj.get_absolute_url()
