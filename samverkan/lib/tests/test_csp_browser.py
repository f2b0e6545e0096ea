"""Pages the flow tests do not visit, in Chromium under the Content-Security-Policy.

BrowserTestCase fails any test during which the policy blocked something; here the API
docs (Swagger UI), the error pages and a member's own pages.
"""

from __future__ import annotations

from django.urls import reverse

from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase


class ContentSecurityPolicyBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()

    def test_it_runs_the_api_docs_under_the_policy(self) -> None:
        page = self.page
        page.goto(self.url("/api/v1/docs"))
        # Swagger UI is drawn by its script: the operations only appear if it ran. The schema
        # is 430 KB, built on the process's first request (1.5–4 s) and then drawn: on a
        # loaded two-core CI machine that took longer than Playwright's 15 s default.
        page.get_by_text("/api/v1/structures").first.wait_for(timeout=60_000)
        self.screenshot("api-docs")

    def test_it_shows_public_admin_and_error_pages_with_nothing_blocked(self) -> None:
        page = self.page
        for path, text in (
            (reverse("public:home"), "Samverkan Västerbotten"),
            (reverse("public:principals"), "Huvudmän"),
            (reverse("search:search") + "?q=samverkan", "Sök"),
            ("/finns-inte/", "Sidan finns inte"),
        ):
            with self.subTest(path):
                page.goto(self.url(path))
                self.assertIn(text, page.inner_text("body"))
        self.screenshot("sidan-finns-inte")
        self.assert_accessible()

    def test_it_shows_a_members_pages_and_refusals_with_nothing_blocked(self) -> None:
        page = self.page
        self.log_in("ledamot", PASSWORD)
        page.goto(self.url(reverse("work:home")))
        page.goto(self.url(reverse("accounts:tokens")))
        page.locator("input[name=name]").fill("Rapportverktyget")
        page.get_by_role("button", name="Skapa nyckel").click()
        page.wait_for_load_state()
        self.assertIn("kopiera den nu", page.inner_text("main"))
        page.goto(self.url(reverse("work:structure", args=["vasterbotten"])))
        self.assertIn("Du är inte koordinator för Samverkan Västerbotten", page.inner_text("main"))
        self.screenshot("ingen-behorighet")
        self.assert_accessible()
