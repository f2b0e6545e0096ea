"""Årsplanering: a proposal for a body's meetings in a year, and booking them.

Served under `/bodies/{id}/plan`; the plan belongs to the meetings, the path to the body.
"""

from django.http import HttpRequest
from ninja import P, QueryEx, Router
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH
from samverkan.api.base import READ_ERRORS, WRITE_ERRORS, acting_user
from samverkan.api.meetings.schemas import MeetingOut, PlanBookIn, PlanOut, YearPlan
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_today
from samverkan.meetings import planning
from samverkan.meetings.models import Meeting
from samverkan.meetings.selectors import meetings_listed
from samverkan.structure.access import get_body_by_id_for_edit, get_body_by_id_for_read

router = Router(tags=["Årsplanering"])


@router.get(
    "/{id:body_id}/plan",
    response={200: PlanOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
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
) -> YearPlan:
    body = get_body_by_id_for_read(body_id)
    year = year or local_today().year + 1
    return YearPlan(
        body=body,
        year=year,
        proposals=planning.propose_year(body=body, year=year),
        status=planning.booking_status(body=body, year=year),
    )


@router.post(
    "/{id:body_id}/plan",
    response={201: list[MeetingOut], **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Boka möten på de valda dagarna",
    description="Varje dag blir ett möte med uppdragsbeskrivningens stående punkter. En "
    "helgdag, en dag som har varit eller samma dag två gånger nekas (400, fältet `days`), "
    "och då bokas ingen av dagarna.",
)
def book_plan(request: HttpRequest, body_id: int, payload: PlanBookIn) -> Status[list[Meeting]]:
    user = acting_user(request)
    body = get_body_by_id_for_edit(user, body_id)
    try:
        booked = planning.year_plan_book(body=body, days=payload.days, by=user, place=payload.place)
    except DomainError as exc:
        if set(exc.errors) & {"starts_at", "ends_at"}:
            # The request names days, not times.
            raise DomainError(exc.message, field="days") from exc
        raise
    return Status(201, list(meetings_listed(viewer=user, ids=[m.pk for m in booked])))
