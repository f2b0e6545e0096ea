"""The structure's limit for minutes and a body's review of its meeting forms, in a browser:
the coordinator sets both on the working pages; axe finds nothing and at 1280 and 390 px
nothing is wider than the screen."""

from __future__ import annotations

from django.urls import reverse

from samverkan.structure.models import Body, Structure
from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase

WIDTHS = (1280, 390)


class SettingsBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.log_in(self.coordinator.username, PASSWORD)

    def check_widths(self, name: str) -> None:
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            self.assert_accessible()
            wide = self.page.evaluate("document.documentElement.scrollWidth <= innerWidth")
            self.assertTrue(wide, f"{name} is wider than {width} px")
            self.screenshot(f"{name}-{width}")

    def test_the_coordinator_sets_the_minutes_limit(self) -> None:
        page = self.page
        page.goto(self.url(reverse("work:structure", args=["vasterbotten"])))
        field = page.get_by_label("Minnesanteckningar justerade och publicerade inom")
        field.fill("61")
        page.get_by_role("button", name="Spara tiden för justering").click()
        page.get_by_text("från 1 till 60").first.wait_for()
        self.check_widths("structure-minutes-limit-refused")
        field = page.get_by_label("Minnesanteckningar justerade och publicerade inom")
        field.fill("15")
        page.get_by_role("button", name="Spara tiden för justering").click()
        page.get_by_text("Sparat: minnesanteckningar").wait_for()
        self.assertIn(
            "inom 15 arbetsdagar efter mötet", page.locator("#justeringstid").inner_text()
        )
        self.check_widths("structure-minutes-limit")
        self.assertEqual(Structure.objects.get(pk=self.structure.pk).minutes_approval_days, 15)

    def test_the_coordinator_records_a_review_of_the_meeting_forms(self) -> None:
        page = self.page
        page.goto(self.url(reverse("work:body", args=["vasterbotten", "lsg"]) + "#motesformer"))
        page.get_by_label("Dag för översynen").fill("2099-01-01")
        page.get_by_role("button", name="Mötesformerna har setts över").click()
        page.get_by_text("Översynen kan inte registreras i förväg").first.wait_for()
        self.check_widths("body-forms-review-refused")
        page.get_by_label("Dag för översynen").fill("2026-01-15")
        page.get_by_role("button", name="Mötesformerna har setts över").click()
        page.get_by_text("Registrerat: Länssamverkansgruppen såg över").wait_for()
        page.get_by_text("Senast registrerade översyn: 15 januari 2026").wait_for()
        self.check_widths("body-forms-review")
        self.assertEqual(
            str(Body.objects.get(pk=self.body.pk).meeting_forms_reviewed_on), "2026-01-15"
        )
