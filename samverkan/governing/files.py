"""A governing document's file as a download, for the pages and the API alike."""

from __future__ import annotations

import os

from django.http import FileResponse, Http404

from samverkan.governing.models import GoverningDocument
from samverkan.meetings.documents import BY_EXTENSION


def file_response(document: GoverningDocument) -> FileResponse:
    """The document's file as an attachment, typed by its extension (only the allowed kinds
    are accepted, by their bytes), never sniffed or run."""
    if not document.file:
        raise Http404("Styrdokumentet har ingen fil.")
    try:
        handle = document.file.storage.open(document.file.name or "", "rb")
    except FileNotFoundError as exc:
        raise Http404("Filen saknas i arkivet.") from exc
    filename = os.path.basename(document.file.name or "styrdokument")
    kind = BY_EXTENSION.get(filename.rpartition(".")[2].lower())
    content_type = kind.content_type if kind else "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=300" if document.public else "private, no-cache"
    return response
