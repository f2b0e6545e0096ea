"""What a browser gets: the Content-Security-Policy, `no-store` for signed-in users, and the
Swedish error pages for 400, 403, 404 and 500."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import Client, override_settings
from django.urls import path, reverse

import samverkan.urls
from samverkan.accounts.services import api_token_create
from samverkan.testing.base import BaseTestCase

TEMPLATES = Path(__file__).resolve().parents[2]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("ett fel i koden")


# The project's own URLconf and 500 handler, plus a page that fails.
urlpatterns = [*samverkan.urls.urlpatterns, path("test-fel/", boom)]
handler500 = samverkan.urls.handler500


class ContentSecurityPolicyTests(BaseTestCase):
    def assert_strict_policy(self, response: HttpResponseBase) -> None:
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertIn("style-src 'self'", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotIn("unsafe-eval", policy)

    def test_it_sends_the_policy_with_public_working_and_error_pages(self) -> None:
        for url in (reverse("public:home"), reverse("accounts:login"), "/finns-inte/"):
            with self.subTest(url):
                self.assert_strict_policy(self.client.get(url))
        self.login(self.member_user)
        self.assert_strict_policy(self.client.get(reverse("work:home")))

    def test_it_serves_the_api_docs_from_this_site(self) -> None:
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        self.assert_strict_policy(response)
        # From the site's own static files, not a CDN, which the policy would block.
        self.assertContains(response, "/static/ninja/swagger-ui-bundle.js")
        self.assertNotContains(response, "cdn.jsdelivr.net")

    def test_it_has_no_inline_script_style_or_event_handler_in_any_page_template(self) -> None:
        inline = re.compile(
            r"<script(?![^>]*\bsrc=)[^>]*>(?!\s*</script>)|<style\b|\sstyle\s*=|\son[a-z]+\s*=",
            re.IGNORECASE,
        )
        found = []
        for template in TEMPLATES.rglob("templates/**/*.html"):
            relative = template.relative_to(TEMPLATES).as_posix()
            # PDFs are drawn by WeasyPrint on the server and emails read in mail programs:
            # neither is a page the browser gets from this site.
            if re.search(r"(^|/)templates/(pdf|email)/|/(public|reports)/pdf\.html$", relative):
                continue
            for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
                if inline.search(line):
                    found.append(f"{relative}:{number}: {line.strip()}")
        self.assertEqual(found, [])


class NoStoreTests(BaseTestCase):
    def test_it_keeps_signed_in_pages_out_of_every_cache(self) -> None:
        self.login(self.member_user)
        for url in (reverse("work:home"), reverse("public:home"), reverse("accounts:tokens")):
            with self.subTest(url):
                cache_control = self.client.get(url)["Cache-Control"]
                self.assertIn("no-store", cache_control)
                self.assertIn("private", cache_control)

    def test_it_keeps_the_page_that_shows_a_new_token_out_of_every_cache(self) -> None:
        self.login(self.member_user)
        response = self.client.post(reverse("accounts:tokens"), {"name": "Rapportverktyget"})
        self.assertContains(response, "kopiera den nu")
        self.assertIn("no-store", response["Cache-Control"])

    def test_it_keeps_api_answers_to_a_token_out_of_every_cache(self) -> None:
        _, raw = api_token_create(by=self.member_user, name="Skript")
        response = self.client.get("/api/v1/structures", HTTP_AUTHORIZATION=f"Bearer {raw}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])

    def test_it_lets_anonymous_public_pages_be_cached(self) -> None:
        response = self.client.get(reverse("public:home"))
        self.assertNotIn("no-store", response.get("Cache-Control", ""))
        self.assertNotIn("no-store", self.client.get("/api/v1/structures").get("Cache-Control", ""))
        feed = self.client.get(reverse("meetings_public:structure_ics", args=["vasterbotten"]))
        self.assertEqual(feed.status_code, 200)
        self.assertNotIn("no-store", feed.get("Cache-Control", ""))
        # Asking whether someone is signed in would otherwise vary public files on the cookie.
        self.assertNotIn("Cookie", feed.get("Vary", ""))


class ErrorPageTests(BaseTestCase):
    def test_it_answers_an_unknown_address_in_swedish_without_listing_the_site(self) -> None:
        response = self.client.get("/finns-inte/")
        self.assertContains(response, "Sidan finns inte", status_code=404)
        self.assertContains(response, '<html lang="sv">', status_code=404)
        self.assertContains(response, "/finns-inte/", status_code=404)
        self.assertNotContains(response, "Not Found", status_code=404)
        self.assertNotContains(response, "URLconf", status_code=404)

    def test_it_says_why_access_was_refused(self) -> None:
        self.login(self.member_user)
        response = self.client.get(reverse("work:structure", args=["vasterbotten"]))
        self.assertContains(response, "Ingen behörighet", status_code=403)
        self.assertContains(
            response,
            "Du är inte koordinator för Samverkan Västerbotten och kan inte ändra något där.",
            status_code=403,
        )
        self.assertNotContains(response, "403 Forbidden", status_code=403)

    def test_it_explains_a_failed_form_check_in_swedish(self) -> None:
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
        self.assertContains(response, "Formuläret kunde inte skickas", status_code=403)
        self.assertNotContains(response, "CSRF verification failed", status_code=403)

    def test_it_answers_a_request_for_another_host_with_a_swedish_400(self) -> None:
        response = self.client.get(reverse("public:home"), HTTP_HOST="angripare.example")
        self.assertContains(response, "Felaktig förfrågan", status_code=400)
        self.assertNotContains(response, "Bad Request", status_code=400)

    @override_settings(ROOT_URLCONF=__name__)
    def test_it_shows_a_swedish_500_page_without_the_database(self) -> None:
        client = Client(raise_request_exception=False)
        with self.assertNumQueries(0):
            response = client.get("/test-fel/")
        self.assertContains(response, "Något gick fel", status_code=500)
        self.assertContains(response, "<title>Något gick fel – Samverkan</title>", status_code=500)
        self.assertContains(response, "/static/samverkan/site.css", status_code=500)
        self.assertNotContains(response, "ett fel i koden", status_code=500)

    @override_settings(ROOT_URLCONF=__name__)
    def test_it_shows_the_500_page_even_when_the_static_files_were_never_collected(self) -> None:
        with (
            tempfile.TemporaryDirectory() as empty,
            override_settings(
                STATIC_ROOT=empty,
                STORAGES={
                    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                    "staticfiles": {
                        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    },
                },
            ),
        ):
            response = Client(raise_request_exception=False).get("/test-fel/")
        self.assertContains(response, "Något gick fel", status_code=500)
        self.assertNotContains(response, "stylesheet", status_code=500)
