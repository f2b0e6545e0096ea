"""Reading cases: a structure's or a body's cases with filters, and a case's timeline across
bodies and meetings. Each runs a fixed number of queries however many rows it returns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case as DbCase
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.access import readable_cases, readable_recommendations
from samverkan.cases.models import (
    FINAL_CASE_STATUSES,
    Case,
    CaseStep,
    Recommendation,
    StepRole,
)
from samverkan.cases.selectors.recommendations import decided_text, with_counts
from samverkan.cases.services.cases_steps import open_step
from samverkan.lib.localtime import meeting_day
from samverkan.lib.users import AnyUser
from samverkan.meetings.models import OPEN_STATUSES, Meeting
from samverkan.minutes.access import is_published, readable_minutes
from samverkan.structure.models import Body, Structure

# The list's "state" filter: not finally handled, or finally handled.
OPEN, HANDLED = "open", "handled"


def cases_listed(
    *,
    viewer: AnyUser,
    structure: Structure | str | None = None,
    body: int | None = None,
    status: str | None = None,
    state: str | None = None,
    year: int | None = None,
) -> QuerySet[Case]:
    """The cases `viewer` may read, newest first, filtered by structure (or its slug), a body
    (raised there or handled there at some point), status, state (`open`/`handled`) and the
    year the case was raised."""
    cases = readable_cases(viewer).select_related("structure", "raised_in", "current_body")
    if isinstance(structure, Structure):
        cases = cases.filter(structure=structure)
    elif structure:
        cases = cases.filter(structure__slug=structure)
    if body is not None:
        cases = cases.filter(
            Q(raised_in_id=body)
            | Q(Exists(CaseStep.objects.filter(case=OuterRef("pk"), body_id=body)))
        )
    if status:
        cases = cases.filter(status=status)
    if state == OPEN:
        cases = cases.exclude(status__in=FINAL_CASE_STATUSES)
    elif state == HANDLED:
        cases = cases.filter(status__in=FINAL_CASE_STATUSES)
    if year is not None:
        cases = cases.filter(raised_on__year=year)
    return cases.order_by("-raised_on", "-pk")


def case_years(*, structure: Structure) -> list[int]:
    """The years cases were raised in the structure, newest first, for the year filter."""
    return sorted(
        {day.year for day in Case.objects.filter(structure=structure).dates("raised_on", "year")},
        reverse=True,
    )


def structure_bodies(*, structure: Structure) -> list[Body]:
    return list(Body.objects.filter(structure=structure).order_by("position", "name"))


# How many bodies a case's forms offer to send it to (a large structure has hundreds).
NEAR_LIMIT = 40


def bodies_near(*, case: Case, steps: list[CaseStep], limit: int = NEAR_LIMIT) -> list[Body]:
    """The bodies a case may be sent on to from where it is, nearest first: the holder's
    commissioning body and the bodies the case has been in, then the holder's own bodies
    (AU, committees, working groups), then those beside it; at most `limit`, in tree
    order. One query, however many bodies the structure has."""
    holder = case.current_body
    been = {s.body_id for s in steps} | {case.raised_in_id}
    near = DbCase(
        When(Q(pk=holder.parent_id) | Q(pk__in=been), then=Value(0)),
        When(parent_id=holder.pk, then=Value(1)),
        When(parent_id=holder.parent_id, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    found = list(
        Body.objects.filter(structure_id=case.structure_id)
        .exclude(pk=holder.pk)
        .annotate(near=near)
        .order_by("near", "position", "name")[:limit]
    )
    return sorted(found, key=lambda b: (b.position, b.name))


def case_steps(*, case: Case) -> list[CaseStep]:
    """The case's steps in order, with what the timeline shows of each, in one query."""
    steps = list(
        CaseStep.objects.filter(case=case)
        .select_related("body", "body__structure", "meeting", "agenda_item", "minutes")
        .order_by("position", "pk")
    )
    for step in steps:
        step.case = case
    return steps


@dataclass(frozen=True)
class TimelineStep:
    """One body's handling of a case, as the timeline shows it."""

    step: CaseStep
    is_open: bool
    meeting_day: datetime.date | None
    # The minutes where the handling is recorded, if the viewer may read them: the
    # published version's address, or the working page's for those who read drafts.
    minutes_url: str

    @property
    def outcome_label(self) -> str:
        if self.step.outcome:
            return str(self.step.get_outcome_display())
        if self.step.role == StepRole.INFORMATION:
            return "För kännedom"
        return "Pågår" if self.is_open else "Väntar på beredningen"


def case_timeline(
    *, case: Case, viewer: AnyUser, steps: list[CaseStep] | None = None
) -> list[TimelineStep]:
    """The case's whole way across bodies and meetings, in two queries (steps, and which of
    their minutes the viewer may read), whatever the case's state."""
    steps = case_steps(case=case) if steps is None else steps
    current = open_step(case, steps) if case.status not in FINAL_CASE_STATUSES else None
    # Asked of the case's steps in the database, so a case without minutes asks too: the
    # page's count does not depend on how far the case has come.
    of_case = CaseStep.objects.filter(case_id=case.pk, minutes__isnull=False).values("minutes_id")
    readable = set(readable_minutes(viewer).filter(pk__in=of_case).values_list("pk", flat=True))
    rows = []
    for step in steps:
        url = ""
        if step.minutes is not None and step.minutes_id in readable:
            if is_published(step.minutes):
                url = reverse(
                    "minutes_public:minutes",
                    args=[step.body.structure.slug, step.body.key, step.minutes_id],
                )
            else:
                url = reverse("minutes:minutes", args=[step.minutes_id])
        rows.append(
            TimelineStep(
                step=step,
                is_open=step is current,
                meeting_day=meeting_day(step.meeting) if step.meeting else None,
                minutes_url=url,
            )
        )
    return rows


@dataclass(frozen=True)
class CaseRecommendation:
    """A recommendation to the principals that the case became, and how far they have got."""

    recommendation: Recommendation
    decided_text: str


def case_recommendations(
    *, case: Case, viewer: AnyUser, steps: list[CaseStep]
) -> list[CaseRecommendation]:
    """What the case became at the principals, as far as `viewer` may read it: one query, also
    for a case that was never recommended (most cases), so that the page's count does not
    depend on the case's state."""
    found = (
        with_counts(readable_recommendations(viewer).filter(case=case))
        .select_related("body")
        .order_by("decided_on", "pk")
    )
    return [
        CaseRecommendation(r, decided_text(r.decided_count, r.principal_count))  # type: ignore[attr-defined]
        for r in found
    ]


def coming_meetings(*, body: Body, limit: int = 20) -> list[Meeting]:
    """The body's meetings still ahead whose agenda may change, soonest first."""
    return list(
        Meeting.objects.filter(body=body, status__in=OPEN_STATUSES, starts_at__gt=timezone.now())
        .select_related("body")
        .order_by("starts_at")[:limit]
    )


def case_step_of_items(*, item_ids: list[int]) -> dict[int, CaseStep]:
    """The case step of each agenda item that is one, by agenda item id, in one query."""
    if not item_ids:
        return {}
    return {
        step.agenda_item_id: step
        for step in CaseStep.objects.filter(agenda_item_id__in=item_ids).select_related("case")
        if step.agenda_item_id is not None
    }
