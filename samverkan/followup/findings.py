"""The activity plans' rules for the charter check (collected by `samverkan.lib.findings`).

- `followup.activity_plan_revision`: the yearly revision of the activity plan is a dated
  duty. For a body whose charter in force has a yearly duty about the activity plan (002,
  Skåne's operative group: "årligen delta i revideringen av den lokala aktivitetsplanen")
  and for every body that keeps a plan: due soon within `REVISION_WINDOW` of the plan's
  `revise_by`, overdue once it has passed without a revision; a body whose charter
  requires a plan and has none for the year is a finding too (overdue from 1 March, noted
  before). Responsible: the body's chair and secretary (or the charter's conveners), else
  the structure's coordinators.
- `followup.activity_overdue`: an activity of a body's current plan past its due date and
  not done or cancelled. Responsible: its owner when a person with an email, else the body's chair and
  secretary, else the coordinators.

A fixed number of queries for the whole installation, however many plans and activities.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator

from django.db.models import Exists, OuterRef
from django.urls import reverse

from samverkan.followup.models import Activity, ActivityPlan
from samverkan.followup.selectors.plans import FINISHED_STATUSES, charter_requires_plan
from samverkan.lib.findings import Finding, Responsible, Severity, register
from samverkan.lib.swedish import count_text, date_text
from samverkan.meetings.access import CONVENER_ROLES
from samverkan.structure.findings_support import (
    and_list,
    charters_in_force,
    cite,
    coordinator_of,
    coordinators,
    people_responsible,
)
from samverkan.structure.models import Body, Charter, Membership, Role

PLAN_REVISION = "followup.activity_plan_revision"
ACTIVITY_OVERDUE = "followup.activity_overdue"
REVISION_WINDOW = datetime.timedelta(days=30)
# A body whose charter requires a plan should have this year's by then.
PLAN_EXPECTED_BY = (3, 1)


def _keepers(
    bodies: Collection[Body], charters: dict[int, Charter], today: datetime.date
) -> dict[int, list[Membership]]:
    """Per body id: the memberships of the people who keep its plan today (chair, secretary, the charter's
    conveners). One query."""
    wanted: dict[int, frozenset[str]] = {}
    for body in bodies:
        charter = charters.get(body.pk)
        conveners = CONVENER_ROLES.get(charter.convener, frozenset()) if charter else frozenset()
        wanted[body.pk] = frozenset({Role.CHAIR, Role.SECRETARY}) | conveners
    people: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.active_on(today)
        .filter(body_id__in=list(wanted))
        .select_related("person")
        .order_by("role", "person__last_name")
    ):
        if m.role in wanted[m.body_id]:
            people.setdefault(m.body_id, []).append(m)
    return people


def _responsible(
    body: Body, keepers: dict[int, list[Membership]], coordinators_found: dict[int, Responsible]
) -> Responsible:
    memberships = keepers.get(body.pk)
    if memberships:
        roles = list(dict.fromkeys(Role(m.role).label.lower() for m in memberships))
        return people_responsible(and_list(roles), [m.person for m in memberships])
    return coordinator_of(coordinators_found, body.structure_id)


def _plan_url(plan: ActivityPlan) -> str:
    return reverse("followup:plan", args=[plan.pk])


@register(PLAN_REVISION)
def activity_plan_revision(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Aktivitetsplanen ska revideras varje år (och finnas, där uppdragsbeskrivningen kräver den)."""
    charters = {c.body_id: c for c in charters_in_force(today=today, structure_ids=structure_ids)}
    required = {body_id for body_id, c in charters.items() if charter_requires_plan(c)}
    plans_query = ActivityPlan.objects.filter(year=today.year).exclude(body__end_date__lt=today)
    if structure_ids is not None:
        plans_query = plans_query.filter(body__structure_id__in=list(structure_ids))
    plans = {p.body_id: p for p in plans_query.select_related("body__structure")}
    bodies = {body_id: p.body for body_id, p in plans.items()}
    bodies.update({body_id: charters[body_id].body for body_id in required})
    if not bodies:
        return
    keepers = _keepers(bodies.values(), charters, today)
    found_coordinators = coordinators(structure_ids={b.structure_id for b in bodies.values()})
    for body_id, body in sorted(bodies.items(), key=lambda pair: pair[1].name):
        charter = charters.get(body_id)
        citation = cite(charter, "duties") if body_id in required else ""
        who = _responsible(body, keepers, found_coordinators)
        plan = plans.get(body_id)
        if plan is None:
            expected = datetime.date(today.year, *PLAN_EXPECTED_BY)
            yield Finding(
                rule=PLAN_REVISION,
                severity=Severity.OVERDUE if today >= expected else Severity.NOTED,
                message=(
                    f"{body.name} har ingen aktivitetsplan för {today.year}, och "
                    "uppdragsbeskrivningen säger att planen ska revideras varje år."
                ),
                structure_id=body.structure_id,
                body_id=body_id,
                subject=body.name,
                url=reverse("followup:plan_body", args=[body.structure.slug, body.key]),
                citation=citation,
                due_on=expected,
                responsible=who,
                about=f"activity_plan:{body_id}:{today.year}:missing",
            )
            continue
        if plan.revised_on is not None and plan.revised_on.year == today.year:
            continue  # this year's revision is done
        due = plan.revise_by
        if due is None and body_id in required:
            due = datetime.date(today.year, 12, 31)
        if due is None or due - today > REVISION_WINDOW:
            continue
        late = due < today
        name = f"Aktivitetsplanen {plan.year} för {body.name}"
        if late:
            days = count_text((today - due).days, "dag", "dagar")
            message = (
                f"{name} skulle ha reviderats senast {date_text(due)} och är {days} försenad; "
                "ingen revidering är registrerad."
            )
        else:
            message = f"{name} ska revideras senast {date_text(due)}."
        yield Finding(
            rule=PLAN_REVISION,
            severity=Severity.OVERDUE if late else Severity.DUE_SOON,
            message=message,
            structure_id=body.structure_id,
            body_id=body_id,
            subject=body.name,
            url=_plan_url(plan),
            citation=citation,
            due_on=due,
            responsible=who,
            about=f"activity_plan:{plan.pk}:revision:{due.isoformat()}",
        )


