"""Activity plans (aktivitetsplaner): a body's plan per year, its activities and the plan's
yearly revision (002: "årligen delta i revideringen av den lokala aktivitetsplanen").

One typed keyword-only function per action, the actor as `by=`, an audit row per action,
and the version the caller read checked (`expected_version`) before anything is written.
Who may act is decided by `samverkan.followup.access.plans` before these are called.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max

from samverkan.audit.services import record_create, record_delete, record_update, snapshot
from samverkan.cases.models import Assignment, Case
from samverkan.followup.models import Activity, ActivityPlan, ActivityStatus
from samverkan.lib.errors import DomainError, refuse_stale, sync_saved
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.lib.textcheck import check_text
from samverkan.structure.models import Body, Membership, Person

PLAN_STALE = (
    "Någon annan har ändrat aktivitetsplanen sedan du öppnade den. Ladda om sidan och försök "
    "igen; inget sparades."
)
ACTIVITY_STALE = (
    "Någon annan har ändrat aktiviteten sedan du öppnade den. Ladda om sidan och försök igen; "
    "inget sparades."
)
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Activities in these states are finished: they are not carried over to next year's plan
# and are never overdue.
FINISHED = frozenset({ActivityStatus.DONE, ActivityStatus.CANCELLED})
PLAN_FIELDS = ("title", "description", "revise_by")
ACTIVITY_FIELDS = (
    "title",
    "description",
    "owner",
    "owner_text",
    "due_on",
    "status",
    "case",
    "assignment",
)


def one_year_on(day: datetime.date) -> datetime.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _title(value: str) -> str:
    value = check_text((value or "").strip(), field="title", max_length=300)
    if not value:
        raise DomainError("Ange en rubrik.", field="title")
    return value


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(f"Ange ett år mellan {FIRST_YEAR} och {LAST_YEAR}.", field="year")
    return year


# --- Plans --------------------------------------------------------------------------------


def previous_plan(body: Body, year: int) -> ActivityPlan | None:
    return ActivityPlan.objects.filter(body=body, year__lt=year).order_by("-year").first()


@transaction.atomic
def plan_create(
    *,
    by: User | None,
    body: Body,
    year: int,
    title: str,
    description: str = "",
    revise_by: datetime.date | None = None,
    from_previous: bool = False,
) -> ActivityPlan:
    """A new plan for the body and year. `from_previous` carries over the activities of the
    body's latest earlier plan that are not done or cancelled: a postponed one is planned
    again, a due date before the new year is cleared, the rest as they were. Without a date
    of its own, the plan is to be revised on the same day as the previous plan was."""
    _year(year)
    title = _title(title)
    description = check_text((description or "").strip(), field="description")
    if ActivityPlan.objects.filter(body=body, year=year).exists():
        raise DomainError(f"{body.name} har redan en aktivitetsplan för {year}.", field="year")
    previous = previous_plan(body, year)
    if revise_by is None and previous is not None and previous.revise_by is not None:
        try:
            revise_by = previous.revise_by.replace(year=year)
        except ValueError:
            revise_by = datetime.date(year, 2, 28)
    plan = ActivityPlan(
        body=body, year=year, title=title, description=description, revise_by=revise_by
    )
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise DomainError(
            f"{body.name} har redan en aktivitetsplan för {year}.", field="year"
        ) from None
    carried: list[Activity] = []
    if from_previous:
        if previous is None:
            raise DomainError(
                f"{body.name} har ingen tidigare aktivitetsplan att utgå från.",
                field="from_previous",
            )
        new_year = datetime.date(year, 1, 1)
        for index, old in enumerate(
            previous.activities.exclude(status__in=FINISHED).order_by("position", "pk")
        ):
            status = old.status
            if status == ActivityStatus.POSTPONED:
                status = ActivityStatus.PLANNED
            carried.append(
                Activity(
                    plan=plan,
                    position=index,
                    title=old.title,
                    description=old.description,
                    owner_id=old.owner_id,
                    owner_text=old.owner_text,
                    due_on=old.due_on if old.due_on and old.due_on >= new_year else None,
                    status=status,
                    case_id=old.case_id,
                    assignment_id=old.assignment_id,
                )
            )
        Activity.objects.bulk_create(carried)
    note = (
        f"Utgår från planen för {previous.year}: {len(carried)} aktiviteter fördes över."
        if from_previous and previous is not None
        else ""
    )
    record_create(by=by, obj=plan, note=note)
    return plan


def _locked_plan(plan: ActivityPlan, expected_version: int | None) -> ActivityPlan:
    current = ActivityPlan.objects.select_for_update().select_related("body").get(pk=plan.pk)
    refuse_stale(current=current.lock_version, expected=expected_version, message=PLAN_STALE)
    return current


def _save_plan(caller: ActivityPlan, current: ActivityPlan) -> None:
    current.lock_version += 1
    current.save()
    sync_saved(caller, current)


@transaction.atomic
def plan_update(
    *, by: User | None, plan: ActivityPlan, expected_version: int | None, **changes: Any
) -> ActivityPlan:
    """Change the plan's title, description or the day it is to be revised by."""
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise DomainError("Okända fält: " + ", ".join(sorted(unknown)))
    current = _locked_plan(plan, expected_version)
    before = snapshot(current)
    if "title" in changes:
        current.title = _title(changes["title"])
    if "description" in changes:
        current.description = check_text(
            (changes["description"] or "").strip(), field="description"
        )
    if "revise_by" in changes:
        current.revise_by = changes["revise_by"]
    _save_plan(plan, current)
    record_update(by=by, obj=current, before=before)
    return plan


