"""Bulk reads of activity plans. Each runs a fixed number of queries, however many plans or
activities there are."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import Count, Prefetch, Q, QuerySet, Value, When

from samverkan.cases.models import Assignment, Case
from samverkan.followup.models import Activity, ActivityPlan, ActivityStatus
from samverkan.lib.localtime import local_today
from samverkan.structure.choices import DutyFrequency
from samverkan.structure.models import Body, Charter, Membership, Person, Structure


def activities_joined() -> QuerySet[Activity]:
    """Activities with what a page shows beside them, in the plan's order."""
    return Activity.objects.select_related(
        "owner", "case", "assignment", "assignment__to_body"
    ).order_by("position", "pk")


def plans_with_activities() -> QuerySet[ActivityPlan]:
    return ActivityPlan.objects.select_related("body", "body__structure").prefetch_related(
        Prefetch("activities", queryset=activities_joined())
    )


def plan_for_year(*, body: Body, year: int) -> ActivityPlan | None:
    """The body's plan for `year` with its activities (owner, case and assignment joined), or
    None when the body has no plan that year. Two queries."""
    return plans_with_activities().filter(body=body, year=year).first()


# --- Summaries ------------------------------------------------------------------------------

FINISHED_STATUSES = (ActivityStatus.DONE, ActivityStatus.CANCELLED)


def overdue_activities(plan: ActivityPlan, today: datetime.date) -> list[Activity]:
    """The plan's activities past their due date and not done or cancelled, from the
    prefetched activities (no query when they are prefetched)."""
    return [
        a
        for a in plan.activities.all()
        if a.due_on is not None and a.due_on < today and a.status not in FINISHED_STATUSES
    ]


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int

    @property
    def text(self) -> str:
        """ "1 klar", "2 klara": the status agreeing with the count."""
        word = self.label.lower() if self.count == 1 else PLURALS.get(self.status, self.label)
        return f"{self.count} {word.lower()}"


# The statuses' plural forms ("3 pågår" stays).
PLURALS: dict[str, str] = {
    ActivityStatus.PLANNED: "planerade",
    ActivityStatus.ONGOING: "pågår",
    ActivityStatus.DONE: "klara",
    ActivityStatus.POSTPONED: "uppskjutna",
    ActivityStatus.CANCELLED: "strukna",
}


def status_counts(plan: ActivityPlan) -> list[StatusCount]:
    """How many of the plan's (prefetched) activities are in each status, in the statuses'
    order, those with none left out."""
    counts = Counter(a.status for a in plan.activities.all())
    return [
        StatusCount(status=value, label=str(label), count=counts[value])
        for value, label in ActivityStatus.choices
        if counts[value]
    ]


def charter_requires_plan(charter: Charter | None) -> dict[str, Any] | None:
    """The charter's yearly duty about the activity plan (002: "årligen delta i revideringen
    av den lokala aktivitetsplanen"), or None."""
    if charter is None or not isinstance(charter.duties, list):
        return None
    for duty in charter.duties:
        if (
            isinstance(duty, dict)
            and duty.get("frequency") == DutyFrequency.YEARLY
            and PLAN_WORD in str(duty.get("what", "")).casefold()
        ):
            return duty
    return None


PLAN_WORD = "aktivitetsplan"


@dataclass(frozen=True)
class OverviewRow:
    body: Body
    plan: ActivityPlan | None
    required: bool  # the charter has a yearly duty about the plan
    activities: int
    done: int
    overdue: int

    @property
    def revised(self) -> bool:
        return bool(
            self.plan and self.plan.revised_on and self.plan.revised_on.year == self.plan.year
        )


