"""Assignments in a browser 390 px wide: the chair gives one to a working group under the
eight headings, the lists and the working group's page show it, the receiver's meeting and
the giving body's meeting show it; axe finds nothing on any page and no page is wider than
the screen."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.cases.models import Assignment
from samverkan.cases.services.assignments import assignment_report
from samverkan.cases.tests.test_assignments_base import (
    EIGHT_HEADINGS,
    AssignmentPersonas,
    coming_meeting,
)
from samverkan.testing.base import PASSWORD
from samverkan.testing.browser import BrowserTestCase

WIDTH = 390


class AssignmentBrowserTests(AssignmentPersonas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.make_assignment_personas()
        self.page.set_viewport_size({"width": WIDTH, "height": 800})

    def check_page(self, name: str, within: str = "") -> None:
        """Accessible, and nothing wider than the screen: the whole page, or on a page made
        by another app (the meeting's), the part this one adds (`within`, a selector)."""
        self.assert_accessible()
        script = (
            f"document.querySelector('{within}').scrollWidth"
            if within
            else "document.documentElement.scrollWidth"
        )
        width = self.page.evaluate(script)
        self.assertLessEqual(width, WIDTH, f"{name} is {width} px wide at {WIDTH} px")

    def test_it_gives_an_assignment_and_shows_it_on_the_lists(self) -> None:
        page = self.page
        group = self.working_group(today=datetime.date.today())
        self.log_in("alice", PASSWORD)

        page.goto(self.url(reverse("cases:assignment_give", args=[self.body.pk])))
        self.check_page("Ge uppdrag")
        page.get_by_label("Rubrik").fill("Rutin för utskrivning")
        page.get_by_label("Till grupp").select_option(label=group.body.name)
        page.get_by_label("Ansvariga (ska utses enligt uppdragsbeskrivningen)").select_option(
            label="Bo Lind, Hälso- och sjukvårdsdirektör"
        )
        due = datetime.date.today() + datetime.timedelta(days=40)
        page.get_by_label("Återrapporteras senast").fill(due.isoformat())
        for heading in EIGHT_HEADINGS:
            page.get_by_label(heading, exact=True).fill(f"Text under {heading}.")
        page.get_by_role("button", name="Ge uppdraget").click()
        page.get_by_text("är givet").wait_for()
        assignment = Assignment.objects.get()
        self.assertEqual([s["heading"] for s in assignment.sections], EIGHT_HEADINGS)
        self.check_page("Uppdraget")

        page.goto(self.url(reverse("cases:assignments", args=[self.structure.slug])))
        page.get_by_role("link", name="Rutin för utskrivning").wait_for()
        self.check_page("Uppdragen")

        page.goto(self.url(reverse("cases:working_groups", args=[self.structure.slug])))
        self.check_page("Arbetsgrupperna")
        page.get_by_role("link", name=group.body.name).click()
        page.get_by_role("heading", name="Översyn").wait_for()
        self.check_page("Arbetsgruppen")

    def test_it_shows_the_assignment_and_its_report_on_the_meeting_pages(self) -> None:
        page = self.page
        group = self.working_group(today=datetime.date.today())
        due = datetime.date.today() + datetime.timedelta(days=40)
        assignment = self.give(to_body=group.body, given_on=datetime.date.today(), due_on=due)
        assignment_report(by=self.chair_user, assignment=assignment, text="Klart.")
        giving = coming_meeting(self.body, due + datetime.timedelta(days=5))
        self.give(
            title="Kartlägg SIP", to_body=group.body, given_on=datetime.date.today(), due_on=due
        )
        receiving = coming_meeting(group.body, due - datetime.timedelta(days=5))
        self.log_in("koordinator", PASSWORD)

        page.goto(self.url(reverse("meetings:meeting", args=[giving.pk])))
        page.get_by_role("heading", name="Återrapporteringar").wait_for()
        self.check_page(
            "Mötet som tar emot rapporten", within="section[aria-labelledby=aterrapporteringar]"
        )
        page.goto(self.url(reverse("meetings:meeting", args=[receiving.pk])))
        page.get_by_role("heading", name="Aktuella uppdrag").wait_for()
        self.check_page("Arbetsgruppens möte", within="section[aria-labelledby=aktuella-uppdrag]")
