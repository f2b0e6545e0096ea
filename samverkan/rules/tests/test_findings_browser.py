"""In a browser: the charter check's page is accessible (axe), fits a 390 px phone, and
accepting a finding with a reason and withdrawing it work without JavaScript."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.lib.findings import Finding, Responsible, Severity
from samverkan.rules.checking import check_structures
from samverkan.rules.tests.helpers import (
    BOOKING,
    REVIEW,
    body_finding,
    only_rules,
    rule_of,
)
from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase

PHONE = {"width": 390, "height": 844}
DAY = datetime.timedelta(days=1)


class FindingsBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.enterContext(
            only_rules({BOOKING: rule_of(self.booking), REVIEW: rule_of(self.review)})
        )
        check_structures()  # as the worker stores it

    def booking(self, today: datetime.date) -> list[Finding]:
        return [
            body_finding(
                self.body,
                due_on=datetime.date(today.year, 11, 30) - 365 * DAY,
                responsible=Responsible(
                    "koordinator", ("Karin Koordinatorsdottir-Länssamverkansgruppsson",)
                ),
                message="Länssamverkansgruppen har färre möten bokade för nästa år än "
                "uppdragsbeskrivningens minimum: 1 av 3 (Länssamverkansgruppensarbetsutskott).",
            )
        ]

    def review(self, today: datetime.date) -> list[Finding]:
        return [
            body_finding(
                self.au,
                rule=REVIEW,
                severity=Severity.DUE_SOON,
                due_on=today + 5 * DAY,
                message="Länssamverkansgruppens AU ska ses över.",
                citation="",
            )
        ]

    def assert_fits_the_phone(self) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, PHONE["width"], f"{self.page.url} is wider than the phone")

    def test_a_coordinator_accepts_and_withdraws_a_finding_on_a_phone(self) -> None:
        self.log_in(self.coordinator.username, PASSWORD)
        page = self.page
        page.set_viewport_size(PHONE)
        page.goto(self.url(reverse("rules:findings")))
        main = page.inner_text("main")
        self.assertIn("Länssamverkansgruppen har färre möten bokade", main)
        self.assertIn("Möten för nästkommande år bokas senast sista november.", main)
        self.assert_fits_the_phone()
        self.assert_accessible()
        self.screenshot("regelkontrollen-telefon")

        page.get_by_text("Acceptera avvikelse").first.click()
        page.get_by_role("button", name="Acceptera avvikelsen").first.click()
        page.wait_for_load_state()
        self.assertIn("Skriv varför avvikelsen accepteras.", page.inner_text("main"))
        self.screenshot("regelkontrollen-skal-saknas")
        self.assert_fits_the_phone()
        self.assert_accessible()

        page.get_by_label("Skäl").first.fill("Gruppen beslutade 12 november att boka i januari.")
        page.get_by_role("button", name="Acceptera avvikelsen").first.click()
        page.wait_for_url(f"**{reverse('rules:findings')}")
        main = page.inner_text("main")
        self.assertIn("Avvikelsen är accepterad", main)
        self.assertIn("Accepterade avvikelser (1)", main)
        self.assertIn("Gruppen beslutade 12 november att boka i januari.", main)
        self.assert_fits_the_phone()
        self.assert_accessible()

        page.get_by_label("Grupp").select_option(label="Länssamverkansgruppens AU")
        page.get_by_role("button", name="Visa").click()
        page.wait_for_url(f"**?body={self.au.pk}*")
        self.assertNotIn("färre möten bokade", page.inner_text("main"))
        page.goto(self.url(reverse("rules:findings")))
        page.get_by_role("button", name="Återkalla accepterandet: Länssamverkansgruppen").click()
        page.wait_for_load_state()
        main = page.inner_text("main")
        self.assertIn("Accepterandet är återkallat", main)
        self.assertIn("Accepterade avvikelser (0)", main)
        self.assert_accessible()
