"""In a browser, at 1280 and 390 px: the accessibility statement, the Swedish 404 and 403
pages in the site's layout, and a member's view of their meeting's working page; axe finds
nothing and no page is wider than the window."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.lib.localtime import local
from samverkan.meetings.services import meeting_create
from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase

WIDTHS = (1280, 390)


class SitePagesBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        day = datetime.date.today() + datetime.timedelta(days=60)
        self.meeting = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=self.coordinator
        )
        # The live server's first answer imports every view; on a busy machine that can take
        # longer than a page load may.
        self.context.request.get(self.url("/favicon.ico"), timeout=120_000)

    def visit(self, path: str, name: str, *, heading: str, width: int) -> None:
        self.page.goto(self.url(path))
        self.assertEqual(self.page.locator("h1").inner_text(), heading)
        self.assertTrue(self.page.locator("footer a", has_text="Tillgänglighetsredogörelse"))
        self.screenshot(f"{name}-{width}")
        self.assert_accessible()
        wide = self.page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        self.assertTrue(wide, f"{path} is wider than {width} px")

    def test_the_statement_and_the_error_pages_are_in_the_layout(self) -> None:
        for width in WIDTHS:
            with self.subTest(width=width):
                self.page.set_viewport_size({"width": width, "height": 900})
                self.visit(
                    reverse("public:accessibility"),
                    "tillganglighet",
                    heading="Tillgänglighetsredogörelse",
                    width=width,
                )
                self.page.get_by_role("link", name="Tillgänglighetsredogörelse").click()
                self.page.wait_for_load_state()
                self.visit(
                    "/finns-inte/", "sidan-finns-inte", heading="Sidan finns inte", width=width
                )
        self.log_in("annan", PASSWORD)
        for width in WIDTHS:
            with self.subTest(width=width):
                self.page.set_viewport_size({"width": width, "height": 900})
                self.visit(
                    reverse("meetings:meeting", args=[self.meeting.pk]),
                    "ingen-behorighet",
                    heading="Ingen behörighet",
                    width=width,
                )
                self.assertIn(
                    "Mötets arbetssida visas för dem som har ett uppdrag i",
                    self.page.locator("main").inner_text(),
                )

    def test_a_member_reads_their_meetings_working_page(self) -> None:
        self.log_in("ledamot", PASSWORD)
        self.page.goto(self.url(reverse("work:home")))
        self.page.get_by_role("link", name="Mötets sida").first.click()
        self.page.wait_for_load_state()
        self.assertEqual(
            self.page.url, self.url(reverse("meetings:meeting", args=[self.meeting.pk]))
        )
        for width in WIDTHS:
            with self.subTest(width=width):
                self.page.set_viewport_size({"width": width, "height": 900})
                self.page.reload()
                self.assertEqual(self.page.get_by_role("button", name="Spara mötet").count(), 0)
                self.page.get_by_role("link", name="Anmäl frånvaro").wait_for()
                self.screenshot(f"mote-ledamot-{width}")
                self.assert_accessible()