def structure_overview(
    *, structure: Structure, year: int, today: datetime.date
) -> list[OverviewRow]:
    """Every body of the structure that has not ended, with its plan for `year` (if any), its
    activities counted and whether its charter requires a plan. Three queries."""
    finished = Q(activities__status__in=FINISHED_STATUSES)
    plans = {
        p.body_id: p
        for p in ActivityPlan.objects.filter(body__structure=structure, year=year).annotate(
            n_activities=Count("activities"),
            n_done=Count("activities", filter=Q(activities__status=ActivityStatus.DONE)),
            n_overdue=Count("activities", filter=Q(activities__due_on__lt=today) & ~finished),
        )
    }
    # Only charters whose duties name the plan at all (`charter_requires_plan` decides),
    # and only the bodies with a plan or such a charter: not every body and charter of a
    # structure of 800 groups.
    charters = {
        c.body_id: c
        for c in Charter.objects.in_force()
        .filter(body__structure=structure, duties__icontains=PLAN_WORD)
        .only("body_id", "duties")
    }
    bodies = list(
        Body.objects.filter(structure=structure, pk__in=[*plans, *charters])
        .exclude(end_date__lt=today)
        .order_by("position", "name")
    )
    rows = []
    for body in bodies:
        plan = plans.get(body.pk)
        required = charter_requires_plan(charters.get(body.pk)) is not None
        if plan is None and not required:
            continue
        rows.append(
            OverviewRow(
                body=body,
                plan=plan,
                required=required,
                activities=getattr(plan, "n_activities", 0),
                done=getattr(plan, "n_done", 0),
                overdue=getattr(plan, "n_overdue", 0),
            )
        )
    return rows


def body_plans(body: Body) -> list[ActivityPlan]:
    """The body's plans, newest year first, with their activities counted. One query."""
    return list(
        ActivityPlan.objects.filter(body=body)
        .annotate(
            n_activities=Count("activities"),
            n_done=Count("activities", filter=Q(activities__status=ActivityStatus.DONE)),
        )
        .order_by("-year")
    )


@dataclass(frozen=True)
class PlanChoices:
    """What an activity may name: the structure's people, cases and assignments."""

    people: list[Person]
    cases: list[Case]
    assignments: list[Assignment]


# How many cases and assignments an activity form offers: the body's own first, then the
# newest of the structure's (a coordinator may read a thousand at national scale); others
# through the API.
OFFERED = 40


def plan_choices(
    *,
    body: Body,
    cases: QuerySet[Case],
    assignments: QuerySet[Assignment],
    keep: Activity | None = None,
    wanted_case: int | None = None,
    wanted_assignment: int | None = None,
) -> PlanChoices:
    """The body's people, and of `cases` and `assignments` (those the editor may link,
    from `access.plans`) what is offered: at most `OFFERED` of each, the body's own (and the
    ones sent in a form, `wanted_*`) first, then the newest. `keep`'s own case and
    assignment stay offered so that saving the activity does not drop them. Three queries
    (and those finding the caller's roles for `cases` and `assignments`)."""
    own_case = Q(raised_in=body) | Q(current_body=body) | Q(pk=wanted_case or 0)
    offered_cases: list[Case] = list(
        cases.annotate(
            offered_first=DbCase(When(own_case, then=Value(0)), default=Value(1))
        ).order_by("offered_first", "-raised_on", "-pk")[:OFFERED]
    )
    own_assignment = (
        Q(given_by=body) | Q(to_body=body) | Q(report_to=body) | Q(pk=wanted_assignment or 0)
    )
    offered_assignments: list[Assignment] = list(
        assignments.annotate(
            offered_first=DbCase(When(own_assignment, then=Value(0)), default=Value(1))
        ).order_by("offered_first", "-given_on", "-pk")[:OFFERED]
    )
    # Kept but not readable by the editor (a coordinator linked it): offered under a name
    # that tells nothing about it (`ActivityForm` reads `unreadable`).
    if keep is not None and keep.case is not None and keep.case not in offered_cases:
        keep.case.unreadable = True  # type: ignore[attr-defined]
        offered_cases.append(keep.case)
    if (
        keep is not None
        and keep.assignment is not None
        and keep.assignment not in offered_assignments
    ):
        keep.assignment.unreadable = True  # type: ignore[attr-defined]
        offered_assignments.append(keep.assignment)
    # The body's own people (and the activity's owner): not the structure's thousands, so
    # the page stays the same size however large the structure; the API may name anyone in
    # the structure.
    people = list(
        Person.objects.filter(
            pk__in=Membership.objects.active_on(local_today()).filter(body=body).values("person_id")
        ).order_by("last_name", "first_name", "pk")
    )
    if keep is not None and keep.owner is not None and keep.owner not in people:
        people.append(keep.owner)
    return PlanChoices(
        people=people,
        cases=offered_cases,
        assignments=offered_assignments,
    )
