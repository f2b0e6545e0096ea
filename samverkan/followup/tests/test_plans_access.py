"""Who sees and changes activity plans on the working pages: coordinators and the body's
chair and secretary change them; the vice chair (a member), the council above reads; the
AU below, another structure's coordinator and anonymous visitors see nothing."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.urls import reverse

from samverkan.followup.access import plans as access
from samverkan.followup.models import Activity, ActivityPlan, ActivityStatus
from samverkan.followup.tests.test_plans_base import PlanTestCase
from samverkan.lib.localtime import local_today
from samverkan.structure.models import Charter, CharterStatus, Convener, Membership, Person, Role


class PlanAccessTests(PlanTestCase):
    def plan_url(self, name: str = "plan", *extra: int) -> str:
        return reverse(f"followup:{name}", args=[self.plan.pk, *extra])

    def test_readers_and_editors_per_persona(self) -> None:
        expectations: list[tuple[User | None, int, bool]] = [
            (self.admin, 200, True),
            (self.coordinator, 200, True),
            (self.chair_user, 200, True),
            (self.secretary_user, 200, True),
            (self.member_user, 200, False),
            (self.council_user, 200, False),
            (self.au_user, 404, False),
            (self.other_coordinator, 404, False),
        ]
        for user, status, edits in expectations:
            with self.subTest(user=user.username if user else None):
                self.client.logout()
                if user is not None:
                    self.login(user)
                response = self.client.get(self.plan_url())
                self.assertEqual(response.status_code, status)
                if status == 200:
                    self.assertEqual("Lägg till en aktivitet" in response.content.decode(), edits)
        self.client.logout()
        response = self.client.get(self.plan_url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("/konto/", response["Location"])

    def test_a_reader_who_may_not_edit_is_refused_with_403(self) -> None:
        self.login(self.member_user)
        response = self.client.post(self.plan_url("activity_add"), {"title": "Smyg"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Activity.objects.exists())
        self.login(self.au_user)
        response = self.client.post(self.plan_url("activity_add"), {"title": "Smyg"})
        self.assertEqual(response.status_code, 404)

    def test_the_charters_conveners_edit(self) -> None:
        leader_user = User.objects.create_user("processledare", "p@example.se", "pw")
        leader = Person.objects.create(
            key="pia-pl", first_name="Pia", last_name="Pl", user=leader_user
        )
        Membership.objects.create(
            body=self.body,
            person=leader,
            role=Role.PROCESS_LEADER,
            principal=self.region,
            start=datetime.date(2026, 1, 1),
        )
        self.assertFalse(access.can_edit_body_plans(leader_user, self.body))
        Charter.objects.filter(pk=self.charter.pk).update(convener=Convener.PROCESS_LEADERS)
        self.assertTrue(access.can_edit_body_plans(leader_user, self.body))
        self.assertEqual(Charter.objects.get(pk=self.charter.pk).status, CharterStatus.IN_FORCE)

    def test_the_chair_adds_changes_the_status_and_revises(self) -> None:
        self.login(self.chair_user)
        response = self.client.post(
            self.plan_url("activity_add"),
            {
                "title": "Trygg hemgång",
                "owner": self.alice.pk,
                "due_on": "2026-12-15",
                "status": ActivityStatus.PLANNED,
                "case": self.case.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        activity = Activity.objects.get()
        response = self.client.post(
            self.plan_url("activity_status", activity.pk),
            {"status": ActivityStatus.ONGOING, "lock_version": 1},
        )
        self.assertEqual(response.status_code, 302)
        activity.refresh_from_db()
        self.assertEqual(activity.status, ActivityStatus.ONGOING)
        page = self.client.get(self.plan_url()).content.decode()
        self.assertIn("Trygg hemgång", page)
        self.assertIn("Ärende VB 2026/1", page)
        self.assertIn("Alice Berg", page)
        refused = self.client.post(
            self.plan_url("plan_revise"),
            {
                "revised_on": (local_today() + datetime.timedelta(days=3)).isoformat(),
                "note": "x",
                "lock_version": 1,
            },
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn("Revideringsdagen kan inte ligga i framtiden", refused.content.decode())
        response = self.client.post(
            self.plan_url("plan_revise"),
            {"revised_on": local_today().isoformat(), "note": "Nya mål", "lock_version": 1},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ActivityPlan.objects.get().revised_on, local_today())

    def test_a_stale_form_is_refused_and_the_text_kept(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            self.plan_url("plan_edit"),
            {"title": "Min rubrik", "description": "", "lock_version": 0},
        )
        self.assertEqual(response.status_code, 400)
        page = response.content.decode()
        self.assertIn("Någon annan har ändrat aktivitetsplanen", page)
        self.assertIn('value="Min rubrik"', page)

    def test_the_body_page_lists_plans_and_creates_next_years(self) -> None:
        url = reverse("followup:plan_body", args=[self.structure.slug, self.body.key])
        self.login(self.au_user)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.member_user)
        page = self.client.get(url).content.decode()
        self.assertIn(self.plan.title, page)
        self.assertNotIn("Skapa planen", page)
        self.assertEqual(self.client.post(url, {"year": 2030, "title": "X"}).status_code, 403)
        self.login(self.secretary_user)
        response = self.client.post(
            url, {"year": self.plan.year + 1, "title": "Nästa", "from_previous": "on"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ActivityPlan.objects.filter(year=self.plan.year + 1).exists())

    def test_the_overview_shows_the_plans_one_may_read(self) -> None:
        url = reverse("followup:plan_overview", args=[self.structure.slug])
        self.login(self.coordinator)
        page = self.client.get(url).content.decode()
        self.assertIn("Länssamverkansgruppen", page)
        self.assertIn("Inte reviderad", page)
        self.login(self.au_user)
        page = self.client.get(url).content.decode()
        self.assertNotIn(self.plan.title, page)

    def test_the_activity_form_offers_only_cases_the_editor_may_read(self) -> None:
        au_case = self.make_case(self.au, "VB 2026/99")
        self.login(self.chair_user)
        page = self.client.get(self.plan_url()).content.decode()
        self.assertIn("VB 2026/1", page)  # raised in the chair's own body
        self.assertNotIn("VB 2026/99", page)  # internal to the AU below
        self.assertNotIn("BL 2026/1", page)  # another structure
        refused = self.client.post(
            self.plan_url("activity_add"),
            {"title": "Trygg hemgång", "status": "planned", "case": au_case.pk},
        )
        self.assertEqual(refused.status_code, 400)
        self.assertFalse(Activity.objects.filter(case=au_case).exists())
        self.client.logout()
        self.login(self.coordinator)
        self.assertIn("VB 2026/99", self.client.get(self.plan_url()).content.decode())

    def test_an_activity_linked_by_the_coordinator_is_kept_when_the_chair_saves_it(self) -> None:
        au_case = self.make_case(self.au, "VB 2026/99")
        activity = Activity.objects.create(plan=self.plan, title="Trygg hemgång", case=au_case)
        self.login(self.chair_user)
        # The form keeps the link without telling the chair the case's number or title.
        form = self.client.get(self.plan_url("activity_edit", activity.pk)).content.decode()
        self.assertIn("Länkat av koordinatorn (du kan inte läsa det); behålls", form)
        self.assertNotIn("VB 2026/99", form)
        saved = self.client.post(
            self.plan_url("activity_edit", activity.pk),
            {
                "lock_version": 1,
                "title": "Trygg hemgång i länet",
                "status": "ongoing",
                "case": au_case.pk,
            },
        )
        self.assertEqual(saved.status_code, 302)
        activity.refresh_from_db()
        self.assertEqual((activity.title, activity.case_id), ("Trygg hemgång i länet", au_case.pk))

    def test_a_reader_sees_a_linked_case_only_if_they_may_read_it(self) -> None:
        """The council above reads the county group's plan but not the group's internal
        case: the activity is shown, its case number and title are not."""
        Activity.objects.create(plan=self.plan, title="Trygg hemgång", case=self.case)
        self.login(self.council_user)
        page = self.client.get(self.plan_url()).content.decode()
        self.assertIn("Trygg hemgång", page)
        self.assertNotIn("VB 2026/1", page)
        self.client.logout()
        self.login(self.member_user)  # a member of the group reads its case
        self.assertIn("VB 2026/1", self.client.get(self.plan_url()).content.decode())


class StartPageTests(PlanTestCase):
    def test_a_member_finds_the_plan_and_the_documents_from_the_start_page(self) -> None:
        self.login(self.member_user)
        home = self.client.get(reverse("work:home"))
        plans = reverse("followup:plan_body", args=[self.structure.slug, self.body.key])
        self.assertContains(home, f'href="{plans}"')
        self.assertContains(home, f'href="{reverse("governing:list", args=[self.structure.slug])}"')
        body_page = self.client.get(plans)
        self.assertContains(body_page, "Länssamverkansgruppens aktivitetsplan")


class OwnerChoiceTests(PlanTestCase):
    def test_the_owner_list_holds_the_bodys_people_not_the_whole_structure(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("followup:plan", args=[self.plan.pk])).content.decode()
        self.assertIn(">Sara Sekr</option>", page)
        # Ulla sits in the AU, not in the plan's body: named as text or through the API.
        self.assertNotIn(">Ulla Au</option>", page)
