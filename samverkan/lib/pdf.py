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

import mimetypes
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = ["PDF_VARIANT", "STATIC_DIR", "StaticOnlyURLFetcher", "html_to_pdfa"]

_APP_DIR = Path(__file__).resolve().parent.parent
#: The only directory the renderer reads files from (images, stylesheets, fonts).
STATIC_DIR = _APP_DIR / "static"
_PRINT_CSS = _APP_DIR / "templates" / "pdf" / "print.css"

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


class StaticOnlyURLFetcher(URLFetcher):
    """Serves data: URLs and files inside `root`; refuses every other URL.

    A refusal raises an ordinary exception, which WeasyPrint logs as a warning and
    renders around (a missing image, an ignored stylesheet): a document that links to
    a remote resource still becomes a PDF, without the resource.
    """

    def __init__(self, root: Path = STATIC_DIR) -> None:
        super().__init__(timeout=1, allowed_protocols=("data", "file"), allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self.path_for(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
                )
        raise PermissionError(
            f"Hämtar inte {url!r}: bara filer i {self.root} och data:-adresser tillåts."
        )

    def path_for(self, url: str) -> Path | None:
        """The file a file: URL names if it is inside the root, else None."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path


@cache
def _print_css() -> str:
    return _PRINT_CSS.read_text(encoding="utf-8")


def html_to_pdfa(html: str, *, base_url: str | None = None) -> bytes:
    """Render `html` as a tagged PDF/A-2a document and return its bytes.

    `base_url` resolves relative URLs in the document; by default it is the static
    directory, so ``<img src="samverkan/logo.png">`` finds
    ``samverkan/static/samverkan/logo.png``. Whatever it is, only files in the static
    directory and data: URLs are ever read.

    Raises ValueError if the document has no ``<title>`` or no ``<html lang>``: an
    accessible PDF needs both, and they are what the PDF's metadata is made from.
    """
    static_url = STATIC_DIR.resolve().as_uri() + "/"
    fetcher = StaticOnlyURLFetcher()
    font_config = FontConfiguration()
    stylesheet = weasyprint.CSS(
        string=_print_css(), base_url=static_url, url_fetcher=fetcher, font_config=font_config
    )
    options = {
        "stylesheets": [stylesheet],
        "pdf_variant": PDF_VARIANT,
        "pdf_tags": True,
    }
    document = weasyprint.HTML(
        string=html, base_url=base_url or static_url, url_fetcher=fetcher
    ).render(font_config=font_config, **options)
    if not (document.metadata.title or "").strip():
        raise ValueError("Dokumentet saknar <title>; en tillgänglig PDF måste ha en titel.")
    if not (document.metadata.lang or "").strip():
        raise ValueError(
            'Dokumentet saknar <html lang="…">; en tillgänglig PDF måste ha ett språk.'
        )
    pdf = document.write_pdf(**options)
    assert isinstance(pdf, bytes)
    return pdf
