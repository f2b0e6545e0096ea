from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from samverkan.minutes.pdf_files import missing_pdfs, render_missing


class Command(BaseCommand):
    help = (
        "Skapar PDF-filerna för publicerade minnesanteckningar som saknar en aktuell PDF "
        "(det som schemat annars gör några i taget), t.ex. efter en ny layout."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="högst så här många")

    def handle(self, *args: object, **options: object) -> None:
        limit = options["limit"]
        assert limit is None or isinstance(limit, int)
        waiting = missing_pdfs().count()
        done = render_missing(limit)
        self.stdout.write(f"Skapade {done} PDF:er av {waiting} som saknades.")
