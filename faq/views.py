"""The public FAQ pages. Reads live in faq/selectors.py, votes in faq/votes.py."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from faq import selectors
from faq.cache import public_page
from faq.forms import VoteForm
from faq.markdown import one_line, plain_text, render_markdown, shortened
from faq.responses import json_response
from faq.seo import absolute_url, question_json_ld
from faq.votes import (
    record_vote,
    remember_answer,
    set_voter_cookie,
    vote_allowed,
    voter_id,
)


def _previewing(request, obj):
    """An editor is looking at something visitors cannot see: say so on the page."""
    return request.user.is_staff and not obj.is_public


@public_page()
def home(request):
    context = {
        "groups": selectors.home_groups(request.user),
        "featured": selectors.featured_questions(request.user),
        "contacts": selectors.active_contacts(),
    }
    return render(request, "faq/home.html", context)


@public_page("page")
def category(request, slug):
    category = selectors.category_for_page(slug, request.user)
    page = selectors.category_questions(category, request.user, request.GET.get("page"))
    context = {
        "category": category,
        "page": page,
        "questions": page.object_list,
        # Later pages are pages of their own for search engines; page 1 is the bare URL.
        "canonical_query": f"?page={page.number}" if page.number > 1 else "",
        "children": selectors.child_categories(category),
        "crumbs": [category.parent] if category.parent else [],
        "page_title": category.name,
        "description": one_line(category.description, limit=120) or category.name,
        "preview": _previewing(request, category),
    }
    return render(request, "faq/category.html", context)


@public_page()
def question(request, slug):
    question = selectors.question_for_page(slug, request.user)
    return _render_question(request, question, VoteForm())


def _render_question(request, question, vote_form, status=200):
    answer = getattr(question, "answer", None)
    answer_html = render_markdown(answer.body) if answer else ""
    answer_text = plain_text(answer.body) if answer else ""
    previous, following = selectors.neighbours(question)
    url = absolute_url(request, question.get_absolute_url())
    context = {
        "question": question,
        "page_title": question.title,
        "crumbs": [c for c in (question.category.parent, question.category) if c],
        "updated": max(question.updated_at, answer.updated_at) if answer else question.updated_at,
        "answer": answer,
        "answer_html": answer_html,
        "description": shortened(answer_text, limit=120),
        "json_ld": question_json_ld(question, answer_text, url, get_language()) if answer else "",
        "contacts": selectors.contacts_for(question),
        "previous": previous,
        "next": following,
        "vote_form": vote_form,
        # Only a page that answers a POST (never cached) holds the visitor's token; public
        # pages fetch theirs at submit time (vote_token below, static/faq/vote.js).
        "vote_token": get_token(request) if request.method == "POST" else "",
        "preview": _previewing(request, question),
    }
    return render(request, "faq/question.html", context, status=status)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _too_many_votes(request, question):
    message = _("Too many answers from your connection. Please try again later.")
    if _wants_json(request):
        return json_response({"message": message}, status=429)
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def vote_token(request):
    """The CSRF token for a vote, fetched when the visitor submits it: the page they vote
    on may come from a shared cache, so it cannot hold a token of its own (SECURITY.md)."""
    return json_response({"token": get_token(request)})


def _csrf_passed(request) -> bool:
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is None


@csrf_exempt  # checked below: a failed check asks the visitor to confirm, never a bare 403
@require_POST
def vote(request, slug):
    question = get_object_or_404(selectors.visible_questions(request.user), slug=slug)
    if not vote_allowed(request):
        return _too_many_votes(request, question)
    form = VoteForm(request.POST)
    if not _csrf_passed(request):
        return _confirm_vote(request, question, form)
    if not form.is_valid():
        if _wants_json(request):
            return json_response({"errors": form.errors}, status=400)
        page = selectors.question_for_page(slug, request.user)
        return _render_question(request, page, form, status=400)
    voter = voter_id(request)
    record_vote(question, voter, is_helpful=form.is_helpful, reason=form.cleaned_data["reason"])
    thanks = _("Thank you for your feedback.")
    if _wants_json(request):
        response = json_response({"message": thanks, "helpful": form.is_helpful})
    else:
        messages.success(request, thanks)
        response = redirect(question.get_absolute_url() + "#helpfulness")
    set_voter_cookie(request, response, voter)
    remember_answer(request, response, question, form.is_helpful)
    return response


def _confirm_vote(request, question, form):
    """A vote without a valid token (no JavaScript, or a cross-site form): the same choice
    again on a page of our own, with a fresh token, so only the visitor's click sends it."""
    if _wants_json(request):
        return json_response({"message": _("Please confirm your answer.")}, status=403)
    context = {
        "question": question,
        "vote_form": VoteForm(initial={"reason": form.data.get("reason", "")}),
        "vote_token": get_token(request),
        "page_title": _("Confirm your answer"),
    }
    return render(request, "faq/vote_confirm.html", context)


@require_GET
@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)  # the stamp changes
def site_logo(request, stamp):
    """The uploaded logo (sanitised when uploaded, faq.site_logo), in a sandbox besides."""
    record = selectors.site_settings()
    if not record.logo or stamp != record.logo_stamp:  # an old address never gets new bytes
        raise Http404("No such logo.")
    response = HttpResponse(bytes(record.logo), content_type=record.logo_type)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
