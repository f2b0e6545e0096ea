"""Recommendations in a browser 390 px wide: the Blekinge coordinator opens LSVO's
recommendation, previews and routes it to the region and the five municipalities, records
a municipality's decision, and opens the register of decision bodies; axe finds nothing on
any page and no page is wider than the screen."""

from __future__ import annotations

import datetime

from django.core import mail
from django.urls import reverse

from samverkan.cases.tests.test_recommendations_base import RecommendationPersonas
from samverkan.testing.base import PASSWORD
from samverkan.testing.browser import BrowserTestCase

WIDTH = 390


class RecommendationBrowserTests(RecommendationPersonas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.make_recommendation_personas()
        self.page.set_viewport_size({"width": WIDTH, "height": 800})

    def check_page(self, name: str) -> None:
        self.assert_accessible()
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, WIDTH, f"{name} is {width} px wide at {WIDTH} px")

    def assert_stacked(self) -> None:
        """The decisions and the history's changes are rows one under the other on a phone,
        not columns too narrow for a word ("Inte expedi erad"), and nothing scrolls sideways."""
        tables = self.page.evaluate(
            """() => [...document.querySelectorAll('table.stack-narrow')].map(t => {
                const box = t.closest('.table-scroll');
                return [getComputedStyle(t).display,
                        box ? box.scrollWidth <= box.clientWidth : true];
            })"""
        )
        self.assertGreater(len(tables), 1)
        self.assertEqual({tuple(t) for t in tables}, {("block", True)})

    def test_it_routes_a_recommendation_and_records_a_decision(self) -> None:
        page = self.page
        self.registrars()
        recommendation = self.recommendation(case=self.case(), public=True)
        self.log_in("annan", PASSWORD)

        page.goto(self.url(reverse("cases:recommendation_list", args=["blekinge"])))
        page.get_by_text("0 av 6 huvudmän har beslutat").wait_for()
        self.check_page("Rekommendationerna")

        page.get_by_role("link", name="Gemensam rutin för SIP").click()
        page.get_by_role("heading", name="Huvudmännens beslut", exact=True).wait_for()
        self.check_page("Rekommendationen")

        answer_by = datetime.date.today() + datetime.timedelta(days=45)
        page.get_by_label("Svar senast").fill(answer_by.isoformat())
        page.get_by_role("button", name="Förhandsgranska").click()
        page.get_by_role("heading", name="Förhandsgranskning: 6 meddelanden").wait_for()
        self.check_page("Förhandsgranskningen")
        self.assertEqual(mail.outbox, [])
        page.get_by_role("button", name="Skicka till 6 huvudmän").click()
        page.get_by_text("Rekommendationen är expedierad till 6 huvudmän.").wait_for()
        self.assertEqual(len(mail.outbox), 6)
        self.check_page("Rekommendationen, expedierad")

        details = page.locator(
            f"#beslut-{recommendation.decisions.get(principal=self.municipalities[1]).pk}"
        )
        details.locator("summary").click()
        details.get_by_label("Läge").select_option(label="Antagen")
        details.get_by_label("Beslutsdatum").fill(datetime.date.today().isoformat())
        details.get_by_label("Huvudmannens diarienummer").fill("SN 2026/41")
        details.get_by_role("button", name="Spara beslutet för Karlskrona kommun").click()
        page.get_by_text("Beslutet för Karlskrona kommun är registrerat.").wait_for()
        page.get_by_text("1 av 6 huvudmän har beslutat").first.wait_for()
        self.check_page("Rekommendationen, ett beslut")
        self.assert_stacked()

        page.goto(self.url(reverse("cases:decision_bodies", args=["blekinge"])))
        page.get_by_role("heading", name="Karlskrona kommun", exact=True).wait_for()
        self.check_page("Beslutsinstanserna")
