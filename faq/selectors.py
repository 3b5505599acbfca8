"""Reads shared by the public views: what a visitor (or a previewing editor) may see."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from contacts.models import ContactChannel
from faq.cache import content_version, versioned
from faq.models import Category, FooterLink, Question, RelatedLink, SiteSettings, published_q


def visible_categories(user):
    """Editors preview everything (each row knowing whether visitors see it, for the Preview
    banner); visitors see only what is published."""
    return Category.objects.with_visibility() if user.is_staff else Category.objects.published()


def visible_questions(user):
    return Question.objects.with_visibility() if user.is_staff else Question.objects.published()


def _listed(user):
    """The questions listed inside a category the user may see (so no category join)."""
    return Question.objects.with_visibility() if user.is_staff else Question.objects.due()


def _kept_for_visitors(user, key, read):
    """Visitors' reads are the same for everyone until the content changes, so they are kept
    by content version (faq.cache.versioned); staff previews are read afresh."""
    return read() if user.is_staff else versioned(key, read)


def _flagged_for(user, questions):
    """For editors, each question carries whether visitors see it: the Preview badge of
    every link asks, and would otherwise cost a query per link."""
    return questions.with_visibility() if user.is_staff else questions


# Home lists this many questions per category (the shipped FAQ has at most 7), then links to
# the category page: home stays small however many questions a category holds.
HOME_QUESTIONS = 10
# Questions per category page, each with its answer (collapsed until opened). Twenty keeps a
# page a short scroll on a phone and its HTML small: with answers of a few hundred characters
# a page of 50 weighed 61 KB (docs/benchmarks.md, session 8).
CATEGORY_PAGE_SIZE = 20


def home_groups(user):
    """Listed groups and their listed categories (published, with a due question), each
    with its first HOME_QUESTIONS published questions as `first_questions` and `has_more`
    when it holds more than that.

    One small query per category, each an index range of HOME_QUESTIONS + 1 rows: home
    costs the same with 1,000 or 100,000 questions. (Numbering every category's rows in one
    windowed query, or counting them, reads every question.)
    """
    return _kept_for_visitors(user, ("home_groups",), lambda: _read_home_groups(user))


def _read_home_groups(user):
    children = Prefetch("children", queryset=Category.objects.listed())
    groups = list(Category.objects.listed().groups().prefetch_related(children))
    in_order = _flagged_for(user, Question.objects.due().order_by("position", "pk"))
    for group in groups:
        for category in (group, *group.children.all()):
            first = list(in_order.filter(category=category)[: HOME_QUESTIONS + 1])
            category.first_questions = first[:HOME_QUESTIONS]
            category.has_more = len(first) > HOME_QUESTIONS
    return groups


def featured_questions(user):
    def read():
        featured = Question.objects.published().featured().select_related("category")
        return list(_flagged_for(user, featured)[:HOME_QUESTIONS])

    return _kept_for_visitors(user, ("featured",), read)


def active_contacts():
    return versioned(("active_contacts",), lambda: list(ContactChannel.objects.active()))


def category_for_page(slug, user):
    def read():
        return get_object_or_404(visible_categories(user).select_related("parent"), slug=slug)

    return _kept_for_visitors(user, ("category", slug), read)


def category_questions(category, user, page_number):
    """One page of the category's questions with their answers; a bad page number is a 404
    (not a fallback page), so no junk ``?page=`` value becomes another copy of the page."""
    key = ("category_questions", category.pk, page_number)
    return _kept_for_visitors(user, key, lambda: _read_page(category, user, page_number))


def _read_page(category, user, page_number):
    questions = _listed(user).filter(category=category).select_related("answer")
    paginator = Paginator(questions.order_by("position", "pk"), CATEGORY_PAGE_SIZE)
    try:
        page = paginator.page(page_number or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error
    page.object_list = list(page.object_list)
    return page


def child_categories(category):
    def read():  # the query is built only when read: building it costs more than running it
        return list(Category.objects.listed().filter(parent=category))

    return versioned(("children", category.pk), read)


def question_for_page(slug, user):
    """The question with everything its page shows, in a fixed number of queries."""
    return _kept_for_visitors(user, ("question", slug), lambda: _read_question(slug, user))


def _read_question(slug, user):
    shown_links = RelatedLink.objects.filter(
        Q(target=None) | published_q("target__")
    ).select_related("target")
    active = ContactChannel.objects.active()
    queryset = visible_questions(user).select_related("category__parent", "answer")
    queryset = queryset.prefetch_related(
        Prefetch("related_links", queryset=shown_links),
        Prefetch("contact_channels", queryset=active),
        Prefetch("category__contact_channels", queryset=active),
    )
    return get_object_or_404(queryset, slug=slug)


def contacts_for(question):
    """The question's own channels, else its category's, else every active channel."""
    return (
        list(question.contact_channels.all())
        or list(question.category.contact_channels.all())
        or list(active_contacts())
    )


def neighbours(question):
    """The previous and next published questions of the same category, in list order
    (position, then id), read in one query.

    Each is one backward or forward step along the listing index: "at or before this
    position, less the ties that come after it" keeps to one index range, where the
    equivalent OR of two ranges made SQLite collect and sort half the category.
    """
    return versioned(("neighbours", question.pk), lambda: _read_neighbours(question))


def _read_neighbours(question):
    siblings = Question.objects.due().filter(category_id=question.category_id)
    position, pk = question.position, question.pk
    before = (
        siblings.filter(position__lte=position)
        .exclude(position=position, pk__gte=pk)
        .order_by("-position", "-pk")
    )
    after = (
        siblings.filter(position__gte=position)
        .exclude(position=position, pk__lte=pk)
        .order_by("position", "pk")
    )
    steps = Q(pk__in=before.values("pk")[:1]) | Q(pk__in=after.values("pk")[:1])
    found = list(Question.objects.filter(steps))
    place = (position, pk)
    previous = next((q for q in found if (q.position, q.pk) < place), None)
    following = next((q for q in found if (q.position, q.pk) > place), None)
    return previous, following


# The site settings of the current content version: every page shows them, and the version
# changes with any content save (faq.cache), so one read per process and version suffices.
_site_settings_memo = {"version": None, "record": None}


def site_settings():
    """The site settings record (unsaved defaults until an editor saves one), with its
    footer links."""
    version = content_version()
    memo = _site_settings_memo
    if version is None or memo["version"] != version:
        memo["record"], memo["version"] = _read_site_settings(), version
    return memo["record"]


def _read_site_settings():
    links = Prefetch("footer_links", queryset=FooterLink.objects.order_by("position", "pk"))
    found = SiteSettings.objects.prefetch_related(links).filter(key=SiteSettings.KEY).first()
    return found or SiteSettings()
