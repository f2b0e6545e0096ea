"""The facts of a periodic report: what the system knows about a body for a period, read in
bulk and rendered once to HTML from `templates/followup/reports/facts/`. The HTML is frozen
in the report's sections, so a delivered report never changes when the data behind it does.

Deviations are counted, never described (their details are for the handlers only);
statistics are drawn as inline SVG with a table of the same numbers beside each chart.

A public report (published on the body's public page once delivered) holds only what the
public may read anyway: decisions from published minutes (masked as they are published),
public recommendations and cases, public indicators without their small counts, public
governing documents; assignments and the activity plan, which the public never sees, only as
counts per status.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string

from samverkan.cases.access import public_cases, public_recommendations
from samverkan.cases.models import Assignment, Case, CaseStep, Recommendation, StepOutcome
from samverkan.deviations.selectors import deviation_summary
from samverkan.followup.selectors.plans import plan_for_year
from samverkan.governing.selectors import implementations_of
from samverkan.lib.localtime import local
from samverkan.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from samverkan.minutes.access import published_minutes
from samverkan.minutes.models import EntryKind, MinutesEntry, MinutesStatus
from samverkan.minutes.render import mask, masked_strings
from samverkan.statistics.charts import colour, time_series_svg
from samverkan.statistics.models import Indicator
from samverkan.statistics.selectors import IndicatorData, indicators_data
from samverkan.statistics.tables import series_table
from samverkan.structure.models import Body, Membership

# The sections in the order the report shows them, with their headings.
SECTIONS: list[tuple[str, str]] = [
    ("meetings", "Möten och närvaro"),
    ("decisions", "Beslut och rekommendationer"),
    ("cases", "Ärenden"),
    ("assignments", "Uppdrag"),
    ("deviations", "Avvikelser"),
    ("statistics", "Statistik"),
    ("governing", "Implementering av styrdokument"),
    ("plan", "Aktivitetsplanen"),
]
HEADINGS = dict(SECTIONS)
DECISION_KINDS = (
    EntryKind.DECISION,
    EntryKind.RECOMMENDATION,
    EntryKind.PROPOSAL,
    EntryKind.FEEDBACK,
)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """From the first day's start to the moment after the last day, Swedish time."""
        return local(self.start, 0), local(self.end + datetime.timedelta(days=1), 0)


# --- Reading ----------------------------------------------------------------------------------


def _meetings(body: Body, period: Period) -> dict[str, Any]:
    start, end = period.moments
    meetings = list(
        Meeting.objects.filter(
            body=body, status=MeetingStatus.HELD, starts_at__gte=start, starts_at__lt=end
        ).order_by("starts_at")
    )
    rows = list(
        Attendance.objects.filter(meeting__in=meetings)
        .select_related("membership__principal", "person")
        .order_by()
    )
    per_meeting: dict[int, dict[str, int]] = defaultdict(lambda: {"present": 0, "absent": 0})
    represented: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        counts = per_meeting[row.meeting_id]
        if row.status == AttendanceStatus.ATTENDED:
            counts["present"] += 1
            principal = row.membership.principal if row.membership else None
            if principal is not None:
                represented[principal.name].add(row.meeting_id)
        else:
            counts["absent"] += 1
    principals = sorted(
        {
            m.principal.name
            for m in Membership.objects.active_on(period.end)
            .filter(body=body, principal__isnull=False)
            .select_related("principal")
        }
        | set(represented)
    )
    held = len(meetings)
    return {
        "meetings": [(m, per_meeting[m.pk]) for m in meetings],
        "rates": [
            (
                name,
                len(represented[name]),
                round(100 * len(represented[name]) / held) if held else 0,
            )
            for name in principals
        ],
        "held": held,
    }


def _decisions(body: Body, period: Period, *, public: bool) -> dict[str, Any]:
    start, end = period.moments
    found = MinutesEntry.objects.filter(
        kind__in=DECISION_KINDS,
        item__minutes__meeting__body=body,
        item__minutes__meeting__starts_at__gte=start,
        item__minutes__meeting__starts_at__lt=end,
        item__minutes__status=MinutesStatus.APPROVED,
    )
    recommendations = Recommendation.objects.filter(
        body=body, decided_on__gte=period.start, decided_on__lte=period.end
    )
    if public:
        found = found.filter(item__minutes__in=published_minutes())
        recommendations = recommendations.filter(pk__in=public_recommendations().values("pk"))
    entries = list(
        found.select_related("item__minutes__meeting")
        .prefetch_related("item__minutes__holds")
        .order_by("item__minutes__meeting__starts_at", "item__position", "position")
    )
    if public:
        # As the published minutes show them: what a publication hold masked stays masked.
        for entry in entries:
            entry.text = mask(entry.text, masked_strings(entry.item.minutes))
    return {
        "entries": entries,
        "recommendations": list(recommendations.order_by("decided_on", "pk")),
    }


def _cases(body: Body, period: Period, *, public: bool) -> dict[str, Any]:
    cases = public_cases() if public else Case.objects.all()
    raised = list(
        cases.filter(
            raised_in=body, raised_on__gte=period.start, raised_on__lte=period.end
        ).order_by("raised_on", "pk")
    )
    steps = list(
        CaseStep.objects.filter(body=body, case__in=cases)
        .filter(
            Q(received_on__gte=period.start, received_on__lte=period.end)
            | Q(handled_on__gte=period.start, handled_on__lte=period.end)
        )
        .select_related("case")
        .order_by("received_on", "pk")
    )
    lifted = [s for s in steps if s.outcome == StepOutcome.LIFTED]
    handled = [s for s in steps if s.outcome != StepOutcome.LIFTED and s.case not in raised]
    return {"raised": raised, "lifted": lifted, "handled": handled}


