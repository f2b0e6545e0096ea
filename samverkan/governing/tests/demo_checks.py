"""What the governing documents demo shows; run in `samverkan/rules/tests/test_whole_demo.py`."""

from __future__ import annotations

from samverkan.governing.demo import DOCUMENTS, load_demo_governing
from samverkan.governing.findings import IMPLEMENTATION_OVERDUE, REVISION_DUE
from samverkan.governing.models import (
    CharterDocumentLink,
    GoverningDocument,
    Implementation,
    ImplementationStatus,
)
from samverkan.lib.findings import Severity, run_findings
from samverkan.structure.models import Body, Charter, Structure
from samverkan.testing.demo import DemoChecks

BILAGA_1 = [
    "Samverkan Blekinge - Samverkan mellan Region Blekinge och länets kommuner inom hälsa, "
    "vård, lärande och social välfärd",
    "Samverkan Blekinges verksamhetsplan och Tillika färdplan för jämlik hälsa, nära vård, "
    "stöd och omsorg 2023 - 2026.",
    "Blekinges målbild för jämlik hälsa, nära vård, stöd och omsorg",
    "Samverkansgruppernas aktivitetsplaner",
    "Hemsjukvårdsavtalet",
    "Överenskommelse om samverkan vid utskrivning från slutna hälso- och sjukvård",
    "Överenskommelse om samarbete mellan Region Blekinge och kommunerna i Blekinge",
    "Överenskommelse om kunskapsstyrning i samverkan",
]


class GoverningDemoChecks(DemoChecks):
    def blekinge(self) -> Structure:
        return Structure.objects.get(slug="blekinge")

    def test_governing_demo_has_blekinges_eight_documents_from_bilaga_1(self) -> None:
        structure = self.blekinge()
        titles = list(
            GoverningDocument.objects.filter(structure=structure).values_list("title", flat=True)
        )
        self.assertEqual(sorted(titles), sorted(BILAGA_1))
        self.assertEqual([d.title for d in DOCUMENTS], BILAGA_1)
        commissioners = set(
            GoverningDocument.objects.filter(structure=structure).values_list(
                "commissioned_by__key", flat=True
            )
        )
        self.assertEqual(commissioners, {"lsg-att-vaxa-upp", "lsg-mitt-i-livet", "lsg-att-aldras"})
        self.assertFalse(GoverningDocument.objects.exclude(structure=structure).exists())

    def test_governing_demo_varies_the_states_across_the_fifteen_local_groups(self) -> None:
        rows = Implementation.objects.filter(document__structure=self.blekinge())
        bodies = set(rows.values_list("body__key", flat=True))
        self.assertEqual(len(bodies), 15)
        self.assertTrue(all(key.startswith("lokal-") for key in bodies))
        self.assertEqual(
            set(rows.values_list("status", flat=True)), set(ImplementationStatus.values)
        )
        for row in rows:
            with self.subTest(body=row.body.key, document=row.document.title):
                if row.status == ImplementationStatus.PLANNED:
                    self.assertIsNotNone(row.planned_on)
                if row.status in (
                    ImplementationStatus.IMPLEMENTED,
                    ImplementationStatus.FOLLOWED_UP,
                ):
                    assert row.implemented_on is not None
                    self.assertLessEqual(row.implemented_on, self.today)
                if row.status == ImplementationStatus.FOLLOWED_UP:
                    assert row.implemented_on is not None and row.followed_up_on is not None
                    self.assertGreaterEqual(row.followed_up_on, row.implemented_on)
                # Each local group implements what its own county group commissions.
                self.assertEqual(row.body.parent_id, row.document.commissioned_by_id)

    def test_governing_demo_shows_in_the_charter_check(self) -> None:
        structure = self.blekinge()
        revisions = run_findings(
            today=self.today, structure_ids=[structure.pk], codes=[REVISION_DUE]
        )
        self.assertIn(Severity.OVERDUE, {f.severity for f in revisions})
        self.assertIn(Severity.DUE_SOON, {f.severity for f in revisions})
        overdue = run_findings(
            today=self.today, structure_ids=[structure.pk], codes=[IMPLEMENTATION_OVERDUE]
        )
        self.assertEqual(len(overdue), 1)

    def test_governing_demo_links_the_local_groups_charter_entries(self) -> None:
        structure = self.blekinge()
        local = Body.objects.filter(structure=structure, key__startswith="lokal-")
        charters = Charter.objects.filter(body__in=local)
        self.assertTrue(charters.exists())
        for charter in charters:
            with self.subTest(body=charter.body.key, version=charter.version):
                links = {
                    link.position: link.document.title
                    for link in CharterDocumentLink.objects.filter(charter=charter).select_related(
                        "document"
                    )
                }
                self.assertEqual(links, dict(enumerate(charter.governing_documents)))

    def test_governing_demo_changes_nothing_when_loaded_again(self) -> None:
        counts = (
            GoverningDocument.objects.count(),
            Implementation.objects.count(),
            CharterDocumentLink.objects.count(),
        )
        states = sorted(Implementation.objects.values_list("pk", "status", "lock_version"))
        self.assertEqual(load_demo_governing(today=self.today), [])
        self.assertEqual(
            (
                GoverningDocument.objects.count(),
                Implementation.objects.count(),
                CharterDocumentLink.objects.count(),
            ),
            counts,
        )
        self.assertEqual(
            sorted(Implementation.objects.values_list("pk", "status", "lock_version")), states
        )
