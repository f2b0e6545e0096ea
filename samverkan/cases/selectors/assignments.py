"""Reads of assignments and working groups for the pages, the API, the meeting page's panel
and the reminders: each a fixed number of queries, however many rows."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from samverkan.cases.access import readable_assignments, readable_working_groups
from samverkan.cases.models import (
    OPEN_ASSIGNMENT_STATUSES,
    Assignment,
    AssignmentStatus,
    WorkingGroup,
)
from samverkan.lib.localtime import local_today
from samverkan.lib.users import AnyUser
from samverkan.structure.models import Body, Membership, Person, Structure

LISTED_RELATIONS = ("structure", "given_by", "to_body", "to_person", "report_to")


def _with_responsible(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return assignments.prefetch_related(
        Prefetch("responsible", queryset=Person.objects.order_by("last_name", "first_name"))
    )


def overdue_condition(today: datetime.date) -> Q:
    return Q(status__in=OPEN_ASSIGNMENT_STATUSES, due_on__lt=today)


def assignments_listed(
    *,
    viewer: AnyUser,
    structure: str | None = None,
    status: str | None = None,
    given_by: int | None = None,
    to_body: int | None = None,
    report_to: int | None = None,
    overdue: bool | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Assignment]:
    """The assignments the viewer may read, earliest due first; `structure` is a slug.
    Two queries: the rows, and their responsible people."""
    found = readable_assignments(viewer)
    if structure:
        found = found.filter(structure__slug=structure)
    if status:
        found = found.filter(status=status)
    if given_by:
        found = found.filter(given_by_id=given_by)
    if to_body:
        found = found.filter(to_body_id=to_body)
    if report_to:
        found = found.filter(report_to_id=report_to)
    if overdue is not None:
        late = overdue_condition(today or local_today())
        found = found.filter(late) if overdue else found.exclude(late)
    return _with_responsible(found.select_related(*LISTED_RELATIONS)).order_by("due_on", "pk")


def assignment_with_parts(*, assignment_id: int) -> Assignment:
    """One assignment with everything its page and the API show (three queries)."""
    return (
        _with_responsible(
            Assignment.objects.select_related(*LISTED_RELATIONS, "case", "minutes__meeting")
        )
        .prefetch_related(
            Prefetch(
                "working_groups",
                queryset=WorkingGroup.objects.select_related("body").order_by("pk"),
            )
        )
        .get(pk=assignment_id)
    )


def working_groups_listed(
    *,
    viewer: AnyUser,
    structure: str | None = None,
    created_by: int | None = None,
    review_due: bool | None = None,
    today: datetime.date | None = None,
) -> QuerySet[WorkingGroup]:
    """The working groups the viewer may see, next review first, with their member count;
    `structure` is a slug. One query."""
    found = readable_working_groups(viewer)
    if structure:
        found = found.filter(body__structure__slug=structure)
    if created_by:
        found = found.filter(created_by_body_id=created_by)
    if review_due is not None:
        due = Q(review_on__lte=today or local_today())
        found = found.filter(due) if review_due else found.exclude(due)
    day = today or local_today()
    # A subquery per row rather than a join and COUNT(DISTINCT): a page's count need not
    # join every membership of the structure.
    seated = (
        Membership.objects.active_on(day)
        .filter(body_id=OuterRef("body_id"))
        .order_by()
        .values("body_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        found.select_related("body__structure", "created_by_body", "assignment")
        .annotate(member_count=Coalesce(Subquery(seated), 0))
        .order_by("review_on", "pk")
    )


def working_group_members(*, working_group: WorkingGroup) -> list[Membership]:
    day = local_today()
    return list(
        Membership.objects.active_on(day)
        .filter(body=working_group.body)
        .select_related("person", "principal")
        .order_by("person__last_name", "person__first_name")
    )


# --- For the forms --------------------------------------------------------------------------


def structure_people(*, structure: Structure, also: Collection[int] = ()) -> QuerySet[Person]:
    """Everyone with a seat, now or before, in a body of the structure, and the people in
    `also` (those an assignment already names), by name."""
    seated = Membership.objects.filter(body__structure=structure).values("person")
    return Person.objects.filter(Q(pk__in=seated) | Q(pk__in=list(also))).order_by(
        "last_name", "first_name", "pk"
    )


def bodies_below(*, body: Body) -> list[Body]:
    """Every body under `body` in its structure's tree, in tree order (one query)."""
    bodies = list(Body.objects.filter(structure_id=body.structure_id).order_by("position", "name"))
    children: dict[int | None, list[Body]] = {}
    for candidate in bodies:
        children.setdefault(candidate.parent_id, []).append(candidate)
    found: list[Body] = []
    stack = list(reversed(children.get(body.pk, [])))
    while stack:
        current = stack.pop()
        if current.pk in {b.pk for b in found}:
            continue
        found.append(current)
        stack.extend(reversed(children.get(current.pk, [])))
    return found


def structure_bodies(*, structure: Structure, only: Collection[int] | None = None) -> list[Body]:
    """The structure's bodies by position, or those of them in `only`."""
    bodies = Body.objects.filter(structure=structure)
    if only is not None:
        bodies = bodies.filter(pk__in=only)
    return list(bodies.order_by("position", "name"))


# --- The meeting page ----------------------------------------------------------------------


@dataclass
class MeetingAssignments:
    """What a body's meeting on `day` has to take up: the assignments it has been given and
    is working on, and the report-backs it is to receive (due by the day, or delivered and
    not yet accepted)."""

    received: list[Assignment] = field(default_factory=list)
    reports: list[Assignment] = field(default_factory=list)


def assignments_for_meeting(*, body: Body, day: datetime.date) -> MeetingAssignments:
    """One query, whatever the number of assignments."""
    rows = Assignment.objects.filter(
        Q(to_body=body, status__in=OPEN_ASSIGNMENT_STATUSES)
        | Q(report_to=body, status=AssignmentStatus.REPORTED)
        | Q(report_to=body, status__in=OPEN_ASSIGNMENT_STATUSES, due_on__lte=day)
    ).select_related("given_by", "to_body", "to_person", "report_to")
    found = MeetingAssignments()
    for row in rows.order_by("due_on", "pk"):
        if row.to_body_id == body.pk and row.status in OPEN_ASSIGNMENT_STATUSES:
            found.received.append(row)
        if row.report_to_id == body.pk and (
            row.status == AssignmentStatus.REPORTED or row.due_on <= day
        ):
            found.reports.append(row)
    return found
