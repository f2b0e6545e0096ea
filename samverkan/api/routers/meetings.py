"""Möten, dagordningar och årsplanering.

Meetings are public: anyone may read times, places, status, the agenda and the
history. Changes are for admins and the coordinators of the meeting's body's
structure, and go through the same services, with the same rules, as the
working pages: a meeting cannot be planned in the past, a case needs what the
charter asks of it, and a stale `lock_version` gives 409 with nothing saved.

Mounted at the API's root, since it serves `/meetings`, `/agenda-items` and
`/bodies/{id}/plan`.

No `from __future__ import annotations` here: `@paginate` wraps the list
function, and ninja then resolves its string annotations in the wrong module.
"""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import P, QueryEx, Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Pagination,
    changes_of,
    person_ref,
)
from samverkan.api.meeting_schemas import (
    AgendaItemIn,
    AgendaItemOut,
    AgendaItemPatch,
    AgendaMoveIn,
    MeetingCancelIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    PlanBookIn,
    PlanOut,
)
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import STOCKHOLM
from samverkan.lib.users import AnyUser
from samverkan.meetings import planning
from samverkan.meetings.access import get_meeting_for_edit
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from samverkan.meetings.services import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    meeting_cancel,
    meeting_create,
    meeting_mark_held,
    meeting_update,
)
from samverkan.structure.access import get_body_by_id_for_edit
from samverkan.structure.models import Body, Membership

router = Router(tags=["Möten"])
AGENDA_TAGS = ["Dagordning"]
PLAN_TAGS = ["Årsplanering"]


# --- Lookups -------------------------------------------------------------------


def meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("body", "body__structure", "convener")


def full_meetings() -> QuerySet[Meeting]:
    """With everything MeetingDetailOut shows, in a fixed number of queries."""
    return meetings().prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("owner").order_by("position", "pk"),
        ),
        "events",
    )


def meeting_response(meeting_id: int) -> Meeting:
    return full_meetings().get(pk=meeting_id)


def get_agenda_item_for_edit(user: AnyUser, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=item_id).first()
    if item is None:
        raise Http404("Punkten finns inte.")
    item.meeting = get_meeting_for_edit(user, item.meeting_id)
    return item


def acting_user(request: HttpRequest) -> User:
    """The caller of a write; WRITE_AUTH has already refused anyone without a token."""
    user = user_of(request)
    if not isinstance(user, User):
        raise PermissionDenied("Du behöver logga in.")
    return user


def _owner(values: dict[str, Any], body: Body, current: AgendaItem | None = None) -> None:
    """An item's owner is someone with an assignment in the body (or who owns it already)."""
    if values.get("owner") is None:
        return
    person = person_ref(values["owner"], field="owner")
    today = timezone.localdate()
    sits = Membership.objects.filter(body=body, person=person).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )
    if not sits.exists() and not (current is not None and current.owner_id == person.pk):
        raise DomainError(
            f"{person.full_name} har inget uppdrag i {body.name} och kan inte vara ansvarig.",
            field="owner",
        )
    values["owner"] = person


# --- Meetings ------------------------------------------------------------------


@router.get(
    "/meetings",
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
    body: int | None = None,
    structure: str | None = None,
    status: MeetingStatus | None = None,
    from_: QueryEx[datetime.date | None, P(alias="from", description="Från och med")] = None,
    to: QueryEx[datetime.date | None, P(description="Till och med")] = None,
) -> QuerySet[Meeting]:
    found = meetings()
    if body is not None:
        found = found.filter(body_id=body)
    if structure:
        found = found.filter(body__structure__slug=structure)
    if status:
        found = found.filter(status=status)
    if from_ is not None:
        found = found.filter(
            starts_at__gte=datetime.datetime.combine(from_, datetime.time(), STOCKHOLM)
        )
    if to is not None:
        next_day = to + datetime.timedelta(days=1)
        found = found.filter(
            starts_at__lt=datetime.datetime.combine(next_day, datetime.time(), STOCKHOLM)
        )
    return found.order_by("starts_at", "pk")


