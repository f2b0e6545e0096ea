"""Importing a structure file reads each kind of row in one query and writes in bulk: a
file that changes nothing costs a handful of queries whatever its size, and a first import
of 300 bodies takes the queries of 30 (one insert per kind of row and 2,000 rows)."""

from __future__ import annotations

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from samverkan.audit.models import Change
from samverkan.structure.importer import structure_import
from samverkan.structure.models import Body, Charter, Membership
from samverkan.structure.tests.bigfile import structure_file


def imported(text: str) -> tuple[int, str]:
    """The queries of one import, and its summary."""
    with CaptureQueriesContext(connection) as queries:
        report = structure_import(text=text, path="stor.yaml")
    return len(queries), report.summary()


class ImportScaleTests(TestCase):
    def test_a_first_import_and_an_unchanged_one_do_not_grow_with_the_bodies(self) -> None:
        small, large = structure_file(30, key="liten"), structure_file(300, key="stor")
        # The first import of all also looks up the kinds of object the history names
        # (cached for the process); the two sizes are measured after it.
        imported(structure_file(2, key="forsta"))
        first_small, _ = imported(small)
        first_large, summary = imported(large)
        self.assertIn("bodies created: 300", summary)
        self.assertEqual(first_large, first_small)
        self.assertEqual(Body.objects.filter(structure__slug="stor").count(), 300)
        self.assertEqual(Membership.objects.filter(body__structure__slug="stor").count(), 1500)
        # Every row made is in the history, with the system as its author.
        bodies = Change.objects.filter(object_type="body", structure_id__isnull=False)
        self.assertEqual(bodies.count(), 332)
        again_small, unchanged = imported(small)
        with self.assertNumQueries(again_small):
            _, unchanged_large = imported(large)
        self.assertEqual((unchanged, unchanged_large), ("inga ändringar", "inga ändringar"))
        self.assertLessEqual(again_small, 15)

    def test_a_changed_file_writes_and_records_only_what_changed(self) -> None:
        text = structure_file(300, key="stor")
        imported(text)
        last = Change.objects.order_by("-pk").values_list("pk", flat=True).first()
        # One body renamed, one member gone, every charter in a new version.
        changed = text.replace("name: Lokal samverkansgrupp 7\n", "name: Lokala gruppen 7\n")
        changed = changed.replace("version: '1'", "version: '2'")
        gone = "  - person: stor-p38\n    role: member\n    principal: '24'\n"
        self.assertIn(gone, changed)
        changed = changed.replace(gone, "", 1)
        queries, summary = imported(changed)
        self.assertLessEqual(queries, 40)
        self.assertIn("bodies updated: 1", summary)
        self.assertIn("charters superseded: 300", summary)
        self.assertIn("memberships ended: 1", summary)
        in_force = Charter.objects.filter(body__structure__slug="stor", status="in_force")
        self.assertEqual(set(in_force.values_list("version", flat=True)), {"2"})
        news = Change.objects.filter(pk__gt=last)
        renamed = news.get(object_type="body")
        self.assertEqual(renamed.changes["name"], ["Lokal samverkansgrupp 7", "Lokala gruppen 7"])
        self.assertEqual(renamed.note, "Från en strukturfil.")
        ended = news.get(object_type="membership")
        self.assertEqual(ended.changes["end_reason"][1], "Finns inte längre i strukturfilen")
        # 300 charters superseded, 300 new ones, and the new ones' parts (the local groups'
        # composition, standing items, reporting and role links).
        self.assertEqual(news.filter(object_type="charter").count(), 300 + 300 + 299 * 4)
        self.assertEqual(news.exclude(object_type__in=["body", "membership", "charter"]).count(), 0)
