"""Uploads have limits: a zip bomb is kept but not read for search, and says so; files
that run code when opened (Office macros, PDF scripts) are refused."""

from __future__ import annotations

import io
import time
from unittest import mock

import pikepdf
from django.urls import reverse
from pikepdf import Array, Dictionary, Name, String

from samverkan.api.tests.base import API
from samverkan.meetings.documents import search_note_of
from samverkan.meetings.models import Document
from samverkan.meetings.tests.test_documents import DocumentTestCase, ole, upload, zipped
from samverkan.search.index import MAX_UNPACKED_XML
from samverkan.search.models import SearchEntry
from samverkan.search.selectors import search

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = b'<Types><Default Extension="xml" ContentType="application/xml"/></Types>'


def docx(body: bytes, *extra: tuple[str, bytes], types: bytes = CONTENT_TYPES) -> bytes:
    document = f'<w:document xmlns:w="{W}"><w:body>'.encode() + body + b"</w:body></w:document>"
    return zipped(("[Content_Types].xml", types), ("word/document.xml", document), *extra)


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


# 11 MB of one paragraph over and over: about 30 kB packed.
ZIP_BOMB = docx(paragraph("Zipbomben") * (MAX_UNPACKED_XML // 40 + 1000))


def pdf(setup: object = None, *, pages: int = 1) -> bytes:
    """A PDF made with pikepdf, its objects packed in compressed object streams."""
    document = pikepdf.new()
    for _ in range(pages):
        document.add_blank_page(page_size=(200, 200))
    if callable(setup):
        setup(document)
    out = io.BytesIO()
    document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def open_action(action: Dictionary) -> object:
    def setup(document: pikepdf.Pdf) -> None:
        document.Root.OpenAction = document.make_indirect(action)

    return setup


class ZipBombTests(DocumentTestCase):
    def test_a_zip_bomb_is_kept_but_not_read_and_the_upload_says_so(self) -> None:
        self.assertLess(len(ZIP_BOMB), 200_000)
        started = time.monotonic()
        document = self.add("Bomb.docx", ZIP_BOMB, title="Stor bilaga")
        self.assertLess(time.monotonic() - started, 3, "reading stops at the limit")
        self.assertEqual(document.size, len(ZIP_BOMB))
        self.assertIn("packas upp till mer än 10 MB", search_note_of(document))
        entry = SearchEntry.objects.get(source="document", source_id=document.pk)
        self.assertEqual(entry.text, "")
        self.assertEqual(search(query="Zipbomben", user=self.admin).total, 0)
        # An ordinary document is read in full and says nothing.
        normal = self.add("Liten.docx", docx(paragraph("Samverkansavtalet")), title="Liten")
        self.assertEqual(search_note_of(normal), "")
        self.assertEqual(search(query="samverkansavtal", user=self.admin).total, 1)

    def test_the_page_says_the_text_was_not_read(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("meetings:document_upload", args=[self.meeting.pk]),
            {"document-file": upload("Bomb.docx", ZIP_BOMB), "document-title": "Stor bilaga"},
            follow=True,
        )
        self.assertContains(response, "Stor bilaga är uppladdad.")
        self.assertContains(
            response, "Stor bilaga är sparad, men sökningen hittar inte hela dess text."
        )
        self.assertContains(response, "packas upp till mer än 10 MB")
        self.assertEqual(Document.objects.count(), 1)

    def test_the_api_says_the_text_was_not_read(self) -> None:
        from samverkan.accounts.services import api_token_create

        token = api_token_create(by=self.coordinator, name="test")[1]
        url = f"{API}/meetings/{self.meeting.pk}/documents"
        headers = {"Authorization": f"Bearer {token}"}
        response = self.client.post(
            url, {"title": "Stor bilaga", "file": upload("Bomb.docx", ZIP_BOMB)}, headers=headers
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertIn("packas upp till mer än 10 MB", response.json()["search_note"])
        response = self.client.post(
            url, {"title": "Budget", "file": upload("Budget.pdf", pdf())}, headers=headers
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["search_note"], "")

    def test_a_long_pdf_is_read_as_far_as_the_limits_go(self) -> None:
        with mock.patch("samverkan.search.index.MAX_PDF_PAGES", 3):
            document = self.add("Lång.pdf", pdf(pages=5), title="Lång")
        self.assertEqual(
            search_note_of(document), "PDF:en har fler än 3 sidor; de första 3 går att söka i."
        )
        with mock.patch("samverkan.search.index.MAX_PDF_SECONDS", -1.0):
            document = self.add("Seg.pdf", pdf(pages=2), title="Seg")
        self.assertIn("sekunder att läsa", search_note_of(document))


class ActiveContentTests(DocumentTestCase):
    MACROS = "Filen innehåller makron eller ActiveX-kontroller"
    SCRIPT = "PDF:en innehåller JavaScript eller en åtgärd som startar ett program"

    def test_macro_enabled_office_files_are_refused_by_name_and_by_content(self) -> None:
        plain = docx(paragraph("Budget"))
        cases = {
            "Budget.docm": plain,
            "Budget.xlsm": plain,
            "Budget.pptm": plain,
            # A .docm renamed to .docx: the macros are still inside.
            "Omdöpt.docx": docx(paragraph("Budget"), ("word/vbaProject.bin", b"\xd0\xcf")),
            "Typ.docx": docx(
                paragraph("Budget"),
                types=CONTENT_TYPES.replace(
                    b"</Types>",
                    b'<Override PartName="/word/document.xml" ContentType="application/'
                    b'vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
                ),
            ),
            "Kontroll.docx": docx(paragraph("Budget"), ("word/activeX/activeX1.bin", b"x")),
            "Basic.odt": zipped(
                ("mimetype", b"application/vnd.oasis.opendocument.text"),
                ("content.xml", b"<c/>"),
                ("Basic/Standard/Module1.xml", b"<script:module/>"),
            ),
            "Makro.doc": ole() + "_VBA_PROJECT".encode("utf-16-le"),
            "Makro.xls": ole(b"\x09\x08\x10\x00")
            + b"\x00" * 3000
            + "_VBA_PROJECT_CUR".encode("utf-16-le"),
        }
        for name, content in cases.items():
            with self.subTest(name=name):
                self.assertRefused(name, content, self.MACROS)

    def test_office_files_without_macros_are_accepted(self) -> None:
        self.add("Budget.docx", docx(paragraph("Budget")))
        self.add("Budget.doc", ole(), title="Äldre")
        self.assertEqual(Document.objects.count(), 2)

    def test_pdfs_that_run_scripts_are_refused(self) -> None:
        cases = {
            "javascript": pdf(
                open_action(Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
            ),
            "launch": pdf(open_action(Dictionary(S=Name.Launch, F=String("calc.exe")))),
            "names": pdf(
                lambda d: setattr(
                    d.Root,
                    "Names",
                    Dictionary(
                        JavaScript=Dictionary(
                            Names=Array(
                                [String("a"), Dictionary(S=Name.JavaScript, JS=String("1"))]
                            )
                        )
                    ),
                )
            ),
            # A broken file that pypdf cannot read, with the names written in hex escapes.
            "obfuscated": b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/J#61vaScript"
            b"/J#53(app.alert(1))>>>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        }
        for name, content in cases.items():
            with self.subTest(name=name):
                error = self.assertRefused(f"{name}.pdf", content, self.SCRIPT)
                self.assertIn("Skriv ut den till en ny PDF", error.message)

    def test_an_open_action_that_only_shows_a_page_is_fine(self) -> None:
        def first_page(document: pikepdf.Pdf) -> None:
            document.Root.OpenAction = Array([document.pages[0].obj, Name.Fit])

        self.add("Öppnar.pdf", pdf(first_page))

        # Words such as /JS inside a page's (compressed) content are not scripts.
        def content(document: pikepdf.Pdf) -> None:
            document.pages[0].Contents = document.make_stream(b"BT /JS 12 Tf (/Launch) Tj ET")

        self.add("Text.pdf", pdf(content), title="Text")
        self.assertEqual(Document.objects.count(), 2)
