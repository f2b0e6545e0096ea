"""The whole meeting flow in a browser, as issue 3 describes it, with axe on every page."""

from __future__ import annotations

import re
import shutil
import tempfile

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from samverkan.meetings.models import Document, Meeting
from samverkan.structure.models import Membership, Person, Role
from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class MeetingFlowBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        media = tempfile.mkdtemp(prefix="samverkan-flow-media-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        dan = Person.objects.create(
            key="dan-strom", first_name="Dan", last_name="Ström", email="dan.strom@region.example"
        )
        Membership.objects.create(
            body=self.body,
            person=dan,
            role=Role.SUBSTITUTE,
            principal=self.region,
            substitute_for=self.vice,
        )

    def test_it_plans_calls_and_calls_in_a_substitute(self) -> None:
        page = self.page
        self.log_in("koordinator", PASSWORD)
        # Plan next year for the body: the proposal follows the charter.
        page.goto(self.url(reverse("meetings:body_meetings", args=["vasterbotten", "lsg"])))
        self.assert_accessible()
        self.assertEqual(page.locator("input[name=days]:checked").count(), 3)
        page.get_by_role("button", name="Boka valda dagar").click()
        page.get_by_text("3 möten är bokade").first.wait_for()
        self.screenshot("flode-planerat")
        meeting = Meeting.objects.filter(body=self.body).order_by("starts_at").first()
        assert meeting is not None
        # Open the first meeting: the agenda starts with the charter's standing items.
        page.goto(self.url(reverse("meetings:meeting", args=[meeting.pk])))
        self.assertIn("Föregående minnesanteckningar", page.inner_text("main"))
        self.assertIn("Sista dag för handlingar", page.inner_text("main"))
        self.assert_accessible()
        # Upload a document.
        page.get_by_label("Fil", exact=True).set_input_files(
            {"name": "Underlag.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.get_by_label("Titel").fill("Underlag om utskrivning")
        page.get_by_role("button", name="Ladda upp").click()
        page.wait_for_load_state()
        self.assertIn("Underlag om utskrivning", page.inner_text("main"))
        self.assertTrue(Document.objects.filter(meeting=meeting).exists())
        self.assert_accessible()
        # Send the notice: the preview first, then the confirmation.
        page.get_by_role("link", name="Förhandsgranska och skicka kallelsen").click()
        page.get_by_role("button", name=re.compile("^Skicka kallelsen till")).click()
        page.get_by_text("Kallelsen skickades till").first.wait_for()
        self.screenshot("flode-kallat")
        self.assert_accessible()
        notice = [m for m in mail.outbox if "alice.berg@umea.example" in m.to]
        self.assertTrue(notice)
        self.assertIn("Underlag om utskrivning", notice[0].body)
        # A member reports absence; their substitute is called in by email.
        self.context.clear_cookies()
        self.log_in("ledamot", PASSWORD)
        page.goto(self.url(reverse("meetings_public:my_absence", args=[meeting.pk])))
        self.assert_accessible()
        page.get_by_role("button", name="Anmäl frånvaro").click()
        page.wait_for_load_state()
        self.assertIn("Ersättaren Dan Ström är kallad", page.inner_text("main"))
        self.assert_accessible()
        self.screenshot("flode-ersattare")
        self.assertTrue([m for m in mail.outbox if m.to == ["dan.strom@region.example"]])
