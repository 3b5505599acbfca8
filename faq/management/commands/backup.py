from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faq.backup import BackupError, backup_path, write_backup


class Command(BaseCommand):
    help = (
        "Write all content (every language, contact channels) to backups/faq-YYYYmmdd-HHMMSS.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=settings.BASE_DIR / "backups")

    def handle(self, *args, **options):
        try:
            path = write_backup(backup_path(options["dir"]))
        except BackupError as exc:
            raise CommandError(exc) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
