"""Styrdokument: a structure's governing documents and which bodies implement them, how
far each has come (`samverkan.governing.services`), every lookup through
`samverkan.governing.access`:

- Public documents are read by anyone; all of a structure's documents, and the
  implementation rows, by its coordinators and the members of its bodies (others: 404).
- Documents are created and changed by the coordinators and the chair and secretary of the
  commissioning body; an implementation also by the implementing body's chair and
  secretary (403 for a reader who may not).
- PATCH takes the `lock_version` you read (409 when someone saved in between); DELETE is
  refused (400) while any body has begun implementing the document.
- The file is uploaded as `multipart/form-data` (`POST …/{id}/file`), its kind decided by
  its bytes as on the working page, and downloaded by whoever may read the document.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from ninja import File, Router, UploadedFile
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    GUARDED_READ_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    IdFilter,
    Pagination,
    TextFilter,
    acting_user,
    changes_of,
    referenced,
)
from samverkan.api.cases.multipart import form_fields, multipart_body
from samverkan.api.governing.schemas import (
    DocumentFileIn,
    DocumentIn,
    DocumentOut,
    DocumentPatch,
    ImplementationOut,
    ImplementationPatch,
    ImplementersIn,
)
from samverkan.governing import access, services
from samverkan.governing.files import file_response
from samverkan.governing.models import DocumentKind, GoverningDocument, Implementation
from samverkan.governing.selectors import implementation_rows
from samverkan.lib.errors import DomainError
from samverkan.structure.models import Body, Structure

router = Router(tags=["Styrdokument"])


def _parent(structure: Structure, pk: int) -> GoverningDocument:
    return referenced(
        GoverningDocument.objects.filter(structure=structure),
        pk,
        field="parent",
        message=f"Överordnat dokument: det finns inget styrdokument med id {pk} i strukturen.",
    )


def _body(structure: Structure, pk: int, field: str) -> Body:
    return referenced(
        Body.objects.filter(structure=structure),
        pk,
        field=field,
        message=f"Det finns ingen grupp med id {pk} i strukturen.",
    )


def _refs(structure: Structure, changes: dict[str, Any]) -> dict[str, Any]:
    """Ids in a request turned into the objects they name (a missing one is 400)."""
    if "parent" in changes:
        pk = changes["parent"]
        changes["parent"] = _parent(structure, pk) if pk is not None else None
    if "commissioned_by" in changes:
        pk = changes["commissioned_by"]
        changes["commissioned_by"] = (
            _body(structure, pk, "commissioned_by") if pk is not None else None
        )
    return changes


@router.get(
    "",
    response={200: list[DocumentOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista styrdokument",
    description="I bokstavsordning. Utan inloggning de publika; för koordinatorer och "
    "ledamöter i strukturens grupper alla i strukturen. `structure` är strukturens slug.",
)
@paginate(Pagination)
def list_documents(
    request: HttpRequest,
    structure: TextFilter = None,
    commissioned_by: IdFilter = None,
    kind: DocumentKind | None = None,
) -> QuerySet[GoverningDocument]:
    rows = access.readable_documents(user_of(request)).select_related(
        "structure", "commissioned_by"
    )
    if structure:
        rows = rows.filter(structure__slug=structure)
    if commissioned_by:
        rows = rows.filter(commissioned_by_id=commissioned_by)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("title", "pk")


@router.get(
    "/{id:document_id}",
    response={200: DocumentOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta ett styrdokument",
)
def get_document(request: HttpRequest, document_id: int) -> GoverningDocument:
    return access.get_document_for_read(user_of(request), document_id)


@router.post(
    "",
    response={201: DocumentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till ett styrdokument",
    description="Av strukturens koordinatorer, eller av ordförande eller sekreterare i den "
    "grupp som anges som uppdragsgivare. Filen laddas upp på arbetssidan.",
)
def create_document(request: HttpRequest, payload: DocumentIn) -> Status[object]:
    user = acting_user(request)
    structure = referenced(
        Structure.objects.all(),
        payload.structure,
        field="structure",
        message="Strukturen finns inte.",
    )
    rights = access.require_create(user, structure)
    values = _refs(structure, payload.model_dump(exclude={"structure"}))
    access.check_commissioner(rights, values["commissioned_by"])
    document = services.document_create(by=user, structure=structure, **values)
    return Status(201, access.get_document_for_read(user, document.pk))


@router.patch(
    "/{id:document_id}",
    response={200: DocumentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra ett styrdokument",
    description="Skicka `lock_version` som du läste (409 annars). `null` tömmer ett datum, "
    "överordnat dokument eller uppdragsgivare.",
)
def update_document(
    request: HttpRequest, document_id: int, payload: DocumentPatch
) -> GoverningDocument:
    user = acting_user(request)
    document = access.get_document_for_edit(user, document_id)
    changes = _refs(document.structure, changes_of(payload, exclude={"lock_version"}))
    for name in ("title", "kind", "version", "owner", "decided_by", "summary", "url", "public"):
        if name in changes and changes[name] is None:
            changes.pop(name)
    if "commissioned_by" in changes and changes["commissioned_by"] != document.commissioned_by:
        access.check_commissioner(
            access.rights_in(user, document.structure), changes["commissioned_by"]
        )
    services.document_update(
        by=user, document=document, expected_version=payload.lock_version, **changes
    )
    return access.get_document_for_read(user, document_id)


@router.delete(
    "/{id:document_id}",
    response={204: None, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ta bort ett styrdokument",
    description="Nekas (400) när någon grupp har kommit igång med implementeringen eller "
    "andra dokument ligger under det.",
)
def delete_document(request: HttpRequest, document_id: int) -> Status[None]:
    user = acting_user(request)
    document = access.get_document_for_edit(user, document_id)
    services.document_delete(by=user, document=document)
    return Status(204, None)


def _internal(request: HttpRequest, document_id: int) -> GoverningDocument:
    """The document, for a reader of its structure's internal pages: 401 without a login
    or key (one might help), 404 for anyone else."""
    user = user_of(request)
    document = access.get_document_for_read(user, document_id)
    if not user.is_authenticated:
        raise AuthenticationError()
    access.require_internal(user, document.structure)
    return document


@router.get(
    "/{id:document_id}/implementation",
    response={200: list[ImplementationOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Implementeringen av ett styrdokument",
    description="En rad per grupp som ska implementera dokumentet: status och datum. För "
    "strukturens koordinatorer och ledamöter i dess grupper.",
)
def get_implementation(request: HttpRequest, document_id: int) -> list[Implementation]:
    return implementation_rows(_internal(request, document_id))


@router.put(
    "/{id:document_id}/implementation",
    response={200: list[ImplementationOut], **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Välj grupper som ska implementera dokumentet",
    description="Hela listan: nya grupper börjar som `not_started`, de som finns kvar behåller "
    "läget. En grupp som har kommit igång tas bara bort med `confirm_removal`.",
)
def set_implementers(
    request: HttpRequest, document_id: int, payload: ImplementersIn
) -> list[Implementation]:
    user = acting_user(request)
    document = access.get_document_for_edit(user, document_id)
    wanted = list(dict.fromkeys(payload.bodies))
    # One query for the whole list, however long (up to the schema's limit).
    found = Body.objects.filter(structure=document.structure).in_bulk(wanted)
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise DomainError(
            "Det finns ingen grupp med id "
            + ", ".join(str(pk) for pk in missing[:10])
            + " i strukturen.",
            field="bodies",
        )
    bodies = [found[pk] for pk in wanted]
    services.implementing_bodies_set(
        by=user, document=document, bodies=bodies, confirm_removal=payload.confirm_removal
    )
    return implementation_rows(document)


@router.patch(
    "/{id:document_id}/implementation/{id:body_id}",
    response={200: ImplementationOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Uppdatera en grupps implementering",
    description="`planned` kräver `planned_on`; `implemented` kräver `implemented_on` (inte i "
    "framtiden); `followed_up` även `followed_up_on` (samma dag eller senare). Datum som hör "
    "till ett senare läge töms när läget går tillbaka.",
)
def update_implementation(
    request: HttpRequest, document_id: int, body_id: int, payload: ImplementationPatch
) -> Implementation:
    user = acting_user(request)
    _document, row = access.get_implementation_for_edit(user, document_id, body_id)
    services.implementation_update(
        by=user,
        implementation=row,
        status=payload.status,
        planned_on=payload.planned_on,
        implemented_on=payload.implemented_on,
        followed_up_on=payload.followed_up_on,
        note=payload.note,
        expected_version=payload.lock_version,
    )
    return row


FILE_BODY = multipart_body(
    DocumentFileIn,
    file="Styrdokumentet: PDF, Word (.docx), Excel (.xlsx) eller OpenDocument-text (.odt), "
    "högst DOCUMENT_MAX_SIZE",
    required=True,
)


@router.post(
    "/{id:document_id}/file",
    response={200: DocumentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    openapi_extra=FILE_BODY,
    summary="Ladda upp styrdokumentets fil",
    description="`multipart/form-data` med `lock_version` och filen i `file`; en ny fil "
    "ersätter den förra. Filens innehåll avgör vad den är: bara PDF, Word (.docx), Excel "
    "(.xlsx) och OpenDocument-text (.odt), och ändelsen måste stämma; annat nekas (400, "
    "fältet `file`). 409 om någon annan har ändrat dokumentet sedan du läste.",
)
def upload_file(
    request: HttpRequest, document_id: int, file: File[UploadedFile | None] = None
) -> GoverningDocument:
    user = acting_user(request)
    document = access.get_document_for_edit(user, document_id)
    payload = form_fields(request, DocumentFileIn)
    if file is None:
        raise DomainError("Välj filen med styrdokumentet.", field="file")
    services.document_update(
        by=user, document=document, expected_version=payload.lock_version, file=file
    )
    return access.get_document_for_read(user, document_id)


@router.get(
    "/{id:document_id}/file",
    response={**READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="governing_document_file",
    summary="Styrdokumentets fil",
    description="Som bilaga, för den som får läsa dokumentet; 404 om det saknar fil.",
)
def get_file(request: HttpRequest, document_id: int) -> FileResponse:
    return file_response(access.get_document_for_read(user_of(request), document_id))