@transaction.atomic
def plan_revise(
    *,
    by: User | None,
    plan: ActivityPlan,
    revised_on: datetime.date,
    note: str,
    expected_version: int | None,
    today: datetime.date | None = None,
) -> ActivityPlan:
    """Record the yearly revision: the day it was done and what it changed. The next one is
    due a year after it."""
    today = today or local_today()
    if revised_on > today:
        raise DomainError(
            "Revideringsdagen kan inte ligga i framtiden; ange dagen då planen reviderades.",
            field="revised_on",
        )
    earliest = datetime.date(plan.year - 1, 1, 1)
    if revised_on < earliest:
        raise DomainError(
            f"En revidering av planen för {plan.year} görs tidigast {date_text(earliest)}.",
            field="revised_on",
        )
    note = check_text((note or "").strip(), field="note")
    if not note:
        raise DomainError("Beskriv vad revideringen ändrade.", field="note")
    current = _locked_plan(plan, expected_version)
    before = snapshot(current)
    current.revised_on = revised_on
    current.revision_note = note
    current.revise_by = one_year_on(revised_on)
    _save_plan(plan, current)
    record_update(by=by, obj=current, before=before, note="Planen reviderades")
    return plan


# --- Activities -----------------------------------------------------------------------------


def _owner(body: Body, owner: Person | None, owner_text: str) -> tuple[Person | None, str]:
    owner_text = check_text((owner_text or "").strip(), field="owner_text", max_length=200)
    if owner is not None and owner_text:
        raise DomainError(
            "Ange antingen en person eller en text som ansvarig, inte båda.", field="owner_text"
        )
    if (
        owner is not None
        and not Membership.objects.filter(
            person=owner, body__structure_id=body.structure_id
        ).exists()
    ):
        raise DomainError(
            f"{owner.full_name} har inget uppdrag i {body.structure.name}; välj en person ur "
            "strukturen eller skriv den ansvariga som text.",
            field="owner",
        )
    return owner, owner_text


def _links(body: Body, case: Case | None, assignment: Assignment | None) -> None:
    if case is not None and case.structure_id != body.structure_id:
        raise DomainError(
            f"Ärendet {case.number} hör till en annan struktur; välj ett ärende i "
            f"{body.structure.name}.",
            field="case",
        )
    if assignment is not None and assignment.structure_id != body.structure_id:
        raise DomainError(
            f"Uppdraget ”{assignment.title}” hör till en annan struktur; välj ett uppdrag i "
            f"{body.structure.name}.",
            field="assignment",
        )


def _status(value: str) -> str:
    if value not in ActivityStatus.values:
        raise DomainError(
            "Status ska vara en av: " + ", ".join(str(label) for label in ActivityStatus.labels),
            field="status",
        )
    return value


@transaction.atomic
def activity_add(
    *,
    by: User | None,
    plan: ActivityPlan,
    title: str,
    description: str = "",
    owner: Person | None = None,
    owner_text: str = "",
    due_on: datetime.date | None = None,
    status: str = ActivityStatus.PLANNED,
    case: Case | None = None,
    assignment: Assignment | None = None,
) -> Activity:
    """A new activity last in the plan."""
    body = plan.body
    title = _title(title)
    description = check_text((description or "").strip(), field="description")
    owner, owner_text = _owner(body, owner, owner_text)
    _links(body, case, assignment)
    due_on = _due_on(plan, due_on)
    last = Activity.objects.filter(plan=plan).aggregate(last=Max("position"))["last"]
    activity = Activity.objects.create(
        plan=plan,
        position=0 if last is None else last + 1,
        title=title,
        description=description,
        owner=owner,
        owner_text=owner_text,
        due_on=due_on,
        status=_status(status),
        case=case,
        assignment=assignment,
    )
    record_create(by=by, obj=activity)
    return activity


