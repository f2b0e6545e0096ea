"""Möten: meetings and their agendas.

Meetings are public: anyone may read times, places, status, the agenda and the
history; the video link only those the meeting concerns, as on the pages
(`meetings.access.video_link_condition`). Changes are for admins and the
coordinators of the meeting's body's structure, and go through the same services, with
the same rules, as the working pages: a meeting cannot be planned in the past, a case
needs what the charter asks of it, and a stale `lock_version` gives 409 with nothing saved.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import P, QueryEx, Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    READ_ERRORS,
    WRITE_ERRORS,
    Day,
    IdFilter,
    Pagination,
    TextFilter,
    acting_user,
    changes_of,
)
from samverkan.api.meetings.agenda import owner_from
from samverkan.api.meetings.schemas import (
    AgendaItemIn,
    AgendaItemOut,
    MeetingCancelIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
)
from samverkan.api.structure.refs import person_ref
from samverkan.meetings.access import (
    get_agenda_item_for_read,
    get_meeting_by_id_for_read,
    get_meeting_for_agenda,
    get_meeting_for_edit,
)
from samverkan.meetings.models import AgendaItem, Meeting, MeetingStatus
from samverkan.meetings.selectors import (
    load_agenda_and_events,
    meeting_with_agenda,
    meetings_listed,
)
from samverkan.meetings.services import (
    agenda_item_add,
    meeting_cancel,
    meeting_create,
    meeting_mark_held,
    meeting_update,
)
from samverkan.structure.access import get_body_by_id_for_edit

router = Router(tags=["Möten"])


@router.get(
    "",
    response={200: list[MeetingOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista möten",
    description="I tidsordning. `from` och `to` är datum (ÅÅÅÅ-MM-DD) och tar med "
    "mötena som börjar de dagarna.",
)
@paginate(Pagination)
def list_meetings(
    request: HttpRequest,
    body: IdFilter = None,
    structure: TextFilter = None,
    status: MeetingStatus | None = None,
    from_: QueryEx[Day | None, P(alias="from", description="Från och med")] = None,
    to: QueryEx[Day | None, P(description="Till och med")] = None,
) -> QuerySet[Meeting]:
    return meetings_listed(
        viewer=user_of(request),
        body=body,
        structure=structure,
        status=status,
        from_day=from_,
        to_day=to,
    )


@router.get(
    "/{id:meeting_id}",
    response={200: MeetingDetailOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta ett möte med dagordning, sista dag för handlingar och historik",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = get_meeting_by_id_for_read(user_of(request), meeting_id)
    load_agenda_and_events(meetings=[meeting])
    return meeting


@router.post(
    "",
    response={201: MeetingDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Planera ett möte (koordinator för gruppens struktur)",
    description="Dagordningen börjar med uppdragsbeskrivningens stående punkter, i ordning. "
    "Ett möte i det förflutna nekas (400, fältet `starts_at`).",
)
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Status[Meeting]:
    user = acting_user(request)
    body = get_body_by_id_for_edit(user, payload.body)
    values = payload.model_dump(exclude={"body"})
    if values["convener"] is not None:
        values["convener"] = person_ref(values["convener"], field="convener")
    meeting = meeting_create(body=body, by=user, **values)
    return Status(201, meeting_with_agenda(meeting_id=meeting.pk, viewer=user))


@router.patch(
    "/{id:meeting_id}",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra eller flytta ett möte",
    description="En ny `starts_at` flyttar mötet: UID:t behålls, SEQUENCE höjs och flytten "
    "syns i historiken med `reason`. Utan `ends_at` behåller mötet sin längd. Skicka "
    "`lock_version` som du läste; har någon annan ändrat mötet sedan dess blir svaret 409 "
    "och inget sparas.",
)
def update_meeting(request: HttpRequest, meeting_id: int, payload: MeetingPatch) -> Meeting:
    user = acting_user(request)
    meeting = get_meeting_for_edit(user, meeting_id)
    changes = changes_of(payload, exclude={"lock_version", "reason"})
    if changes.get("convener") is not None:
        changes["convener"] = person_ref(changes["convener"], field="convener")
    if "starts_at" in changes and "ends_at" not in changes:
        changes["ends_at"] = changes["starts_at"] + (meeting.ends_at - meeting.starts_at)
    meeting_update(
        meeting=meeting,
        expected_version=payload.lock_version,
        by=user,
        reason=payload.reason,
        **changes,
    )
    return meeting_with_agenda(meeting_id=meeting.pk, viewer=user)


@router.post(
    "/{id:meeting_id}/cancel",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ställ in ett möte",
    description="Mötet finns kvar med status `cancelled`, och anledningen syns i historiken.",
)
def cancel_meeting(request: HttpRequest, meeting_id: int, payload: MeetingCancelIn) -> Meeting:
    user = acting_user(request)
    meeting = get_meeting_for_edit(user, meeting_id)
    meeting_cancel(
        meeting=meeting, by=user, reason=payload.reason, expected_version=payload.lock_version
    )
    return meeting_with_agenda(meeting_id=meeting.pk, viewer=user)


@router.post(
    "/{id:meeting_id}/held",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Markera ett möte som genomfört",
    description="Går först när mötet har börjat, och inte för ett inställt möte.",
)
def mark_meeting_held(request: HttpRequest, meeting_id: int) -> Meeting:
    user = acting_user(request)
    meeting = get_meeting_for_edit(user, meeting_id)
    meeting_mark_held(meeting=meeting, by=user)
    return meeting_with_agenda(meeting_id=meeting.pk, viewer=user)


@router.post(
    "/{id:meeting_id}/agenda",
    response={201: AgendaItemOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=["Dagordning"],
    summary="Lägg till en punkt sist på dagordningen",
    description="Kräver uppdragsbeskrivningen att ärenden har en kort ärendebeskrivning och "
    "ett förslag till åtgärd eller en frågeställning, nekas ett ärende utan dem (400 med "
    "fältet).",
)
def add_agenda_item(
    request: HttpRequest, meeting_id: int, payload: AgendaItemIn
) -> Status[AgendaItem]:
    user = acting_user(request)
    # The charter's conveners prepare the agenda too, as on the meeting's page.
    meeting = get_meeting_for_agenda(user, meeting_id)
    values = payload.model_dump()
    owner_from(values, meeting.body)
    item = agenda_item_add(by=user, meeting=meeting, **values)
    return Status(201, get_agenda_item_for_read(item.pk))
