from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from faq.translations.state import State
from faq.translations.xliff import export_xliff, models_named


class Command(BaseCommand):
    help = "Write the fields to translate to an XLIFF 1.2 file for translators."

    def add_arguments(self, parser):
        parser.add_argument(
            "--state",
            default="outdated,missing",
            help="Comma-separated states to export: outdated, missing, current.",
        )
        parser.add_argument(
            "--model",
            action="append",
            default=[],
            help="A model to export, e.g. faq.question (repeat for more; default: all).",
        )
        parser.add_argument("-o", "--output", required=True, help="The XLIFF file to write.")

    def handle(self, *args, **options):
        states = _states(options["state"])
        try:
            models = models_named(options["model"])
        except LookupError as error:
            raise CommandError(error) from None
        content = export_xliff(states, models)
        Path(options["output"]).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {options['output']}"))


def _states(text):
    states = [word.strip() for word in text.split(",") if word.strip()]
    unknown = [word for word in states if word not in State.values]
    if unknown or not states:
        raise CommandError(f"--state takes {', '.join(State.values)}; got {text!r}.")
    return states
