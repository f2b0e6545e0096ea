"""The WeasyPrint side of `samverkan.lib.pdf`: the URL fetcher and the renderer.

Imported only when a PDF is made (WeasyPrint with its fonts and image libraries costs a
process some 45 MB); everything else imports `samverkan.lib.pdf`.
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

from samverkan.lib.pdf import PDF_VARIANT, PRINT_CSS, STATIC_DIR

__all__ = ["StaticOnlyURLFetcher", "render_pdfa"]


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
    return PRINT_CSS.read_text(encoding="utf-8")


def render_pdfa(html: str, *, base_url: str | None = None) -> bytes:
    """The work behind `samverkan.lib.pdf.html_to_pdfa`, whose docstring says what it takes,
    reads and raises."""
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
