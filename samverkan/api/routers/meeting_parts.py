"""A meeting's documents, notices (kallelser) and attendance.

Documents: a public document is for anyone, an internal one for the body's members, the
people called to the meeting, coordinators and admins; a guest reads only their item's
(`readable_documents`).
Uploads are multipart and go through `document_upload`, which decides the file's type
from its bytes, enforces `DOCUMENT_MAX_SIZE`, keeps versions and flags a late document;
a refusal saves nothing, neither row nor file.

Notices and attendance go through `samverkan.meetings.notices`, with its rules: a
notice after the charter's document deadline needs a reason; a member reports their own
absence and a coordinator anyone's, and where the charter allows substitutes the
member's substitute is called at once. The notices are for the coordinators; the
attendance for the coordinators and the body's members.

A read that needs someone the caller is not answers 401 to an anonymous caller (a key
would help) and 403 to a logged-in one.

Mounted at the API's root, since it serves `/meetings/{id}/…` and `/documents/{id}`.
No `from __future__ import annotations`: `@paginate` wraps the list functions, and ninja
then resolves string annotations in the wrong module.
"""

from typing import Any, NoReturn

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from ninja import File, Router, UploadedFile
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ValidationError as PydanticValidationError

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.common import READ_ERRORS, WRITE_ERRORS, Pagination, person_ref
from samverkan.api.errors import INVALID_INPUT, validation_errors
from samverkan.api.meeting_parts_schemas import (
    AbsenceIn,
    AbsenceOut,
    AttendanceOut,
    DocumentOut,
    DocumentUploadIn,
    GuestIn,
    GuestOut,
    NoticeIn,
    NoticeOut,
    NoticeResultOut,
    not_reached,
)
from samverkan.api.schemas import ErrorOut
from samverkan.lib.errors import DomainError
from samverkan.lib.users import AnyUser
from samverkan.meetings.access import get_meeting_for_edit
from samverkan.meetings.documents import (
    document_upload,
    get_document_for_download,
    open_document,
    readable_documents,
)
from samverkan.meetings.models import AgendaItem, Attendance, Document, Meeting, Notice
from samverkan.meetings.notices import (
    attendance_invite_guest,
    attendance_list,
    attendance_report_absence,
    can_manage_notices,
    notice_send,
)
from samverkan.structure.access import body_roles, can_edit_structure
from samverkan.structure.models import Person

router = Router(tags=["Handlingar"])
NOTICE_TAGS = ["Kallelser och närvaro"]

# Reads that need a login or a role also answer 403.
GUARDED_READ_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: ErrorOut}

FILE_RESPONSE: dict[str, Any] = {
    "responses": {
        "200": {
            "description": "Filen, som bilaga, med den typ som avgjordes av dess innehåll",
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        }
    },
}

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


# --- Lookups -------------------------------------------------------------------


