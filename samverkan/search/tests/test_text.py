from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import weasyprint
from django.test import SimpleTestCase

from samverkan.search.index import DOCX, ODT, PDF, extract_text
from samverkan.search.text import mark, parse_query, snippet, stem, stem_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def zipped(*entries: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(*paragraphs: str) -> bytes:
    body = "".join(
        f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r><w:r><w:tab/><w:t xml:space='preserve'>slut</w:t></w:r></w:p>"
        for p in paragraphs
    )
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    return zipped(
        ("[Content_Types].xml", b"<Types/>"), ("word/document.xml", document.encode("utf-8"))
    )


class ExtractTextTests(SimpleTestCase):
    def test_it_reads_a_pdf(self) -> None:
        pdf = weasyprint.HTML(
            string="<html lang='sv'><body><h1>Minnesanteckningar</h1>"
            "<p>Samverkansavtalet om hemsjukvård antogs.</p>"
            "<p style='break-before: page'>Vårdplanering på sidan två.</p></body></html>"
        ).write_pdf()
        text = extract_text(pdf, PDF)
        self.assertIn("Minnesanteckningar", text)
        self.assertIn("Samverkansavtalet om hemsjukvård antogs.", text)
        self.assertIn("Vårdplanering på sidan två.", text)

    def test_it_reads_a_docx(self) -> None:
        text = extract_text(docx("Samverkansavtalet & hemsjukvård", "Vårdplanering"), DOCX)
        self.assertEqual(text, "Samverkansavtalet & hemsjukvård\tslut\nVårdplanering\tslut")

    def test_it_reads_an_odt(self) -> None:
        content = (
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            "<office:text><text:h>Rubrik</text:h><text:p>Hemsjukvård <text:span>i länet</text:span>"
            "</text:p></office:text></office:body></office:document-content>"
        )
        text = extract_text(zipped(("content.xml", content.encode())), ODT)
        self.assertEqual(text, "Rubrik\nHemsjukvård i länet")

    def test_it_reads_plain_text_in_utf8_and_windows_1252(self) -> None:
        self.assertEqual(
            extract_text("\ufeffVårdplanering\x00".encode(), "text/plain; charset=utf-8"),
            "Vårdplanering",
        )
        self.assertEqual(
            extract_text("Vårdplanering".encode("cp1252"), "text/plain"), "Vårdplanering"
        )

    def test_it_cuts_a_long_text_file_between_characters(self) -> None:
        text = extract_text(("a" + "å" * 800_000).encode(), "text/plain")
        self.assertEqual(len(text), 400_000)
        self.assertEqual(set(text[1:]), {"å"})

    def test_it_returns_nothing_for_broken_or_unknown_files(self) -> None:
        bomb = (
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>'
        )
        cases = [
            (b"%PDF-1.4 trasig", PDF),
            (b"", PDF),
            (b"PK\x03\x04 trasig", DOCX),
            (zipped(("word/other.xml", b"<x/>")), DOCX),
            (zipped(("word/document.xml", b"<w:document")), DOCX),
            (zipped(("word/document.xml", bomb.encode())), DOCX),
            (b"\x89PNG\r\n\x1a\n", "image/png"),
            (b"text", "application/msword"),
        ]
        for data, content_type in cases:
            with (
                self.subTest(content_type=content_type, data=data[:20]),
                self.assertNoLogs("samverkan.search.index", "ERROR"),
            ):
                self.assertEqual(extract_text(data, content_type), "")


class TextTests(SimpleTestCase):
    def test_it_stems_swedish_inflections_alike(self) -> None:
        self.assertEqual(stem("samverkansavtalet"), stem("samverkansavtal"))
        self.assertEqual(stem("vårdplaneringen"), stem("vårdplanering"))
        self.assertEqual(stem_text("Hemsjukvården, VÅRDPLANERINGEN!"), "hemsjukvård vårdplanering")

    def test_it_keeps_every_stem_a_prefix_of_its_word(self) -> None:
        # Marking finds candidates by prefix, so a stem must begin its word.
        for word in ["samverkansavtalen", "fullt", "löst", "kommunernas", "överenskommelserna"]:
            with self.subTest(word=word):
                self.assertTrue(word.startswith(stem(word)))

    def test_it_reads_the_web_search_language(self) -> None:
        parsed = parse_query('Samverkansavtalet "vård och omsorg" -hemsjukvård or avtal')
        self.assertEqual(
            parsed.to_websearch(),
            '"samverkansavtal" "vård och omsorg" -"hemsjukvård" or "avtal"',
        )
        self.assertEqual(
            parsed.to_fts5(),
            '("samverkansavtal" AND "vård och omsorg" NOT "hemsjukvård") OR ("avtal")',
        )
        self.assertEqual(parsed.stems, {"samverkansavtal", "vård", "omsorg", "avtal"})

    def test_it_drops_what_is_not_a_word(self) -> None:
        for query in ['"', "()", "* - or", "och att", "-vård", "OR OR", "\x00"]:
            with self.subTest(query=query):
                self.assertFalse(parse_query(query))
        # Words joined by punctuation are read as a phrase, as in "e-hälsa".
        self.assertEqual(parse_query('NEAR(a "b').to_fts5(), '("near a" AND "b")')
        self.assertEqual(parse_query("title:vård").to_fts5(), '("titl vård")')

    def test_it_marks_words_by_stem_and_escapes_the_rest(self) -> None:
        stems = parse_query("samverkansavtal").stems
        self.assertEqual(
            mark("<b>Samverkansavtalet</b> & samverkansavtalen; samverkan", stems),
            "&lt;b&gt;<mark>Samverkansavtalet</mark>&lt;/b&gt; &amp; "
            "<mark>samverkansavtalen</mark>; samverkan",
        )

    def test_it_cuts_a_snippet_around_the_first_match(self) -> None:
        text = (
            "Inledning. " * 100 + "Här beslutades samverkansavtalet.\n\nSedan " + "övrigt. " * 100
        )
        result = snippet(text, parse_query("samverkansavtal").stems, length=120)
        self.assertTrue(result.startswith("… "))
        self.assertTrue(result.endswith(" …"))
        self.assertIn("Här beslutades <mark>samverkansavtalet</mark>. Sedan", result)
        self.assertLessEqual(len(result), 120 + 30)
        self.assertEqual(snippet("Kort text.", frozenset({"saknas"})), "Kort text.")
