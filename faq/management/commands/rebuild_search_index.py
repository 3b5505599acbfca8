from django.core.management.base import BaseCommand

from faq.search.sync import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index of every question from the stored content."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        done = rebuild_index(progress=self._progress, batch_size=batch_size)
        self.stdout.write(self.style.SUCCESS(f"Indexed {done} questions."))

    def _progress(self, done, total):
        self.stdout.write(f"{done}/{total} questions indexed")