def _meeting(meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related("body", "body__structure", "body__structure__region")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404("Mötet finns inte.")
    return meeting


def _refuse(user: AnyUser, message: str) -> NoReturn:
    """401 for an anonymous caller, who may have a key that would help; 403 otherwise."""
    if not user.is_authenticated:
        raise AuthenticationError()
    raise PermissionDenied(message)


def _acting_user(request: HttpRequest) -> User:
    user = user_of(request)
    if not isinstance(user, User):
        raise PermissionDenied("Du behöver logga in.")
    return user


def _documents() -> QuerySet[Document]:
    return Document.objects.select_related("agenda_item", "replaced_by")


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


def _agenda_item_ref(pk: int | None) -> AgendaItem | None:
    if pk is None:
        return None
    item = AgendaItem.objects.filter(pk=pk).first()
    if item is None:
        raise DomainError(f"Punkten med id {pk} finns inte.", field="agenda_item")
    return item


def _full_attendances() -> QuerySet[Attendance]:
    return Attendance.objects.select_related(
        "person", "membership", "agenda_item", "stands_in_for__person"
    )


def _attendance_rows(pks: list[int], *, show_note: bool) -> list[Attendance]:
    """The attendances with everything AttendanceOut shows, in the order of `pks`."""
    found = {a.pk: a for a in _full_attendances().filter(pk__in=pks)}
    rows = [found[pk] for pk in pks if pk in found]
    for row in rows:
        row.api_show_note = show_note  # type: ignore[attr-defined]
    return rows


def can_see_attendance(user: AnyUser, meeting: Meeting) -> bool:
    """Coordinators of the structure, admins, and those with an assignment in the body."""
    if not (user.is_authenticated and user.is_active):
        return False
    return can_edit_structure(user, meeting.body.structure) or meeting.body_id in body_roles(user)


# --- Documents -----------------------------------------------------------------


@router.get(
    "/meetings/{int:meeting_id}/documents",
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
    meeting = _meeting(meeting_id)
    found = (
        _documents().filter(meeting=meeting).filter(readable_documents(user_of(request), meeting))
    )
    if current:
        found = found.filter(replaced_by__isnull=True)
    return found.order_by(
        F("agenda_item__position").asc(nulls_first=True),
        "agenda_item_id",
        "title",
        "-version",
        "pk",
    )


@router.post(
    "/meetings/{int:meeting_id}/documents",
    response={201: DocumentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    openapi_extra=UPLOAD_BODY,
    summary="Ladda upp en handling eller en ny version (koordinator)",
    description="`multipart/form-data` med filen i `file`. Filens innehåll avgör vilken "
    "sorts fil den är (PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, text, CSV), "
    "och ändelsen måste stämma; ett program eller skript nekas vad det än heter, liksom en "
    "fil över storleksgränsen (400, fältet `file`). En handling som kommer in efter sista "
    "dag för handlingar sparas med `late: true`. `replaces` gör den till nästa version av "
    "en handling; har den redan ersatts blir svaret 409. Vid ett nej sparas ingenting.",
)
def upload_document(
    request: HttpRequest,
    meeting_id: int,
    file: File[UploadedFile | None] = None,
) -> Status[Document]:
    meeting = get_meeting_for_edit(user_of(request), meeting_id)
    payload = _upload_fields(request)
    if file is None:
        # Checked here rather than by ninja, whose error for a missing file names no field.
        raise DomainError("Välj en fil att ladda upp.", field="file")
    replaces = None
    if payload.replaces is not None:
        replaces = Document.objects.filter(pk=payload.replaces).first()
        if replaces is None:
            raise DomainError(f"Handlingen med id {payload.replaces} finns inte.", field="replaces")
    document = document_upload(
        meeting=meeting,
        uploaded_file=file,
        title=payload.title,
        agenda_item=_agenda_item_ref(payload.agenda_item),
        public=payload.public,
        registry_number=payload.registry_number,
        replaces=replaces,
        by=_acting_user(request),
    )
    return Status(201, _documents().get(pk=document.pk))


@router.get(
    "/documents/{int:document_id}",
    response={200: DocumentOut, **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en handlings uppgifter",
    description="En intern handling ger 401 utan nyckel och 403 för den som inte får läsa den.",
)
def get_document(request: HttpRequest, document_id: int) -> Document:
    user = user_of(request)
    try:
        document = get_document_for_download(user, document_id)
    except PermissionDenied as exc:
        _refuse(user, str(exc))
    return _documents().get(pk=document.pk)


@router.get(
    "/documents/{int:document_id}/file",
    response={**GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra={**READ_SECURITY, **FILE_RESPONSE},
    url_name="document_file",
    summary="Hämta en handlings fil",
    description="Som bilaga, med filens ursprungliga namn och den typ som avgjordes av "
    "innehållet. En intern handling ger 401 utan nyckel och 403 för den som inte får "
    "läsa den.",
)
def download_document(request: HttpRequest, document_id: int) -> FileResponse:
    user = user_of(request)
    try:
        document = get_document_for_download(user, document_id)
    except PermissionDenied as exc:
        _refuse(user, str(exc))
    response = FileResponse(
        open_document(document),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    # The same headers as the web download (`views_documents.document_download`).
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=300" if document.public else "private, no-cache"
    return response


# --- Notices -------------------------------------------------------------------


@router.post(
    "/meetings/{int:meeting_id}/notice",
    response={201: NoticeResultOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=NOTICE_TAGS,
    summary="Skicka kallelsen (koordinator)",
    description="Kallelsen med dagordningen och länkar till handlingarna går per e-post till "
    "gruppens ledamöter och de inbjudna; vem som fick vad och när sparas, och mötet blir "
    "kallat. Efter sista dag för handlingar krävs `reason` (400, fältet `reason`), som "
    "sparas med kallelsen. Den som saknar e-postadress eller som e-postservern inte nådde "
    "listas i `not_reached`.",
)
def send_notice(request: HttpRequest, meeting_id: int, payload: NoticeIn) -> Status[dict[str, Any]]:
    meeting = _meeting(meeting_id)
    result = notice_send(meeting=meeting, by=_acting_user(request), reason=payload.reason)
    return Status(
        201,
        {
            "notice": result.notice.pk,
            "message": result.message,
            "late": result.late,
            "sent": result.sent,
            "not_reached": not_reached(result.not_reached),
            "meeting_status": meeting.status,
        },
    )


@router.get(
    "/meetings/{int:meeting_id}/notices",
    response={200: list[NoticeOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    tags=NOTICE_TAGS,
    summary="Skickade kallelser med mottagare (koordinator)",
    description="Senaste först, också de som gick till en ersättare eller en gäst för sig.",
)
@paginate(Pagination)
def list_notices(request: HttpRequest, meeting_id: int) -> QuerySet[Notice]:
    meeting = _meeting(meeting_id)
    user = user_of(request)
    if not can_manage_notices(user, meeting):
        _refuse(
            user,
            f"Kallelserna visas bara för koordinatorerna för {meeting.body.structure.name}.",
        )
    return (
        Notice.objects.filter(meeting=meeting)
        .select_related("sent_by")
        .prefetch_related("recipients")
        .order_by("-sent_at", "-pk")
    )


# --- Attendance ----------------------------------------------------------------


@router.get(
    "/meetings/{int:meeting_id}/attendance",
    response={200: list[AttendanceOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    tags=NOTICE_TAGS,
    summary="Vilka som är kallade, vilka som anmält frånvaro och vem som ersätter vem",
    description="För koordinatorer och dem som har ett uppdrag i gruppen. Ledamöter först, "
    "sedan ersättare, adjungerade, funktioner och gäster. Meddelandet med en frånvaro "
    "(`note`) visas bara för koordinatorer.",
)
@paginate(Pagination)
def list_attendance(request: HttpRequest, meeting_id: int) -> list[Attendance]:
    meeting = _meeting(meeting_id)
    user = user_of(request)
    if not can_see_attendance(user, meeting):
        _refuse(
            user,
            f"Närvaron visas bara för ledamöterna i {meeting.body.name} och koordinatorerna.",
        )
    show_note = can_manage_notices(user, meeting)
    rows = attendance_list(meeting)
    stand_ins: dict[int, list[Attendance]] = {}
    for row in rows:
        if row.stands_in_for_id:
            stand_ins.setdefault(row.stands_in_for_id, []).append(row)
    for row in rows:
        row.api_stand_ins = stand_ins.get(row.pk, [])  # type: ignore[attr-defined]
        row.api_show_note = show_note  # type: ignore[attr-defined]
    return rows


@router.post(
    "/meetings/{int:meeting_id}/absences",
    response={200: AbsenceOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=NOTICE_TAGS,
    summary="Anmäl frånvaro",
    description="En ledamot anmäler sin egen frånvaro (utan `person`, eller med sitt eget "
    "id), en koordinator vems som helst. Där uppdragsbeskrivningen har ersättare kallas "
    "ledamotens ersättare med kallelsen och koordinatorn informeras; där den inte har det "
    "kallas ingen. `substitutes` är de som kallades. En frånvaro som redan är anmäld "
    "ändrar ingenting (`already_reported`).",
)
def report_absence(request: HttpRequest, meeting_id: int, payload: AbsenceIn) -> dict[str, Any]:
    meeting = _meeting(meeting_id)
    user = _acting_user(request)
    if payload.person is not None:
        person = person_ref(payload.person, field="person")
    else:
        own = Person.objects.filter(user=user).first()
        if own is None:
            raise DomainError(
                "Ditt konto är inte kopplat till någon person; ange `person`.", field="person"
            )
        person = own
    result = attendance_report_absence(meeting=meeting, person=person, by=user, note=payload.note)
    show_note = can_manage_notices(user, meeting)
    substitutes = _attendance_rows([a.pk for a in result.substitutes], show_note=show_note)
    [attendance] = _attendance_rows([result.attendance.pk], show_note=show_note)
    if result.already_reported:
        substitutes = []
    return {
        "message": result.message,
        "already_reported": result.already_reported,
        "attendance": attendance,
        "substitutes": substitutes,
        "informed": result.informed,
        "not_reached": not_reached(result.not_reached),
    }


@router.post(
    "/meetings/{int:meeting_id}/guests",
    response={201: GuestOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=NOTICE_TAGS,
    summary="Bjud in en gäst (adjungerad) till mötet eller en punkt (koordinator)",
    description="En gäst för en punkt får kallelsen med bara den punkten. Är mötet redan "
    "kallat skickas den genast, annars med kallelsen. En person som redan är kallad eller "
    "sitter i gruppen nekas (400).",
)
def invite_guest(request: HttpRequest, meeting_id: int, payload: GuestIn) -> Status[dict[str, Any]]:
    meeting = _meeting(meeting_id)
    user = _acting_user(request)
    if not can_manage_notices(user, meeting):
        # Before looking at the input, so that a stranger learns nothing from it.
        raise PermissionDenied(
            f"Du är inte koordinator för {meeting.body.structure.name} och kan inte bjuda in "
            "gäster."
        )
    item = _agenda_item_ref(payload.agenda_item)
    result = attendance_invite_guest(
        meeting=meeting, by=user, agenda_item=item, name=payload.name, email=payload.email
    )
    [attendance] = _attendance_rows([result.attendance.pk], show_note=True)
    return Status(
        201,
        {
            "message": result.message,
            "attendance": attendance,
            "notice": result.notice.pk if result.notice else None,
            "not_reached": not_reached(result.not_reached),
        },
    )
