from __future__ import annotations

import datetime
import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.localtime import STOCKHOLM, local
from samverkan.meetings.documents import MSI_CLSID, OLE_SIGNATURE, document_upload
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Document, Meeting
from samverkan.meetings.services import document_deadline, meeting_create
from samverkan.meetings.views_documents import documents_context
from samverkan.structure.models import Person
from samverkan.testing.base import PASSWORD, BaseTestCase, Personas
from samverkan.testing.browser import BrowserTestCase

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"PE\x00\x00"
MACHO = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 100
SCRIPT = b"#!/bin/sh\nrm -rf ~\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def ole(marker: bytes = b"\xec\xa5\xc1\x00", *, msi: bool = False) -> bytes:
    """A legacy Office (OLE compound) file header; `msi` makes it a Windows Installer."""
    data = bytearray(2048)
    data[0:8] = OLE_SIGNATURE
    data[0x1E:0x20] = (9).to_bytes(2, "little")  # 512-byte sectors
    data[0x30:0x34] = (0).to_bytes(4, "little")  # directory in sector 0, at offset 512
    data[512:516] = marker
    if msi:
        data[512 + 0x50 : 512 + 0x60] = MSI_CLSID
    return bytes(data)


def zipped(*entries: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compress)
    return buffer.getvalue()


DOCX = zipped(
    ("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b"<R/>"), ("word/document.xml", b"<w/>")
)
ODT = zipped(("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<c/>"))


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class DocumentTestCase(BaseTestCase):
    meeting: Meeting

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        day = timezone.localdate() + datetime.timedelta(days=60)
        cls.meeting = meeting_create(
            body=cls.body, starts_at=local(day, 13), ends_at=local(day, 15), by=cls.coordinator
        )

    def setUp(self) -> None:
        super().setUp()
        self.media = tempfile.mkdtemp(prefix="samverkan-test-media-")
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=self.media))

    def stored_files(self) -> list[str]:
        return [os.path.join(root, f) for root, _, files in os.walk(self.media) for f in files]

    def add(self, name: str = "Budget.pdf", content: bytes = PDF, **fields: object) -> Document:
        fields.setdefault("title", "Budget 2027")
        return document_upload(
            meeting=self.meeting,
            uploaded_file=upload(name, content),
            by=self.coordinator,
            **fields,  # type: ignore[arg-type]
        )

    def assertRefused(self, name: str, content: bytes, start: str) -> DomainError:
        with self.assertRaises(DomainError) as caught:
            self.add(name, content)
        self.assertTrue(
            caught.exception.message.startswith(start), f"{name}: {caught.exception.message}"
        )
        self.assertEqual(caught.exception.field, "file")
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored_files(), [])
        return caught.exception


