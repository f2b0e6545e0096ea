"""The public meeting page: what a citizen sees of a meeting, and nothing internal."""

from __future__ import annotations

import datetime
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.lib.localtime import local
from samverkan.meetings.documents import document_upload
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Document, Meeting
from samverkan.meetings.services import (
    agenda_item_add,
    meeting_cancel,
    meeting_create,
    meeting_update,
)
from samverkan.minutes.tests.base import MinutesTestCase

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
VIDEO = "https://video.example/mote/lsg?pwd=hemligt"


def meeting_url(meeting: Meeting) -> str:
    body = meeting.body
    return reverse("public:meeting", args=[body.structure.slug, body.key, meeting.pk])


class MeetingPageTestCase(MinutesTestCase):
    coming: Meeting

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        day = timezone.localdate() + datetime.timedelta(days=40)
        cls.coming = meeting_create(
            body=cls.body,
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            by=cls.coordinator,
            place="Regionens hus, sal Ume",
            video_link=VIDEO,
            form="in_person",
        )

    def setUp(self) -> None:
        super().setUp()
        media = tempfile.mkdtemp(prefix="samverkan-test-media-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))

    def item(self, title: str, meeting: Meeting | None = None) -> AgendaItem:
        return agenda_item_add(
            by=self.coordinator,
            meeting=meeting or self.coming,
            kind=AgendaItemKind.INFORMATION,
            title=title,
            description=f"Om {title.lower()}.",
        )

    def document(
        self, title: str, *, public: bool, item: AgendaItem | None = None, name: str = "a.pdf"
    ) -> Document:
        return document_upload(
            meeting=item.meeting if item else self.coming,
            uploaded_file=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
            title=title,
            agenda_item=item,
            public=public,
            by=self.coordinator,
        )


class MeetingPageTests(MeetingPageTestCase):
    def test_it_shows_a_coming_meeting_with_its_agenda_and_only_public_documents(self) -> None:
        item = self.item("Budget 2027")
        public = self.document("Budgetunderlag", public=True, item=item)
        internal = self.document("Förhandlingsläge", public=False, item=item)
        loose = self.document("Presentation", public=True, name="b.pdf")

        page = self.client.get(meeting_url(self.coming))

        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Regionens hus, sal Ume")
        self.assertContains(page, "<dd>Planerat</dd>", html=True)
        self.assertContains(page, "Föregående minnesanteckningar")
        self.assertContains(page, "Budget 2027")
        self.assertContains(page, "Om budget 2027.")
        download = reverse("meetings_public:document_download", args=[public.pk])
        self.assertContains(page, f'href="{download}"')
        self.assertContains(page, "Budgetunderlag")
        self.assertContains(page, "Övriga handlingar")
        self.assertContains(page, loose.title)
        self.assertNotContains(page, internal.title)
        self.assertNotContains(
            page, reverse("meetings_public:document_download", args=[internal.pk])
        )
        # The video link can carry a passcode: not for the public.
        self.assertNotContains(page, "hemligt")
        self.assertContains(page, "publiceras här efter mötet")
        # The public document downloads for anyone; the internal one is as if missing.
        self.assertEqual(self.client.get(download).status_code, 200)

    def test_a_member_of_the_body_sees_the_video_link_but_still_no_internal_document(
        self,
    ) -> None:
        internal = self.document("Förhandlingsläge", public=False)
        self.login(self.member_user)
        page = self.client.get(meeting_url(self.coming))
        self.assertContains(page, VIDEO)
        self.assertNotContains(page, internal.title)

    def test_a_cancelled_meeting_says_so_and_why(self) -> None:
        meeting_cancel(meeting=self.coming, by=self.coordinator, reason="Ordföranden är bortrest.")
        page = self.client.get(meeting_url(self.coming))
        self.assertContains(page, "Mötet är inställt.")
        self.assertContains(page, "Anledning: Ordföranden är bortrest.")
        self.assertContains(page, '<strong class="warn-text">Inställt</strong>', html=True)
        self.assertContains(page, "inga minnesanteckningar")
        self.assertNotContains(page, VIDEO)

    def test_a_moved_meeting_tells_where_from(self) -> None:
        later = self.coming.starts_at + datetime.timedelta(days=7)
        meeting_update(
            meeting=self.coming,
            expected_version=self.coming.lock_version,
            by=self.coordinator,
            reason="Krockar med budgetdagen.",
            starts_at=later,
            ends_at=later + datetime.timedelta(hours=2),
        )
        page = self.client.get(meeting_url(self.coming))
        self.assertContains(page, "Flyttat från")

    def test_a_held_meeting_links_its_minutes_once_published_and_never_a_draft(self) -> None:
        minutes = self.write(self.start())
        page = self.client.get(meeting_url(self.meeting))
        self.assertContains(page, "<dd>Genomfört</dd>", html=True)
        self.assertContains(page, "inte publicerade ännu")
        self.assertNotContains(page, f"/minnesanteckningar/{minutes.pk}/")

        self.approve(minutes)
        page = self.client.get(meeting_url(self.meeting))
        link = reverse("minutes_public:minutes", args=["vasterbotten", "lsg", minutes.pk])
        self.assertContains(page, f'href="{link}"')
        self.assertEqual(self.client.get(link).status_code, 200)

    def test_it_is_404_under_another_body_or_for_a_missing_meeting(self) -> None:
        wrong = reverse("public:meeting", args=["vasterbotten", "samrad", self.coming.pk])
        self.assertEqual(self.client.get(wrong).status_code, 404)
        missing = reverse("public:meeting", args=["vasterbotten", "lsg", 999999])
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_the_calendars_and_the_body_page_link_the_meeting(self) -> None:
        url = meeting_url(self.coming)
        for page in (
            reverse("meetings_public:public_structure_calendar", args=["vasterbotten"]),
            reverse("meetings_public:public_body_calendar", args=["vasterbotten", "lsg"]),
            reverse("public:body", args=["vasterbotten", "lsg"]),
        ):
            with self.subTest(page=page):
                self.assertContains(self.client.get(page), f'href="{url}"')
        # The body page lists the latest past meetings too.
        body_page = self.client.get(reverse("public:body", args=["vasterbotten", "lsg"]))
        self.assertContains(body_page, f'href="{meeting_url(self.meeting)}"')

    def test_the_query_count_does_not_grow_with_the_agenda(self) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(meeting_url(self.coming))
            self.assertEqual(response.status_code, 200)
            return len(captured)

        first = self.item("Punkt 1")
        self.document("Handling 1", public=True, item=first)
        small = queries()
        for n in range(2, 12):
            item = self.item(f"Punkt {n}")
            self.document(f"Handling {n}", public=True, item=item)
            self.document(f"Intern {n}", public=False, item=item)
        self.assertEqual(queries(), small)
        with self.assertNumQueries(small):
            self.client.get(meeting_url(self.coming))
