"""A meeting's documents: the list and uploads.

Uploads are multipart and go through `document_upload`, which decides the file's type
from its bytes, enforces `DOCUMENT_MAX_SIZE`, keeps versions and flags a late document;
a refusal saves nothing, neither row nor file.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Router, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ValidationError as PydanticValidationError

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import READ_ERRORS, WRITE_ERRORS, Pagination, acting_user
from samverkan.api.errors import INVALID_INPUT, validation_errors
from samverkan.api.meetings.document_schemas import (
    DocumentOut,
    DocumentUploadIn,
    DocumentUploadOut,
)
from samverkan.api.meetings.refs import agenda_item_ref, document_ref
from samverkan.lib.errors import DomainError
from samverkan.meetings.access import get_meeting_by_id_for_read, get_meeting_for_documents
from samverkan.meetings.documents import document_upload, search_note_of
from samverkan.meetings.models import Document
from samverkan.meetings.selectors import document_with_versions, documents_listed

router = Router(tags=["Handlingar"])

# The file is optional to ninja and the other fields are validated in the view (see
# `_upload_fields`), so that every refusal names its field; the OpenAPI document says
# what the endpoint takes: the file is required.
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "required": ["file"],
                    "properties": {
                        "file": {"description": "Handlingen; högst DOCUMENT_MAX_SIZE (25 MB)"},
                        **DocumentUploadIn.model_json_schema()["properties"],
                    },
                }
            }
        }
    }
}


def _upload_fields(request: HttpRequest) -> DocumentUploadIn:
    """The form fields beside the file, validated here rather than by ninja.

    ninja reports an invalid form field with a location that names no field (and drops
    unknown ones silently); validating here refuses both the way JSON input is refused,
    with `errors` keyed by the field, and only after the permission check.
    """
    unknown = sorted(set(request.FILES) - {"file"})
    try:
        # A "file" sent as text is no file; it is refused below as missing.
        fields = {k: v for k, v in request.POST.dict().items() if k != "file"}
        payload = DocumentUploadIn.model_validate(fields)
    except PydanticValidationError as exc:
        problems = [
            {**error, "loc": ("form", "payload", *error["loc"])}
            for error in exc.errors(include_url=False)
        ]
        errors = validation_errors(problems)  # type: ignore[arg-type]
    else:
        errors = {}
    for name in unknown:
        errors.setdefault(name, []).append("Okänt fält.")
    if errors:
        raise DomainError(INVALID_INPUT, errors=errors)
    return payload


@router.get(
    "/{id:meeting_id}/documents",
    response={200: list[DocumentOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista mötets handlingar",
    description="Offentliga handlingar visas för alla; interna för gruppens ledamöter, de "
    "som är kallade till mötet, koordinatorer och administratörer. Alla versioner, i "
    "dagordningens ordning; `current=true` ger bara de senaste versionerna.",
)
@paginate(Pagination)
def list_documents(
    request: HttpRequest, meeting_id: int, current: bool = False
) -> QuerySet[Document]:
    user = user_of(request)
    meeting = get_meeting_by_id_for_read(user, meeting_id)
    return documents_listed(meeting=meeting, viewer=user, current=current)


@router.post(
    "/{id:meeting_id}/documents",
    response={201: DocumentUploadOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    openapi_extra=UPLOAD_BODY,
    summary="Ladda upp en handling eller en ny version (koordinator eller sammankallande)",
    description="`multipart/form-data` med filen i `file`. Filens innehåll avgör vilken "
    "sorts fil den är (PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, text, CSV), "
    "och ändelsen måste stämma; ett program eller skript nekas vad det än heter, liksom en "
    "fil över storleksgränsen (400, fältet `file`). En handling som kommer in efter sista "
    "dag för handlingar sparas med `late: true`. `replaces` gör den till nästa version av "
    "en handling; har den redan ersatts blir svaret 409. Vid ett nej sparas ingenting. "
    "En fil med makron eller ActiveX (.docm, vbaProject.bin) och en PDF med JavaScript "
    "eller en Launch-åtgärd nekas (400, fältet `file`): de kan köra kod hos den som öppnar "
    "dem. En fil vars text inte kan läsas inom gränserna sparas men blir inte sökbar; "
    "`search_note` säger varför.",
)
def upload_document(
    request: HttpRequest,
    meeting_id: int,
    file: File[UploadedFile | None] = None,
) -> Status[Document]:
    user = acting_user(request)
    # The charter's conveners upload too, as on the meeting's page.
    meeting = get_meeting_for_documents(user, meeting_id)
    payload = _upload_fields(request)
    if file is None:
        # Checked here rather than by ninja, whose error for a missing file names no field.
        raise DomainError("Välj en fil att ladda upp.", field="file")
    replaces = document_ref(payload.replaces) if payload.replaces is not None else None
    document = document_upload(
        meeting=meeting,
        uploaded_file=file,
        title=payload.title,
        agenda_item=(
            agenda_item_ref(payload.agenda_item) if payload.agenda_item is not None else None
        ),
        public=payload.public,
        registry_number=payload.registry_number,
        replaces=replaces,
        by=user,
    )
    saved = document_with_versions(document_id=document.pk)
    saved.search_note = search_note_of(document)  # type: ignore[attr-defined]
    return Status(201, saved)
