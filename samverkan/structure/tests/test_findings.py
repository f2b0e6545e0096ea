from __future__ import annotations

import datetime
import sys

from django.urls import reverse

from samverkan.lib.findings import Severity, registry, run_findings
from samverkan.structure.findings import COMPOSITION, composition
from samverkan.structure.models import (
    Body,
    Charter,
    CompositionRule,
    Membership,
    Person,
    Role,
    Structure,
)
from samverkan.testing.base import BaseTestCase

TODAY = datetime.date(2026, 3, 1)


class CompositionFindingTests(BaseTestCase):
    def body_with_charter(
        self, structure: Structure, key: str, *, region_seats: int, held: int
    ) -> Body:
        """A body whose charter gives the region `region_seats` seats, `held` of them filled."""
        body = Body.objects.create(
            structure=structure,
            key=key,
            name=f"Grupp {key}",
            kind="working_group",
            level="regional",
            mandate="none",
        )
        charter = Charter.objects.create(body=body, version="1")
        CompositionRule.objects.create(
            charter=charter, principal_kind="region", min_count=region_seats, max_count=region_seats
        )
        for n in range(held):
            person = Person.objects.create(key=f"{key}-{n}", first_name="P", last_name=f"{n}")
            Membership.objects.create(
                body=body,
                person=person,
                role=Role.MEMBER,
                principal=structure.region,
                start=datetime.date(2026, 1, 1),
            )
        return body

    def findings(self, **kwargs: object) -> list:
        return list(composition(today=TODAY, **kwargs))

    def test_it_reports_vacant_seats_by_principal(self) -> None:
        self.charter.citations = {"composition": "Varje kommun har en plats."}
        self.charter.save()
        found = {f.body_id: f for f in self.findings()}
        finding = found[self.body.pk]
        self.assertEqual(finding.rule, COMPOSITION)
        self.assertEqual(finding.severity, Severity.NOTED)
        self.assertEqual(finding.structure_id, self.structure.pk)
        self.assertEqual(finding.subject, "Länssamverkansgruppen")
        self.assertEqual(finding.url, reverse("work:body", args=["vasterbotten", "lsg"]))
        self.assertEqual(finding.citation, "Varje kommun har en plats.")
        self.assertTrue(
            finding.message.startswith(
                "Länssamverkansgruppen har inte den sammansättning som uppdragsbeskrivningen anger: "
            ),
            finding.message,
        )
        for part in (
            "Skellefteå kommun saknar en ledamot",
            "Lycksele kommun saknar en ledamot",
            "Umeå kommun saknar en ledamot",
            "regionen saknar tre ledamöter",
        ):
            self.assertIn(part, finding.message)
        self.assertTrue(finding.message.endswith("."))

    def test_it_reports_extra_seats(self) -> None:
        body = self.body_with_charter(self.structure, "extra", region_seats=1, held=3)
        finding = next(f for f in self.findings() if f.body_id == body.pk)
        self.assertIn("regionen har två ledamöter för mycket", finding.message)
        self.assertEqual(finding.citation, "")

    def test_a_complete_body_yields_none(self) -> None:
        body = self.body_with_charter(self.structure, "hel", region_seats=2, held=2)
        self.assertNotIn(body.pk, [f.body_id for f in self.findings()])

    def test_a_body_without_a_charter_in_force_yields_none(self) -> None:
        self.assertNotIn(self.au.pk, [f.body_id for f in self.findings()])

    def test_it_filters_by_structure(self) -> None:
        other = self.body_with_charter(self.other_structure, "annan", region_seats=2, held=0)
        self.assertEqual(
            {f.structure_id for f in self.findings(structure_ids=[self.structure.pk])},
            {self.structure.pk},
        )
        self.assertEqual(
            [f.body_id for f in self.findings(structure_ids=[self.other_structure.pk])],
            [other.pk],
        )

    def test_it_reads_in_a_fixed_number_of_queries(self) -> None:
        def queries_for(size: int) -> int:
            structure = Structure.objects.create(
                name=f"Storlek {size}", slug=f"storlek-{size}", region=self.region
            )
            for n in range(size):
                body = self.body_with_charter(structure, f"s{size}-{n}", region_seats=2, held=n % 3)
                # A per-principal rule and a named principal's seats, as the personas' charter.
                charter = body.charters.get()
                CompositionRule.objects.create(
                    charter=charter, position=1, principal_kind="municipality", per_principal=True
                )
                CompositionRule.objects.create(
                    charter=charter, position=2, principal=self.umea, min_count=1
                )
            with self.assertNumQueries(4) as counted:
                found = self.findings(structure_ids=[structure.pk])
            self.assertEqual(len(found), size)
            return len(counted.captured_queries)

        self.assertEqual(queries_for(3), queries_for(12))

    def test_the_charter_check_finds_it_by_autodiscovery(self) -> None:
        # Forget the rule, as in a fresh process: run_findings must find the module itself.
        module = sys.modules.pop("samverkan.structure.findings")
        rule = registry._rules.pop(COMPOSITION)
        try:
            found = run_findings(today=TODAY, codes={COMPOSITION})
        finally:
            sys.modules.setdefault("samverkan.structure.findings", module)
            registry._rules.setdefault(COMPOSITION, rule)
        self.assertIn(self.body.pk, [f.body_id for f in found if f.rule == COMPOSITION])
