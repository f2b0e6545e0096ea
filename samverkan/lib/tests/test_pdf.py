from __future__ import annotations

import io
import logging
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from unittest import mock

import pikepdf
import pypdf
from django.template import Context, Template
from django.test import SimpleTestCase

from samverkan.lib.pdf import PDF_VARIANT, STATIC_DIR, html_to_pdfa
from samverkan.lib.pdf_render import StaticOnlyURLFetcher

TITLE = "Protokoll från styrgruppen för vård och omsorg – 12 mars 2026"

# A 1×1 transparent PNG.
PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

SAMPLE = f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>{TITLE}</title>
<style>
  .citat {{ font-family: serif; }}
  code {{ font-family: monospace; }}
</style>
</head>
<body>
<h1>Protokoll</h1>
<h2>Närvarande</h2>
<p>Åsa Öberg (<strong>ordförande</strong>), Märta Ängström (<em>sekreterare</em>),
<strong><em>Björn Ödmark</em></strong> och <code>Östersunds kommun</code>.</p>
<p class="citat">”Överenskommelsen gäller även för år 2027.”</p>
<img src="http://example.com/x.png" alt="Regionens logotyp">
<img src="{PIXEL}" alt="Punkt">
<h2>Beslut</h2>
<ul>
  <li>Styrgruppen fastställer dagordningen.</li>
  <li>Nästa möte hålls i Växjö.</li>
</ul>
<table>
  <caption>Närvarolista</caption>
  <thead><tr><th>Namn</th><th>Organisation</th><th>Roll</th></tr></thead>
  <tbody>
    <tr><td>Åsa Öberg</td><td>Region Kronoberg</td><td>Ordförande</td></tr>
    <tr><td>Märta Ängström</td><td>Älmhults kommun</td><td>Sekreterare</td></tr>
  </tbody>
