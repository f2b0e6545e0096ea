"""The chair and vice chair rules of the charter check, from seed 004's wording:

"Ordförande och vice ordförande utses inom gruppen. Ordförande representerar den ena
huvudmannen, och vice ordförande representerar den andra huvudmannen. Uppdragen löper på ett
kalenderår och skiftar mellan huvudmännen årligen. Ordförandes och vice ordförandes uppdrag kan
efter beslut i gruppen löpa på längre tid än ett år om skäl för detta föreligger."
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.lib.findings import Finding, Severity, run_findings
from samverkan.structure.findings_leadership import (
    CHAIR_ROTATION,
    CHAIR_VICE_PRINCIPALS,
    chair_rotation,
    chair_vice_principals,
)
from samverkan.structure.models import Body, Charter, Membership, Person, Role, Structure
from samverkan.testing.base import BaseTestCase

D = datetime.date
LEADERSHIP_004 = (
    "Ordförande och vice ordförande utses inom gruppen. Ordförande representerar den ena "
    "huvudmannen, och vice ordförande representerar den andra huvudmannen. Uppdragen löper på "
    "ett kalenderår och skiftar mellan huvudmännen årligen. Ordförandes och vice ordförandes "
    "uppdrag kan efter beslut i gruppen löpa på längre tid än ett år om skäl för detta "
    "föreligger."
)
# Seed 001, which has no such exception.
LEADERSHIP_001 = (
    "Ordförandeskap: Växlar mellan representant från kommunen och landstinget med ett års "
    "intervall. Ordförande är tillika sammankallande och ansvarig för dagordningen."
)


class LeadershipCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.charter.citations = {"leadership": LEADERSHIP_004}
        cls.charter.save()
        # 2026: Alice Berg (Umeå kommun) chairs, Bo Lind (Region Västerbotten) is vice chair.
        Membership.objects.filter(pk__in=[cls.chair.pk, cls.vice.pk]).update(end=D(2026, 12, 31))
        cls.dan = Person.objects.create(key="dan", first_name="Dan", last_name="Ström")

    def appoint(
        self, person: Person, role: str, principal_code: str, year: int, *, body: Body | None = None
    ) -> Membership:
        principal = {"24": self.region, "2480": self.umea, "2482": self.skelleftea}[principal_code]
        # Made directly: the services refuse what the rules report.
        return Membership.objects.create(
            body=body or self.body,
            person=person,
            role=role,
            principal=principal,
            start=D(year, 1, 1),
            end=D(year, 12, 31),
        )

    def ours(self, found: list[Finding]) -> list[Finding]:
        return [f for f in found if f.body_id == self.body.pk]


class ChairAndViceFromDifferentPrincipalsTests(LeadershipCase):
    def found(self, today: datetime.date) -> list[Finding]:
        return self.ours(list(chair_vice_principals(today=today)))

    def test_it_reports_a_chair_and_vice_chair_of_one_principal_as_overdue(self) -> None:
        Membership.objects.filter(pk=self.vice.pk).update(principal=self.skelleftea)
        [finding] = self.found(D(2026, 3, 1))
        self.assertEqual(finding.rule, CHAIR_VICE_PRINCIPALS)
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(finding.due_on, D(2026, 1, 1))
        self.assertEqual(
            finding.message,
            "I Länssamverkansgruppen både ordföranden Alice Berg (Umeå kommun) och vice "
            "ordföranden Bo Lind (Skellefteå kommun) representerar kommunerna. "
            "Uppdragsbeskrivningen säger att de ska representera olika huvudmän.",
        )
        self.assertEqual(finding.citation, LEADERSHIP_004)
        self.assertIn("den andra huvudmannen", finding.citation)
        self.assertEqual(finding.url, reverse("work:body", args=["vasterbotten", "lsg"]))
        self.assertEqual(finding.responsible.text(), "koordinator (koordinator)")  # type: ignore[union-attr]
        self.assertEqual(finding.responsible.user_ids, (self.coordinator.pk,))  # type: ignore[union-attr]
        self.assertEqual(
            finding.about, f"body:{self.body.pk}:chair:{self.chair.pk}:vice:{self.vice.pk}"
        )

    def test_a_planned_pair_of_one_principal_is_due_soon_before_it_starts(self) -> None:
        self.appoint(self.bo, Role.CHAIR, "24", 2027)
        self.appoint(self.dan, Role.VICE_CHAIR, "24", 2027)
        [finding] = self.found(D(2026, 11, 15))
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertEqual(finding.due_on, D(2027, 1, 1))
        self.assertTrue(
            finding.message.startswith(
                "Från 1 januari 2027 både ordföranden Bo Lind (Region Västerbotten) och vice "
                "ordföranden Dan Ström (Region Västerbotten) representerar Region Västerbotten "
                "i Länssamverkansgruppen."
            ),
            finding.message,
        )
        # Months ahead it is only noted, without a deadline yet.
        [early] = self.found(D(2026, 6, 1))
        self.assertEqual((early.severity, early.due_on), (Severity.NOTED, None))

    def test_a_chair_and_vice_chair_of_different_principals_yield_none(self) -> None:
        self.appoint(self.bo, Role.CHAIR, "24", 2027)
        self.appoint(self.alice, Role.VICE_CHAIR, "2480", 2027)
        self.assertEqual(self.found(D(2026, 11, 15)), [])

    def test_pairs_that_never_sit_together_yield_none(self) -> None:
        # Last year's vice chair and next year's chair, both from the region.
        self.appoint(self.dan, Role.CHAIR, "24", 2027)
        self.assertEqual(self.found(D(2026, 11, 15)), [])

    def test_a_charter_without_the_rule_yields_none(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            chair_and_vice_chair_from_different_principals=False
        )
        Membership.objects.filter(pk=self.vice.pk).update(principal=self.skelleftea)
        self.assertEqual(self.found(D(2026, 3, 1)), [])

    def test_it_reads_in_a_fixed_number_of_queries(self) -> None:
        def queries_for(size: int) -> int:
            structure = Structure.objects.create(
                name=f"S {size}", slug=f"s-{size}", region=self.region
            )
            for n in range(size):
                body = Body.objects.create(
                    structure=structure,
                    key=f"b{n}",
                    name=f"Grupp {n}",
                    kind="council",
                    level="regional",
                    mandate="none",
                )
                Charter.objects.create(
                    body=body, version="1", chair_and_vice_chair_from_different_principals=True
                )
                self.appoint(self.alice, Role.CHAIR, "2480", 2026, body=body)
                self.appoint(self.cecilia, Role.VICE_CHAIR, "2482", 2026, body=body)
            with self.assertNumQueries(3) as counted:
                found = list(
                    chair_vice_principals(today=D(2026, 3, 1), structure_ids=[structure.pk])
                )
            self.assertEqual(len(found), size)
            return len(counted.captured_queries)

        self.assertEqual(queries_for(2), queries_for(9))


class ChairRotationTests(LeadershipCase):
    def found(self, today: datetime.date) -> list[Finding]:
        return self.ours(list(chair_rotation(today=today)))

    def test_from_1_november_it_proposes_next_years_chair_from_the_other_principal(self) -> None:
        self.assertEqual(self.found(D(2026, 10, 31)), [])
        [finding] = self.found(D(2026, 11, 1))
        self.assertEqual(finding.rule, CHAIR_ROTATION)
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertEqual(finding.due_on, D(2026, 12, 31))
        self.assertEqual(
            finding.message,
            "Ordförandeskapet i Länssamverkansgruppen växlar mellan huvudmännen varje "
            "kalenderår och ordföranden 2026 är från en av kommunerna (Alice Berg). Föreslå "
            "ordförande för 2027 från Region Västerbotten och vice ordförande för 2027 från en "
            "av kommunerna före årsskiftet.",
        )
        self.assertIn("skiftar mellan huvudmännen årligen", finding.citation)
        self.assertEqual(finding.about, f"body:{self.body.pk}:chair-proposal:2027")
        self.assertEqual(finding.url, reverse("work:body", args=["vasterbotten", "lsg"]))

    def test_a_region_chair_follows_a_municipal_one_and_the_proposal_is_gone(self) -> None:
        self.appoint(self.bo, Role.CHAIR, "24", 2027)
        self.appoint(self.cecilia, Role.VICE_CHAIR, "2482", 2027)
        self.assertEqual(self.found(D(2026, 11, 20)), [])
        self.assertEqual(self.found(D(2027, 1, 10)), [])

    def test_a_second_region_chair_in_a_row_is_overdue(self) -> None:
        # The issue's case: a Region chair for 2027 accepted although 2026's is Region too.
        Membership.objects.filter(pk=self.chair.pk).update(person=self.bo, principal=self.region)
        Membership.objects.filter(pk=self.vice.pk).update(person=self.alice, principal=self.umea)
        self.appoint(self.dan, Role.CHAIR, "24", 2027)
        self.appoint(self.cecilia, Role.VICE_CHAIR, "2482", 2027)
        [finding] = self.found(D(2026, 11, 30))
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(
            finding.message,
            "En ordförande för 2027 från Region Västerbotten är utsedd i Länssamverkansgruppen "
            "(Dan Ström), fast ordföranden 2026 (Bo Lind) också är från Region Västerbotten. "
            "Ordförandeskapet växlar mellan huvudmännen varje kalenderår: utse en ordförande "
            "från en av kommunerna för 2027, eller registrera gruppens beslut att låta uppdraget "
            "löpa vidare.",
        )
        self.assertEqual(finding.about, f"body:{self.body.pk}:chair-rotation:2027")
        # After the turn of the year the same finding stands, with the same key and date.
        [later] = self.found(D(2027, 1, 10))
        self.assertEqual((later.key, later.due_on), (finding.key, finding.due_on))
        self.assertEqual(later.severity, Severity.OVERDUE)

    def test_a_chair_who_simply_continues_is_not_a_rotation(self) -> None:
        Membership.objects.filter(pk__in=[self.chair.pk, self.vice.pk]).update(end=None)
        [finding] = self.found(D(2026, 12, 1))
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertTrue(
            finding.message.startswith(
                "Alice Berg (Umeå kommun) är ordförande i Länssamverkansgruppen även 2027, utan "
                "att gruppen har beslutat att förlänga uppdraget."
            ),
            finding.message,
        )

    def test_a_decision_to_extend_stops_the_proposal_until_it_ends(self) -> None:
        # "kan efter beslut i gruppen löpa på längre tid än ett år": the group extends 2026's
        # chair and vice chair through 2027.
        Membership.objects.filter(pk__in=[self.chair.pk, self.vice.pk]).update(end=D(2027, 12, 31))
        Body.objects.filter(pk=self.body.pk).update(chair_extended_until=D(2027, 12, 31))
        self.assertEqual(self.found(D(2026, 11, 15)), [])
        self.assertEqual(self.found(D(2027, 3, 1)), [])
        # When the extension ends, the rotation resumes: 2028's chair from the region.
        [finding] = self.found(D(2027, 11, 15))
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertIn("Föreslå ordförande för 2028 från Region Västerbotten", finding.message)

    def test_without_the_extension_the_continuing_chair_is_overdue(self) -> None:
        Membership.objects.filter(pk__in=[self.chair.pk, self.vice.pk]).update(end=D(2027, 12, 31))
        [finding] = self.found(D(2027, 3, 1))
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(finding.about, f"body:{self.body.pk}:chair-rotation:2027")

    def test_a_charter_that_allows_no_extension_ignores_the_decision(self) -> None:
        # Seed 001 alternates "med ett års intervall" without exception.
        Charter.objects.filter(pk=self.charter.pk).update(
            chair_rotation_extendable=False, citations={"leadership": LEADERSHIP_001}
        )
        Body.objects.filter(pk=self.body.pk).update(chair_extended_until=D(2027, 12, 31))
        [finding] = self.found(D(2026, 11, 15))
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertEqual(finding.citation, LEADERSHIP_001)

    def test_when_only_the_vice_chair_is_missing_it_asks_for_the_vice_chair(self) -> None:
        self.appoint(self.bo, Role.CHAIR, "24", 2027)
        [finding] = self.found(D(2026, 12, 1))
        self.assertIn(
            "Föreslå vice ordförande för 2027 från en av kommunerna före årsskiftet.",
            finding.message,
        )

    def test_a_charter_without_rotation_yields_none(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(chair_rotation="none")
        self.assertEqual(self.found(D(2026, 11, 15)), [])

    def test_the_charter_check_runs_it(self) -> None:
        found = run_findings(today=D(2026, 11, 15), codes={CHAIR_ROTATION})
        self.assertEqual([f.body_id for f in found], [self.body.pk])

    def test_it_reads_in_a_fixed_number_of_queries(self) -> None:
        def queries_for(size: int) -> int:
            structure = Structure.objects.create(
                name=f"S {size}", slug=f"s-{size}", region=self.region
            )
            for n in range(size):
                body = Body.objects.create(
                    structure=structure,
                    key=f"b{n}",
                    name=f"Grupp {n}",
                    kind="council",
                    level="regional",
                    mandate="none",
                )
                Charter.objects.create(body=body, version="1", chair_rotation="yearly")
                self.appoint(self.bo, Role.CHAIR, "24", 2025, body=body)
                self.appoint(self.alice, Role.CHAIR, "2480", 2026, body=body)
                if n % 2:
                    self.appoint(self.dan, Role.CHAIR, "2480", 2027, body=body)
            with self.assertNumQueries(3) as counted:
                found = list(chair_rotation(today=D(2026, 11, 15), structure_ids=[structure.pk]))
            self.assertEqual(len(found), size)
            return len(counted.captured_queries)

        self.assertEqual(queries_for(2), queries_for(9))
