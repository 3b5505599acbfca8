"""The admin index's work lists: the review queue (for those who may publish, each with its
diff against the published version) and the questions that need re-checking."""

from django import template

from faq.editorial import workflow
from faq.editorial.entry import changes_since_published
from faq.models import Question

register = template.Library()

LIMIT = 20


@register.inclusion_tag("admin/faq/editorial_queues.html", takes_context=True)
def editorial_queues(context):
    user = context["request"].user
    if not user.has_perm("faq.view_question"):
        return {"shown": False}
    may_publish = workflow.can_publish(user)
    in_review = workflow.review_queue()[:LIMIT] if may_publish else []
    overdue = Question.objects.needs_review().select_related("category").order_by("review_by")
    return {
        "shown": True,
        "may_publish": may_publish,
        "review_items": [_review_item(question) for question in in_review],
        "overdue": overdue[:LIMIT],
        "overdue_count": overdue.count(),
        "sent_back": Question.objects.filter(status=Question.Status.DRAFT)
        .exclude(review_comment="")
        .order_by("-updated_at")[:LIMIT],
    }


def _review_item(question):
    published, changes = changes_since_published(question)
    return {"question": question, "is_new": published is None, "differences": changes}
