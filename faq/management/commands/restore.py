from django.core.management.base import BaseCommand, CommandError

from faq.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Load a backup written by 'backup' into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            restore_backup(options["file"])
        except BackupError as exc:
            raise CommandError(exc) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {options['file']}"))
