"""HTML to tagged PDF/A, for documents that must be archived and read by everyone.

Minutes of meetings are public records (offentlighets- och sekretesslagen, arkivlagen)
and must be accessible (lag 2018:1937 om tillgänglighet till digital offentlig service).
`html_to_pdfa` renders an HTML document with WeasyPrint as a tagged PDF/A-2a:

- the document's ``<html lang>`` and ``<title>`` become the PDF's language (/Lang,
  dc:language) and title (dc:title, shown by viewers instead of the file name);
- every glyph comes from the DejaVu Sans files vendored in
  ``samverkan/static/samverkan/fonts/``, embedded in the PDF, whatever fonts the
  machine has and whatever font-family the document asks for;
- the page is A4 with "Sida N av M" in the footer (``templates/pdf/print.css``);
- nothing is fetched over the network: images and stylesheets may only be files in the
  app's static directory (or data: URLs), everything else is refused and left out.

No Django models or settings here; ``templates/pdf/base.html`` is a base page for it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PDF_VARIANT", "PRINT_CSS", "STATIC_DIR", "html_to_pdfa"]

_APP_DIR = Path(__file__).resolve().parent.parent
#: The only directory the renderer reads files from (images, stylesheets, fonts).
STATIC_DIR = _APP_DIR / "static"
PRINT_CSS = _APP_DIR / "templates" / "pdf" / "print.css"

# PDF/A-2a: of WeasyPrint 70's variants this is the strongest that is both an archive
# format and accessible. Level "a" (accessible) is level "u" (every glyph maps to
# Unicode, so text can be searched and read aloud) plus a logical structure tree
# (tags), natural language and reading order, and WeasyPrint turns pdf_tags on for it.
# - PDF/A-1a is older (PDF 1.4) and forbids transparency, which CSS produces easily.
# - PDF/A-3a is PDF/A-2a plus arbitrary embedded files, which an archive has to vet;
#   minutes carry no attachments, and WeasyPrint drops non-PDF attachments for A-2.
# - PDF/A-4 has no "a" level (4, 4e, 4f; tagging is left to PDF/UA) and WeasyPrint's
#   PDF/A-4 variants do not tag.
# - "pdf/ua-1" tags too but is not PDF/A (no OutputIntent, no pdfaid in the XMP), and
#   WeasyPrint takes one variant only, so we cannot claim both.
PDF_VARIANT = "pdf/a-2a"


def html_to_pdfa(html: str, *, base_url: str | None = None) -> bytes:
    """Render `html` as a tagged PDF/A-2a document and return its bytes.

    `base_url` resolves relative URLs in the document; by default it is the static
    directory, so ``<img src="samverkan/logo.png">`` finds
    ``samverkan/static/samverkan/logo.png``. Whatever it is, only files in the static
    directory and data: URLs are ever read.

    Raises ValueError if the document has no ``<title>`` or no ``<html lang>``: an
    accessible PDF needs both, and they are what the PDF's metadata is made from.
    """
    # WeasyPrint is imported when the first PDF is made, not by every process that
    # imports this module (web workers seldom render: the worker makes minutes' PDFs).
    from samverkan.lib.pdf_render import render_pdfa

    return render_pdfa(html, base_url=base_url)
