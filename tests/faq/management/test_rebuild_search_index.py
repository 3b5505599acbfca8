from io import StringIO

import pytest
from django.core.management import call_command

from faq.models import SearchDocument
from faq.search.rank import search
from tests.factories import AnsweredQuestionFactory

pytestmark = pytest.mark.django_db


def test_it_rebuilds_a_lost_index_and_reports_progress():
    questions = AnsweredQuestionFactory.create_batch(3, title_ja="返金について")
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", batch_size=2, stdout=out)
    assert out.getvalue().splitlines() == [
        "2/3 questions indexed",
        "3/3 questions indexed",
        "Indexed 3 questions.",
    ]
    assert sorted(search("返金").question_ids) == sorted(q.pk for q in questions)