def _status_counts(rows: list[Any]) -> list[tuple[str, int]]:
    """How many rows have each status, as (the status's name, count), most first."""
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.get_status_display()] += 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _assignments(body: Body, period: Period, *, public: bool) -> dict[str, Any]:
    rows = list(
        Assignment.objects.filter(Q(given_by=body) | Q(to_body=body))
        .filter(given_on__lte=period.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=period.start))
        .select_related("given_by", "to_body", "to_person")
        .order_by("due_on", "pk")
    )
    given = [a for a in rows if a.given_by_id == body.pk]
    received = [a for a in rows if a.to_body_id == body.pk]
    if public:
        return {
            "counts_only": True,
            "given_counts": _status_counts(given),
            "received_counts": _status_counts(received),
        }
    return {"given": given, "received": received}


def _deviations(body: Body, period: Period, today: datetime.date) -> dict[str, Any]:
    summary = deviation_summary(
        structure=body.structure,
        body=body,
        period_from=period.start,
        period_to=period.end,
        today=today,
    )
    return {"summary": summary}


def _principal_ids(body: Body, period: Period) -> set[int]:
    ids = set(
        Membership.objects.active_on(period.end)
        .filter(body=body, principal__isnull=False)
        .values_list("principal_id", flat=True)
    )
    if body.municipality_id:
        ids.add(body.municipality_id)
    return ids


def _within(data: IndicatorData, principals: set[int], period: Period) -> IndicatorData:
    """The indicator's values for the body's principals, up to the period's end."""
    series = [s for s in data.series if not principals or s.principal_id in principals]
    ids = {s.principal_id for s in series}
    # A value kept from the public still makes its period a row ("färre än 5").
    hidden = {(pid, p) for pid, p in data.suppressed if pid in ids and p <= period.end}
    kept = {p for s in series for p in s.values if p <= period.end} | {p for _, p in hidden}
    return IndicatorData(
        indicator=data.indicator,
        periods=sorted(kept),
        suppressed=hidden,
        series=[
            type(s)(
                s.principal_id, s.name, s.kind, {p: v for p, v in s.values.items() if p in kept}
            )
            for s in series
        ],
    )


def _statistics(body: Body, period: Period, prefix: str, *, public: bool) -> dict[str, Any]:
    """The structure's indicators for the body's principals; a public report shows only the
    public indicators, without the small counts they keep from the public."""
    indicators = Indicator.objects.filter(structure_id=body.structure_id)
    if public:
        indicators = indicators.filter(public=True)
    principals = _principal_ids(body, period)
    shown = []
    for data in indicators_data(list(indicators.order_by("name")), public=public):
        mine = _within(data, principals, period)
        if not mine.periods:
            continue
        chart_id = f"{prefix}-ind{data.indicator.pk}"
        # The chart shows the trend up to the period's end; the table the period's own
        # values (or, for a yearly figure not yet in, the latest one before it).
        own = [p for p in mine.periods if p >= period.start] or mine.periods[-1:]
        in_period = IndicatorData(
            indicator=mine.indicator, periods=own, series=mine.series, suppressed=mine.suppressed
        )
        shown.append(
            {
                "data": mine,
                "svg": time_series_svg(mine, chart_id),
                "table": series_table(in_period),
                # The lines' colours named beside the chart, so no line is told by colour
                # alone (the table has the numbers).
                "legend": [(s.name, colour(i)) for i, s in enumerate(mine.series)]
                if len(mine.series) > 1
                else [],
            }
        )
    return {"indicators": shown}


def _governing(body: Body, *, public: bool) -> dict[str, Any]:
    rows = implementations_of(body=body)
    if public:
        rows = [row for row in rows if row.document.public]
    return {"implementations": rows}


def _plan(body: Body, period: Period, *, public: bool) -> dict[str, Any]:
    plan = plan_for_year(body=body, year=period.end.year)
    if public and plan is not None:
        return {
            "plan": plan,
            "counts_only": True,
            "activity_counts": _status_counts(list(plan.activities.all())),
        }
    return {"plan": plan}


# --- Rendering --------------------------------------------------------------------------------


def section_facts(
    *,
    body: Body,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    prefix: str,
    public: bool = False,
) -> dict[str, str]:
    """Each section's facts as HTML, by key. `prefix` keeps the charts' ids unique on a page;
    a `public` report (published once delivered) holds only what the public may read."""
    period = Period(start, end)
    contexts: dict[str, dict[str, Any]] = {
        "meetings": _meetings(body, period),
        "decisions": _decisions(body, period, public=public),
        "cases": _cases(body, period, public=public),
        "assignments": _assignments(body, period, public=public),
        "deviations": _deviations(body, period, today),
        "statistics": _statistics(body, period, prefix, public=public),
        "governing": _governing(body, public=public),
        "plan": _plan(body, period, public=public),
    }
    return {
        key: render_to_string(
            f"followup/reports/facts/{key}.html",
            {**contexts[key], "body": body, "period_start": start, "period_end": end},
        ).strip()
        for key, _heading in SECTIONS
    }


def refreshed_sections(old: list[dict[str, str]], facts: dict[str, str]) -> list[dict[str, str]]:
    """The sections with new facts and the texts already written kept."""
    texts = {s.get("key", ""): s.get("text", "") for s in old}
    return [
        {"key": key, "heading": heading, "facts_html": facts[key], "text": texts.get(key, "")}
        for key, heading in SECTIONS
    ]
