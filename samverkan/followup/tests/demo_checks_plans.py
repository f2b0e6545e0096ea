"""What the activity plans demo shows; run in `samverkan/rules/tests/test_whole_demo.py`."""

from __future__ import annotations

import datetime

from samverkan.followup.demo_plans import demo_activity_plans
from samverkan.followup.findings import ACTIVITY_OVERDUE, PLAN_REVISION
from samverkan.followup.models import Activity, ActivityPlan, ActivityStatus
from samverkan.lib.findings import Severity, run_findings
from samverkan.testing.demo import DemoChecks


class PlansDemoChecks(DemoChecks):
    def test_plans_demo_skane_has_last_years_revised_plan_and_this_years(self) -> None:
        self.assertEqual(self.plans_report.refused, [])
        plans = ActivityPlan.objects.filter(
            body__structure__slug="skane-mellersta", body__key="operativ-mellersta"
        )
        last = plans.get(year=self.today.year - 1)
        self.assertIsNotNone(last.revised_on)
        self.assertIn("Trygg hemgång", last.revision_note)
        plan = plans.get(year=self.today.year)
        self.assertIn("Vårdsamverkans aktivitets- och tidplan", plan.description)
        activities = list(plan.activities.all())
        self.assertTrue(6 <= len(activities) <= 8, len(activities))
        statuses = {a.status for a in activities}
        self.assertTrue({ActivityStatus.DONE, ActivityStatus.ONGOING} <= statuses)
        overdue = [
            a
            for a in activities
            if a.due_on
            and a.due_on < self.today
            and a.status not in (ActivityStatus.DONE, ActivityStatus.CANCELLED)
        ]
        self.assertEqual(len(overdue), 1)
        self.assertTrue(any("Trygg hemgång" in a.title for a in activities))

    def test_plans_demo_reminds_of_this_years_revision_and_the_overdue_activity(self) -> None:
        skane = ActivityPlan.objects.get(
            body__key="operativ-mellersta", year=self.today.year
        ).body.structure_id
        found = run_findings(today=self.today, structure_ids=[skane], codes=[PLAN_REVISION])
        [revision] = [f for f in found if "operativ" in f.subject.casefold()]
        self.assertEqual(revision.severity, Severity.DUE_SOON)
        self.assertEqual(revision.due_on, self.today + datetime.timedelta(days=21))
        self.assertIn("revideringen av den lokala aktivitetsplanen", revision.citation)
        late = run_findings(today=self.today, structure_ids=[skane], codes=[ACTIVITY_OVERDUE])
        self.assertEqual(len(late), 1)
        self.assertIn("SIP", late[0].message)

    def test_plans_demo_blekinge_county_group_plan_links_its_assignments(self) -> None:
        plan = ActivityPlan.objects.get(body__key="lsg-att-vaxa-upp", year=self.today.year)
        self.assertEqual(plan.activities.count(), 3)

    def test_plans_demo_changes_nothing_when_loaded_again(self) -> None:
        counts = (ActivityPlan.objects.count(), Activity.objects.count())
        self.assertIn("finns redan", demo_activity_plans(today=self.today).summary())
        self.assertEqual((ActivityPlan.objects.count(), Activity.objects.count()), counts)