@register(ACTIVITY_OVERDUE)
def activity_overdue(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """En aktivitet i en aktivitetsplan som inte är klar eller struken efter sitt slutdatum."""
    # Only the body's current plan counts: what an older plan left unfinished was carried
    # over to (or dropped from) the plan that followed it.
    newer_plan = ActivityPlan.objects.filter(
        body_id=OuterRef("plan__body_id"), year__gt=OuterRef("plan__year"), year__lte=today.year
    )
    rows = (
        Activity.objects.filter(due_on__lt=today)
        .exclude(status__in=FINISHED_STATUSES)
        .exclude(plan__body__end_date__lt=today)
        .exclude(Exists(newer_plan))
        .select_related("plan__body__structure", "owner")
    )
    if structure_ids is not None:
        rows = rows.filter(plan__body__structure_id__in=list(structure_ids))
    activities = list(rows.order_by("due_on", "pk"))
    if not activities:
        return
    bodies = {a.plan.body_id: a.plan.body for a in activities}
    charters = {
        c.body_id: c
        for c in Charter.objects.in_force()
        .filter(body_id__in=list(bodies))
        .only("body_id", "convener")
    }
    keepers = _keepers(bodies.values(), charters, today)
    found_coordinators = coordinators(structure_ids={b.structure_id for b in bodies.values()})
    for activity in activities:
        body = activity.plan.body
        owner = activity.owner
        if owner is not None and owner.email:
            who = people_responsible("ansvarig", [owner])
        else:
            who = _responsible(body, keepers, found_coordinators)
        due = activity.due_on
        assert due is not None
        days = count_text((today - due).days, "dag", "dagar")
        yield Finding(
            rule=ACTIVITY_OVERDUE,
            severity=Severity.OVERDUE,
            message=(
                f"Aktiviteten ”{activity.title}” i {body.name}s aktivitetsplan {activity.plan.year} "
                f"skulle vara klar senast {date_text(due)} och är {days} försenad "
                f"({activity.get_status_display().lower()})."
            ),
            structure_id=body.structure_id,
            body_id=body.pk,
            subject=body.name,
            url=_plan_url(activity.plan),
            due_on=due,
            responsible=who,
            about=f"activity:{activity.pk}:{due.isoformat()}",
        )