class UploadTests(DocumentTestCase):
    def test_it_accepts_a_pdf_and_stores_its_sha256(self) -> None:
        document = self.add(registry_number=" LS/751/2013 ")
        document.refresh_from_db()
        self.assertEqual(document.content_type, "application/pdf")
        self.assertEqual(document.sha256, hashlib.sha256(PDF).hexdigest())
        self.assertEqual(document.size, len(PDF))
        self.assertEqual(document.original_name, "Budget.pdf")
        self.assertEqual((document.version, document.replaces), (1, None))
        self.assertEqual(document.registry_number, "LS/751/2013")
        self.assertFalse(document.late)
        self.assertFalse(document.public)
        self.assertEqual(document.uploaded_by, self.coordinator)
        self.assertTrue(document.file.name.startswith(f"moten/{self.meeting.uid}/"))
        with open(os.path.join(self.media, document.file.name or ""), "rb") as stored:
            self.assertEqual(stored.read(), PDF)

    def test_it_refuses_an_elf_executable_disguised_as_a_pdf(self) -> None:
        error = self.assertRefused(
            "Protokoll.pdf",
            ELF,
            "Filen är inte en PDF trots ändelsen .pdf: den ser ut att vara ett program",
        )
        self.assertIn("Program och skript kan inte laddas upp", error.message)

    def test_it_refuses_other_programs_whatever_they_are_called(self) -> None:
        for name, content in (
            ("Kallelse.pdf", PE),
            ("Kallelse.pdf", MACHO),
            ("Kallelse.pdf", SCRIPT),
            ("Kallelse.pdf", b"\xef\xbb\xbf" + SCRIPT),
            ("Underlag.docx", ELF),
            ("Minnesanteckningar.txt", SCRIPT),
            ("Lista.doc", ole(msi=True)),
        ):
            with self.subTest(name=name, head=content[:4]):
                ext = name.rsplit(".", 1)[1]
                error = self.assertRefused(name, content, "Filen är inte ")
                self.assertIn(
                    f"trots ändelsen .{ext}: den ser ut att vara ett program", error.message
                )
        self.assertRefused("setup.exe", PE, "Filen ser ut att vara ett program (Windows")

    def test_it_refuses_an_oversized_file_naming_the_limit(self) -> None:
        with override_settings(DOCUMENT_MAX_SIZE=1024 * 1024):
            error = self.assertRefused(
                "Stor.pdf",
                PDF + b"0" * (1024 * 1024),
                "Filen är 1,01 MB; en handling får vara högst 1 MB.",
            )
        self.assertIn("högst 1 MB", error.message)
        with override_settings(DOCUMENT_MAX_SIZE=2 * 1024 * 1024):
            self.assertRefused(
                "Stor.pdf",
                PDF + b"0" * (3 * 1024 * 1024),
                "Filen är 3,01 MB; en handling får vara högst 2 MB.",
            )
            self.add("Lagom.pdf", PDF + b"0" * (1024 * 1024))

    def test_it_refuses_an_empty_file(self) -> None:
        self.assertRefused("Tom.pdf", b"", "Filen är tom.")

    def test_it_refuses_an_extension_that_contradicts_the_content(self) -> None:
        self.assertRefused(
            "Bild.pdf",
            PNG,
            "Filen är inte en PDF trots ändelsen .pdf: den ser ut att vara en PNG-bild.",
        )
        self.assertRefused(
            "Budget.docx",
            PDF,
            "Filen är inte ett Word-dokument trots ändelsen .docx: den ser ut att vara en PDF.",
        )
        self.assertRefused("Budget.txt", PDF, "Filen är inte en textfil trots ändelsen .txt")
        self.assertRefused(
            "Text.pdf",
            b"Bara text\n",
            "Filen är inte en PDF trots ändelsen .pdf: den ser ut att vara en textfil.",
        )
        self.assertRefused(
            "Budget.html", PDF, "Ändelsen .html passar inte: filen ser ut att vara en PDF"
        )
        self.assertRefused("Budget", PDF, "Filnamnet saknar ändelse")

    def test_it_refuses_what_is_not_a_document(self) -> None:
        self.assertRefused(
            "Arkiv.zip", zipped(("a.txt", b"a")), "Filen ser ut att vara ett ZIP-arkiv."
        )
        self.assertRefused(
            "Arkiv.docx",
            zipped(("a.txt", b"a")),
            "Filen är inte ett Word-dokument trots ändelsen .docx: den ser ut att vara ett ZIP-arkiv.",
        )
        self.assertRefused(
            "Animation.gif", b"GIF89a" + b"\x00" * 40, "Filen ser ut att vara en GIF-bild."
        )
        self.assertRefused("Data.txt", b"abc\x00def", "Filen är inte en textfil")
        self.assertRefused("Data.csv", "åäö".encode("latin-1"), "Filen är inte en CSV-fil")
        self.assertRefused(
            "Okänd.pdf",
            OLE_SIGNATURE + b"\x00" * 600,
            "Filen är inte en PDF trots ändelsen .pdf: den ser ut att vara en Office-fil i äldre format.",
        )
        self.assertRefused(
            "Okänd.bin",
            OLE_SIGNATURE + b"\x00" * 600,
            "Filen ser ut att vara en Office-fil i äldre format",
        )

    def test_it_accepts_the_allowed_kinds_by_their_bytes(self) -> None:
        docx_in_other_order = zipped(
            ("docProps/app.xml", b"<a/>"),
            ("customXml/item1.xml", b"<i/>"),
            ("customXml/item2.xml", b"<i/>"),
            ("customXml/item3.xml", b"<i/>"),
            ("customXml/item4.xml", b"<i/>"),
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w/>"),
        )
        for name, content, content_type in (
            (
                "Underlag.docx",
                DOCX,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            (
                "Underlag2.docx",
                docx_in_other_order,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("Underlag.odt", ODT, "application/vnd.oasis.opendocument.text"),
            ("Gammal.doc", ole(), "application/msword"),
            ("Gammal.xls", ole(b"\xfd\xff\xff\xff"), "application/vnd.ms-excel"),
            ("Gammal.ppt", ole(b"\xa0\x46\x1d\xf0"), "application/vnd.ms-powerpoint"),
            ("Karta.PNG", PNG, "image/png"),
            ("Foto.jpeg", JPEG, "image/jpeg"),
            ("Foto.jpg", JPEG, "image/jpeg"),
            ("Anteckningar.txt", "Förslag till åtgärd\n".encode(), "text/plain; charset=utf-8"),
            ("Statistik.csv", "kommun;antal\nUmeå;3\n".encode(), "text/csv; charset=utf-8"),
        ):
            with self.subTest(name=name):
                document = self.add(name, content, title=name)
                self.assertEqual(document.content_type, content_type)
                self.assertEqual(document.original_name, name)

    def test_it_keeps_registry_numbers_in_any_format(self) -> None:
        for number in ("LS/751/2013", "RS 2024-123", "Dnr 2024/00123-1.2.3", "KS-2025:17"):
            with self.subTest(number=number):
                self.assertEqual(self.add(registry_number=number).registry_number, number)
        with self.assertRaises(DomainError) as caught:
            self.add(registry_number="X" * 61)
        self.assertEqual(caught.exception.field, "registry_number")
        self.assertIn("högst 60 tecken", caught.exception.message)
        with self.assertRaises(DomainError):
            self.add(registry_number="LS\n751")
        self.assertEqual(Document.objects.count(), 4)

    def test_it_needs_a_title_and_an_item_of_the_same_meeting(self) -> None:
        with self.assertRaises(DomainError) as caught:
            self.add(title="  ")
        self.assertEqual(caught.exception.field, "title")
        day = timezone.localdate() + datetime.timedelta(days=90)
        other = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=None
        )
        with self.assertRaises(DomainError) as caught:
            self.add(agenda_item=other.agenda_items.first())
        self.assertEqual(caught.exception.field, "agenda_item")
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_it_makes_version_two_replace_version_one(self) -> None:
        item = AgendaItem.objects.create(
            meeting=self.meeting, position=5, kind=AgendaItemKind.INFORMATION, title="Budget"
        )
        first = self.add(agenda_item=item, registry_number="RS 2024-123")
        second = self.add("Budget v2.pdf", PDF + b"% andra\n", title="", replaces=first)
        self.assertEqual(second.version, 2)
        self.assertEqual(second.replaces, first)
        self.assertEqual(second.title, "Budget 2027")
        self.assertEqual(second.agenda_item, item)
        self.assertNotEqual(second.sha256, first.sha256)
        first.refresh_from_db()
        self.assertEqual(first.replaced_by, second)
        self.assertEqual(Document.objects.count(), 2)
        self.assertEqual(len(self.stored_files()), 2)
        third = self.add("Budget v3.pdf", PDF + b"% tredje\n", replaces=second)
        self.assertEqual(third.version, 3)
        # An old version cannot be replaced twice; nothing is saved.
        with self.assertRaises(ConflictError) as caught:
            self.add("Budget v2b.pdf", PDF, replaces=first)
        self.assertIn("har redan ersatts av version 2", caught.exception.message)
        self.assertEqual(Document.objects.count(), 3)
        self.assertEqual(len(self.stored_files()), 3)


class LateTests(DocumentTestCase):
    def test_it_flags_a_document_added_after_the_deadline(self) -> None:
        day = timezone.localdate() + datetime.timedelta(days=3)
        soon = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=None
        )
        deadline = document_deadline(soon, self.charter)
        assert deadline is not None
        self.assertLess(deadline, timezone.localdate())
        document = document_upload(
            meeting=soon, uploaded_file=upload("Sen.pdf", PDF), title="Sen", by=self.coordinator
        )
        self.assertTrue(document.late)
        self.assertFalse(self.add().late)

    def test_it_counts_the_deadline_day_in_stockholm_as_on_time(self) -> None:
        deadline = document_deadline(self.meeting, self.charter)
        assert deadline is not None
        last_evening = datetime.datetime.combine(deadline, datetime.time(23, 30), STOCKHOLM)
        # 00:30 in Stockholm is still the deadline day in UTC.
        next_night = datetime.datetime.combine(
            deadline + datetime.timedelta(days=1), datetime.time(0, 30), STOCKHOLM
        )
        self.assertEqual(next_night.astimezone(datetime.UTC).date(), deadline)
        with mock.patch("django.utils.timezone.now", return_value=last_evening):
            self.assertFalse(self.add(title="I tid").late)
        with mock.patch("django.utils.timezone.now", return_value=next_night):
            self.assertTrue(self.add(title="Sen").late)

    def test_it_shows_the_deadline_and_the_late_flag(self) -> None:
        day = timezone.localdate() + datetime.timedelta(days=3)
        soon = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=None
        )
        document_upload(
            meeting=soon, uploaded_file=upload("Sen.pdf", PDF), title="Sen", by=self.coordinator
        )
        self.login(self.coordinator)
        response = self.client.get(reverse("meetings:document_upload", args=[soon.pk]))
        self.assertContains(response, "Sista dag för handlingar:")
        self.assertContains(response, "Inkommen efter sista dag")
        self.assertContains(response, "har passerat")


