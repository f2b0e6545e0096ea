"""The activity plans' services: creating a plan (from last year's), editing, the yearly
revision, activities with owners and links in the same structure, status, order, removal,
the version checks and the history."""

from __future__ import annotations

import datetime

from samverkan.audit.models import Change
from samverkan.followup.models import Activity, ActivityPlan, ActivityStatus
from samverkan.followup.services import plans as services
from samverkan.followup.tests.test_plans_base import PlanTestCase
from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.localtime import local_today
from samverkan.structure.models import Person


class PlanServiceTests(PlanTestCase):
    def test_a_plan_for_a_year_is_created_once(self) -> None:
        plan = services.plan_create(
            by=self.coordinator, body=self.au, year=2027, title="AU:s plan 2027"
        )
        self.assertEqual((plan.year, plan.title), (2027, "AU:s plan 2027"))
        with self.assertRaises(DomainError) as refused:
            services.plan_create(by=self.coordinator, body=self.au, year=2027, title="Igen")
        self.assertEqual(refused.exception.field, "year")
        self.assertIn("redan en aktivitetsplan för 2027", refused.exception.message)
        self.assertTrue(Change.objects.filter(object_type="activity_plan", object_id=plan.pk))

    def test_a_title_and_a_sensible_year_are_required(self) -> None:
        with self.assertRaises(DomainError) as no_title:
            services.plan_create(by=None, body=self.au, year=2027, title="  ")
        self.assertEqual(no_title.exception.field, "title")
        with self.assertRaises(DomainError) as bad_year:
            services.plan_create(by=None, body=self.au, year=1850, title="Plan")
        self.assertEqual(bad_year.exception.field, "year")

    def test_next_years_plan_carries_over_what_is_not_done_or_cancelled(self) -> None:
        year = self.plan.year
        old = {
            status: Activity.objects.create(
                plan=self.plan,
                position=i,
                title=f"{status} aktivitet",
                status=status,
                owner=self.alice,
                case=self.case,
                due_on=datetime.date(year, 6, 1) if i % 2 else datetime.date(year + 1, 3, 1),
            )
            for i, status in enumerate(ActivityStatus.values)
        }
        new = services.plan_create(
            by=self.coordinator, body=self.body, year=year + 1, title="Plan", from_previous=True
        )
        carried = {a.title: a for a in new.activities.all()}
        self.assertEqual(
            set(carried), {"planned aktivitet", "ongoing aktivitet", "postponed aktivitet"}
        )
        self.assertEqual(carried["postponed aktivitet"].status, ActivityStatus.PLANNED)
        self.assertEqual(carried["ongoing aktivitet"].status, ActivityStatus.ONGOING)
        # A due date in the old year is cleared; one in the new year is kept.
        self.assertIsNone(carried["ongoing aktivitet"].due_on)
        self.assertEqual(carried["planned aktivitet"].due_on, datetime.date(year + 1, 3, 1))
        self.assertEqual(carried["planned aktivitet"].owner, self.alice)
        self.assertEqual(carried["planned aktivitet"].case, self.case)
        # The old plan keeps its activities; the new plan is to be revised on the same day.
        self.assertEqual(self.plan.activities.count(), len(old))
        assert self.plan.revise_by is not None
        self.assertEqual(new.revise_by, self.plan.revise_by.replace(year=year + 1))

    def test_carrying_over_needs_an_earlier_plan(self) -> None:
        with self.assertRaises(DomainError) as refused:
            services.plan_create(by=None, body=self.au, year=2027, title="Plan", from_previous=True)
        self.assertEqual(refused.exception.field, "from_previous")
        self.assertFalse(ActivityPlan.objects.filter(body=self.au).exists())

    def test_editing_the_plan_checks_the_version(self) -> None:
        services.plan_update(
            by=self.coordinator,
            plan=self.plan,
            expected_version=1,
            title="Ny rubrik",
            revise_by=None,
        )
        self.plan.refresh_from_db()
        self.assertEqual(
            (self.plan.title, self.plan.revise_by, self.plan.lock_version), ("Ny rubrik", None, 2)
        )
        with self.assertRaises(ConflictError):
            services.plan_update(by=None, plan=self.plan, expected_version=1, title="Gammal")
        with self.assertRaises(DomainError):
            services.plan_update(by=None, plan=self.plan, expected_version=2, year=2030)

    def test_the_revision_is_dated_described_and_sets_the_next_a_year_on(self) -> None:
        today = local_today()
        with self.assertRaises(DomainError) as future:
            services.plan_revise(
                by=None,
                plan=self.plan,
                revised_on=today + datetime.timedelta(days=1),
                note="Nya mål",
                expected_version=1,
            )
        self.assertEqual(future.exception.field, "revised_on")
        with self.assertRaises(DomainError) as no_note:
            services.plan_revise(
                by=None, plan=self.plan, revised_on=today, note=" ", expected_version=1
            )
        self.assertEqual(no_note.exception.field, "note")
        services.plan_revise(
            by=self.chair_user,
            plan=self.plan,
            revised_on=today,
            note="Trygg hemgång lades till.",
            expected_version=1,
        )
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.revised_on, today)
        self.assertEqual(self.plan.revise_by, services.one_year_on(today))
        self.assertEqual(self.plan.revision_note, "Trygg hemgång lades till.")
        change = Change.objects.filter(object_type="activity_plan", note="Planen reviderades")
        self.assertEqual(change.get().actor, self.chair_user)
        self.assertEqual(
            services.one_year_on(datetime.date(2028, 2, 29)), datetime.date(2029, 2, 28)
        )

    def test_an_activity_is_added_last_with_an_owner_from_the_structure(self) -> None:
        first = services.activity_add(by=None, plan=self.plan, title="Första", owner=self.alice)
        second = services.activity_add(
            by=None,
            plan=self.plan,
            title="Andra",
            owner_text="Processledarna",
            case=self.case,
            assignment=self.assignment,
            status=ActivityStatus.ONGOING,
        )
        self.assertEqual((first.position, second.position), (0, 1))
        self.assertEqual(second.case, self.case)
        stranger = Person.objects.create(key="x-y", first_name="X", last_name="Y")
        with self.assertRaises(DomainError) as not_ours:
            services.activity_add(by=None, plan=self.plan, title="T", owner=stranger)
        self.assertEqual(not_ours.exception.field, "owner")
        self.assertIn("X Y har inget uppdrag i Samverkan Västerbotten", not_ours.exception.message)
        with self.assertRaises(DomainError) as both:
            services.activity_add(
                by=None, plan=self.plan, title="T", owner=self.alice, owner_text="Alla"
            )
        self.assertEqual(both.exception.field, "owner_text")

    def test_cases_and_assignments_of_another_structure_are_refused(self) -> None:
        with self.assertRaises(DomainError) as case:
            services.activity_add(by=None, plan=self.plan, title="T", case=self.other_case)
        self.assertEqual(case.exception.field, "case")
        self.assertIn("BL 2026/1 hör till en annan struktur", case.exception.message)
        with self.assertRaises(DomainError) as assignment:
            services.activity_add(
                by=None, plan=self.plan, title="T", assignment=self.other_assignment
            )
        self.assertEqual(assignment.exception.field, "assignment")
        activity = services.activity_add(by=None, plan=self.plan, title="T")
        with self.assertRaises(DomainError):
            services.activity_update(
                by=None, activity=activity, expected_version=1, case=self.other_case
            )
        self.assertEqual(self.plan.activities.count(), 1)

    def test_status_edits_and_owner_switches_are_versioned_and_recorded(self) -> None:
        activity = services.activity_add(by=None, plan=self.plan, title="T", owner=self.alice)
        services.activity_set_status(
            by=self.secretary_user,
            activity=activity,
            status=ActivityStatus.DONE,
            expected_version=1,
        )
        activity.refresh_from_db()
        self.assertEqual((activity.status, activity.lock_version), (ActivityStatus.DONE, 2))
        with self.assertRaises(ConflictError):
            services.activity_set_status(
                by=None, activity=activity, status=ActivityStatus.ONGOING, expected_version=1
            )
        with self.assertRaises(DomainError) as bad:
            services.activity_set_status(
                by=None, activity=activity, status="klar", expected_version=2
            )
        self.assertEqual(bad.exception.field, "status")
        # A text as owner replaces the person.
        services.activity_update(
            by=None, activity=activity, expected_version=2, owner_text="Processledarna"
        )
        activity.refresh_from_db()
        self.assertEqual((activity.owner, activity.owner_text), (None, "Processledarna"))
        status_change = Change.objects.get(
            object_type="activity", object_id=activity.pk, actor=self.secretary_user
        )
        self.assertEqual(status_change.changes["status"], ["Planerad", "Klar"])
        self.assertEqual(
            (status_change.scope_type, status_change.scope_id), ("activity_plan", self.plan.pk)
        )

    def test_activities_are_reordered_moved_and_removed(self) -> None:
        a, b, c = (services.activity_add(by=None, plan=self.plan, title=title) for title in "ABC")
        services.activities_reorder(by=None, plan=self.plan, order=[c.pk, a.pk, b.pk])
        titles = list(self.plan.activities.order_by("position").values_list("title", flat=True))
        self.assertEqual(titles, ["C", "A", "B"])
        with self.assertRaises(DomainError):
            services.activities_reorder(by=None, plan=self.plan, order=[c.pk, a.pk])
        b.refresh_from_db()
        services.activity_move(by=None, activity=b, up=True)
        titles = list(self.plan.activities.order_by("position").values_list("title", flat=True))
        self.assertEqual(titles, ["C", "B", "A"])
        c.refresh_from_db()
        with self.assertRaises(ConflictError):
            services.activity_remove(by=None, activity=c, expected_version=c.lock_version - 1)
        services.activity_remove(by=self.coordinator, activity=c, expected_version=c.lock_version)
        self.assertEqual(self.plan.activities.count(), 2)
        self.assertTrue(Change.objects.filter(object_type="activity", object_id=c.pk, action=2))


class DueDateTests(PlanTestCase):
    def test_an_activity_is_not_due_before_its_plans_year(self) -> None:
        early = datetime.date(self.plan.year - 1, 12, 31)
        with self.assertRaises(DomainError) as caught:
            services.activity_add(by=None, plan=self.plan, title="Kartlägg", due_on=early)
        self.assertIn("ligger före planens år", caught.exception.errors["due_on"][0])
        # The next year is fine: an activity may run on past its plan's year.
        later = datetime.date(self.plan.year + 1, 6, 30)
        activity = services.activity_add(by=None, plan=self.plan, title="Kartlägg", due_on=later)
        with self.assertRaises(DomainError):
            services.activity_update(by=None, activity=activity, expected_version=1, due_on=early)
        activity.refresh_from_db()
        self.assertEqual(activity.due_on, later)
