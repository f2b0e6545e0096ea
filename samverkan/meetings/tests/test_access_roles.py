"""A body's secretary, chair and members reach the working page of their body's meetings,
for what their role allows; everyone else gets a Swedish page saying why."""

from __future__ import annotations

import datetime
import json
import shutil
import tempfile
from typing import Any

from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from samverkan.accounts.services import api_token_create
from samverkan.audit.models import Change
from samverkan.lib.localtime import local
from samverkan.meetings.access import meeting_rights
from samverkan.meetings.models import (
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    Document,
    Meeting,
    Notice,
)
from samverkan.meetings.services import agenda_item_add, meeting_create
from samverkan.meetings.tests.lazy_parts import get_with_parts
from samverkan.minutes.tests.base import MinutesTestCase
from samverkan.structure.choices import Convener
from samverkan.structure.models import Charter

DAY = datetime.date.today() + datetime.timedelta(days=60)


class MeetingPageRoleTests(MinutesTestCase):
    """Sara is the secretary, Alice (chair_user) the chair, Bo (member_user) the vice chair."""

    def coming(self) -> Meeting:
        return meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=self.coordinator
        )

    def page(self, user: User, meeting: Meeting) -> str:
        self.login(user)
        response = get_with_parts(self.client, reverse("meetings:meeting", args=[meeting.pk]))
        self.assertEqual(response.status_code, 200, user)
        return response.content.decode()

    def test_the_secretary_chair_and_member_read_their_meeting_without_the_coordinators_forms(
        self,
    ) -> None:
        meeting = self.coming()
        for user in (self.secretary_user, self.chair_user, self.member_user):
            with self.subTest(user.username):
                html = self.page(user, meeting)
                self.assertIn("Dagordning", html)
                self.assertNotIn(reverse("meetings:meeting_save", args=[meeting.pk]), html)
                self.assertNotIn(reverse("meetings:meeting_cancel", args=[meeting.pk]), html)
                self.assertNotIn(reverse("meetings:agenda_item_add", args=[meeting.pk]), html)
                self.assertNotIn(reverse("meetings:document_upload", args=[meeting.pk]), html)
                self.assertIn(reverse("meetings_public:my_absence", args=[meeting.pk]), html)

    def test_the_secretary_starts_the_minutes_from_the_meeting_page(self) -> None:
        html = self.page(self.secretary_user, self.meeting)
        self.assertIn(reverse("minutes:start", args=[self.meeting.pk]), html)
        self.assertNotIn(
            reverse("minutes:start", args=[self.meeting.pk]),
            self.page(self.member_user, self.meeting),
        )

    def test_the_charters_conveners_prepare_the_agenda(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(convener=Convener.CHAIR_AND_SECRETARY)
        meeting = self.coming()
        add = reverse("meetings:agenda_item_add", args=[meeting.pk])
        for user in (self.secretary_user, self.chair_user):
            with self.subTest(user.username):
                self.assertIn(add, self.page(user, meeting))
                response = self.client.post(
                    add, {"item-kind": "information", "item-title": f"Från {user.username}"}
                )
                self.assertRedirects(response, reverse("meetings:meeting", args=[meeting.pk]))
        self.assertEqual(meeting.agenda_items.filter(title__startswith="Från").count(), 2)
        # The vice chair is no convener here; nor may a convener move the meeting.
        self.assertNotIn(add, self.page(self.member_user, meeting))
        self.assertEqual(
            self.client.post(add, {"item-kind": "information", "item-title": "X"}).status_code,
            403,
        )
        self.login(self.secretary_user)
        response = self.client.post(reverse("meetings:meeting_cancel", args=[meeting.pk]))
        self.assertEqual(response.status_code, 403)

    def test_someone_outside_the_body_gets_a_swedish_page_saying_why(self) -> None:
        meeting = self.coming()
        self.login(self.other_coordinator)
        response = self.client.get(reverse("meetings:meeting", args=[meeting.pk]))
        self.assertEqual(response.status_code, 403)
        html = response.content.decode()
        self.assertIn("<h1>Ingen behörighet</h1>", html)
        self.assertIn("Mötets arbetssida visas för dem som har ett uppdrag i", html)
        self.assertIn('class="site-header"', html)  # in the site's layout
        self.assertIn('<html lang="sv">', html)

    def test_a_missing_meeting_is_the_swedish_404_in_the_layout(self) -> None:
        self.login(self.secretary_user)
        response = self.client.get(reverse("meetings:meeting", args=[999999]))
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Sidan finns inte", status_code=404)
        self.assertContains(response, 'class="site-header"', status_code=404)

    def test_the_members_start_page_links_their_coming_meeting(self) -> None:
        meeting = self.coming()
        self.login(self.secretary_user)
        self.assertContains(
            self.client.get(reverse("work:home")), reverse("meetings:meeting", args=[meeting.pk])
        )


class NotFoundPageTests(MinutesTestCase):
    def test_an_unknown_address_gives_the_swedish_404(self) -> None:
        response = self.client.get("/finns-inte/alls/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Sidan finns inte", status_code=404)

    @override_settings(DEBUG=True, DEBUG_404=False)
    def test_the_demo_with_debug_on_shows_the_swedish_404_too(self) -> None:
        for url in ("/finns-inte/alls/", reverse("meetings:meeting", args=[999999])):
            with self.subTest(url):
                self.login(self.secretary_user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertContains(response, "Sidan finns inte", status_code=404)
                self.assertContains(response, 'class="site-header"', status_code=404)

    @override_settings(DEBUG=True, DEBUG_404=True)
    def test_a_developer_may_keep_djangos_debug_page(self) -> None:
        response = self.client.get("/finns-inte/alls/")
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Sidan finns inte", status_code=404)


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class ConvenerTests(MinutesTestCase):
    """The charter makes the chair and the secretary conveners: Sara (secretary) calls the
    meeting as the coordinator does; Bo (vice chair) only reads."""

    def setUp(self) -> None:
        super().setUp()
        media = tempfile.mkdtemp(prefix="samverkan-test-media-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        Charter.objects.filter(pk=self.charter.pk).update(convener=Convener.CHAIR_AND_SECRETARY)
        self.coming = meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=self.coordinator
        )
        self.item = agenda_item_add(
            by=None, meeting=self.coming, kind=AgendaItemKind.INFORMATION, title="Läget"
        )

    def urls(self) -> dict[str, str]:
        args = [self.coming.pk]
        return {
            name: reverse(f"meetings:{name}", args=args)
            for name in ("document_upload", "notice_preview", "notice", "notice_guest")
        }

    def upload(self, title: str) -> Any:
        return self.client.post(
            self.urls()["document_upload"],
            {
                "document-file": SimpleUploadedFile("B.pdf", PDF, content_type="application/pdf"),
                "document-title": title,
            },
        )

    def send(self) -> Any:
        preview = self.client.get(self.urls()["notice_preview"])
        self.assertEqual(preview.status_code, 200)
        # The body's working page is the coordinators'; others are led to the public one.
        work_body = reverse("work:body", args=["vasterbotten", "lsg"])
        self.assertEqual(work_body in preview.content.decode(), preview.context["rights"].edit)
        return self.client.post(self.urls()["notice"], {"token": preview.context["preview"].token})

    def guest(self, email: str) -> Any:
        return self.client.post(
            self.urls()["notice_guest"],
            {"guest-name": "Hanna Gäst", "guest-email": email, "guest-agenda_item": self.item.pk},
        )

    def test_it_lets_the_convener_upload_send_the_notice_and_invite_a_guest_on_the_page(
        self,
    ) -> None:
        self.login(self.secretary_user)
        html = self.client.get(reverse("meetings:meeting", args=[self.coming.pk])).content.decode()
        for name, url in self.urls().items():
            if name != "notice":
                self.assertIn(url, html, name)
        # Calling the meeting does not move it, nor report others' absence.
        self.assertNotIn(reverse("meetings:meeting_save", args=[self.coming.pk]), html)

        meeting_page = reverse("meetings:meeting", args=[self.coming.pk])
        self.assertRedirects(self.upload("Lägesrapport"), meeting_page)
        self.assertRedirects(self.send(), meeting_page + "#kallelse", fetch_redirect_response=False)
        self.assertEqual(len(mail.outbox), 4)  # Erik has no address; Sara is the secretary
        self.assertRedirects(
            self.guest("hanna@gast.example"),
            meeting_page + "#kallelse",
            fetch_redirect_response=False,
        )

        document = Document.objects.get(meeting=self.coming)
        self.assertEqual(document.uploaded_by, self.secretary_user)
        # The notice and the guest's own, both from Sara.
        self.assertEqual(Notice.objects.filter(sent_by=self.secretary_user).count(), 2)
        guest = Attendance.objects.get(meeting=self.coming, role=AttendanceRole.GUEST)
        self.assertEqual(guest.agenda_item, self.item)
        for kind in ("document", "notice", "attendance"):
            with self.subTest(kind):
                self.assertTrue(
                    Change.objects.filter(object_type=kind, actor=self.secretary_user).exists()
                )
        # Someone else's absence stays with the coordinators.
        absence = reverse("meetings:absence_for", args=[self.coming.pk, self.bo.pk])
        self.assertEqual(self.client.post(absence).status_code, 403)

    def test_it_refuses_a_plain_member_in_swedish_and_lets_the_coordinator_do_all(self) -> None:
        self.login(self.member_user)
        html = self.client.get(reverse("meetings:meeting", args=[self.coming.pk])).content.decode()
        for name, url in self.urls().items():
            self.assertNotIn(url, html, name)
        for response in (
            self.upload("Från Bo"),
            self.client.get(self.urls()["notice_preview"]),
            self.client.post(self.urls()["notice"], {"token": "x"}),
            self.guest("bo@gast.example"),
        ):
            self.assertContains(
                response, "sammankallar inte Länssamverkansgruppen", status_code=403
            )
        self.assertFalse(Document.objects.exists())
        self.assertFalse(Notice.objects.exists())
        self.assertEqual(mail.outbox, [])

        self.login(self.coordinator)
        meeting_page = reverse("meetings:meeting", args=[self.coming.pk])
        self.assertRedirects(self.upload("Från koordinatorn"), meeting_page)
        self.assertEqual(self.send().status_code, 302)
        self.assertEqual(self.guest("k@gast.example").status_code, 302)
        self.assertEqual(Notice.objects.filter(sent_by=self.coordinator).count(), 2)

    def test_it_lets_the_convener_do_the_same_through_the_api(self) -> None:
        token = api_token_create(by=self.secretary_user, name="test")[1]
        member = api_token_create(by=self.member_user, name="test")[1]
        coordinator = api_token_create(by=self.coordinator, name="test")[1]
        base = f"/api/v1/meetings/{self.coming.pk}"

        def call(method: str, path: str, key: str, data: dict | None = None) -> Any:
            headers = {"Authorization": f"Bearer {key}"}
            if method == "get":
                return self.client.get(base + path, headers=headers)
            if path == "/documents":
                file = SimpleUploadedFile("B.pdf", PDF, content_type="application/pdf")
                return self.client.post(
                    base + path, {**(data or {}), "file": file}, headers=headers
                )
            return self.client.post(
                base + path,
                json.dumps(data or {}),
                content_type="application/json",
                headers=headers,
            )

        guest = {"name": "Hanna Gäst", "email": "hanna@gast.example", "agenda_item": self.item.pk}
        # A member without the convener's role: 403, nothing changes.
        for method, path, data in (
            ("post", "/documents", {"title": "Från Bo"}),
            ("get", "/notice/preview", None),
            ("post", "/notice", {"reason": ""}),
            ("post", "/guests", guest),
            ("get", "/notices", None),
        ):
            with self.subTest(path):
                response = call(method, path, member, data)
                self.assertEqual(response.status_code, 403, response.content)
                self.assertIn("detail", response.json())
        self.assertFalse(Document.objects.exists())
        self.assertFalse(Notice.objects.exists())

        response = call("post", "/documents", token, {"title": "Lägesrapport"})
        self.assertEqual(response.status_code, 201, response.content)
        preview = call("get", "/notice/preview", token)
        self.assertEqual(preview.status_code, 200, preview.content)
        sent = call("post", "/notice", token, {"reason": "", "token": preview.json()["token"]})
        self.assertEqual(sent.status_code, 201, sent.content)
        self.assertEqual(call("post", "/guests", token, guest).status_code, 201)
        self.assertEqual(call("get", "/notices", token).json()["count"], 2)
        self.assertEqual(Document.objects.get().uploaded_by, self.secretary_user)
        self.assertEqual(
            Notice.objects.filter(sent_by=self.secretary_user).count(), 2
        )  # the notice and the guest's own
        self.assertTrue(
            Change.objects.filter(object_type="attendance", actor=self.secretary_user).exists()
        )

        # The coordinator still can.
        response = call("post", "/documents", coordinator, {"title": "Budget"})
        self.assertEqual(response.status_code, 201, response.content)
        guest = {"name": "Ivar Gäst", "email": "ivar@gast.example"}
        self.assertEqual(call("post", "/guests", coordinator, guest).status_code, 201)

    def test_it_keeps_calling_the_meeting_from_a_chair_who_only_owns_the_agenda(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            convener=Convener.COORDINATOR, chair_owns_agenda=True
        )
        meeting = Meeting.objects.get(pk=self.coming.pk)
        rights = meeting_rights(self.chair_user, meeting)
        self.assertEqual((rights.agenda, rights.convene, rights.edit), (True, False, False))
        self.assertEqual(meeting_rights(self.secretary_user, meeting).convene, False)
        self.assertEqual(meeting_rights(self.coordinator, meeting).convene, True)
