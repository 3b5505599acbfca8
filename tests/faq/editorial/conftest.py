import pytest
from django.urls import reverse

from tests.factories import AnsweredQuestionFactory, RelatedLinkFactory


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def question():
    """A published question with its answer and one related link."""
    question = AnsweredQuestionFactory()
    RelatedLinkFactory(question=question)
    return question
