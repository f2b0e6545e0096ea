"""The bounded body lists in a browser, at 1280 and 390 px: in a structure with more bodies
than the list holds, typing in the search field fetches the list again (htmx) and the body
found can be chosen; the same for the open assignments a new working group may be for. axe finds nothing and no page is wider than the screen."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

from samverkan.cases.tests.test_assignments_base import AssignmentPersonas
from samverkan.cases.tests.test_lists_scale import bodies, make_assignments
from samverkan.testing.base import PASSWORD
from samverkan.testing.browser import BrowserTestCase


class BodySearchBrowserTests(AssignmentPersonas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.make_assignment_personas()
        self.many = bodies(self.structure, self.body, 60)
        make_assignments(self.structure, self.body, [self.many[3]], 50)

    def check(self, width: int) -> None:
        self.assert_accessible()
        wide = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(wide, width)

    def test_it_finds_a_body_beyond_the_list_by_typing(self) -> None:
        page = self.page
        self.log_in("alice", PASSWORD)
        for width in (1280, 390):
            with self.subTest(width=width):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(self.url(reverse("cases:assignments", args=[self.structure.slug])))
                self.check(width)
                target = page.locator("#id_to_body")
                self.assertEqual(target.locator("option", has_text="Arbetsgrupp 0057").count(), 0)
                page.get_by_label("Sök till").fill("0057")
                expect(page.locator("#id_to_body option")).to_have_count(2)
                target = page.locator("#id_to_body")
                target.select_option(label="Arbetsgrupp 0057")
                page.get_by_role("button", name="Visa").click()
                page.get_by_text("Inga uppdrag med de valen").wait_for()
                self.check(width)

                page.goto(self.url(reverse("cases:working_groups", args=[self.structure.slug])))
                self.check(width)
                page.get_by_label("Sök uppdrag").fill("0045")
                expect(page.locator("#id_assignment option")).to_have_count(2)
                # Enter searches; it does not send the half-filled form to be refused.
                page.get_by_label("Sök uppdrag").press("Enter")
                expect(page.locator("#id_assignment option")).to_have_count(2)
                self.assertEqual(page.get_by_text("Det du skickade kunde inte tas emot").count(), 0)
                page.locator("#id_assignment").select_option(label="Uppdrag 0045")
                self.check(width)
