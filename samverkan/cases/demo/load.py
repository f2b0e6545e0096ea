"""The whole cases demo, one structure at a time."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.demo.assignments import ASSIGNMENTS
from samverkan.cases.demo.common import Demo, attempt
from samverkan.cases.demo.decisions import register_decision_bodies, route_and_decide
from samverkan.cases.demo.stories import STORIES, Made
from samverkan.cases.models import (
    DECIDED_STATES,
    Assignment,
    AssignmentStatus,
    Case,
    CaseStatus,
    CaseStep,
    PrincipalDecision,
    Recommendation,
    WorkingGroup,
)
from samverkan.lib.localtime import local, local_today
from samverkan.minutes.demo.load import QUIET_MAIL
from samverkan.structure.demo import demo_mark, demo_structures
from samverkan.structure.models import DemoPart, Structure


@dataclass
class StructureCounts:
    name: str
    slug: str
    cases: Counter[str] = field(default_factory=Counter)
    recommendations: int = 0
    routed: int = 0
    decided: int = 0
    open: int = 0
    assignments: Counter[str] = field(default_factory=Counter)
    working_groups: int = 0
    refused: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, structure: Structure) -> StructureCounts:
        counts = cls(structure.name, structure.slug)
        counts.cases.update(
            Case.objects.filter(structure=structure).values_list("status", flat=True)
        )
        recommendations = Recommendation.objects.filter(structure=structure)
        counts.recommendations = recommendations.count()
        counts.routed = recommendations.filter(routed_at__isnull=False).count()
        decisions = PrincipalDecision.objects.filter(recommendation__structure=structure)
        counts.decided = decisions.filter(state__in=DECIDED_STATES).count()
        counts.open = decisions.exclude(state__in=DECIDED_STATES).count()
        counts.assignments.update(
            Assignment.objects.filter(structure=structure).values_list("status", flat=True)
        )
        counts.working_groups = WorkingGroup.objects.filter(body__structure=structure).count()
        return counts

    def line(self) -> str:
        cases = ", ".join(
            f"{n} {str(CaseStatus(s).label).lower()}" for s, n in sorted(self.cases.items())
        )
        assignments = ", ".join(
            f"{n} {str(AssignmentStatus(s).label).lower()}"
            for s, n in sorted(self.assignments.items())
        )
        return (
            f"{self.name}: {sum(self.cases.values())} ärenden ({cases or '–'}); "
            f"{self.recommendations} rekommendationer, {self.routed} expedierade, "
            f"{self.decided} huvudmansbeslut fattade och {self.open} öppna; "
            f"{sum(self.assignments.values())} uppdrag ({assignments or '–'}); "
            f"{self.working_groups} arbetsgrupper. Balanslistan: "
            f"{reverse('cases:balance_list', args=[self.slug])}"
        )


@dataclass
class DemoCasesReport:
    loaded: list[StructureCounts] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.loaded:
            return "Demons ärenden finns redan."
        lines = ["Ärenden, rekommendationer och uppdrag i demon:"]
        for counts in self.loaded:
            lines.append(f"  {counts.line()}")
            lines += [f"    Gick inte: {why}" for why in counts.refused]
        if self.skipped:
            lines.append(f"  Har redan ärenden och lämnades som de var: {', '.join(self.skipped)}.")
        return "\n".join(lines)


def demo_cases(*, today: datetime.date | None = None) -> DemoCasesReport:
    """Load the cases demo in each of the demo's own structures, once (so loading it twice
    changes nothing, and a structure created through the pages or the API is never
    touched); one that has cases of its own already is left as it is. Returns what each
    structure got."""
    today = today or local_today()
    report = DemoCasesReport()
    for structure in (
        demo_structures(not_yet=DemoPart.CASES).select_related("region").order_by("name")
    ):
        if Case.objects.filter(structure=structure).exists():
            report.skipped.append(structure.name)
            demo_mark(DemoPart.CASES, structures=[structure])
            continue
        # Routing emails every registrar; they stay in memory instead of flooding the
        # console of `make run` (as the minutes demo's approval requests do).
        demo = Demo.of(structure, today)
        with override_settings(MAILERS=QUIET_MAIL), transaction.atomic():
            _load(demo)
            demo_mark(DemoPart.CASES, structures=[structure])
        counts = StructureCounts.of(structure)
        counts.refused = demo.refused
        report.loaded.append(counts)
    return report


def _load(demo: Demo) -> None:
    attempt(demo, "Beslutsinstanser", lambda: register_decision_bodies(demo))
    made = Made(exactly_two=set(), county_minutes={})
    stories = STORIES.get(demo.structure.slug)
    for story in sorted(stories(demo, made) if stories else [], key=lambda s: s.day):
        attempt(demo, f"Ärende väckt {story.day}", story.run)
    attempt(
        demo, "Expediering och beslut", lambda: route_and_decide(demo, exactly_two=made.exactly_two)
    )
    assignments = ASSIGNMENTS.get(demo.structure.slug)
    if assignments is not None:
        attempt(demo, "Uppdrag och arbetsgrupper", lambda: assignments(demo, made))
    _stamp_cases(demo)


def _stamp_cases(demo: Demo) -> None:
    """The cases were created and last changed on the days their stories say."""
    now = timezone.now()
    last: dict[int, datetime.date] = {}
    for case_id, *days in CaseStep.objects.filter(case_id__in=demo.case_ids).values_list(
        "case_id", "received_on", "handled_on"
    ):
        last[case_id] = max([d for d in days if d] + [last.get(case_id, datetime.date.min)])
    for case in Case.objects.filter(pk__in=demo.case_ids):
        day = max(d for d in (last.get(case.pk), case.closed_on, case.raised_on) if d)
        Case.objects.filter(pk=case.pk).update(
            created_at=min(local(case.raised_on, 9), now),
            updated_at=min(local(day, 15), now),
        )
