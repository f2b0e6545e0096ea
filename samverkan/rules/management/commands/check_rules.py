"""`manage.py check_rules [--structure SLUG] [--date YYYY-MM-DD] [--json]`: the charter
check over the whole installation (or one structure) as of a day, in the shape of
`GET /api/v1/findings` (`samverkan.rules.records`).

`manage.py check_rules --store [--structure SLUG]` runs the check as the worker does, one
structure at a time, and stores the findings that the pages and the API show (`make demo`
ends with it, so that a new demo has them at once)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.lib.findings import Severity, collect
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import count_text, date_text
from samverkan.rules.checking import check_structures
from samverkan.rules.records import FindingRecord, check
from samverkan.rules.selectors import FindingFilters
from samverkan.structure.models import Structure


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ange datumet som ÅÅÅÅ-MM-DD, inte {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Regelkontrollen: varje regel i varje uppdragsbeskrivning prövad mot installationen "
        "som den ser ut nu, bedömd per ett visst datum (i dag om inget anges)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--structure", metavar="SLUG", help="Bara den här strukturen")
        parser.add_argument(
            "--date", metavar="ÅÅÅÅ-MM-DD", help="Bedöm per det här datumet (i dag om det saknas)"
        )
        parser.add_argument("--json", action="store_true", help="Skriv en JSON-lista")
        parser.add_argument("--body", type=int, metavar="ID", help="Bara den här gruppen")
        parser.add_argument(
            "--severity", choices=[s.value for s in Severity], help="Bara den här allvarligheten"
        )
        parser.add_argument("--rule", metavar="KOD", help="Bara den här regeln")
        parser.add_argument(
            "--store",
            action="store_true",
            help="Kör kontrollen som bakgrundsarbetaren gör, en struktur i taget, och spara "
            "avvikelserna som sidorna och API:t visar",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["date"]) if options["date"] else local_today()
        structure_ids = None
        if options["structure"]:
            structure = Structure.objects.filter(slug=options["structure"]).first()
            if structure is None:
                raise CommandError(f"Strukturen {options['structure']!r} finns inte.")
            structure_ids = {structure.pk}
        if options["store"]:
            found = check_structures(structure_ids, today=today)
            self.stdout.write(
                f"Regelkontrollen per {date_text(today)} är sparad: "
                f"{count_text(found, 'avvikelse', 'avvikelser')}."
            )
            return
        rule = options["rule"]
        if rule and rule not in {r.code for r in collect()}:
            raise CommandError(f"Regeln {rule!r} finns inte.")
        filters = FindingFilters(
            body_id=options["body"],
            severity=Severity(options["severity"]) if options["severity"] else None,
            rule=rule or None,
        )
        records = check(today=today, structure_ids=structure_ids, filters=filters)
        if options["json"]:
            self.stdout.write(
                json.dumps([r.as_json() for r in records], ensure_ascii=False, indent=2)
            )
            return
        self._write_text(records, today)

    def _write_text(self, records: list[FindingRecord], today: datetime.date) -> None:
        labels = dict(Severity.choices)
        self.stdout.write(
            f"Regelkontrollen per {date_text(today)}: "
            f"{count_text(len(records), 'avvikelse', 'avvikelser')}."
        )
        for record in records:
            self.stdout.write("")
            mark = " (accepterad)" if record.acknowledged else ""
            due = f", senast {date_text(record.due)}" if record.due else ""
            self.stdout.write(f"{labels[record.severity]}{due}{mark} [{record.rule}]")
            where = " / ".join(part for part in (record.structure, record.body_name) if part)
            if where:
                self.stdout.write(f"  {where}")
            self.stdout.write(f"  {record.message}")
            if record.responsible:
                self.stdout.write(f"  Ansvarig: {record.responsible}")
            if record.acknowledged_reason:
                self.stdout.write(f"  Skäl: {record.acknowledged_reason}")
            if record.url:
                self.stdout.write(f"  {record.url}")
