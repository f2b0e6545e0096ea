"""Aktivitetsplaner: a body's activity plan per year, its activities and its yearly revision.

Through the same services and rules as the working pages
(`samverkan.followup.services.plans`), every lookup through
`samverkan.followup.access.plans`: the structure's coordinators, the body's members and
the members of the bodies above it read a plan (for everyone else it does not exist, 404);
the coordinators and the body's chair, secretary or conveners change it (403 for other
readers). A change sends the `lock_version` it read; a newer one answers 409.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, P, QueryEx, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    GUARDED_READ_ERRORS,
    MAX_COUNTER,
    WRITE_ERRORS,
    Day,
    Id,
    IdFilter,
    InputSchema,
    LockVersion,
    Pagination,
    acting_user,
    changes_of,
    omittable,
    referenced,
)
from samverkan.followup.access import plans as access
from samverkan.followup.models import Activity, ActivityPlan, ActivityStatus
from samverkan.followup.selectors.plans import plans_with_activities
from samverkan.followup.services import plans as services
from samverkan.structure.models import Body, Membership, Person

router = Router(tags=["Aktivitetsplaner"])

LONG = 20_000


class ActivityOut(Schema):
    id: int
    position: int
    title: str
    description: str
    owner: int | None = Field(validation_alias="owner_id", description="Ansvarig person (id)")
    owner_name: str | None
    owner_text: str = Field(description="Ansvarig som text, när ingen person är ansvarig")
    due_on: datetime.date | None
    status: ActivityStatus = Field(
        description="`planned` planerad, `ongoing` pågår, `done` klar, `postponed` "
        "uppskjuten, `cancelled` struken"
    )
    status_label: str
    case: int | None = Field(description="Kopplat ärende (id), om du får läsa det")
    case_number: str | None
    assignment: int | None = Field(description="Kopplat uppdrag (id), om du får läsa det")
    assignment_title: str | None
    lock_version: int

    @staticmethod
    def resolve_owner_name(obj: Activity) -> str | None:
        return obj.owner.full_name if obj.owner else None

    @staticmethod
    def resolve_status_label(obj: Activity) -> str:
        return str(obj.get_status_display())

    # `shown_case` and `shown_assignment` are set by `access.mark_shown_links` for the
    # caller; an activity not marked (none is returned unmarked) shows nothing linked.
    @staticmethod
    def resolve_case(obj: Activity) -> int | None:
        case = getattr(obj, "shown_case", None)
        return case.pk if case else None

    @staticmethod
    def resolve_case_number(obj: Activity) -> str | None:
        case = getattr(obj, "shown_case", None)
        return case.number if case else None

    @staticmethod
    def resolve_assignment(obj: Activity) -> int | None:
        assignment = getattr(obj, "shown_assignment", None)
        return assignment.pk if assignment else None

    @staticmethod
    def resolve_assignment_title(obj: Activity) -> str | None:
        assignment = getattr(obj, "shown_assignment", None)
        return assignment.title if assignment else None


class PlanListOut(Schema):
    id: int
    body: int = Field(validation_alias="body_id")
    body_name: str = Field(validation_alias="body.name")
    structure: str = Field(validation_alias="body.structure.slug", description="Strukturens slug")
    year: int
    title: str
    description: str
    revise_by: datetime.date | None = Field(description="Nästa revidering senast")
    revised_on: datetime.date | None = Field(description="Senast reviderad")
    revision_note: str = Field(description="Vad den senaste revideringen ändrade")
    lock_version: int


class PlanOut(PlanListOut):
    activities: list[ActivityOut]

    @staticmethod
    def resolve_activities(obj: ActivityPlan) -> list[Activity]:
        return getattr(obj, "shown_activities", None) or list(obj.activities.all())


class PlanIn(InputSchema):
    body: Id = Field(description="Gruppen (id)")
    year: int = Field(ge=services.FIRST_YEAR, le=services.LAST_YEAR)
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=LONG)
    revise_by: Day | None = Field(
        None, description="Utelämnat: samma dag som förra årets plan skulle revideras"
    )
    from_previous: bool = Field(
        False, description="För över förra årets aktiviteter som inte är klara eller strukna"
    )


class PlanPatch(InputSchema):
    lock_version: LockVersion
    title: str = omittable(min_length=1, max_length=300)
    description: str = omittable(max_length=LONG)
    revise_by: Day | None = None


class RevisionIn(InputSchema):
    lock_version: LockVersion
    revised_on: Day = Field(description="Dagen då planen reviderades; inte i framtiden")
    note: str = Field(min_length=1, max_length=LONG, description="Vad revideringen ändrade")


class ActivityIn(InputSchema):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=LONG)
    owner: Id | None = Field(None, description="En person med uppdrag i strukturen (id)")
    owner_text: str = Field("", max_length=200)
    due_on: Day | None = None
    status: ActivityStatus = ActivityStatus.PLANNED
    case: Id | None = Field(None, description="Ett ärende i samma struktur (id)")
    assignment: Id | None = Field(None, description="Ett uppdrag i samma struktur (id)")


class ActivityPatch(InputSchema):
    lock_version: LockVersion
    title: str = omittable(min_length=1, max_length=300)
    description: str = omittable(max_length=LONG)
    owner: Id | None = None
    owner_text: str = omittable(max_length=200)
    due_on: Day | None = None
    status: ActivityStatus = omittable()
    case: Id | None = None
    assignment: Id | None = None


class OrderIn(InputSchema):
    order: list[Id] = Field(
        max_length=1000, description="Planens alla aktiviteter (id), var och en en gång"
    )


def _plan(request: HttpRequest, plan_id: int) -> ActivityPlan:
    """The plan with its activities, each showing what it links as the caller may read it."""
    plan = plans_with_activities().get(pk=plan_id)
    activities = list(plan.activities.all())
    access.mark_shown_links(user_of(request), activities)
    plan.shown_activities = activities  # type: ignore[attr-defined]
    return plan


def _activity(request: HttpRequest, plan_id: int, activity_id: int) -> Activity:
    activity = access.get_activity_for_edit(user_of(request), plan_id, activity_id)
    access.mark_shown_links(user_of(request), [activity])
    return activity


def _references(
    request: HttpRequest, plan: ActivityPlan, values: dict[str, object]
) -> dict[str, object]:
    """The ids of the person, case and assignment sent, as objects: a person with a role in
    the plan's structure, a case or an assignment of it that the caller may read. Any other
    id is answered as an unknown one (400), so that nothing is told about it."""
    found = dict(values)
    user = user_of(request)
    structure = plan.body.structure
    people = Person.objects.filter(
        pk__in=Membership.objects.filter(body__structure=structure).values("person_id")
    )
    rows_by_field: tuple[tuple[str, QuerySet[Any], str], ...] = (
        ("owner", people, "Personen finns inte i strukturen."),
        ("case", access.linkable_cases(user, structure), "Ärendet finns inte."),
        ("assignment", access.linkable_assignments(user, structure), "Uppdraget finns inte."),
    )
    for field, rows, message in rows_by_field:
        pk = found.get(field)
        if isinstance(pk, int):
            found[field] = referenced(rows, pk, field=field, message=message)
    if "status" in found and isinstance(found["status"], ActivityStatus):
        found["status"] = found["status"].value
    return found


@router.get(
    "",
    response={200: list[PlanListOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista aktivitetsplaner",
    description="De planer du får läsa, senaste året först. Utan inloggning en tom lista.",
)
@paginate(Pagination)
def list_plans(
    request: HttpRequest,
    body: IdFilter = None,
    structure: IdFilter = None,
    year: QueryEx[int | None, P(ge=services.FIRST_YEAR, le=services.LAST_YEAR)] = None,
) -> QuerySet[ActivityPlan]:
    rows = access.readable_plans(user_of(request)).select_related("body", "body__structure")
    if body:
        rows = rows.filter(body_id=body)
    if structure:
        rows = rows.filter(body__structure_id=structure)
    if year:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "body__name", "pk")


@router.get(
    "/{id:plan_id}",
    response={200: PlanOut, **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en aktivitetsplan med dess aktiviteter",
)
def get_plan(request: HttpRequest, plan_id: int) -> ActivityPlan:
    return _plan(request, access.get_plan_for_read(user_of(request), plan_id).pk)


@router.post(
    "",
    response={201: PlanOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Skapa en aktivitetsplan",
    description="För en grupp och ett år (en plan per grupp och år). `from_previous` för "
    "över aktiviteterna från gruppens senaste plan som inte är klara eller strukna.",
)
def create_plan(request: HttpRequest, payload: PlanIn) -> Status[object]:
    user = acting_user(request)
    body = referenced(
        Body.objects.select_related("structure"),
        payload.body,
        field="body",
        message="Gruppen finns inte.",
    )
    if not access.can_edit_body_plans(user, body):
        raise PermissionDenied(
            f"Bara strukturens koordinatorer och {body.name}s ordförande, sekreterare eller "
            "sammankallande kan skapa en aktivitetsplan."
        )
    plan = services.plan_create(by=user, **{**payload.model_dump(), "body": body})
    return Status(201, _plan(request, plan.pk))


@router.patch(
    "/{id:plan_id}",
    response={200: PlanOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra planens rubrik, beskrivning eller revideringsdag",
)
def update_plan(request: HttpRequest, plan_id: int, payload: PlanPatch) -> ActivityPlan:
    user = acting_user(request)
    plan = access.get_plan_for_edit(user, plan_id)
    services.plan_update(
        by=user,
        plan=plan,
        expected_version=payload.lock_version,
        **changes_of(payload, exclude={"lock_version"}),
    )
    return _plan(request, plan_id)


@router.post(
    "/{id:plan_id}/revision",
    response={200: PlanOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Registrera årets revidering av planen",
    description="Dagen (inte i framtiden) och vad revideringen ändrade; nästa revidering "
    "blir ett år senare.",
)
def revise_plan(request: HttpRequest, plan_id: int, payload: RevisionIn) -> ActivityPlan:
    user = acting_user(request)
    plan = access.get_plan_for_edit(user, plan_id)
    services.plan_revise(
        by=user,
        plan=plan,
        revised_on=payload.revised_on,
        note=payload.note,
        expected_version=payload.lock_version,
    )
    return _plan(request, plan_id)


@router.post(
    "/{id:plan_id}/activities",
    response={201: ActivityOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en aktivitet sist i planen",
    description="Ansvarig är en person med uppdrag i strukturen (`owner`) eller en text "
    "(`owner_text`), inte båda. Ärende och uppdrag ska höra till samma struktur.",
)
def add_activity(request: HttpRequest, plan_id: int, payload: ActivityIn) -> Status[object]:
    user = acting_user(request)
    plan = access.get_plan_for_edit(user, plan_id)
    values = _references(request, plan, payload.model_dump())
    activity = services.activity_add(by=user, plan=plan, **values)  # type: ignore[arg-type]
    return Status(201, _activity(request, plan_id, activity.pk))


@router.post(
    "/{id:plan_id}/activities/order",
    response={200: PlanOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra aktiviteternas ordning",
)
def reorder_activities(request: HttpRequest, plan_id: int, payload: OrderIn) -> ActivityPlan:
    user = acting_user(request)
    plan = access.get_plan_for_edit(user, plan_id)
    services.activities_reorder(by=user, plan=plan, order=payload.order)
    return _plan(request, plan_id)


@router.patch(
    "/{id:plan_id}/activities/{id:activity_id}",
    response={200: ActivityOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra en aktivitet, t.ex. dess status",
    description="Skicka `lock_version` som du läste (409 annars) och de fält som ändras; "
    "`null` tar bort ansvarig person, slutdatum, ärende eller uppdrag.",
)
def update_activity(
    request: HttpRequest, plan_id: int, activity_id: int, payload: ActivityPatch
) -> Activity:
    user = acting_user(request)
    activity = access.get_activity_for_edit(user, plan_id, activity_id)
    services.activity_update(
        by=user,
        activity=activity,
        expected_version=payload.lock_version,
        **_references(request, activity.plan, changes_of(payload, exclude={"lock_version"})),
    )
    return _activity(request, plan_id, activity_id)


@router.delete(
    "/{id:plan_id}/activities/{id:activity_id}",
    response={204: None, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ta bort en aktivitet ur planen",
    description="Med `lock_version` prövas att ingen annan har ändrat den (409 annars).",
)
def remove_activity(
    request: HttpRequest,
    plan_id: int,
    activity_id: int,
    lock_version: QueryEx[int | None, P(ge=0, le=MAX_COUNTER)] = None,
) -> Status[None]:
    user = acting_user(request)
    activity = access.get_activity_for_edit(user, plan_id, activity_id)
    services.activity_remove(by=user, activity=activity, expected_version=lock_version)
    return Status(204, None)