</table>
{"<p>Ärendet föredrogs och diskuterades; synpunkter lämnades på förslaget.</p>" * 60}
</body>
</html>
"""


def fonts_in(resources: Any) -> Iterator[pikepdf.Dictionary]:
    """Every font in a resource dictionary, its form XObjects' and Type3 fonts'."""
    if resources is None:
        return
    for font in (resources.get("/Font") or {}).values():
        yield font
        yield from font.get("/DescendantFonts") or []
        yield from fonts_in(font.get("/Resources"))
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            yield from fonts_in(xobject.get("/Resources"))


def structure_types(node: Any) -> Iterator[str]:
    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from structure_types(child)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            yield str(node.S)
        if "/K" in node:
            yield from structure_types(node.K)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class SwedishMinutesPdfTests(SimpleTestCase):
    """One render of a Swedish sample document, inspected from every side."""

    data: ClassVar[bytes]
    pdf: ClassVar[pikepdf.Pdf]
    connections: ClassVar[list[Any]]
    log: ClassVar[list[str]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        connections: list[Any] = []

        def no_network(*args: Any, **kwargs: Any) -> Any:
            connections.append(args)
            raise OSError("no network in tests")

        records = _Records()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(records)
        try:
            with (
                mock.patch.object(socket, "getaddrinfo", no_network),
                mock.patch.object(socket, "create_connection", no_network),
                mock.patch.object(socket.socket, "connect", no_network),
            ):
                cls.data = html_to_pdfa(SAMPLE)
        finally:
            logger.removeHandler(records)
        cls.connections = connections
        cls.log = records.messages
        cls.pdf = pikepdf.open(io.BytesIO(cls.data))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.pdf.close()
        super().tearDownClass()

    def test_it_declares_pdfa_2a_in_the_xmp_metadata(self) -> None:
        self.assertEqual(PDF_VARIANT, "pdf/a-2a")
        self.assertTrue(self.data.startswith(b"%PDF-1.7"))
        with self.pdf.open_metadata() as meta:
            self.assertEqual(meta.get("pdfaid:part"), "2")
            self.assertEqual(meta.get("pdfaid:conformance"), "A")

    def test_it_takes_the_title_from_the_html_title(self) -> None:
        with self.pdf.open_metadata() as meta:
            self.assertEqual(meta.get("dc:title"), TITLE)
        self.assertEqual(str(self.pdf.docinfo["/Title"]), TITLE)
        # Viewers show the title, not the file name (PDF/UA, WCAG PDF18).
        self.assertIs(bool(self.pdf.Root.ViewerPreferences.DisplayDocTitle), True)

    def test_it_takes_the_language_from_the_html_lang(self) -> None:
        self.assertEqual(str(self.pdf.Root.Lang), "sv")

    def test_it_is_tagged(self) -> None:
        self.assertIs(bool(self.pdf.Root.MarkInfo.Marked), True)
        self.assertIn("/StructTreeRoot", self.pdf.Root)
        types = set(structure_types(self.pdf.Root.StructTreeRoot.K))
        self.assertLessEqual(
            {"/H1", "/H2", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Figure"}, types
        )

    def test_it_embeds_every_font(self) -> None:
        checked = 0
        for page in self.pdf.pages:
            for font in fonts_in(page.Resources):
                if font.Subtype in ("/Type0", "/Type3"):
                    continue  # Their glyphs are in descendant fonts or content streams.
                descriptor = font.FontDescriptor
                self.assertTrue(
                    {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()),
                    f"{font.get('/BaseFont')} is not embedded",
                )
                checked += 1
        self.assertGreater(checked, 0)

    def test_it_uses_only_the_vendored_dejavu_fonts(self) -> None:
        # The sample asks for serif and monospace; the print stylesheet overrides them.
        # WeasyPrint names an @font-face font after its family, so a system font would
        # show up under its own name here.
        names = {
            str(font.BaseFont).partition("+")[2]
            for page in self.pdf.pages
            for font in fonts_in(page.Resources)
        }
        self.assertEqual(
            names,
            {
                "Samverkan-Sans",
                "Samverkan-Sans-Bold",
                "Samverkan-Sans-Italic",
                "Samverkan-Sans-Bold-Italic",
            },
        )

    def test_it_has_a_pdfa_output_intent(self) -> None:
        intents = list(self.pdf.Root.OutputIntents)
        self.assertEqual([str(intent.S) for intent in intents], ["/GTS_PDFA1"])
        self.assertIn("/DestOutputProfile", intents[0])

    def test_it_keeps_swedish_text_and_numbers_pages(self) -> None:
        reader = pypdf.PdfReader(io.BytesIO(self.data))
        pages = [page.extract_text() for page in reader.pages]
        self.assertGreater(len(pages), 1)
        self.assertIn("Åsa Öberg", pages[0])
        self.assertIn("Märta Ängström", pages[0])
        self.assertIn("Nästa möte hålls i Växjö.", pages[0])
        for number, text in enumerate(pages, start=1):
            self.assertIn(f"Sida {number} av {len(pages)}", text)

    def test_it_does_not_fetch_a_remote_image(self) -> None:
        self.assertEqual(self.connections, [])
        self.assertTrue(
            any("http://example.com/x.png" in message for message in self.log), self.log
        )
        self.assertTrue(self.data.rstrip().endswith(b"%%EOF"))

    def test_it_embeds_a_data_url_image(self) -> None:
        # Pages share one resource dictionary, so count image objects, not references.
        images = {
            xobject.objgen: xobject
            for page in self.pdf.pages
            for xobject in (page.Resources.get("/XObject") or {}).values()
            if xobject.get("/Subtype") == "/Image"
        }
        self.assertEqual(len(images), 1)
        (image,) = images.values()
        self.assertEqual((int(image.Width), int(image.Height)), (1, 1))


class HtmlToPdfaTests(SimpleTestCase):
    def test_it_refuses_a_document_without_a_title(self) -> None:
        with self.assertRaisesMessage(ValueError, "<title>"):
            html_to_pdfa('<html lang="sv"><body><p>Hej</p></body></html>')

    def test_it_refuses_a_document_without_a_language(self) -> None:
        with self.assertRaisesMessage(ValueError, "lang"):
            html_to_pdfa("<html><head><title>Hej</title></head><body><p>Hej</p></body></html>")

    def test_it_renders_the_base_print_template(self) -> None:
        html = Template(
            "{% extends 'pdf/base.html' %}"
            "{% block title %}Kallelse till samverkansrådet{% endblock %}"
            "{% block content %}<h1>Kallelse</h1><p>Välkommen!</p>{% endblock %}"
        ).render(Context())
        with pikepdf.open(io.BytesIO(html_to_pdfa(html))) as pdf:
            self.assertEqual(str(pdf.Root.Lang), "sv")
            with pdf.open_metadata() as meta:
                self.assertEqual(meta.get("dc:title"), "Kallelse till samverkansrådet")


class StaticOnlyURLFetcherTests(SimpleTestCase):
    def test_it_serves_files_from_the_static_directory(self) -> None:
        font = STATIC_DIR / "samverkan" / "fonts" / "DejaVuSans.ttf"
        response = StaticOnlyURLFetcher().fetch(font.as_uri())
        self.assertEqual(response.read(), font.read_bytes())

    def test_it_serves_data_urls(self) -> None:
        response = StaticOnlyURLFetcher().fetch("data:text/plain;charset=utf-8,h%C3%A4j")
        self.assertEqual(response.read(), "häj".encode())

    def test_it_refuses_remote_urls(self) -> None:
        fetcher = StaticOnlyURLFetcher()
        with mock.patch.object(socket, "getaddrinfo", side_effect=AssertionError("DNS")):
            for url in (
                "http://example.com/x.png",
                "https://example.com/x.css",
                "ftp://example.com/x.ttf",
                "file://example.com" + (STATIC_DIR / "samverkan" / "site.css").as_posix(),
            ):
                with self.subTest(url=url), self.assertRaises(PermissionError):
                    fetcher.fetch(url)

    def test_it_refuses_files_outside_the_static_directory(self) -> None:
        fetcher = StaticOnlyURLFetcher()
        static = STATIC_DIR.as_uri()
        for url in (
            "file:///etc/passwd",
            Path(__file__).resolve().as_uri(),
            f"{static}/../settings.py",
            f"{static}/%2e%2e/settings.py",
            f"{static}/samverkan/fonts",  # a directory
            f"{static}/samverkan/fonts/missing.ttf",
        ):
            with self.subTest(url=url), self.assertRaises(PermissionError):
                fetcher.fetch(url)

    def test_it_refuses_a_symlink_out_of_its_root(self) -> None:
        with tempfile.TemporaryDirectory() as root, tempfile.TemporaryDirectory() as outside:
            secret = Path(outside) / "hemligt.txt"
            secret.write_text("hemligt")
            (Path(root) / "länk.txt").symlink_to(secret)
            (Path(root) / "öppet.txt").write_text("öppet")
            fetcher = StaticOnlyURLFetcher(Path(root))
            self.assertEqual(
                fetcher.fetch((Path(root) / "öppet.txt").as_uri()).read(), b"\xc3\xb6ppet"
            )
            with self.assertRaises(PermissionError):
                fetcher.fetch((Path(root) / "länk.txt").as_uri())
