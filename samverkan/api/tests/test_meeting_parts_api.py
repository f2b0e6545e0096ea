"""The API of a meeting's documents, notices and attendance."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.api.errors import UNAUTHORIZED
from samverkan.api.tests.base import API, ApiTestCase
from samverkan.lib.localtime import local
from samverkan.meetings.attendance import attendance_report_absence
from samverkan.meetings.documents import document_upload
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Document,
    Meeting,
    MeetingStatus,
    Notice,
)
from samverkan.meetings.notices import notice_send
from samverkan.meetings.services import agenda_item_add, meeting_create
from samverkan.structure.models import Membership, Person, Role, Substitutes

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    # The browser's word for the type is ignored; only the bytes count.
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def content(response: Any) -> bytes:
    """The bytes of a streamed (file) response."""
    return b"".join(response.streaming_content)


class PartsTestCase(ApiTestCase):
    """Personas plus a fuller LSG: a member without email, substitutes for the leaders."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.seat_body()

    def setUp(self) -> None:
        super().setUp()
        self.media = tempfile.mkdtemp(prefix="samverkan-test-media-")
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=self.media))
        self.meeting = self.make_meeting()

    def make_meeting(self, days_ahead: int = 40, body: Any = None) -> Meeting:
        day = timezone.localdate() + datetime.timedelta(days=days_ahead)
        return meeting_create(
            body=body or self.body,
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            by=self.coordinator,
            place="Regionens hus",
        )

    def stored_files(self) -> list[str]:
        return [os.path.join(root, f) for root, _, files in os.walk(self.media) for f in files]

    def post_file(
        self,
        meeting: Meeting | None = None,
        *,
        user: User | None = None,
        file: SimpleUploadedFile | None = None,
        without_file: bool = False,
        **fields: Any,
    ) -> Any:
        data: dict[str, Any] = {"title": "Budget 2027", **fields}
        if not without_file:
            data["file"] = file or upload("Budget.pdf", PDF)
        headers = {"Authorization": f"Bearer {self.token_for(user)}"} if user else {}
        meeting = meeting or self.meeting
        return self.client.post(f"{API}/meetings/{meeting.pk}/documents", data, headers=headers)

    def add_document(self, title: str = "Budget", *, public: bool = False, **kw: Any) -> Document:
        return document_upload(
            meeting=kw.pop("meeting", self.meeting),
            uploaded_file=upload(f"{title}.pdf", PDF + title.encode()),
            title=title,
            public=public,
            by=self.coordinator,
            **kw,
        )

    def mail_to(self, address: str) -> list[Any]:
        return [m for m in mail.outbox if address in m.to]

    def count_queries(self, call: Callable[[], Any]) -> int:
        with CaptureQueriesContext(connection) as context:
            response = call()
        self.assertEqual(response.status_code, 200, response.content)
        return len(context.captured_queries)


