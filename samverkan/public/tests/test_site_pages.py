"""The site's own pages: the accessibility statement, the favicon, the footer, valid htmx
attributes; and the address that links in the demo's email use."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from samverkan.public.models import AccessibilityStatement, Compliance
from samverkan.testing.base import BaseTestCase


class AccessibilityStatementTests(BaseTestCase):
    def test_it_follows_diggs_model_and_is_linked_from_every_page(self) -> None:
        url = reverse("public:accessibility")
        self.assertEqual(url, "/tillganglighet/")
        response = self.client.get(url)
        self.assertContains(response, "<h1>Tillgänglighetsredogörelse</h1>", html=False)
        for heading in (
            "Vad kan du göra om du inte kan använda delar av webbplatsen?",
            "Rapportera brister i webbplatsens tillgänglighet",
            "Tillsyn",
            "Teknisk information om webbplatsens tillgänglighet",
            "Innehåll som inte är tillgängligt",
            "Hur vi testat webbplatsen",
        ):
            self.assertContains(response, heading)
        self.assertContains(response, "delvis förenlig")
        self.assertContains(response, 'href="https://www.digg.se/tdosanmalan"')
        self.assertContains(response, f"mailto:{settings.ACCESSIBILITY_CONTACT_EMAIL}")
        for page in (reverse("public:home"), "/finns-inte/"):
            self.assertContains(
                self.client.get(page), f'href="{url}"', status_code=404 if "finns" in page else 200
            )

    def test_an_administrator_edits_it(self) -> None:
        statement = AccessibilityStatement.objects.get()
        self.login(self.admin)
        change = reverse("admin:public_accessibilitystatement_change", args=[statement.pk])
        self.assertEqual(self.client.get(change).status_code, 200)
        statement.compliance = Compliance.FULL
        statement.known_gaps = ""
        statement.contact_email = "tillganglighet@region.example"
        statement.save()
        response = self.client.get(reverse("public:accessibility"))
        self.assertContains(response, "helt förenlig")
        self.assertNotContains(response, "Innehåll som inte är tillgängligt")
        self.assertContains(response, "mailto:tillganglighet@region.example")

    def test_without_its_row_the_default_text_still_shows(self) -> None:
        AccessibilityStatement.objects.all().delete()
        self.assertContains(self.client.get(reverse("public:accessibility")), "delvis förenlig")


class SiteTests(BaseTestCase):
    def test_favicon_answers_and_is_linked(self) -> None:
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/x-icon")
        self.assertTrue(response.getvalue().startswith(b"\x00\x00\x01\x00"))
        self.assertContains(self.client.get(reverse("public:home")), 'rel="icon"')

    def test_templates_use_only_the_valid_data_hx_spelling(self) -> None:
        templates = Path(settings.BASE_DIR) / "samverkan" / "templates"
        for path in templates.rglob("*.html"):
            text = path.read_text()
            self.assertNotRegex(text, r"[\s\"']hx-[a-z-]+=", str(path))
        # Signed in: htmx posts carry the token. Anonymous pages have none (they are cached).
        self.assertIn("<body>", self.client.get(reverse("public:home")).content.decode())
        self.login(self.member_user)
        page = self.client.get(reverse("public:home")).content.decode()
        self.assertIn("<body data-hx-headers=", page)


class SiteUrlTests(BaseTestCase):
    def test_make_run_sets_site_url_from_the_port(self) -> None:
        makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
        self.assertIn("export SITE_URL ?= http://127.0.0.1:$(PORT)", makefile)

    @override_settings(SITE_URL="http://127.0.0.1:8201")
    def test_a_password_reset_email_links_to_site_url(self) -> None:
        from samverkan.lib.mail import absolute_url

        self.assertTrue(absolute_url("public:home").startswith("http://127.0.0.1:8201/"))
        self.client.post(reverse("accounts:password_reset"), {"email": "l@example.se"})
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("http://127.0.0.1:8201/", mail.outbox[0].body)
        self.assertNotIn(":8000", mail.outbox[0].body)
