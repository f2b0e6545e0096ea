"""The activity plans' overview reads only the bodies with a plan for the year or a charter
that names the plan, not every body and charter of the structure (841 groups at national
scale): the same queries with a few bodies and with many, and a charter's yearly duty
about the plan still lists its body."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.followup.tests.test_plans_base import PlanTestCase
from samverkan.structure.models import Body, Charter, CharterStatus


class OverviewScaleTests(PlanTestCase):
    def test_the_same_queries_with_many_bodies_and_required_plans_listed(self) -> None:
        url = reverse("followup:plan_overview", args=[self.structure.slug])
        self.login(self.coordinator)

        def count() -> tuple[int, str]:
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            return len(captured), response.content.decode()

        few, small = count()
        self.assertIn(self.body.name, small)
        groups = Body.objects.bulk_create(
            Body(
                structure=self.structure,
                parent=self.body,
                key=f"grupp-{n}",
                name=f"Grupp {n:03d}",
                kind="working_group",
                level="local",
                mandate="none",
            )
            for n in range(60)
        )
        duty = [{"what": "Årligen revidera den lokala aktivitetsplanen", "frequency": "yearly"}]
        other = [{"what": "Årligen rapportera till länsgruppen", "frequency": "yearly"}]
        Charter.objects.bulk_create(
            Charter(
                body=group,
                version="1",
                status=CharterStatus.IN_FORCE,
                duties=duty if n == 7 else other,
            )
            for n, group in enumerate(groups)
        )
        queries, large = count()
        self.assertEqual(queries, few)
        self.assertIn("Grupp 007", large)  # its charter requires a plan
        self.assertNotIn("Grupp 008", large)
