from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq.search.analytics import prune_search_log


class Command(BaseCommand):
    help = "Delete the searches older than FAQ_SEARCH_LOG_DAYS (default 90) from the search log."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days instead")

    def handle(self, *args, days, **options):
        days = settings.FAQ_SEARCH_LOG_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = prune_search_log(days)
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} searches older than {days} days."))
