"""In a browser: the working and the public balanslista are accessible (axe), fit a 390 px
phone without widening the page, and their filters and downloads work without JavaScript."""

from __future__ import annotations

from django.urls import reverse

from samverkan.cases.tests.test_balance_base import BalanceBuilders
from samverkan.testing.base import PASSWORD
from samverkan.testing.browser import BrowserTestCase

PHONE = {"width": 390, "height": 844}


class BalanceBrowserTests(BalanceBuilders, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.make_balance_basics()
        self.make_case("Offentligt ärende om hemsjukvård", public=True)
        self.make_case("Internt ärende om utskrivningsklara", body=self.au)
        self.make_recommendation("Överenskommelse om samordnad individuell plan", decided=2)

    def assert_fits_the_phone(self) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, PHONE["width"], f"{self.page.url} is wider than the phone")

    def test_a_visitor_reads_the_public_list_on_a_phone(self) -> None:
        page = self.page
        page.set_viewport_size(PHONE)
        page.goto(self.url(reverse("cases_public:balance_list", args=[self.structure.slug])))
        main = page.inner_text("main")
        self.assertIn("2 av 6 huvudmän har beslutat", main)
        self.assertNotIn("Internt ärende", main)
        self.assert_fits_the_phone()
        self.assert_accessible()
        page.get_by_text("Beslut per huvudman").click()
        self.assertTrue(page.get_by_text("Västerbotten: Antagen").is_visible())
        page.goto(
            self.url(reverse("cases_public:body_balance_list", args=["vasterbotten", "lsg-au"]))
        )
        self.assertIn("publicerar inte sina minnesanteckningar", page.inner_text("main"))
        self.assert_fits_the_phone()
        self.assert_accessible()

    def test_a_coordinator_filters_the_working_list_and_downloads_it(self) -> None:
        self.log_in(self.coordinator.username, PASSWORD)
        page = self.page
        page.set_viewport_size(PHONE)
        page.goto(self.url(reverse("cases:balance_list", args=[self.structure.slug])))
        self.assertIn("Internt ärende om utskrivningsklara", page.inner_text("main"))
        self.assert_fits_the_phone()
        self.assert_accessible()
        page.get_by_label("Grupp").select_option(label="Länssamverkansgruppens AU")
        page.get_by_role("button", name="Visa").click()
        page.wait_for_url(f"**?body={self.au.pk}*")
        main = page.inner_text("main")
        self.assertIn("Internt ärende om utskrivningsklara", main)
        self.assertNotIn("Offentligt ärende om hemsjukvård", main)
        self.assert_accessible()
        href = page.get_by_role("link", name="Ladda ner som CSV").get_attribute("href")
        assert href is not None
        response = page.request.get(self.url(href))
        self.assertEqual(response.status, 200)
        self.assertIn("utskrivningsklara", response.body().decode("utf-8-sig"))
        self.assertNotIn("hemsjukvård", response.body().decode("utf-8-sig"))
