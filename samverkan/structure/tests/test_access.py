"""Which structures a user may change, as the start page lists them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from samverkan.structure.access import editable_structures
from samverkan.testing.base import BaseTestCase


class EditableStructuresTests(BaseTestCase):
    def test_it_reads_a_coordinators_structures_in_one_query(self) -> None:
        with self.assertNumQueries(1):
            mine = list(editable_structures(self.coordinator))
            self.assertEqual([s.region.name for s in mine], [self.structure.region.name])
        self.assertEqual(mine, [self.structure])

    def test_it_gives_an_admin_every_structure_by_name_and_a_visitor_none(self) -> None:
        with self.assertNumQueries(1):
            every = list(editable_structures(self.admin))
        self.assertEqual(every, sorted([self.structure, self.other_structure], key=str))
        self.assertEqual(list(editable_structures(self.member_user)), [])
        with self.assertNumQueries(0):
            self.assertEqual(list(editable_structures(AnonymousUser())), [])