class ViewTests(DocumentTestCase):
    def post(self, **data: Any) -> Any:
        payload: dict[str, Any] = {
            "document-file": upload("Budget.pdf", PDF),
            "document-title": "Budget 2027",
            "document-registry_number": "LS/751/2013",
        }
        payload.update({f"document-{k}": v for k, v in data.items()})
        return self.client.post(
            reverse("meetings:document_upload", args=[self.meeting.pk]), payload
        )

    def test_it_lets_the_coordinator_upload_and_returns_to_the_meeting(self) -> None:
        self.login(self.coordinator)
        item = self.meeting.agenda_items.all()[0]
        response = self.post(agenda_item=item.pk, public="on")
        self.assertRedirects(
            response,
            reverse("meetings:meeting", args=[self.meeting.pk]),
            fetch_redirect_response=False,
        )
        document = Document.objects.get()
        self.assertEqual(
            (document.title, document.agenda_item, document.public, document.registry_number),
            ("Budget 2027", item, True, "LS/751/2013"),
        )
        response = self.post(
            file=upload("Budget v2.pdf", PDF + b"%v2\n"), title="", replaces=document.pk
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Document.objects.get(version=2).replaces, document)

    def test_it_shows_the_refusal_and_keeps_what_was_written(self) -> None:
        self.login(self.coordinator)
        response = self.post(file=upload("Protokoll.pdf", ELF), title="Mitt protokoll")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Filen är inte en PDF trots ändelsen .pdf: den ser ut att vara ett program"
        )
        self.assertContains(response, 'value="Mitt protokoll"')
        self.assertContains(response, 'value="LS/751/2013"')
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_it_refuses_uploads_from_others(self) -> None:
        url = reverse("meetings:document_upload", args=[self.meeting.pk])
        response = self.post()
        self.assertEqual(response.status_code, 302)
        self.assertIn("/konto/logga-in/", response["Location"])
        for user in (self.member_user, self.other_coordinator):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.post().status_code, 403)
                self.assertEqual(self.client.get(url).status_code, 403)
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored_files(), [])
        self.login(self.admin)
        self.assertEqual(self.post().status_code, 302)

    def test_it_serves_internal_documents_only_to_members_and_coordinators(self) -> None:
        document = self.add("Förslag & budget.pdf", PDF)
        url = reverse("meetings_public:document_download", args=[document.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/konto/logga-in/", response["Location"])
        # To an outsider an internal document is a missing one (issue 9): the same 404.
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(url).status_code, 404)
        missing = reverse("meetings_public:document_download", args=[999999])
        self.assertEqual(self.client.get(missing).status_code, 404)
        for user in (self.member_user, self.coordinator, self.admin):
            with self.subTest(user=user.username):
                self.login(user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(b"".join(response.streaming_content), PDF)  # type: ignore[attr-defined]
                self.assertEqual(response["Content-Type"], "application/pdf")
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
                self.assertIn("F%C3%B6rslag%20%26%20budget.pdf", response["Content-Disposition"])
                self.assertIn("private", response["Cache-Control"])

    def test_it_serves_public_documents_to_anyone(self) -> None:
        document = self.add("Minnesanteckningar.txt", b"Justerade\n", public=True)
        response = self.client.get(reverse("meetings_public:document_download", args=[document.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="Minnesanteckningar.txt"'
        )
        # A visitor who is not logged in is asked to log in for an unknown document, as for
        # an internal one, so that the answer does not tell which it is (issue 9); once
        # logged in, it is 404.
        missing = reverse("meetings_public:document_download", args=[9999])
        response = self.client.get(missing)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/konto/logga-in/", response["Location"])
        self.login(self.member_user)
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_it_lists_documents_in_a_fixed_number_of_queries(self) -> None:
        item = self.meeting.agenda_items.all()[0]

        def count() -> int:
            meeting = Meeting.objects.select_related("body").get(pk=self.meeting.pk)
            with CaptureQueriesContext(connection) as queries:
                context = documents_context(meeting)
                render_to_string("meetings/documents/_list.html", context)
                render_to_string("meetings/documents/_upload_form.html", context)
            return len(queries)

        previous = self.add(agenda_item=item)
        small = count()
        for n in range(10):
            previous = self.add(f"Bilaga {n}.pdf", PDF + str(n).encode(), replaces=previous)
            self.add(f"Annan {n}.pdf", PDF + str(n).encode(), title=f"Annan {n}", public=True)
        self.assertEqual(count(), small)
        html = render_to_string("meetings/documents/_list.html", documents_context(self.meeting))
        self.assertIn("Ersatt av version 11", html)
        self.assertIn("Offentlig", html)
        self.assertIn("Budget 2027", html)


class DocumentBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        media = tempfile.mkdtemp(prefix="samverkan-test-media-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        day = timezone.localdate() + datetime.timedelta(days=60)
        self.meeting = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=None
        )

    def choose(self, name: str, content: bytes) -> None:
        self.page.get_by_label("Fil", exact=True).set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": content}
        )

    def test_it_uploads_refuses_a_disguised_program_and_is_accessible(self) -> None:
        self.log_in("koordinator", PASSWORD)
        self.page.goto(self.url(reverse("meetings:document_upload", args=[self.meeting.pk])))
        self.assert_accessible()
        self.choose("Protokoll.pdf", ELF)
        self.page.get_by_label("Titel").fill("Protokoll")
        self.page.get_by_role("button", name="Ladda upp").click()
        self.page.wait_for_load_state()
        alert = self.page.get_by_role("alert").first
        self.assertIn("Filen är inte en PDF trots ändelsen .pdf", alert.inner_text())
        self.assertEqual(self.page.get_by_label("Titel").input_value(), "Protokoll")
        self.assert_accessible()
        self.screenshot("handlingar-nekad")
        self.choose("Budget.pdf", PDF)
        self.page.get_by_label("Diarienummer (Dnr)").fill("RS 2024-123")
        self.page.get_by_role("button", name="Ladda upp").click()
        self.page.wait_for_load_state()
        self.assertTrue(
            self.page.url.endswith(reverse("meetings:meeting", args=[self.meeting.pk])),
            self.page.url,
        )
        document = Document.objects.get()
        self.assertEqual((document.title, document.registry_number), ("Protokoll", "RS 2024-123"))
        self.page.goto(self.url(reverse("meetings:document_upload", args=[self.meeting.pk])))
        self.assertIn("RS 2024-123", self.page.locator("#handlingar").inner_text())
        self.assert_accessible()
        self.screenshot("handlingar")


class GuestScopeTests(DocumentTestCase):
    def test_a_guest_reads_only_the_internal_documents_of_their_item(self) -> None:
        from django.contrib.auth.models import User

        from samverkan.meetings.models import AgendaItem, Attendance
        from samverkan.testing.base import PASSWORD

        mine = AgendaItem.objects.create(
            meeting=self.meeting, position=5, kind="case", title="Mitt"
        )
        other = AgendaItem.objects.create(
            meeting=self.meeting, position=6, kind="case", title="Annat"
        )
        guest_user = User.objects.create_user("gast", "gast@example.se", PASSWORD)
        guest = Person.objects.create(
            key="gast", first_name="Gäst", last_name="Gästsson", user=guest_user
        )
        Attendance.objects.create(
            meeting=self.meeting, person=guest, role="guest", agenda_item=mine
        )
        readable = self.add(title="För gästen", agenda_item=mine)
        secret = self.add(title="Inte för gästen", agenda_item=other)
        self.client.force_login(guest_user)
        self.assertEqual(
            self.client.get(
                reverse("meetings_public:document_download", args=[readable.pk])
            ).status_code,
            200,
        )
        # Another item's internal document does not exist for the guest (issue 9).
        self.assertEqual(
            self.client.get(
                reverse("meetings_public:document_download", args=[secret.pk])
            ).status_code,
            404,
        )
