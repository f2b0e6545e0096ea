"""A visitor finds published minutes from the body's page, reads the decision and gets the PDF."""

from __future__ import annotations

import datetime
import shutil
import tempfile

from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

from samverkan.meetings.models import AgendaItem, AgendaItemKind
from samverkan.minutes.models import EntryKind, Minutes
from samverkan.minutes.pdf_files import render_missing
from samverkan.minutes.services import (
    ActionIn,
    EntryIn,
    minutes_approve,
    minutes_item_save,
    minutes_start,
    minutes_submit,
    minutes_update,
)
from samverkan.minutes.tests.base import held_meeting
from samverkan.minutes.tests.test_public import ATTENDANCE, DECISION
from samverkan.structure.models import Membership, Person, Role
from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase


class PublicMinutesBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.seat_body()
        self.minutes = self.publish()
        # The worker has made the PDF by the time the visitor comes.
        media = tempfile.mkdtemp(prefix="samverkan-test-pdf-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        render_missing()

    def publish(self) -> Minutes:
        """The LSG meeting of 10 March 2026, written, approved by chair and adjuster, published."""
        secretary = User.objects.create_user("sekreterare", "s@example.se", PASSWORD)
        chair = User.objects.create_user("ordforande", "o@example.se", PASSWORD)
        adjuster = User.objects.create_user("justerare", "j@example.se", PASSWORD)
        sara = Person.objects.create(key="sara-holm", first_name="Sara", last_name="Holm")
        sara.user = secretary
        sara.save()
        Membership.objects.create(
            body=self.body,
            person=sara,
            role=Role.SECRETARY,
            principal=self.region,
            start=datetime.date(2026, 1, 1),
        )
        Person.objects.filter(pk=self.alice.pk).update(user=chair)
        Person.objects.filter(pk=self.cecilia.pk).update(user=adjuster)
        meeting = held_meeting(self.body, datetime.date(2026, 3, 10))
        AgendaItem.objects.create(
            meeting=meeting,
            position=5,
            kind=AgendaItemKind.CASE,
            title="Samverkansavtal om hemsjukvård",
        )
        minutes = minutes_start(meeting=meeting, by=secretary)
        Minutes.objects.filter(pk=minutes.pk).update(attendance=ATTENDANCE)
        minutes.refresh_from_db()
        item = minutes.items.get(agenda_item__kind=AgendaItemKind.CASE)
        minutes_item_save(
            item=item,
            expected_version=item.lock_version,
            by=secretary,
            notes="Avtalet presenterades av Alice Berg och diskuterades.",
            entries=[
                EntryIn(EntryKind.DECISION, DECISION),
                EntryIn(
                    EntryKind.RECOMMENDATION,
                    "Huvudmännen rekommenderas att anta samverkansavtalet.",
                ),
                EntryIn(EntryKind.INFORMATION, "Avtalet börjar gälla 1 maj 2026."),
            ],
            actions=[
                ActionIn(
                    text="Skicka avtalet till huvudmännen",
                    due_on=datetime.date(2026, 4, 30),
                    owner=sara,
                )
            ],
        )
        minutes_update(
            minutes=minutes,
            expected_version=minutes.lock_version,
            by=secretary,
            adjuster=self.cecilia,
            notes="Nästa möte hålls 12 maj i Skellefteå.",
        )
        minutes_submit(minutes=minutes, expected_version=minutes.lock_version, by=secretary)
        minutes_approve(minutes=minutes, by=chair)
        minutes_approve(minutes=minutes, by=adjuster)
        minutes.refresh_from_db()
        assert minutes.published_at is not None
        return minutes

    def test_it_takes_a_visitor_from_the_archive_to_the_decision_and_the_pdf(self) -> None:
        page = self.page
        page.goto(self.url(reverse("public:body", args=["vasterbotten", "lsg"])))
        page.get_by_role("link", name="Minnesanteckningar", exact=True).click()
        page.wait_for_url("**/g/lsg/minnesanteckningar/")
        self.screenshot("minutes-archive")
        self.assert_accessible()
        page.get_by_role("link", name="tisdag 10 mars 2026").click()
        page.wait_for_url(f"**/minnesanteckningar/{self.minutes.pk}/")
        self.assertTrue(page.get_by_role("heading", level=1).is_visible())
        self.assertIn(DECISION, page.inner_text("main"))
        self.assertIn(self.minutes.sha256, page.inner_text("main"))
        page.set_viewport_size({"width": 1100, "height": 900})
        # SCREENSHOT_DIR=/tmp keeps it at /tmp/minutes_public.png for a look by eye.
        self.screenshot("minutes_public")
        self.assert_accessible()
        pdf_url = page.get_by_role("link", name="Ladda ner som PDF").get_attribute("href")
        assert pdf_url is not None
        response = page.request.get(self.url(pdf_url))
        self.assertEqual(response.status, 200)
        self.assertEqual(response.headers["content-type"], "application/pdf")
        self.assertTrue(response.body().startswith(b"%PDF-"))
