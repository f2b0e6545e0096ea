"""Kallelser och närvaro: a meeting's notice, who is called, absences and guests.

They go through `samverkan.meetings` with its rules: a notice after the charter's
document deadline needs a reason; a member reports their own absence and a coordinator
anyone's, and where the charter allows substitutes the member's substitute is called at
once. Sending the notice, its preview, the notices sent and inviting guests are for the
coordinators and the charter's conveners (`MeetingRights.convene`); the attendance for
the coordinators and the body's members. A read refused to an anonymous caller is 401 (a key would help), to a
logged-in one 403.
"""

from dataclasses import replace

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    GUARDED_READ_ERRORS,
    WRITE_ERRORS,
    Pagination,
    acting_user,
    unauthorized_if_anonymous,
)
from samverkan.api.meetings.notice_schemas import (
    AbsenceIn,
    AbsenceOut,
    AbsenceWithdrawIn,
    AbsenceWithdrawOut,
    AttendanceOut,
    GuestIn,
    GuestOut,
    NoticeIn,
    NoticeOut,
    NoticePreviewOut,
    NoticeResultOut,
)
from samverkan.api.meetings.refs import agenda_item_ref
from samverkan.api.structure.refs import person_ref
from samverkan.lib.errors import DomainError
from samverkan.meetings.access import (
    get_meeting_by_id_for_read,
    get_meeting_for_attendance_read,
    get_meeting_for_guests_edit,
    get_meeting_for_notices_read,
)
from samverkan.meetings.attendance import (
    AbsenceResult,
    GuestResult,
    WithdrawResult,
    attendance_invite_guest,
    attendance_report_absence,
    attendance_withdraw_absence,
)
from samverkan.meetings.models import Attendance, Notice
from samverkan.meetings.notice_preview import NoticePreview, notice_preview
from samverkan.meetings.notices import NoticeResult, notice_send
from samverkan.meetings.selectors import attendance_rows, notices_listed
from samverkan.structure.models import Person
from samverkan.structure.selectors import person_of_user

router = Router(tags=["Kallelser och närvaro"])


