"""Handlingar: one document's details and its file.

A public document is for anyone, an internal one for the body's members, the people
called to the meeting, coordinators and admins; a guest reads only their item's
(`meetings.access.readable_documents`). For anyone else an internal document does not
exist: 404, exactly as for an id that was never used, so that nobody learns of it.
"""

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Router

from samverkan.api.auth import READ_AUTH, READ_SECURITY, user_of
from samverkan.api.base import READ_ERRORS
from samverkan.api.meetings.document_schemas import DocumentOut
from samverkan.meetings.access import get_document_for_read
from samverkan.meetings.documents import file_response
from samverkan.meetings.models import Document
from samverkan.meetings.selectors import document_with_versions

router = Router(tags=["Handlingar"])

FILE_RESPONSE: dict[str, Any] = {
    "responses": {
        "200": {
            "description": "Filen, som bilaga, med den typ som avgjordes av dess innehåll",
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        }
    },
}


@router.get(
    "/{id:document_id}",
    response={200: DocumentOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en handlings uppgifter",
    description="En intern handling finns inte (404) för den som inte får läsa den.",
)
def get_document(request: HttpRequest, document_id: int) -> Document:
    document = get_document_for_read(user_of(request), document_id)
    return document_with_versions(document_id=document.pk)


@router.get(
    "/{id:document_id}/file",
    response={**READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra={**READ_SECURITY, **FILE_RESPONSE},
    url_name="document_file",
    summary="Hämta en handlings fil",
    description="Som bilaga, med filens ursprungliga namn och den typ som avgjordes av "
    "innehållet. En intern handling finns inte (404) för den som inte får läsa den.",
)
def download_document(request: HttpRequest, document_id: int) -> FileResponse:
    document = get_document_for_read(user_of(request), document_id)
    # The same response as the web download.
    return file_response(document)
