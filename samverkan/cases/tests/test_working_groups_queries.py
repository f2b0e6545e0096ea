"""The working groups page draws its form's lists from the rows it has read: the same
queries with no open assignment as with many (an empty list used to read nothing and a full
one one query more, 11 and 12 at demo and national scale)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.cases.tests.test_assignments_base import AssignmentTestCase
from samverkan.cases.tests.test_lists_scale import bodies, make_assignments


class WorkingGroupQueriesTests(AssignmentTestCase):
    def test_the_same_queries_with_and_without_open_assignments(self) -> None:
        url = reverse("cases:working_groups", args=[self.structure.slug])
        self.login(self.coordinator)
        few = bodies(self.structure, self.body, 3)

        def count() -> tuple[int, str]:
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            return len(captured), response.content.decode()

        none, empty = count()
        self.assertIn('name="created_by"', empty)
        make_assignments(self.structure, self.body, few, 5)
        queries, full = count()
        self.assertEqual(queries, none)
        self.assertIn("Uppdrag 0004", full)
        self.assertIn(f'<option value="{few[0].pk}">Arbetsgrupp 0000</option>', full)
