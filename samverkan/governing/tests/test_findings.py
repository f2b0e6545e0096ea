"""The charter check's rules for governing documents: revisions due and implementations
overdue, with those responsible."""

from __future__ import annotations

import datetime

from samverkan.governing import services
from samverkan.governing.findings import IMPLEMENTATION_OVERDUE, REVISION_DUE
from samverkan.governing.models import ImplementationStatus
from samverkan.governing.tests.base import TODAY, GoverningTestCase, make_document
from samverkan.lib.findings import Severity, run_findings
from samverkan.structure.models import Charter, CharterStatus


class FindingsTests(GoverningTestCase):
    def test_revisions_within_60_days_are_due_soon_and_passed_ones_overdue(self) -> None:
        make_document(
            self.structure, None, "Snart", next_revision=TODAY + datetime.timedelta(days=60)
        )
        make_document(
            self.structure, None, "Passerad", next_revision=TODAY - datetime.timedelta(days=3)
        )
        make_document(
            self.structure, None, "Långt bort", next_revision=TODAY + datetime.timedelta(days=61)
        )
        found = run_findings(today=TODAY, codes=[REVISION_DUE])
        self.assertEqual(
            [(f.subject, f.severity) for f in found],
            [
                ("Styrdokument: Passerad", Severity.OVERDUE),
                ("Styrdokument: Snart", Severity.DUE_SOON),
            ],
        )
        self.assertIn("revideringen är tre dagar försenad", found[0].message)
        self.assertEqual(found[0].responsible.role, "koordinator")  # type: ignore[union-attr]
        self.assertEqual(found[0].responsible.user_ids, (self.coordinator.pk,))  # type: ignore[union-attr]
        self.assertEqual(
            run_findings(
                today=TODAY, codes=[REVISION_DUE], structure_ids=[self.other_structure.pk]
            ),
            [],
        )

    def test_a_planned_implementation_past_its_day_is_overdue_for_the_groups_leaders(
        self,
    ) -> None:
        for body, day in ((self.locals[0], -1), (self.locals[1], -10), (self.locals[2], 0)):
            services.implementation_update(
                by=None,
                implementation=self.rows[body.pk],
                status=ImplementationStatus.PLANNED,
                planned_on=TODAY + datetime.timedelta(days=day),
                today=TODAY,
            )
        task = (
            "Implementera nya nationella och regionala kunskapsstöd, länsgemensamma avtal, "
            "överenskommelser, riktlinjer och rutiner på uppdrag av länsamverkansgrupp."
        )
        Charter.objects.create(
            body=self.locals[0],
            version="2024",
            status=CharterStatus.IN_FORCE,
            decided_on=datetime.date(2024, 1, 1),
            tasks=["Hantera avvikelser i samverkan.", task],
        )
        found = run_findings(today=TODAY, codes=[IMPLEMENTATION_OVERDUE])
        self.assertEqual([f.body_id for f in found], [self.locals[1].pk, self.locals[0].pk])
        chaired = found[1]
        self.assertEqual(chaired.severity, Severity.OVERDUE)
        self.assertEqual(chaired.responsible.role, "ordförande och sekreterare")  # type: ignore[union-attr]
        self.assertEqual(chaired.responsible.user_ids, (self.local_chair.pk,))  # type: ignore[union-attr]
        self.assertIn("Lokal grupp 0 planerade att implementera", chaired.message)
        # Quoted from the group's own charter, and only where it says so.
        self.assertEqual(chaired.citation, task)
        self.assertEqual(found[0].citation, "")
        # A group without chair or secretary: the coordinators.
        self.assertEqual(found[0].responsible.role, "koordinator")  # type: ignore[union-attr]
