from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from samverkan.lib.errors import DomainError
from samverkan.statistics import services
from samverkan.statistics.kolada_runs import fetch_all


class Command(BaseCommand):
    help = (
        "Hämtar värden från Koladas API (KOLADA_BASE_URL) för indikatorer med ett "
        "Kolada-nyckeltal. Ett svar som är fel sparar ingenting för den indikatorn."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--structure", help="Bara strukturen med denna slug")
        parser.add_argument("--indicator", type=int, help="Bara indikatorn med detta id")
        parser.add_argument("--years", help="T.ex. 2020-2025 (standard: de senaste sex åren)")

    def handle(self, *args: object, **options: object) -> None:
        try:
            years = services.year_range(str(options["years"])) if options["years"] else None
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        report = fetch_all(
            structure=options["structure"] or None,  # type: ignore[arg-type]
            indicator=options["indicator"] or None,  # type: ignore[arg-type]
            years=years,
        )
        for line in report.done:
            self.stdout.write(f"Hämtat: {line}")
        for line in report.failed:
            self.stderr.write(f"Gick inte: {line}")
        if not report.done and not report.failed:
            self.stdout.write("Inga indikatorer med Kolada-nyckeltal att hämta.")
        if report.failed:
            raise CommandError(f"{len(report.failed)} indikatorer kunde inte hämtas.")