@router.get(
    "/meetings/{int:meeting_id}",
    response={200: MeetingDetailOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta ett möte med dagordning, sista dag för handlingar och historik",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = full_meetings().filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("Mötet finns inte.")
    return meeting


@router.post(
    "/meetings",
    response={201: MeetingDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Planera ett möte (koordinator för gruppens struktur)",
    description="Dagordningen börjar med uppdragsbeskrivningens stående punkter, i ordning. "
    "Ett möte i det förflutna nekas (400, fältet `starts_at`).",
)
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Status[Meeting]:
    body = get_body_by_id_for_edit(user_of(request), payload.body)
    values = payload.model_dump(exclude={"body"})
    if values["convener"] is not None:
        values["convener"] = person_ref(values["convener"], field="convener")
    meeting = meeting_create(body=body, by=acting_user(request), **values)
    return Status(201, meeting_response(meeting.pk))


@router.patch(
    "/meetings/{int:meeting_id}",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra eller flytta ett möte",
    description="En ny `starts_at` flyttar mötet: UID:t behålls, SEQUENCE höjs och flytten "
    "syns i historiken med `reason`. Utan `ends_at` behåller mötet sin längd. Skicka "
    "`lock_version` som du läste; har någon annan ändrat mötet sedan dess blir svaret 409 "
    "och inget sparas.",
)
def update_meeting(request: HttpRequest, meeting_id: int, payload: MeetingPatch) -> Meeting:
    meeting = get_meeting_for_edit(user_of(request), meeting_id)
    changes = changes_of(payload, exclude={"lock_version", "reason"})
    if changes.get("convener") is not None:
        changes["convener"] = person_ref(changes["convener"], field="convener")
    if "starts_at" in changes and "ends_at" not in changes:
        changes["ends_at"] = changes["starts_at"] + (meeting.ends_at - meeting.starts_at)
    meeting_update(
        meeting=meeting,
        expected_version=payload.lock_version,
        by=acting_user(request),
        reason=payload.reason,
        **changes,
    )
    return meeting_response(meeting.pk)


@router.post(
    "/meetings/{int:meeting_id}/cancel",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ställ in ett möte",
    description="Mötet finns kvar med status `cancelled`, och anledningen syns i historiken.",
)
def cancel_meeting(request: HttpRequest, meeting_id: int, payload: MeetingCancelIn) -> Meeting:
    meeting = get_meeting_for_edit(user_of(request), meeting_id)
    meeting_cancel(
        meeting=meeting,
        by=acting_user(request),
        reason=payload.reason,
        expected_version=payload.lock_version,
    )
    return meeting_response(meeting.pk)


@router.post(
    "/meetings/{int:meeting_id}/held",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Markera ett möte som genomfört",
    description="Går först när mötet har börjat, och inte för ett inställt möte.",
)
def mark_meeting_held(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = get_meeting_for_edit(user_of(request), meeting_id)
    meeting_mark_held(meeting=meeting, by=acting_user(request))
    return meeting_response(meeting.pk)


# --- Agenda --------------------------------------------------------------------


@router.post(
    "/meetings/{int:meeting_id}/agenda",
    response={201: AgendaItemOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=AGENDA_TAGS,
    summary="Lägg till en punkt sist på dagordningen",
    description="Kräver uppdragsbeskrivningen att ärenden har en kort ärendebeskrivning och "
    "ett förslag till åtgärd eller en frågeställning, nekas ett ärende utan dem (400 med "
    "fältet).",
)
def add_agenda_item(
    request: HttpRequest, meeting_id: int, payload: AgendaItemIn
) -> Status[AgendaItem]:
    meeting = get_meeting_for_edit(user_of(request), meeting_id)
    values = payload.model_dump()
    _owner(values, meeting.body)
    item = agenda_item_add(by=acting_user(request), meeting=meeting, **values)
    return Status(201, AgendaItem.objects.select_related("owner").get(pk=item.pk))


@router.get(
    "/agenda-items/{int:item_id}",
    response={200: AgendaItemOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    tags=AGENDA_TAGS,
    summary="Hämta en punkt på dagordningen",
)
def get_agenda_item(request: HttpRequest, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("owner").filter(pk=item_id).first()
    if item is None:
        raise Http404("Punkten finns inte.")
    return item


@router.patch(
    "/agenda-items/{int:item_id}",
    response={200: AgendaItemOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=AGENDA_TAGS,
    summary="Ändra en punkt på dagordningen",
    description="Skicka `lock_version` som du läste; har någon annan ändrat punkten sedan "
    "dess blir svaret 409 och inget sparas.",
)
def update_agenda_item(request: HttpRequest, item_id: int, payload: AgendaItemPatch) -> AgendaItem:
    item = get_agenda_item_for_edit(user_of(request), item_id)
    changes = changes_of(payload, exclude={"lock_version"})
    if changes.get("kind") == AgendaItemKind.STANDING and item.kind != AgendaItemKind.STANDING:
        raise DomainError(
            "Stående punkter kommer från uppdragsbeskrivningen; välj en annan typ.", field="kind"
        )
    _owner(changes, item.meeting.body, current=item)
    agenda_item_update(
        by=acting_user(request), item=item, expected_version=payload.lock_version, **changes
    )
    return AgendaItem.objects.select_related("owner").get(pk=item.pk)


@router.post(
    "/agenda-items/{int:item_id}/move",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=AGENDA_TAGS,
    summary="Flytta en punkt ett steg upp eller ned",
    description="Svarar med hela mötet, så att den nya ordningen syns. Att flytta den första "
    "punkten upp eller den sista ned ändrar ingenting.",
)
def move_agenda_item(request: HttpRequest, item_id: int, payload: AgendaMoveIn) -> Meeting:
    item = get_agenda_item_for_edit(user_of(request), item_id)
    agenda_item_move(by=acting_user(request), item=item, up=payload.direction == "up")
    return meeting_response(item.meeting_id)


@router.delete(
    "/agenda-items/{int:item_id}",
    response={204: None, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=AGENDA_TAGS,
    summary="Ta bort en punkt från dagordningen",
    description="En punkt med handlingar tas inte bort (400); flytta eller ta bort dem först.",
)
def remove_agenda_item(request: HttpRequest, item_id: int) -> Status[None]:
    item = get_agenda_item_for_edit(user_of(request), item_id)
    agenda_item_remove(by=acting_user(request), item=item)
    return Status(204, None)


# --- The year's plan -------------------------------------------------------------


def _plan(body: Body, year: int) -> dict[str, Any]:
    return {
        "body": body.pk,
        "body_name": body.name,
        "year": year,
        "proposals": planning.propose_year(body=body, year=year),
        "status": planning.booking_status(body=body, year=year),
    }


@router.get(
    "/bodies/{int:body_id}/plan",
    response={200: PlanOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    tags=PLAN_TAGS,
    summary="Förslag till ett års möten och om året är bokat i tid",
    description="Förslaget uppfyller uppdragsbeskrivningens antal möten, undviker helgdagar, "
    "sommaruppehållet och jul–trettondagen, och lägger en beredande grupp före "
    "uppdragsgivarens möten när uppdragsbeskrivningen säger det. `year` är nästa år om det "
    "utelämnas.",
)
def get_plan(
    request: HttpRequest,
    body_id: int,
    year: QueryEx[int | None, P(ge=2000, le=2100, description="Nästa år om det utelämnas")] = None,
) -> dict[str, Any]:
    body = Body.objects.select_related("structure", "parent").filter(pk=body_id).first()
    if body is None:
        raise Http404("Gruppen finns inte.")
    return _plan(body, year or timezone.localdate().year + 1)


@router.post(
    "/bodies/{int:body_id}/plan",
    response={201: list[MeetingOut], **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=PLAN_TAGS,
    summary="Boka möten på de valda dagarna",
    description="Varje dag blir ett möte med uppdragsbeskrivningens stående punkter. En "
    "helgdag, en dag som har varit eller samma dag två gånger nekas (400, fältet `days`), "
    "och då bokas ingen av dagarna.",
)
def book_plan(request: HttpRequest, body_id: int, payload: PlanBookIn) -> Status[list[Meeting]]:
    body = get_body_by_id_for_edit(user_of(request), body_id)
    try:
        booked = planning.year_plan_book(
            body=body, days=payload.days, by=acting_user(request), place=payload.place
        )
    except DomainError as exc:
        if set(exc.errors) & {"starts_at", "ends_at"}:
            # The request names days, not times.
            raise DomainError(exc.message, field="days") from exc
        raise
    return Status(201, list(meetings().filter(pk__in=[m.pk for m in booked]).order_by("starts_at")))