@router.get(
    "/{id:meeting_id}/notice/preview",
    response={200: NoticePreviewOut, **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Förhandsgranska kallelsen (koordinator eller sammankallande)",
    description="Kallelsen som den skulle skickas nu, utan att något skickas: mottagarna "
    "(vem som saknar e-postadress och därför inte får den), ämne, text, handlingarna den "
    "länkar till och varningar (tom dagordning, ingen ordförande eller vice ordförande på "
    "mötesdagen, efter sista dag för handlingarna, ärenden utan handlingar). `token` skickas "
    "med `POST …/notice`, så att det som skickas är det som granskades.",
)
def preview_notice(request: HttpRequest, meeting_id: int) -> NoticePreview:
    user = user_of(request)
    with unauthorized_if_anonymous(user):
        meeting = get_meeting_for_notices_read(user, meeting_id)
    return notice_preview(meeting=meeting, by=user if isinstance(user, User) else None)


@router.post(
    "/{id:meeting_id}/notice",
    response={201: NoticeResultOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Skicka kallelsen (koordinator eller sammankallande)",
    description="Kallelsen med dagordningen och länkar till handlingarna går per e-post till "
    "gruppens ledamöter och de inbjudna; vem som fick vad och när sparas, och mötet blir "
    "kallat. Efter sista dag för handlingar krävs `reason` (400, fältet `reason`), som "
    "sparas med kallelsen. Den som saknar e-postadress eller som e-postservern inte nådde "
    "listas i `not_reached`. Med förhandsvisningens `token` skickas kallelsen bara om den "
    "är oförändrad sedan förhandsvisningen (annars 409).",
)
def send_notice(request: HttpRequest, meeting_id: int, payload: NoticeIn) -> Status[NoticeResult]:
    user = acting_user(request)
    meeting = get_meeting_by_id_for_read(user, meeting_id)
    # `notice_send` refuses anyone but the coordinators and the charter's conveners
    # (`require_convener`), as on the meeting's page.
    return Status(
        201,
        notice_send(meeting=meeting, by=user, reason=payload.reason, expected_token=payload.token),
    )


@router.get(
    "/{id:meeting_id}/notices",
    response={200: list[NoticeOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Skickade kallelser med mottagare (koordinator eller sammankallande)",
    description="Senaste först, också de som gick till en ersättare eller en gäst för sig.",
)
@paginate(Pagination)
def list_notices(request: HttpRequest, meeting_id: int) -> QuerySet[Notice]:
    user = user_of(request)
    with unauthorized_if_anonymous(user):
        meeting = get_meeting_for_notices_read(user, meeting_id)
    return notices_listed(meeting=meeting)


@router.get(
    "/{id:meeting_id}/attendance",
    response={200: list[AttendanceOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Vilka som är kallade, vilka som anmält frånvaro och vem som ersätter vem",
    description="För koordinatorer och dem som har ett uppdrag i gruppen. Ledamöter först, "
    "sedan ersättare, adjungerade, funktioner och gäster. Meddelandet med en frånvaro "
    "(`note`) visas bara för koordinatorer.",
)
@paginate(Pagination)
def list_attendance(request: HttpRequest, meeting_id: int) -> list[Attendance]:
    user = user_of(request)
    with unauthorized_if_anonymous(user):
        meeting = get_meeting_for_attendance_read(user, meeting_id)
    return attendance_rows(meeting=meeting, viewer=user)


def _absent_person(ref: int | None, *, user: User) -> Person:
    """The person an absence is for: the one named, or else the caller's own person."""
    if ref is not None:
        return person_ref(ref, field="person")
    own = person_of_user(user=user)
    if own is None:
        raise DomainError(
            "Ditt konto är inte kopplat till någon person; ange `person`.", field="person"
        )
    return own


@router.post(
    "/{id:meeting_id}/absences",
    response={200: AbsenceOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Anmäl frånvaro",
    description="En ledamot anmäler sin egen frånvaro (utan `person`, eller med sitt eget "
    "id), en koordinator vems som helst. Där uppdragsbeskrivningen har ersättare kallas "
    "ledamotens ersättare med kallelsen och koordinatorn informeras; där den inte har det "
    "kallas ingen. `substitutes` är de som kallades. En frånvaro som redan är anmäld "
    "ändrar ingenting (`already_reported`).",
)
def report_absence(request: HttpRequest, meeting_id: int, payload: AbsenceIn) -> AbsenceResult:
    user = acting_user(request)
    meeting = get_meeting_by_id_for_read(user, meeting_id)
    person = _absent_person(payload.person, user=user)
    # `attendance_report_absence` refuses anyone but the person and the coordinators.
    result = attendance_report_absence(meeting=meeting, person=person, by=user, note=payload.note)
    substitutes = (
        []
        if result.already_reported
        else attendance_rows(meeting=meeting, viewer=user, ids=[a.pk for a in result.substitutes])
    )
    [attendance] = attendance_rows(meeting=meeting, viewer=user, ids=[result.attendance.pk])
    return replace(result, attendance=attendance, substitutes=substitutes)


@router.post(
    "/{id:meeting_id}/absences/withdraw",
    response={200: AbsenceWithdrawOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Återta en frånvaroanmälan",
    description="Före mötet: personen är kallad igen, ersättarna som kallades i hens ställe "
    "kallas inte längre och får besked med e-post (`released`), och koordinatorn "
    "informeras. En ledamot återtar sin egen (utan `person`), en koordinator vems som "
    "helst. Utan anmäld frånvaro, eller när mötet har börjat, 400.",
)
def withdraw_absence(
    request: HttpRequest, meeting_id: int, payload: AbsenceWithdrawIn
) -> WithdrawResult:
    user = acting_user(request)
    meeting = get_meeting_by_id_for_read(user, meeting_id)
    person = _absent_person(payload.person, user=user)
    # `attendance_withdraw_absence` refuses anyone but the person and the coordinators.
    result = attendance_withdraw_absence(meeting=meeting, person=person, by=user)
    [attendance] = attendance_rows(meeting=meeting, viewer=user, ids=[result.attendance.pk])
    return replace(result, attendance=attendance)


@router.post(
    "/{id:meeting_id}/guests",
    response={201: GuestOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Bjud in en gäst (adjungerad) till mötet eller en punkt (koordinator eller "
    "sammankallande)",
    description="En gäst för en punkt får kallelsen med bara den punkten. Är mötet redan "
    "kallat skickas den genast, annars med kallelsen. En person som redan är kallad eller "
    "sitter i gruppen nekas (400).",
)
def invite_guest(request: HttpRequest, meeting_id: int, payload: GuestIn) -> Status[GuestResult]:
    user = acting_user(request)
    # Before looking at the input, so that a stranger learns nothing from it. The charter's
    # conveners invite guests too, as on the meeting's page.
    meeting = get_meeting_for_guests_edit(user, meeting_id)
    item = agenda_item_ref(payload.agenda_item) if payload.agenda_item is not None else None
    result = attendance_invite_guest(
        meeting=meeting, by=user, agenda_item=item, name=payload.name, email=payload.email
    )
    [attendance] = attendance_rows(meeting=meeting, viewer=user, ids=[result.attendance.pk])
    return Status(201, replace(result, attendance=attendance))