class DocumentUploadTests(PartsTestCase):
    def test_it_uploads_a_pdf_with_its_sha256_and_late_flag(self) -> None:
        item = AgendaItem.objects.get(meeting=self.meeting)
        response = self.post_file(
            user=self.coordinator,
            agenda_item=item.pk,
            registry_number=" LS/751/2013 ",
            public="true",
            replaces="",
        )

        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        document = Document.objects.get()
        self.assertEqual(data["id"], document.pk)
        self.assertEqual(data["sha256"], hashlib.sha256(PDF).hexdigest())
        self.assertEqual((data["size"], data["content_type"]), (len(PDF), "application/pdf"))
        self.assertIs(data["late"], False)
        self.assertEqual((data["version"], data["replaces"], data["current"]), (1, None, True))
        self.assertEqual((data["agenda_item"], data["agenda_item_title"]), (item.pk, item.title))
        self.assertEqual((data["registry_number"], data["public"]), ("LS/751/2013", True))
        self.assertEqual(data["original_name"], "Budget.pdf")
        self.assertEqual(data["file_url"], f"{API}/documents/{document.pk}/file")
        self.assertEqual(document.uploaded_by, self.coordinator)
        with open(os.path.join(self.media, document.file.name or ""), "rb") as stored:
            self.assertEqual(stored.read(), PDF)

        # Three days before a meeting the charter's ten working days have passed.
        soon = self.make_meeting(days_ahead=3)
        late = self.post_file(soon, user=self.coordinator, title="Sen bilaga")
        self.assertEqual(late.status_code, 201, late.content)
        self.assertIs(late.json()["late"], True)

    def test_it_refuses_an_elf_program_disguised_as_a_pdf_and_saves_nothing(self) -> None:
        response = self.post_file(user=self.coordinator, file=upload("Protokoll.pdf", ELF))

        payload = self.assertError(response, 400, field="file")
        self.assertTrue(
            payload["detail"].startswith(
                "Filen är inte en PDF trots ändelsen .pdf: den ser ut att vara ett program"
            ),
            payload,
        )
        self.assertIn("Program och skript kan inte laddas upp", payload["errors"]["file"][0])
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_it_refuses_an_oversized_file_and_saves_nothing(self) -> None:
        with override_settings(DOCUMENT_MAX_SIZE=1024 * 1024):
            response = self.post_file(
                user=self.coordinator, file=upload("Stor.pdf", PDF + b"0" * (1024 * 1024))
            )
        payload = self.assertError(response, 400, field="file")
        self.assertEqual(payload["detail"], "Filen är 1,01 MB; en handling får vara högst 1 MB.")
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_it_refuses_bad_form_fields_in_swedish(self) -> None:
        missing = self.post_file(user=self.coordinator, without_file=True)
        self.assertError(missing, 400, field="file")
        payload = self.assertError(self.post_file(user=self.coordinator, colour="blå"), 400)
        self.assertEqual(payload["errors"], {"colour": ["Okänt fält."]})
        payload = self.assertError(self.post_file(user=self.coordinator, agenda_item="två"), 400)
        self.assertEqual(payload["errors"]["agenda_item"], ["Ange ett heltal."])
        self.assertError(self.post_file(user=self.coordinator, title=""), 400, field="title")
        self.assertError(
            self.post_file(user=self.coordinator, agenda_item=999999), 400, field="agenda_item"
        )
        other = AgendaItem.objects.get(meeting=self.make_meeting(days_ahead=50))
        self.assertError(
            self.post_file(user=self.coordinator, agenda_item=other.pk), 400, field="agenda_item"
        )
        self.assertError(
            self.post_file(user=self.coordinator, replaces=999999), 400, field="replaces"
        )
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored_files(), [])
        cancelled = self.make_meeting(days_ahead=45)
        Meeting.objects.filter(pk=cancelled.pk).update(status=MeetingStatus.CANCELLED)
        self.assertError(self.post_file(cancelled, user=self.coordinator), 400, field="meeting")

    def test_a_new_version_replaces_the_old_once(self) -> None:
        first = self.post_file(user=self.coordinator).json()

        second = self.post_file(
            user=self.coordinator,
            title="",
            file=upload("Budget v2.pdf", PDF + b"%v2\n"),
            replaces=first["id"],
        )

        self.assertEqual(second.status_code, 201, second.content)
        data = second.json()
        self.assertEqual(
            (data["version"], data["replaces"], data["title"]), (2, first["id"], "Budget 2027")
        )
        old = self.call("get", f"/documents/{first['id']}", user=self.member_user).json()
        self.assertEqual((old["replaced_by"], old["current"]), (data["id"], False))
        again = self.post_file(user=self.coordinator, replaces=first["id"])
        self.assertError(again, 409, field="replaces")
        self.assertEqual(Document.objects.count(), 2)
        self.assertEqual(len(self.stored_files()), 2)


