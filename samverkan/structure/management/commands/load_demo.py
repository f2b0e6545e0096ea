from django.core.management.base import BaseCommand, CommandError

from samverkan.audit.pages import pages_changed
from samverkan.structure.demo import demo_load
from samverkan.structure.yamlsource import StructureFileInvalid


class Command(BaseCommand):
    help = "Läser in demons fyra samverkansstrukturer och ger demoanvändarna lösenord."

    def handle(self, *args: object, **options: object) -> None:
        try:
            reports = demo_load()
            # The demo writes some rows in bulk, without history: every public page anew.
            pages_changed()
        except StructureFileInvalid as exc:
            raise CommandError(f"demon kunde inte läsas in:\n{exc}") from exc
        for report in reports:
            name = report.structure.name if report.structure else "?"
            self.stdout.write(f"{name}: {report.summary()}")
        if not reports:
            self.stdout.write("Demons strukturer finns redan och lämnas som de är.")
