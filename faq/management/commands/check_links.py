"""Check every outside address of the FAQ (related links and answers); store the results."""

from django.core.management.base import BaseCommand, CommandError

from faq.editorial import links


class Command(BaseCommand):
    help = (
        "Check every outside address of related links and answers (HEAD, then GET; redirects "
        "followed); the admin lists the broken ones under Link checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=8, help="addresses checked at once")
        parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")

    def handle(self, *args, workers, timeout, **options):
        if workers < 1 or timeout <= 0:
            raise CommandError("--workers must be at least 1 and --timeout more than 0.")
        urls = links.outside_urls()
        results = links.check_all(urls, workers=workers, timeout=timeout)
        links.store(results)
        broken = [result for result in results if result.is_broken]
        for result in broken:
            self.stdout.write(f"broken: {result.url} ({result.status_code or result.error})")
        self.stdout.write(f"{len(results)} addresses checked, {len(broken)} broken.")
