from django.core.management.base import BaseCommand, CommandError

from faq.export import CONTENT_MODELS, ExportError, export_content, write_atomically


class Command(BaseCommand):
    help = (
        "Write the content (contact channels, categories, questions, answers, related links, "
        "synonyms) as a fixture in the form of fixtures/faq.json; never votes, the search log "
        "or search documents."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "models",
            nargs="*",
            metavar="app_label.Model",
            help=f"Only these models (default: all of {', '.join(CONTENT_MODELS)}).",
        )
        parser.add_argument(
            "-e",
            "--exclude",
            action="append",
            default=[],
            metavar="app_label.Model",
            help="Leave this model out (repeat for more).",
        )
        parser.add_argument(
            "-o", "--output", help="Write to this file (replaced at once) instead of stdout."
        )

    def handle(self, *args, models, exclude, output, **options):
        try:
            text = export_content(models, exclude)
        except ExportError as exc:
            raise CommandError(exc) from None
        if output:
            write_atomically(output, text)
        else:
            self.stdout.write(text, ending="")
