"""In a browser, at 1280 and 390 px: a large structure's organisation chart shows the local
groups per municipality; opening a municipality with the keyboard loads its groups into the
line (htmx), the search finds a group, the working page does the same, all without axe
violations and without widening a phone's page."""

from __future__ import annotations

from django.urls import reverse

from samverkan.public.tests.test_orgchart_scale import CODES
from samverkan.structure import orgchart
from samverkan.structure.models import Body
from samverkan.testing.base import PASSWORD, Personas, principal
from samverkan.testing.browser import BrowserTestCase

SIZES = [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]


class OrgChartBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        per = orgchart.INLINE // len(CODES) + 1
        Body.objects.bulk_create(
            Body(
                structure=self.structure,
                parent=self.body,
                key=f"grupp-{code}-{n}",
                name=f"Arbetsgrupp {n + 1} {principal(code).name}",
                kind="working_group",
                level="local",
                mandate="none",
                municipality=principal(code),
            )
            for code in CODES
            for n in range(per)
        )

    def assert_fits(self, width: int) -> None:
        scroll = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(scroll, width, f"{self.page.url} is wider than {width} px")

    def test_a_visitor_opens_a_municipality_and_searches(self) -> None:
        page = self.page
        for size in SIZES:
            with self.subTest(width=size["width"]):
                page.set_viewport_size(size)
                page.goto(self.url(reverse("public:structure", args=["vasterbotten"])))
                self.assertIn("Lokala grupper per kommun", page.inner_text("main"))
                self.assertFalse(page.get_by_text("Arbetsgrupp 12 Umeå kommun").is_visible())
                self.assert_fits(size["width"])
                self.assert_accessible()
                summary = page.locator("summary", has_text="Umeå kommun")
                summary.focus()
                page.keyboard.press("Enter")
                page.get_by_role("link", name="Arbetsgrupp 12 Umeå kommun").wait_for()
                self.assert_fits(size["width"])
                self.assert_accessible()
                page.get_by_role("searchbox", name="Sök grupp").fill("arbetsgrupp 3 skellefteå")
                page.get_by_role("searchbox", name="Sök grupp").press("Enter")
                page.wait_for_url("**q=*")
                self.assertTrue(
                    page.get_by_role("link", name="Arbetsgrupp 3 Skellefteå kommun").is_visible()
                )
                self.assert_accessible()

    def test_a_coordinator_opens_a_municipality_on_the_working_page(self) -> None:
        self.log_in("koordinator", PASSWORD)
        page = self.page
        for size in SIZES:
            with self.subTest(width=size["width"]):
                page.set_viewport_size(size)
                page.goto(self.url(reverse("work:structure", args=["vasterbotten"])))
                self.assert_fits(size["width"])
                self.assert_accessible()
                page.locator("summary", has_text="Lycksele kommun").click()
                link = page.get_by_role("link", name="Arbetsgrupp 4 Lycksele kommun")
                link.wait_for()
                self.assert_accessible()
                link.click()
                page.wait_for_url("**/arbeta/s/vasterbotten/g/grupp-2481-3/")
                self.assertIn("Visa alla grupper i listorna", page.inner_text("main"))
                self.assert_fits(size["width"])
                self.assert_accessible()
