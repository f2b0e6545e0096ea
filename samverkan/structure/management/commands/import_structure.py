from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.structure.importer import structure_import_file
from samverkan.structure.yamlsource import StructureFileInvalid


class Command(BaseCommand):
    help = "Skapar eller uppdaterar en samverkansstruktur från en strukturfil (YAML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="En eller flera strukturfiler")
        parser.add_argument(
            "--dry-run", action="store_true", help="Kontrollera filen utan att spara något"
        )

    def handle(self, *args: object, **options: object) -> None:
        failed = False
        for path in options["files"]:  # type: ignore[attr-defined]
            try:
                report = structure_import_file(path=path, dry_run=bool(options["dry_run"]))
            except StructureFileInvalid as exc:
                failed = True
                self.stderr.write(f"{path}: {len(exc.errors)} fel, inget sparades:")
                for error in exc.errors:
                    self.stderr.write(f"  {error}")
                continue
            name = report.structure.name if report.structure else path
            self.stdout.write(f"{path}: {name}: {report.summary()}")
            if report.not_in_file:
                self.stdout.write(
                    "  grupper i databasen som inte finns i filen: " + ", ".join(report.not_in_file)
                )
        if failed:
            raise CommandError("en eller flera filer kunde inte importeras")
