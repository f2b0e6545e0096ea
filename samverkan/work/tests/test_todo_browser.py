"""The start pages in a browser: the coordinator and a member log in from the public start
page and land on "Att göra"; axe finds nothing, at 1280 and 390 px nothing is wider than the
screen, and the member's absence button leads to the absence report."""

from __future__ import annotations

import datetime

from django.urls import reverse
from playwright.sync_api import expect

from samverkan.minutes.services import minutes_approve, minutes_submit
from samverkan.rules.checking import check_structures
from samverkan.testing.base import PASSWORD
from samverkan.testing.browser import BrowserTestCase
from samverkan.work.tests.test_todo_base import TodoPersonas, days, today

WIDTHS = (1280, 390)


class StartPageBrowserTests(TodoPersonas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.make_minutes_personas()
        self.meeting_ahead = self.coming(
            days(12),
            agenda=(
                "Godkännande av dagordning",
                "Samverkansavtal om hemsjukvård",
                "Kort information från kommun och region",
            ),
        )
        item = self.meeting_ahead.agenda_items.get(title="Samverkansavtal om hemsjukvård")
        self.document(self.meeting_ahead, "Förslag till samverkansavtal", item=item)
        self.document(self.meeting_ahead, "Verksamhetsplan 2027", public=True)
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        minutes_approve(minutes=minutes, by=self.chair_user)
        self.assignment(
            "Gemensam rutin för utskrivning från slutenvård",
            due_on=today() - datetime.timedelta(days=4),
            responsible=(self.bo,),
        )
        check_structures()  # as the worker stores it

    def log_in_from_the_public_start_page(self, username: str) -> None:
        page = self.page
        page.goto(self.url(reverse("public:home")))
        page.get_by_role("link", name="Logga in").click()
        page.get_by_label("Användarnamn (e-postadress)").fill(username)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.get_by_role("heading", name="Att göra", level=1).wait_for()
        self.assertEqual(page.url, self.url(reverse("work:home")))
        # The parts that load after the page (`work/home.py`) are all in place.
        expect(page.locator('main [data-hx-trigger="load"]')).to_have_count(0)

    def check_widths(self, name: str) -> None:
        """Accessible and no wider than the screen, at each width; a screenshot of each."""
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            self.assert_accessible()
            scrolled = self.page.evaluate("document.documentElement.scrollWidth")
            self.assertLessEqual(scrolled, width, f"{name} is {scrolled} px wide at {width} px")
            self.screenshot(f"{name}-{width}")

    def test_the_coordinator_lands_on_findings_and_what_waits(self) -> None:
        self.log_in_from_the_public_start_page("koordinator")
        main = self.page.inner_text("main")

        self.assertIn("Avvikelser i dina strukturer", main)
        self.assertIn("Länssamverkansgruppen har inte den sammansättning", main)
        self.assertIn("Alla avvikelser i Samverkan Västerbotten", main)
        self.assertIn("väntar på Cecilia Ek (justeringsperson)", main)
        self.assertIn("Kallelser att skicka", main)
        self.assertIn("Gemensam rutin för utskrivning från slutenvård", main)
        self.check_widths("att-gora-koordinator")

    def test_the_member_lands_on_meetings_approvals_and_assignments(self) -> None:
        self.log_in_from_the_public_start_page("ledamot")
        page = self.page
        main = page.inner_text("main")

        self.assertIn("Dina kommande möten", main)
        self.assertIn("Samverkansavtal om hemsjukvård", main)
        self.assertIn("Förslag till samverkansavtal", main)
        self.assertIn("Gemensam rutin för utskrivning från slutenvård", main)
        self.assertNotIn("Avvikelser i dina strukturer", main)
        self.check_widths("att-gora-ledamot")

        page.get_by_role("link", name="Anmäl frånvaro").click()
        page.get_by_role("heading", level=1).wait_for()
        self.assertEqual(
            page.url,
            self.url(reverse("meetings_public:my_absence", args=[self.meeting_ahead.pk])),
        )

    def test_the_adjuster_sees_the_minutes_to_approve(self) -> None:
        self.log_in_from_the_public_start_page("justerare")

        self.assertIn("du justerar som justeringsperson", self.page.inner_text("main"))
        self.check_widths("att-gora-justerare")
