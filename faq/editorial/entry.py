"""A question with its parts (its answer, its related links), as one entry.

What a question's "whole entry" is: its revision history follows QUESTION_PARTS
(faq/admin.py), and ``parts_of`` reads the same two parts fresh from the database for the
edit token (``locking``) and the comparisons.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from faq.translations.diff import japanese_diff
from faq.translations.state import SOURCE_LANGUAGE, TARGET_LANGUAGE

QUESTION_PARTS = ("answer", "related_links")
LANGUAGES = (SOURCE_LANGUAGE, TARGET_LANGUAGE)


def parts_of(obj, lock=False):
    """The rows edited together with ``obj`` on its admin form, ``obj`` first; with ``lock``,
    the parts are locked (SELECT ... FOR UPDATE) until the transaction ends."""
    from faq.models import Answer, Question, RelatedLink

    if not isinstance(obj, Question):
        return [obj]
    answer = Answer._base_manager.filter(question_id=obj.pk)
    links = RelatedLink._base_manager.filter(question_id=obj.pk).order_by("pk")
    if lock:
        answer, links = answer.select_for_update(), links.select_for_update()
    return [obj, *answer, *links]


def question_texts(question, answer, links, category):
    """What a reader of the entry compares, label -> text, both languages."""
    texts = {}
    for language in LANGUAGES:
        suffix = language.upper()
        texts[f"{_('question')} [{suffix}]"] = getattr(question, f"title_{language}") or ""
        body = getattr(answer, f"body_{language}", "") if answer else ""
        texts[f"{_('answer')} [{suffix}]"] = body or ""
    texts[str(_("category"))] = category
    texts[str(_("status"))] = question.get_status_display()
    texts[str(_("related links"))] = "\n".join(links)
    return texts


def link_line(link):
    """One related link as a line of text; a deleted target shows as its id."""
    from faq.models import Question

    if link.target_id:
        slugs = Question._base_manager.filter(pk=link.target_id).values_list("slug", flat=True)
        target = slugs.first() or f"#{link.target_id}"
    else:
        target = link.url
    label = " / ".join(filter(None, (link.label_ja, link.label_en)))
    return f"{link.position}. {target}" + (f" ({label})" if label else "")


def live_texts(question):
    """The entry as the database holds it now."""
    _question, *parts = parts_of(question)
    return _texts_of(question, parts)


def version_texts(version):
    """The entry as a reversion Version of the question (and its revision) recorded it."""
    question = version._object_version.object
    rows = [v._object_version.object for v in version.revision.version_set.all()]
    # A revision may hold other questions' parts too (a translations import saves many).
    parts = [row for row in rows if getattr(row, "question_id", None) == question.pk]
    return _texts_of(question, parts)


def _texts_of(question, parts):
    from faq.models import Answer, Category, RelatedLink

    answer = next((p for p in parts if isinstance(p, Answer)), None)
    links = sorted((p for p in parts if isinstance(p, RelatedLink)), key=lambda link: link.position)
    category = Category._base_manager.filter(pk=question.category_id).first()
    label = category_label(category) if category else "–"
    return question_texts(question, answer, [link_line(link) for link in links], label)


def category_label(category):
    """ "Group › Category", or the group's name alone."""
    if category.parent_id:
        return f"{category.parent} › {category}"
    return str(category)


def published_version(question, limit=200):
    """The newest Version of ``question`` in which it was published, or None (a new one)."""
    from reversion.models import Version

    versions = Version.objects.get_for_object(question).select_related("revision")[:limit]
    return next((v for v in versions if v.field_dict.get("status") == "published"), None)


@dataclass(frozen=True)
class Difference:
    label: str
    diff: str  # HTML: <del> and <ins> in escaped text


def differences(then, now):
    """The labels whose text differs between two ``*_texts`` results, with their diff."""
    return [
        Difference(label, japanese_diff(then.get(label, ""), text))
        for label, text in now.items()
        if then.get(label, "") != text
    ]


def changes_since_published(question):
    """(the last published Version or None, the differences of the question as it is now
    from it: everything is new when it never was published)."""
    published = published_version(question)
    then = version_texts(published) if published else {}
    return published, differences(then, live_texts(question))
