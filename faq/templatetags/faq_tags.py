from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from faq.markdown import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: code, name in that language, absolute URL, active flag."""
    request = context["request"]
    current = get_language()
    query = context.get("canonical_query", "")  # e.g. "?page=2" on a later category page
    versions = []
    for code, _name in settings.LANGUAGES:
        url = request.build_absolute_uri(translate_url(request.path, code)) + query
        info = get_language_info(code)
        versions.append(
            {"code": code, "name": info["name_local"], "url": url, "active": code == current}
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


@register.filter
def markdown(text):
    return render_markdown(text)
