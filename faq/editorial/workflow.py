"""A question's life: Draft -> In review -> Published (now or scheduled) -> re-checked.

Authors write drafts and submit them; Editors (who hold ``faq.publish_question``) approve
them (publish now or at a time) or send them back with a comment the Author reads on the
form. A published question has a review-by date; "Confirm still correct" moves it on by
FAQ_REVIEW_MONTHS. Every step is one save recorded in the history with who and why.
"""

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faq.models import Question, add_months

PUBLISH_PERMISSION = "faq.publish_question"
Status = Question.Status


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def next_review_date(today=None):
    return add_months(today or timezone.localdate(), settings.FAQ_REVIEW_MONTHS)


def publication_review_date(question):
    """The review-by date a question gets when it is published (again): one set for after
    this publication stays; none, or an older one (left from an earlier publication), starts
    over from it: publication + FAQ_REVIEW_MONTHS."""
    published = max(timezone.localtime(question.publish_at).date(), timezone.localdate())
    if question.review_by and question.review_by > published:
        return question.review_by
    return add_months(published, settings.FAQ_REVIEW_MONTHS)


def _recorded(question, user, comment, fields):
    """Save ``fields`` of ``question`` as one revision of its whole entry."""
    with transaction.atomic(), reversion.create_revision():
        question.save(update_fields=[*fields, "updated_at"])
        reversion.add_to_revision(question)
        reversion.set_user(user)
        reversion.set_comment(comment)


def submit(question, user):
    """The Author's "Submit for review"."""
    if question.status != Status.DRAFT:
        return False
    question.status = Status.IN_REVIEW
    question.review_comment = ""
    _recorded(question, user, _("Submitted for review."), ["status", "review_comment"])
    return True


def approve(question, user, publish_at=None):
    """Publish now, or at ``publish_at`` (scheduled); only for those who may publish."""
    if not can_publish(user):
        raise PermissionDenied
    question.status = Status.PUBLISHED
    question.publish_at = publish_at or timezone.now()
    question.review_comment = ""
    question.review_by = publication_review_date(question)
    comment = _("Approved and published.")
    if publish_at and publish_at > timezone.now():
        comment = _("Approved; scheduled for %(when)s.") % {"when": timezone.localtime(publish_at)}
    fields = ["status", "publish_at", "review_comment", "review_by"]
    _recorded(question, user, comment, fields)


def send_back(question, user, comment):
    """Back to Draft with the reviewer's comment, which the Author reads on the form."""
    if not can_publish(user):
        raise PermissionDenied
    question.status = Status.DRAFT
    question.review_comment = comment
    message = _("Sent back for changes: %(comment)s") % {"comment": comment}
    _recorded(question, user, message, ["status", "review_comment"])


def confirm_still_correct(question, user):
    """The answer was re-checked today: the next review is FAQ_REVIEW_MONTHS away."""
    question.review_by = next_review_date()
    message = _("Confirmed still correct; next review by %(date)s.") % {"date": question.review_by}
    _recorded(question, user, message, ["review_by"])


def review_queue():
    return Question.objects.filter(status=Status.IN_REVIEW).select_related("category")
