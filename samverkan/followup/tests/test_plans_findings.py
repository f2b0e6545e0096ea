"""The charter check's rules for activity plans: the yearly revision (due soon, overdue,
done; a plan missing where the charter requires one) and overdue activities."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.followup.findings import ACTIVITY_OVERDUE, PLAN_REVISION
from samverkan.followup.models import Activity, ActivityPlan, ActivityStatus
from samverkan.followup.tests.test_plans_base import PlanTestCase
from samverkan.lib.findings import Finding, Severity, run_findings
from samverkan.lib.localtime import local_today
from samverkan.structure.models import Charter, CharterStatus

DUTY_CITATION = "årligen delta i revideringen av den lokala aktivitetsplanen"


class PlanFindingTests(PlanTestCase):
    def findings(self, code: str, today: datetime.date | None = None) -> list[Finding]:
        return run_findings(today=today or local_today(), codes=[code])

    def test_a_revision_due_soon_and_then_overdue(self) -> None:
        today = local_today()
        [soon] = self.findings(PLAN_REVISION)
        self.assertEqual(soon.severity, Severity.DUE_SOON)
        self.assertEqual(soon.body_id, self.body.pk)
        self.assertIn("ska revideras senast", soon.message)
        assert soon.responsible is not None
        self.assertEqual(set(soon.responsible.names), {"Alice Berg", "Sara Sekr"})
        self.assertEqual(soon.url, f"/arbeta/aktivitetsplaner/plan/{self.plan.pk}/")
        ActivityPlan.objects.filter(pk=self.plan.pk).update(
            revise_by=today - datetime.timedelta(days=3)
        )
        [late] = self.findings(PLAN_REVISION)
        self.assertEqual(late.severity, Severity.OVERDUE)
        self.assertIn("är tre dagar försenad", late.message)

    def test_far_off_or_done_revisions_are_no_finding(self) -> None:
        ActivityPlan.objects.filter(pk=self.plan.pk).update(
            revise_by=local_today() + datetime.timedelta(days=90)
        )
        self.assertEqual(self.findings(PLAN_REVISION), [])
        ActivityPlan.objects.filter(pk=self.plan.pk).update(
            revise_by=local_today() - datetime.timedelta(days=3), revised_on=local_today()
        )
        self.assertEqual(self.findings(PLAN_REVISION), [])

    def test_a_charter_that_requires_a_plan_and_none_for_the_year(self) -> None:
        Charter.objects.create(
            body=self.au,
            version="1",
            status=CharterStatus.IN_FORCE,
            duties=[
                {
                    "who": "AU",
                    "what": "delta i revideringen av den lokala aktivitetsplanen",
                    "frequency": "yearly",
                },
                {"who": "AU", "what": "ses över", "frequency": "continuous"},
            ],
            citations={"duties": DUTY_CITATION},
        )
        today = local_today()
        found = [f for f in self.findings(PLAN_REVISION) if f.body_id == self.au.pk]
        [missing] = found
        self.assertIn(f"har ingen aktivitetsplan för {today.year}", missing.message)
        self.assertEqual(missing.citation, DUTY_CITATION)
        expected = Severity.OVERDUE if today >= datetime.date(today.year, 3, 1) else Severity.NOTED
        self.assertEqual(missing.severity, expected)
        # With a plan without a revision date, the year's end is the date.
        ActivityPlan.objects.create(body=self.au, year=today.year, title="AU:s plan")
        found = [
            f
            for f in self.findings(PLAN_REVISION, today=datetime.date(today.year, 12, 10))
            if f.body_id == self.au.pk
        ]
        self.assertEqual([f.due_on for f in found], [datetime.date(today.year, 12, 31)])
        self.assertEqual(found[0].citation, DUTY_CITATION)

    def test_an_overdue_activity_is_its_owners_or_else_the_chair_and_secretarys(self) -> None:
        yesterday = local_today() - datetime.timedelta(days=1)
        owned = Activity.objects.create(
            plan=self.plan, title="Kartlägg", owner=self.alice, due_on=yesterday
        )
        by_text = Activity.objects.create(
            plan=self.plan,
            title="Sprid",
            owner_text="Processledarna",
            due_on=yesterday,
            status=ActivityStatus.ONGOING,
        )
        Activity.objects.create(
            plan=self.plan, title="Klar", due_on=yesterday, status=ActivityStatus.DONE
        )
        Activity.objects.create(plan=self.plan, title="Senare", due_on=local_today())
        found = {f.about: f for f in self.findings(ACTIVITY_OVERDUE)}
        self.assertEqual(
            set(found),
            {
                f"activity:{owned.pk}:{yesterday.isoformat()}",
                f"activity:{by_text.pk}:{yesterday.isoformat()}",
            },
        )
        first = found[f"activity:{owned.pk}:{yesterday.isoformat()}"]
        assert first.responsible is not None
        self.assertEqual(
            (first.responsible.role, first.responsible.names), ("ansvarig", ("Alice Berg",))
        )
        self.assertEqual(first.responsible.user_ids, (self.chair_user.pk,))
        self.assertIn("”Kartlägg”", first.message)
        self.assertIn("är en dag försenad", first.message)
        second = found[f"activity:{by_text.pk}:{yesterday.isoformat()}"]
        assert second.responsible is not None
        self.assertEqual(set(second.responsible.names), {"Alice Berg", "Sara Sekr"})

    def test_the_rules_read_a_fixed_number_of_queries(self) -> None:
        def count(n: int) -> int:
            Activity.objects.all().delete()
            for plan in ActivityPlan.objects.all():
                self.add_activities(plan, n)
            with CaptureQueriesContext(connection) as queries:
                self.findings(ACTIVITY_OVERDUE)
                self.findings(PLAN_REVISION)
            return len(queries)

        self.assertEqual(count(5), count(40))


class CarriedOverFindingTests(PlanTestCase):
    def test_an_older_plans_unfinished_activity_is_no_finding_once_a_newer_plan_exists(
        self,
    ) -> None:
        old = ActivityPlan.objects.create(body=self.body, year=self.plan.year - 1, title="I fjol")
        Activity.objects.create(plan=old, title="Gammal", due_on=datetime.date(old.year, 11, 30))
        self.assertEqual(run_findings(today=local_today(), codes=[ACTIVITY_OVERDUE]), [])
        self.plan.delete()
        [late] = run_findings(today=local_today(), codes=[ACTIVITY_OVERDUE])
        self.assertIn("”Gammal”", late.message)
