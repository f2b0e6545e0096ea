"""Uppdrag: assignments from a body to a lower body, a working group or a person, with the
charter's headings, a due date and a report-back (`samverkan.cases.services.assignments`).

Assignments are internal: without a key the answer is 401. A caller sees the assignments of
the bodies they sit in (giving, receiving or receiving the report), those given to them or
that they are responsible for, and, as coordinator, all in their structure; any other is
404, as for an unused id. Who may change what is `samverkan.cases.access`: the giving
body's chair or secretary and the coordinators change and withdraw; the receivers and the
responsible report back; the body receiving the report closes it.
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
    WRITE_ERRORS,
    IdFilter,
    Pagination,
    TextFilter,
    acting_user,
    changes_of,
    referenced,
)
from samverkan.api.cases.multipart import form_fields, multipart_body
from samverkan.api.cases.schemas_assignments import (
    AssignmentIn,
    AssignmentLockIn,
    AssignmentOut,
    AssignmentPatch,
    AssignmentReportIn,
    AssignmentWithdrawIn,
)
from samverkan.api.structure.refs import body_ref, person_ref
from samverkan.cases import access
from samverkan.cases.models import Assignment, AssignmentStatus, Case
from samverkan.cases.selectors.assignments import assignment_with_parts, assignments_listed
from samverkan.cases.services import assignments as services
from samverkan.lib.users import AnyUser
from samverkan.minutes.models import Minutes

router = Router(tags=["Uppdrag"])

REPORT_BODY = multipart_body(
    AssignmentReportIn,
    file="Återrapporteringen som fil (som en handling: PDF, Word m.fl., högst DOCUMENT_MAX_SIZE)",
    required=False,
)


def reader(request: HttpRequest) -> AnyUser:
    """The caller of a read: assignments are internal, so nobody without a login or key."""
    user = user_of(request)
    if not user.is_authenticated:
        raise AuthenticationError()
    return user


def _refs(changes: dict[str, Any]) -> dict[str, Any]:
    """Ids in a request turned into the objects they name; a missing one is 400."""
    for name in ("to_body", "report_to"):
        if changes.get(name) is not None:
            changes[name] = body_ref(changes[name], field=name)
    if changes.get("to_person") is not None:
        changes["to_person"] = person_ref(changes["to_person"], field="to_person")
    if changes.get("responsible") is not None:
        changes["responsible"] = [
            person_ref(pk, field="responsible") for pk in changes["responsible"]
        ]
    if changes.get("case") is not None:
        changes["case"] = referenced(
            Case.objects.all(), changes["case"], field="case", message="Ärendet finns inte."
        )
    if changes.get("minutes") is not None:
        changes["minutes"] = referenced(
            Minutes.objects.all(),
            changes["minutes"],
            field="minutes",
            message="Minnesanteckningarna finns inte.",
        )
    return changes


def _saved(assignment: Assignment) -> Assignment:
    return assignment_with_parts(assignment_id=assignment.pk)


# --- Reading -------------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[AssignmentOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista uppdrag",
    description="De uppdrag du får se, tidigast återrapportering först. `structure` är "
    "strukturens slug; `overdue=true` ger de försenade (passerat återrapporteringsdagen "
    "utan att vara återrapporterade). Utan nyckel 401.",
)
@paginate(Pagination)
def list_assignments(
    request: HttpRequest,
    structure: TextFilter = None,
    status: AssignmentStatus | None = None,
    given_by: IdFilter = None,
    to_body: IdFilter = None,
    report_to: IdFilter = None,
    overdue: bool | None = None,
) -> QuerySet[Assignment]:
    return assignments_listed(
        viewer=reader(request),
        structure=structure,
        status=status,
        given_by=given_by,
        to_body=to_body,
        report_to=report_to,
        overdue=overdue,
    )


@router.get(
    "/{id:assignment_id}",
    response={200: AssignmentOut, **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta ett uppdrag med beskrivning och återrapportering",
)
def get_assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    found = access.get_assignment_for_read(reader(request), assignment_id)
    return _saved(found)


@router.get(
    "/{id:assignment_id}/report-file",
    response={**GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="assignment_report_file",
    summary="Filen med återrapporteringen",
    description="Som bilaga, med den typ filens innehåll visade när den togs emot; 404 om "
    "återrapporteringen saknar fil.",
)
def get_report_file(request: HttpRequest, assignment_id: int) -> FileResponse:
    found = access.get_assignment_for_read(reader(request), assignment_id)
    return services.report_file_response(found)


# --- Giving and changing --------------------------------------------------------------------


@router.post(
    "",
    response={201: AssignmentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ge ett uppdrag",
    description="För koordinatorerna och för ordförande eller sekreterare i `given_by`. "
    "Mottagaren är en grupp under `given_by` (`to_body`, t.ex. en arbetsgrupp den har "
    "tillsatt) eller en person (`to_person`), inte båda. `sections` har exakt rubrikerna "
    "som `given_by`:s uppdragsbeskrivning anger (`assignment_headings`), i den ordningen; "
    "andra rubriker nekas (400, fältet `sections`). Säger uppdragsbeskrivningen att "
    "ansvariga ska utses krävs `responsible` (400). `due_on` ska ligga efter `given_on`.",
)
def give_assignment(request: HttpRequest, payload: AssignmentIn) -> Status[Assignment]:
    user = acting_user(request)
    given_by = body_ref(payload.given_by, field="given_by")
    body = access.get_body_for_giving(user, given_by.pk)
    values = _refs(payload.model_dump(exclude={"given_by"}))
    assignment = services.assignment_give(by=user, given_by=body, **values)
    return Status(201, _saved(assignment))


@router.patch(
    "/{id:assignment_id}",
    response={200: AssignmentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra ett uppdrag",
    description="Samma regler som när uppdraget gavs. Ett uppdrag har en mottagare: byt "
    "från grupp till person genom att skicka `to_person` och `to_body: null`. Avslutade och "
    "återkallade uppdrag ändras inte (400). Skicka `lock_version` som du läste; 409 om "
    "någon annan har sparat sedan dess.",
)
def update_assignment(
    request: HttpRequest, assignment_id: int, payload: AssignmentPatch
) -> Assignment:
    user = acting_user(request)
    assignment = access.get_assignment_for_edit(user, assignment_id)
    changes = _refs(changes_of(payload, exclude={"lock_version"}))
    services.assignment_update(
        by=user, assignment=assignment, expected_version=payload.lock_version, **changes
    )
    return _saved(assignment)


@router.post(
    "/{id:assignment_id}/start",
    response={200: AssignmentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Markera uppdraget som påbörjat (mottagaren)",
)
def start_assignment(
    request: HttpRequest, assignment_id: int, payload: AssignmentLockIn
) -> Assignment:
    user = acting_user(request)
    assignment = access.get_assignment_for_report(user, assignment_id)
    services.assignment_start(by=user, assignment=assignment, expected_version=payload.lock_version)
    return _saved(assignment)


@router.post(
    "/{id:assignment_id}/report",
    response={200: AssignmentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    openapi_extra=REPORT_BODY,
    summary="Lämna återrapporteringen",
    description="`multipart/form-data` med `lock_version`, `text` och/eller filen i `file` "
    "(kontrolleras som en handling: typen avgörs av innehållet, program, makron och PDF "
    "med JavaScript nekas, 400 fältet `file`). För mottagaren, de ansvariga och "
    "koordinatorerna. En ny återrapportering ersätter den förra tills uppdraget är avslutat.",
)
def report_assignment(
    request: HttpRequest, assignment_id: int, file: File[UploadedFile | None] = None
) -> Assignment:
    user = acting_user(request)
    assignment = access.get_assignment_for_report(user, assignment_id)
    payload = form_fields(request, AssignmentReportIn)
    services.assignment_report(
        by=user,
        assignment=assignment,
        text=payload.text,
        file=file,
        expected_version=payload.lock_version,
    )
    return _saved(assignment)


@router.post(
    "/{id:assignment_id}/close",
    response={200: AssignmentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ta emot återrapporteringen och avsluta uppdraget",
    description="För gruppen som tar emot återrapporteringen (ordförande, sekreterare), "
    "den som gav uppdraget och koordinatorerna; bara ett återrapporterat uppdrag (400).",
)
def close_assignment(
    request: HttpRequest, assignment_id: int, payload: AssignmentLockIn
) -> Assignment:
    user = acting_user(request)
    assignment = access.get_assignment_for_closing(user, assignment_id)
    services.assignment_close(by=user, assignment=assignment, expected_version=payload.lock_version)
    return _saved(assignment)


@router.post(
    "/{id:assignment_id}/withdraw",
    response={200: AssignmentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Återkalla uppdraget",
    description="För den som gav uppdraget och koordinatorerna, så länge det inte är avslutat.",
)
def withdraw_assignment(
    request: HttpRequest, assignment_id: int, payload: AssignmentWithdrawIn
) -> Assignment:
    user = acting_user(request)
    assignment = access.get_assignment_for_edit(user, assignment_id)
    services.assignment_withdraw(
        by=user,
        assignment=assignment,
        reason=payload.reason,
        expected_version=payload.lock_version,
    )
    return _saved(assignment)
