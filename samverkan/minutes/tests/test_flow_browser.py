"""The minutes flow in a browser: write, submit, approve twice, then read, download and search.

The coordinator starts the minutes from the held meeting's page; the secretary writes a case
item with a decision and a recommendation, names the adjuster and submits; the chair and the
adjuster approve from "Att justera"; an anonymous visitor finds the minutes in the public
archive, downloads the PDF and finds them again by searching for an inflected word.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from samverkan.minutes.models import Minutes, MinutesStatus
from samverkan.minutes.pdf_files import render_missing
from samverkan.minutes.tests.base import MinutesPersonas
from samverkan.testing.base import PASSWORD
from samverkan.testing.browser import BrowserTestCase

# What a failed save looks like, should an item come back without "Sparat.".
SAVE_FAILED = 'the item was not saved: the article came back without "Sparat."'

DECISION = "LSG ställer sig bakom förslaget till samverkansavtal om hemsjukvård."
RECOMMENDATION = "Huvudmännen rekommenderas att anta avtalet från den 1 juli 2026."
NOTES = "Avtalet presenterades av Alice Berg och diskuterades."


class MinutesFlowBrowserTests(MinutesPersonas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.make_minutes_personas()

    def switch_user(self, username: str) -> None:
        self.context.clear_cookies()
        self.log_in(username, PASSWORD)

    def shot(self, name: str) -> None:
        self.page.screenshot(
            path=str(Path(tempfile.gettempdir()) / f"flow_{name}.png"), full_page=True
        )

    def save_item(self, article: Any) -> None:
        """Click "Spara punkten"; htmx swaps the article, which then says "Sparat."."""
        with self.page.expect_response(lambda r: r.request.method == "POST"):
            article.get_by_role("button", name="Spara punkten").click()
        expect(article.get_by_text("Sparat."), SAVE_FAILED).to_be_visible()

    def test_minutes_are_written_approved_published_and_found(self) -> None:
        page = self.page

        # The coordinator starts the minutes from the held meeting's page.
        self.log_in("koordinator", PASSWORD)
        page.goto(self.url(reverse("meetings:meeting", args=[self.meeting.pk])))
        page.get_by_role("button", name="Skriv minnesanteckningar").click()
        page.get_by_text("Minnesanteckningarna är påbörjade").first.wait_for()
        minutes = Minutes.objects.get(meeting=self.meeting)

        # The secretary finds them under "Under arbete" and writes the case item.
        self.switch_user("sekreterare")
        page.goto(self.url(reverse("minutes:mine")))
        page.locator("section[aria-labelledby=skrivs]").get_by_role("link").first.click()
        page.wait_for_url(f"**{reverse('minutes:minutes', args=[minutes.pk])}")
        item = minutes.items.get(agenda_item=self.case)
        article = page.locator(f"#punkt-{item.pk}")
        prefix = f"p{item.pk}"
        # Items are folded until opened; a saved item stays open.
        article.locator("summary").click()
        article.get_by_label("Anteckningar").fill(NOTES)
        article.locator(f"select[name={prefix}-e-0-kind]").select_option(label="Beslut")
        article.locator(f"textarea[name={prefix}-e-0-text]").fill(DECISION)
        self.save_item(article)
        # The article is swapped in place with one more blank row.
        article.locator(f"select[name={prefix}-e-1-kind]").select_option(
            label="Rekommendation till huvudmännen"
        )
        article.locator(f"textarea[name={prefix}-e-1-text]").fill(RECOMMENDATION)
        self.save_item(article)
        article.locator(f"select[name={prefix}-e-2-kind]").wait_for()
        self.assertEqual(
            list(item.entries.order_by("pk").values_list("kind", "text")),
            [("decision", DECISION), ("recommendation", RECOMMENDATION)],
        )
        self.assertEqual(article.get_by_label("Anteckningar").input_value(), NOTES)

        # "Mötet": name the adjuster, without reloading the page after the htmx saves.
        page.get_by_label("Justeringsperson").select_option(label="Cecilia Ek")
        page.get_by_role("button", name="Spara uppgifterna om mötet").click()
        page.get_by_text("Uppgifterna om mötet är sparade.").wait_for()
        self.assertEqual(page.get_by_label("Justeringsperson").input_value(), str(self.cecilia.pk))
        self.assertIn("Cecilia Ek", page.locator("section[aria-labelledby=skicka]").inner_text())
        self.shot("secretary")
        self.assert_accessible()
        page.get_by_role("link", name="Förhandsgranska och skicka för justering").click()
        page.get_by_role("button", name="Skicka för justering").click()
        page.get_by_text("Minnesanteckningarna är skickade för justering till").wait_for()
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.PENDING)

        # The chair, then the adjuster, approve from "Att justera".
        for username in ("ordforande", "justerare"):
            self.switch_user(username)
            page.goto(self.url(reverse("minutes:mine")))
            page.locator("section[aria-labelledby=att-justera]").get_by_role("link").first.click()
            page.wait_for_url(f"**{reverse('minutes:minutes', args=[minutes.pk])}")
            self.assertIn(DECISION, page.inner_text("main"))
            if username == "ordforande":
                self.assert_accessible()
            page.get_by_role("link", name="Förhandsgranska och justera").click()
            page.get_by_role("button", name="Justera minnesanteckningarna").click()
            page.get_by_text("Du har justerat minnesanteckningarna.").wait_for()
        page.get_by_text("Alla har justerat").wait_for()
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)
        self.assertTrue(minutes.sha256)
        main = page.inner_text("main")
        self.assertIn("Kontrollsumma (SHA-256)", main)
        self.assertIn(minutes.sha256, main)
        self.assertIn("stämmer med innehållet", main)
        self.shot("approved")
        self.assert_accessible()

        # An anonymous visitor reads the minutes in the public archive.
        visitor = self.browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
        self.addCleanup(visitor.close)
        visitor.set_default_timeout(15000)
        self.page = page = visitor.new_page()
        page.goto(self.url(reverse("minutes_public:body_archive", args=["vasterbotten", "lsg"])))
        self.assert_accessible()
        page.locator(".archive-list").get_by_role("link").first.click()
        public_path = reverse("minutes_public:minutes", args=["vasterbotten", "lsg", minutes.pk])
        page.wait_for_url(f"**{public_path}")
        main = page.inner_text("main")
        self.assertIn(DECISION, main)
        self.assertIn(RECOMMENDATION, main)
        self.shot("public")
        self.assert_accessible()

        # The PDF.
        href = page.get_by_role("link", name="Ladda ner som PDF").get_attribute("href")
        assert href is not None
        pdf_url = self.url(href) if href.startswith("/") else href
        # Until the worker has made it, the link says so; then it serves the file.
        pending = visitor.request.get(pdf_url)
        self.assertEqual(pending.status, 503)
        self.assertIn("PDF:en skapas", pending.text())
        media = tempfile.mkdtemp(prefix="samverkan-test-pdf-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        self.assertEqual(render_missing(), 1)
        response = visitor.request.get(pdf_url)
        self.assertEqual(response.status, 200)
        self.assertTrue(response.headers["content-type"].startswith("application/pdf"))
        self.assertTrue(response.body().startswith(b"%PDF"))

        # Search for an inflected form of a word in the decision.
        page.goto(self.url(reverse("search:search")))
        page.get_by_label("Sökord").fill("samverkansavtalet")
        page.get_by_role("button", name="Sök", exact=True).click()
        page.wait_for_url("**/sok/?q=samverkansavtalet**")
        hit = page.locator(f".search-hit a[href*='{public_path}']")
        self.assertGreaterEqual(hit.count(), 1, page.inner_text("main"))
        self.assert_accessible()
        hit.first.click()
        page.wait_for_url(f"**{public_path}*")
