from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from faq.translations.xliff import ImportErrors, apply_import, plan_import


class Command(BaseCommand):
    help = (
        "Apply the English targets of an XLIFF file from translators: all of them, or "
        "nothing if any unit is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The XLIFF file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and list the changes; apply nothing."
        )

    def handle(self, *args, **options):
        # The command speaks English, its problem reports included (the admin's are translated).
        with translation.override("en"):
            self._import(Path(options["file"]), options["dry_run"])

    def _import(self, path, dry_run):
        try:
            content = path.read_bytes()
            if dry_run:
                plan = plan_import(content)
            else:
                plan = apply_import(content, comment=f"Translations imported from {path.name}.")
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except ImportErrors as errors:
            raise CommandError(f"{path}: nothing was imported.\n{errors}") from None
        for change in plan.changes:
            self.stdout.write(f"{change.unit}: {change.state} -> current")
        verb = "would change" if dry_run else "changed"
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(plan.changes)} {verb}, {plan.unchanged} unchanged, "
                f"{plan.untranslated} without a translation."
            )
        )