class DocumentReadTests(PartsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.internal = self.add_document("Intern budget")
        self.public = self.add_document("Minnesanteckningar", public=True)

    def ids(self, user: User | None = None, **query: Any) -> list[int]:
        response = self.call("get", f"/meetings/{self.meeting.pk}/documents", query, user=user)
        self.assertEqual(response.status_code, 200, response.content)
        page = response.json()
        self.assertEqual(page["count"], len(page["items"]))
        return sorted(d["id"] for d in page["items"])

    def test_anonymous_sees_and_downloads_only_public_documents(self) -> None:
        self.assertEqual(self.ids(), [self.public.pk])
        # An internal document is answered exactly as one that does not exist (issue 9).
        missing = self.call("get", "/documents/999999")
        self.assertError(missing, 404)
        for path in (f"/documents/{self.internal.pk}", f"/documents/{self.internal.pk}/file"):
            with self.subTest(path=path):
                response = self.call("get", path)
                self.assertError(response, 404)
                self.assertEqual(response.content, missing.content)

        data = self.call("get", f"/documents/{self.public.pk}").json()
        self.assertEqual((data["title"], data["public"]), ("Minnesanteckningar", True))
        response = self.client.get(data["file_url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(content(response), PDF + b"Minnesanteckningar")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'; sandbox")
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="Minnesanteckningar.pdf"'
        )
        self.assertEqual(response["Cache-Control"], "public, max-age=300")

    def test_members_and_coordinators_see_internal_documents_others_do_not(self) -> None:
        for user in (self.member_user, self.coordinator, self.admin):
            with self.subTest(user=user.username):
                self.assertEqual(self.ids(user), [self.internal.pk, self.public.pk])
                response = self.call("get", f"/documents/{self.internal.pk}/file", user=user)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(content(response), PDF + b"Intern budget")
                # Kept by no cache: the answer went to someone signed in (issue 9).
                self.assertIn("private", response["Cache-Control"])
                self.assertIn("no-store", response["Cache-Control"])
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(self.ids(self.other_coordinator), [self.public.pk])
        # Not 403 naming the document: to an outsider it does not exist (issue 9).
        missing = self.call("get", "/documents/999999", user=self.other_coordinator)
        for path in (f"/documents/{self.internal.pk}", f"/documents/{self.internal.pk}/file"):
            with self.subTest(path=path):
                response = self.call("get", path, user=self.other_coordinator)
                self.assertError(response, 404)
                self.assertEqual(response.content, missing.content)

    def test_it_lists_only_current_versions_on_request_and_404s_the_unknown(self) -> None:
        newer = self.add_document("Intern budget", replaces=self.internal)
        self.assertEqual(
            self.ids(self.coordinator), sorted([self.internal.pk, self.public.pk, newer.pk])
        )
        self.assertEqual(
            self.ids(self.coordinator, current="true"), sorted([self.public.pk, newer.pk])
        )
        self.assertError(
            self.call("get", "/documents/999999"), 404, detail="Handlingen finns inte."
        )
        self.assertError(self.call("get", "/documents/999999/file"), 404)
        self.assertError(self.call("get", "/meetings/999999/documents"), 404)

    def test_it_lists_in_the_same_number_of_queries_for_few_and_many_documents(self) -> None:
        item = AgendaItem.objects.get(meeting=self.meeting)
        path = f"/meetings/{self.meeting.pk}/documents"

        def read(user: User | None) -> Callable[[], Any]:
            return partial(self.call, "get", path, {"limit": 500}, user=user)

        small = {who: self.count_queries(read(who)) for who in (None, self.member_user)}
        previous = self.add_document("Bilaga", agenda_item=item)
        for n in range(12):
            previous = self.add_document("Bilaga", replaces=previous)
            self.add_document(f"Offentlig {n}", public=True, agenda_item=item)
        for who in (None, self.member_user):
            with self.subTest(user=who):
                self.assertEqual(self.count_queries(read(who)), small[who])
        self.assertEqual(len(self.call("get", path, {"limit": 500}).json()["items"]), 13)
        page = self.call("get", path, {"limit": 500}, user=self.member_user).json()
        self.assertEqual(page["count"], 27)
        self.assertEqual(page["items"][-1]["agenda_item_title"], item.title)


class NoticeApiTests(PartsTestCase):
    def test_it_sends_the_notice_by_email_and_records_it(self) -> None:
        agenda_item_add(
            by=None, meeting=self.meeting, kind=AgendaItemKind.INFORMATION, title="Läget"
        )

        response = self.call(
            "post", f"/meetings/{self.meeting.pk}/notice", {"reason": ""}, user=self.coordinator
        )

        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertIs(data["late"], False)
        self.assertEqual(data["meeting_status"], "called")
        sent = sorted(r["email"] for r in data["sent"])
        self.assertEqual(
            sent,
            ["alice.berg@umea.example", "bo.lind@region.example", "cecilia.ek@skelleftea.example"],
        )
        self.assertEqual(sorted(a for m in mail.outbox for a in m.to), sent)
        self.assertIn("Läget", self.mail_to("alice.berg@umea.example")[0].body)
        self.assertEqual(
            data["not_reached"],
            [{"name": "Erik Nord", "email": "", "reason": "saknar e-postadress"}],
        )
        self.assertIn("Kallelsen skickades till 3 av 4", data["message"])
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, MeetingStatus.CALLED)

        notices = self.call("get", f"/meetings/{self.meeting.pk}/notices", user=self.coordinator)
        self.assertEqual(notices.status_code, 200, notices.content)
        [notice] = notices.json()["items"]
        self.assertEqual(notice["id"], data["notice"])
        self.assertTrue(notice["subject"].startswith("Kallelse: Länssamverkansgruppen"))
        self.assertEqual((notice["late"], notice["reason"]), (False, ""))
        self.assertEqual(notice["sent_by_name"], "koordinator")
        self.assertEqual(
            {r["email"]: r["role"] for r in notice["recipients"]},
            {
                "alice.berg@umea.example": "Ordförande",
                "bo.lind@region.example": "Vice ordförande",
                "cecilia.ek@skelleftea.example": "Ledamot",
            },
        )
        self.assertIsNotNone(datetime.datetime.fromisoformat(notice["sent_at"]).tzinfo)

    def test_a_late_notice_needs_a_reason(self) -> None:
        soon = self.make_meeting(days_ahead=3)
        path = f"/meetings/{soon.pk}/notice"

        payload = self.assertError(
            self.call("post", path, {}, user=self.coordinator), 400, field="reason"
        )
        self.assertIn("Ange varför kallelsen skickas sent", payload["detail"])
        self.assertError(
            self.call("post", path, {"reason": "  "}, user=self.coordinator), 400, field="reason"
        )
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Notice.objects.exists())
        self.assertEqual(Meeting.objects.get(pk=soon.pk).status, MeetingStatus.PLANNED)

        response = self.call(
            "post", path, {"reason": "Extra möte med kort varsel."}, user=self.coordinator
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertIs(response.json()["late"], True)
        self.assertEqual(len(mail.outbox), 3)
        notice = self.call("get", f"/meetings/{soon.pk}/notices", user=self.admin).json()["items"][
            0
        ]
        self.assertEqual((notice["late"], notice["reason"]), (True, "Extra möte med kort varsel."))

    def test_a_cancelled_meeting_gets_no_notice(self) -> None:
        self.call(
            "post", f"/meetings/{self.meeting.pk}/cancel", {"reason": "x"}, user=self.coordinator
        )
        response = self.call("post", f"/meetings/{self.meeting.pk}/notice", user=self.coordinator)
        self.assertError(response, 400, field="meeting")
        self.assertEqual(mail.outbox, [])

    def test_it_lists_notices_in_the_same_number_of_queries_for_few_and_many(self) -> None:
        path = f"/meetings/{self.meeting.pk}/notices"
        notice_send(meeting=self.meeting, by=self.coordinator)
        small = self.count_queries(lambda: self.call("get", path, user=self.coordinator))
        for _ in range(5):
            notice_send(meeting=self.meeting, by=self.coordinator)
        attendance_report_absence(meeting=self.meeting, person=self.bo, by=self.member_user)
        self.assertEqual(
            self.count_queries(lambda: self.call("get", path, user=self.coordinator)), small
        )
        self.assertEqual(self.call("get", path, user=self.coordinator).json()["count"], 7)


class AttendanceApiTests(PartsTestCase):
    def absence(self, data: dict[str, Any], user: User | None = None, meeting: Any = None) -> Any:
        meeting = meeting or self.meeting
        return self.call("post", f"/meetings/{meeting.pk}/absences", data, user=user)

    def test_a_members_absence_calls_their_substitute(self) -> None:
        notice_send(meeting=self.meeting, by=self.coordinator)
        mail.outbox.clear()

        response = self.absence({"note": "Krockar med budgetberedningen."}, user=self.member_user)

        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertIs(data["already_reported"], False)
        self.assertEqual(
            (data["attendance"]["name"], data["attendance"]["status"]), ("Bo Lind", "absent")
        )
        # The member does not see the note; it is for the coordinator.
        self.assertIsNone(data["attendance"]["note"])
        [substitute] = data["substitutes"]
        self.assertEqual((substitute["name"], substitute["role"]), ("Dan Ström", "substitute"))
        self.assertEqual(
            (substitute["stands_in_for"], substitute["stands_in_for_name"]), (self.bo.pk, "Bo Lind")
        )
        self.assertEqual(substitute["role_label"], "Ersättare för Bo Lind")
        self.assertEqual(data["attendance"]["stood_in_by"][0]["name"], "Dan Ström")
        self.assertIn("Ersättaren Dan Ström är kallad med kallelsen.", data["message"])
        self.assertEqual(data["informed"], ["koordinator"])
        [substitute_mail] = self.mail_to("dan.strom@region.example")
        self.assertIn("Du kallas som ersättare för Bo Lind", substitute_mail.body)
        [coordinator_mail] = self.mail_to("k@example.se")
        self.assertIn("Krockar med budgetberedningen.", coordinator_mail.body)

        # Again: nothing changes and nothing is sent.
        again = self.absence({"person": self.bo.pk}, user=self.member_user).json()
        self.assertIs(again["already_reported"], True)
        self.assertEqual(again["substitutes"], [])
        self.assertEqual(len(mail.outbox), 2)

    def test_nobody_is_called_where_the_charter_forbids_substitutes(self) -> None:
        self.charter.substitutes = Substitutes.NOT_ALLOWED
        self.charter.citations = {"substitutes": "inga ersättare vid frånvaro"}
        self.charter.save()

        response = self.absence({"person": self.bo.pk}, user=self.member_user)

        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual(data["substitutes"], [])
        self.assertIn("har inga ersättare enligt uppdragsbeskrivningen", data["message"])
        self.assertFalse(
            Attendance.objects.filter(meeting=self.meeting, role=AttendanceRole.SUBSTITUTE).exists()
        )
        self.assertEqual(self.mail_to("dan.strom@region.example"), [])
        self.assertEqual(len(self.mail_to("k@example.se")), 1)

    def test_a_coordinator_reports_for_anyone_a_member_only_for_themselves(self) -> None:
        payload = self.assertError(
            self.absence({"person": self.alice.pk}, user=self.member_user), 403
        )
        self.assertIn("bara anmäla din egen frånvaro", payload["detail"])
        self.assertError(self.absence({"person": self.bo.pk}, user=self.other_coordinator), 403)
        self.assertError(
            self.absence({"person": 999999}, user=self.coordinator), 400, field="person"
        )
        # The coordinator's account has no person of its own.
        self.assertError(self.absence({}, user=self.coordinator), 400, field="person")
        self.assertFalse(Attendance.objects.exists())

        response = self.absence({"person": self.alice.pk, "note": "Sjuk"}, user=self.coordinator)

        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual([s["name"] for s in data["substitutes"]], ["Frida Ask"])
        self.assertEqual(data["attendance"]["note"], "Sjuk")
        self.assertEqual(len(self.mail_to("frida.ask@umea.example")), 1)

    def test_a_person_without_a_seat_has_no_absence_to_report(self) -> None:
        other = self.make_meeting(body=self.au)
        self.assertError(
            self.absence({"person": self.bo.pk}, self.coordinator, other), 400, field="person"
        )

    def test_it_invites_a_guest_for_one_item(self) -> None:
        case = agenda_item_add(
            by=None,
            meeting=self.meeting,
            kind=AgendaItemKind.INFORMATION,
            title="Hjälpmedelspolicy",
        )
        notice_send(meeting=self.meeting, by=self.coordinator)
        mail.outbox.clear()
        path = f"/meetings/{self.meeting.pk}/guests"
        guest = {"name": "Hanna Hjälpmedel", "email": "hanna@hjm.example", "agenda_item": case.pk}

        response = self.call("post", path, guest, user=self.coordinator)

        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual(data["attendance"]["role"], "guest")
        self.assertEqual(data["attendance"]["agenda_item_title"], "Hjälpmedelspolicy")
        self.assertEqual(
            data["attendance"]["role_label"], "Adjungerad till punkten ”Hjälpmedelspolicy”"
        )
        self.assertIsNotNone(data["notice"])
        [message] = mail.outbox
        self.assertEqual(message.to, ["hanna@hjm.example"])
        self.assertIn("Hjälpmedelspolicy", message.body)
        self.assertNotIn("Föregående minnesanteckningar", message.body)

        self.assertError(self.call("post", path, guest, user=self.coordinator), 400, field="email")
        self.assertError(
            self.call(
                "post", path, {"name": "Hanna", "email": "h@x.example"}, user=self.coordinator
            ),
            400,
            field="name",
        )
        self.assertError(
            self.call(
                "post", path, {"email": "h@x.example", "agenda_item": 999999}, user=self.coordinator
            ),
            400,
            field="agenda_item",
        )
        self.assertError(
            self.call("post", path, {"name": "X Y"}, user=self.coordinator), 400, field="email"
        )
        self.assertEqual(Attendance.objects.filter(role=AttendanceRole.GUEST).count(), 1)

    def test_the_attendance_is_for_members_and_coordinators(self) -> None:
        notice_send(meeting=self.meeting, by=self.coordinator)
        attendance_report_absence(
            meeting=self.meeting, person=self.bo, by=self.member_user, note="Sjuk"
        )
        path = f"/meetings/{self.meeting.pk}/attendance"

        self.assertError(self.call("get", path), 401, detail=UNAUTHORIZED)
        payload = self.assertError(self.call("get", path, user=self.other_coordinator), 403)
        self.assertIn("Länssamverkansgruppen", payload["detail"])

        member_view = self.call("get", path, user=self.member_user)
        self.assertEqual(member_view.status_code, 200, member_view.content)
        rows = {r["name"]: r for r in member_view.json()["items"]}
        self.assertEqual(
            set(rows), {"Alice Berg", "Bo Lind", "Cecilia Ek", "Erik Nord", "Dan Ström"}
        )
        bo = rows["Bo Lind"]
        self.assertEqual(
            (bo["status"], bo["role_label"], bo["note"]), ("absent", "Vice ordförande", None)
        )
        self.assertEqual([s["name"] for s in bo["stood_in_by"]], ["Dan Ström"])
        self.assertEqual(rows["Dan Ström"]["stands_in_for_name"], "Bo Lind")
        self.assertEqual(rows["Alice Berg"]["status"], AttendanceStatus.INVITED)
        self.assertIsNotNone(datetime.datetime.fromisoformat(bo["reported_at"]).tzinfo)

        coordinator_view = self.call("get", path, user=self.coordinator).json()["items"]
        self.assertEqual({r["name"]: r["note"] for r in coordinator_view}["Bo Lind"], "Sjuk")
        self.assertEqual(
            {r["name"]: r["email"] for r in coordinator_view}["Alice Berg"],
            "alice.berg@umea.example",
        )

    def test_it_lists_attendance_in_the_same_number_of_queries_for_few_and_many(self) -> None:
        path = f"/meetings/{self.meeting.pk}/attendance"
        notice_send(meeting=self.meeting, by=self.coordinator)

        def read(user: User) -> Callable[[], Any]:
            return partial(self.call, "get", path, user=user)

        small = {who: self.count_queries(read(who)) for who in (self.member_user, self.coordinator)}
        for n in range(12):
            person = Person.objects.create(
                key=f"ledamot-{n}", first_name="Ledamot", last_name=f"Nummer {n}"
            )
            seat = Membership.objects.create(
                body=self.body, person=person, role=Role.MEMBER, principal=self.umea
            )
            substitute = Person.objects.create(
                key=f"ersattare-{n}", first_name="Ersättare", last_name=f"Nummer {n}"
            )
            Membership.objects.create(
                body=self.body,
                person=substitute,
                role=Role.SUBSTITUTE,
                principal=self.umea,
                substitute_for=seat,
            )
        notice_send(meeting=self.meeting, by=self.coordinator)
        for n in range(6):
            attendance_report_absence(
                meeting=self.meeting,
                person=Person.objects.get(key=f"ledamot-{n}"),
                by=self.coordinator,
            )
        for who in (self.member_user, self.coordinator):
            with self.subTest(user=who.username):
                self.assertEqual(self.count_queries(read(who)), small[who])
        self.assertEqual(self.call("get", path, user=self.coordinator).json()["count"], 22)


class PermissionTests(PartsTestCase):
    def writes(self) -> list[tuple[str, dict[str, Any]]]:
        return [
            (f"/meetings/{self.meeting.pk}/notice", {"reason": ""}),
            (f"/meetings/{self.meeting.pk}/absences", {"person": self.bo.pk}),
            (
                f"/meetings/{self.meeting.pk}/guests",
                {"name": "Gäst Gästsson", "email": "g@x.example"},
            ),
        ]

    def test_anonymous_writes_are_401(self) -> None:
        for path, data in self.writes():
            with self.subTest(path=path):
                response = self.call("post", path, data)
                self.assertError(response, 401, detail=UNAUTHORIZED)
                self.assertEqual(response["WWW-Authenticate"], "Bearer")
        self.assertError(self.post_file(), 401, detail=UNAUTHORIZED)
        self.assertFalse(Attendance.objects.exists())
        self.assertFalse(Document.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_member_may_not_send_the_notice_invite_guests_or_upload(self) -> None:
        for path, data in (self.writes()[0], self.writes()[2]):
            with self.subTest(path=path):
                self.assertError(self.call("post", path, data, user=self.member_user), 403)
        self.assertError(self.post_file(user=self.member_user), 403)
        self.assertError(
            self.call("get", f"/meetings/{self.meeting.pk}/notices", user=self.member_user), 403
        )
        self.assertError(self.call("get", f"/meetings/{self.meeting.pk}/notices"), 401)
        self.assertFalse(Notice.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_another_structures_coordinator_may_do_nothing_here(self) -> None:
        for path, data in self.writes():
            with self.subTest(path=path):
                self.assertError(self.call("post", path, data, user=self.other_coordinator), 403)
        payload = self.assertError(self.post_file(user=self.other_coordinator), 403)
        self.assertIn("Samverkan Västerbotten", payload["detail"])
        self.assertError(
            self.call("get", f"/meetings/{self.meeting.pk}/notices", user=self.other_coordinator),
            403,
        )
        self.assertFalse(Notice.objects.exists())
        self.assertFalse(Attendance.objects.exists())
        self.assertFalse(Document.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_unknown_meetings_are_404(self) -> None:
        for path, data in self.writes():
            path = path.replace(str(self.meeting.pk), "999999")
            with self.subTest(path=path):
                self.assertError(self.call("post", path, data, user=self.coordinator), 404)
        for path in ("notices", "attendance", "documents"):
            self.assertError(
                self.call("get", f"/meetings/999999/{path}", user=self.coordinator), 404
            )


class PartsOpenApiTests(ApiTestCase):
    def test_the_document_is_still_openapi_3_1_and_has_the_new_paths(self) -> None:
        response = self.client.get("/api/v1/openapi.json")

        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertRegex(document["openapi"], r"^3\.1\.\d+$")
        paths = document["paths"]
        expected = {
            "/api/v1/meetings/{meeting_id}/documents": {"get", "post"},
            "/api/v1/documents/{document_id}": {"get"},
            "/api/v1/documents/{document_id}/file": {"get"},
            "/api/v1/meetings/{meeting_id}/notice": {"post"},
            "/api/v1/meetings/{meeting_id}/notices": {"get"},
            "/api/v1/meetings/{meeting_id}/attendance": {"get"},
            "/api/v1/meetings/{meeting_id}/absences": {"post"},
            "/api/v1/meetings/{meeting_id}/guests": {"post"},
            # The meeting router's paths are still there beside them.
            "/api/v1/meetings/{meeting_id}": {"get", "patch"},
        }
        for path, methods in expected.items():
            self.assertEqual(set(paths[path]), methods, path)
        upload_body = paths["/api/v1/meetings/{meeting_id}/documents"]["post"]["requestBody"]
        form = upload_body["content"]["multipart/form-data"]["schema"]
        self.assertLessEqual(
            {"file", "title", "agenda_item", "public", "registry_number", "replaces"},
            set(form["properties"]),
        )
        self.assertIn("file", form.get("required", []))
        self.assertEqual(
            paths["/api/v1/meetings/{meeting_id}/notice"]["post"]["security"], [{"ApiKey": []}]
        )
        self.assertIn({}, paths["/api/v1/documents/{document_id}/file"]["get"]["security"])
        self.assertIn("403", paths["/api/v1/meetings/{meeting_id}/attendance"]["get"]["responses"])
        operation_ids = [
            operation["operationId"] for item in paths.values() for operation in item.values()
        ]
        self.assertEqual(len(operation_ids), len(set(operation_ids)))