def _due_on(plan: ActivityPlan, due_on: datetime.date | None) -> datetime.date | None:
    """An activity of a year's plan is due that year or later (a longer activity may run
    on), never before it: such a date is a slip and would make it overdue at once."""
    if due_on is not None and due_on.year < plan.year:
        raise DomainError(
            f"Klart senast {date_text(due_on)} ligger före planens år, {plan.year}. Välj ett "
            f"datum från 1 januari {plan.year}.",
            field="due_on",
        )
    return due_on


def _locked_activity(activity: Activity, expected_version: int | None) -> Activity:
    current = (
        Activity.objects.select_for_update()
        .select_related("plan__body__structure")
        .get(pk=activity.pk)
    )
    refuse_stale(current=current.lock_version, expected=expected_version, message=ACTIVITY_STALE)
    return current


def _save_activity(caller: Activity, current: Activity) -> None:
    current.lock_version += 1
    current.save()
    sync_saved(caller, current)


@transaction.atomic
def activity_update(
    *, by: User | None, activity: Activity, expected_version: int | None, **changes: Any
) -> Activity:
    """Change what the caller sent of the activity's title, description, owner (a person of
    the structure or a text), due date, status and its case or assignment."""
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise DomainError("Okända fält: " + ", ".join(sorted(unknown)))
    current = _locked_activity(activity, expected_version)
    body = current.plan.body
    before = snapshot(current)
    if "title" in changes:
        current.title = _title(changes["title"])
    if "description" in changes:
        current.description = check_text(
            (changes["description"] or "").strip(), field="description"
        )
    if "owner" in changes or "owner_text" in changes:
        owner = changes.get("owner", current.owner)
        text = changes.get("owner_text", current.owner_text)
        # Naming a person replaces the text, and a text replaces the person, unless both
        # were sent.
        if "owner" in changes and "owner_text" not in changes and owner is not None:
            text = ""
        if "owner_text" in changes and "owner" not in changes and (text or "").strip():
            owner = None
        current.owner, current.owner_text = _owner(body, owner, text or "")
    if "due_on" in changes:
        current.due_on = _due_on(current.plan, changes["due_on"])
    if "status" in changes:
        current.status = _status(changes["status"])
    case = changes.get("case", current.case)
    assignment = changes.get("assignment", current.assignment)
    _links(
        body, case if "case" in changes else None, assignment if "assignment" in changes else None
    )
    current.case, current.assignment = case, assignment
    _save_activity(activity, current)
    record_update(by=by, obj=current, before=before)
    return activity


def activity_set_status(
    *, by: User | None, activity: Activity, status: str, expected_version: int | None
) -> Activity:
    return activity_update(
        by=by, activity=activity, expected_version=expected_version, status=status
    )


@transaction.atomic
def activity_remove(*, by: User | None, activity: Activity, expected_version: int | None) -> None:
    current = _locked_activity(activity, expected_version)
    record_delete(by=by, obj=current)
    current.delete()


@transaction.atomic
def activities_reorder(
    *, by: User | None, plan: ActivityPlan, order: Sequence[int]
) -> list[Activity]:
    """Put the plan's activities in the order of `order`, which names each of them once."""
    activities = {a.pk: a for a in Activity.objects.select_for_update().filter(plan=plan)}
    if len(order) != len(set(order)) or set(order) != set(activities):
        raise DomainError(
            "Ange planens alla aktiviteter, var och en en gång, i den nya ordningen.",
            field="order",
        )
    changed: list[Activity] = []
    for position, pk in enumerate(order):
        activity = activities[pk]
        if activity.position != position:
            before = snapshot(activity)
            activity.position = position
            activity.lock_version += 1
            changed.append(activity)
            activity.save(update_fields=["position", "lock_version", "updated_at"])
            record_update(by=by, obj=activity, before=before)
    return [activities[pk] for pk in order]


def activity_move(*, by: User | None, activity: Activity, up: bool) -> None:
    """One place earlier (`up`) or later in the plan; the first stays first."""
    order = list(
        Activity.objects.filter(plan_id=activity.plan_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    index = order.index(activity.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    activities_reorder(by=by, plan=activity.plan, order=order)
