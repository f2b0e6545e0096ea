"""Activity plans in a browser: the county group's chair opens the plan, adds an activity
linked to a case, changes its status and records the yearly revision (a day in the future
is refused first). axe finds nothing at 1280 and 390 px, and no page is wider than the
screen."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.urls import reverse

from samverkan.cases.models import Case
from samverkan.followup.models import Activity, ActivityPlan, ActivityStatus
from samverkan.lib.localtime import local_today
from samverkan.structure.models import Membership, Person, Role
from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase

WIDE, NARROW = 1280, 390


class PlanBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        today = local_today()
        self.chair_user = User.objects.create_user("ordforande", "o@example.se", PASSWORD)
        self.alice.user = self.chair_user
        self.alice.save()
        sara = Person.objects.create(
            key="sara-sekr", first_name="Sara", last_name="Sekr", email="sara@region.example"
        )
        Membership.objects.create(
            body=self.body,
            person=sara,
            role=Role.SECRETARY,
            principal=self.region,
            start=datetime.date(2026, 1, 1),
        )
        self.case = Case.objects.create(
            structure=self.structure,
            number="VB 2026/4",
            title="Trygg hemgång efter sjukhusvård",
            raised_in=self.body,
            raised_on=today,
            current_body=self.body,
        )
        self.plan = ActivityPlan.objects.create(
            body=self.body,
            year=today.year,
            title="Länssamverkansgruppens aktivitetsplan",
            description="Bygger på den länsgemensamma handlingsplanen.",
            revise_by=today + datetime.timedelta(days=10),
        )
        Activity.objects.create(
            plan=self.plan,
            position=0,
            title="Kartlägga utskrivningar till ordinärt boende",
            owner_text="Processledarna",
            due_on=today - datetime.timedelta(days=5),
            status=ActivityStatus.ONGOING,
        )

    def check(self, name: str) -> None:
        """Accessible at both widths, nothing wider than the narrow screen; screenshots."""
        for width in (WIDE, NARROW):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.assert_accessible()
            scroll = self.page.evaluate("document.documentElement.scrollWidth")
            self.assertLessEqual(scroll, width, f"{name} is {scroll} px wide at {width} px")
            self.screenshot(f"plans-{name}-{width}")

    def test_the_chair_adds_an_activity_and_records_the_revision(self) -> None:
        page = self.page
        today = local_today()
        self.log_in("ordforande", PASSWORD)
        page.goto(self.url(reverse("followup:plan", args=[self.plan.pk])))
        page.get_by_text("dags att revidera").or_(
            page.get_by_text("Revideras senast")
        ).first.wait_for()
        self.check("plan")

        page.get_by_label("Aktivitet", exact=True).fill("Gemensam rutin för trygg hemgång")
        page.get_by_label("Ansvarig person").select_option(label="Alice Berg")
        page.get_by_label("Klar senast").fill((today + datetime.timedelta(days=60)).isoformat())
        page.get_by_label("Kopplat ärende").select_option(
            label="VB 2026/4 Trygg hemgång efter sjukhusvård"
        )
        page.get_by_role("button", name="Lägg till aktiviteten").click()
        page.get_by_text("Aktiviteten ”Gemensam rutin för trygg hemgång” är tillagd").wait_for()
        added = Activity.objects.get(title="Gemensam rutin för trygg hemgång")
        self.assertEqual((added.owner, added.case), (self.alice, self.case))
        self.check("tillagd")

        page.get_by_label("Ny status för Gemensam rutin för trygg hemgång").select_option(
            label="Pågår"
        )
        page.get_by_role("button", name="Ändra status för Gemensam rutin för trygg hemgång").click()
        page.get_by_text("har status pågår").wait_for()
        added.refresh_from_db()
        self.assertEqual(added.status, ActivityStatus.ONGOING)

        page.get_by_label("Reviderad den").fill((today + datetime.timedelta(days=2)).isoformat())
        page.get_by_label("Vad revideringen ändrade").fill("Trygg hemgång lades till.")
        page.get_by_role("button", name="Spara revideringen").click()
        page.get_by_text("Revideringsdagen kan inte ligga i framtiden").first.wait_for()
        self.check("revidering-nekas")

        page.get_by_label("Reviderad den").fill(today.isoformat())
        page.get_by_role("button", name="Spara revideringen").click()
        page.get_by_text("Revideringen är sparad").wait_for()
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.revised_on, today)
        self.assertEqual(self.plan.revision_note, "Trygg hemgång lades till.")
        self.check("reviderad")

        page.goto(self.url(reverse("followup:plan_overview", args=[self.structure.slug])))
        page.get_by_text(f"Reviderad {today.day}").first.wait_for()
        self.check("oversikt")
