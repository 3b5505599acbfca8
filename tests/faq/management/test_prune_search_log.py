from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from faq.models import SearchQuery
from tests.factories import SearchQueryFactory

pytestmark = pytest.mark.django_db


def searched(days_ago, query):
    row = SearchQueryFactory(query=query)
    SearchQuery.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )


def prune(*args):
    out = StringIO()
    call_command("prune_search_log", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_the_searches_older_than_faq_search_log_days(settings):
    settings.FAQ_SEARCH_LOG_DAYS = 30
    searched(31, "古い")
    searched(29, "新しい")
    assert "Deleted 1 searches older than 30 days." in prune()
    assert list(SearchQuery.objects.values_list("query", flat=True)) == ["新しい"]


def test_the_default_retention_is_ninety_days():
    searched(91, "古い")
    searched(89, "新しい")
    prune()
    assert list(SearchQuery.objects.values_list("query", flat=True)) == ["新しい"]


def test_days_can_be_given_and_must_be_positive():
    searched(3, "三日前")
    prune("--days", "2")
    assert not SearchQuery.objects.exists()
    with pytest.raises(CommandError, match="at least 1"):
        prune("--days", "0")
