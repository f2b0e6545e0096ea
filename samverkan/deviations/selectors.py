"""Bulk reads of deviations: the filtered list and the summary per period. Each runs a fixed
number of queries, however many deviations there are."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from samverkan.deviations.access import readable_deviations
from samverkan.deviations.models import OPEN_STATUSES, Deviation, DeviationHandler
from samverkan.lib.users import AnyUser
from samverkan.structure.models import Body, Structure


def deviations_listed(
    *,
    viewer: AnyUser,
    structure: Structure | None = None,
    status: str | None = None,
    category: int | None = None,
    principal: int | None = None,
    overdue: bool | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    today: datetime.date,
) -> QuerySet[Deviation]:
    """What `viewer` may read, newest first. `principal` matches either side."""
    rows = readable_deviations(viewer)
    if structure is not None:
        rows = rows.filter(structure=structure)
    if status:
        rows = rows.filter(status=status)
    if category:
        rows = rows.filter(category_id=category)
    if principal:
        rows = rows.filter(
            Q(reporting_principal_id=principal) | Q(concerned_principal_id=principal)
        )
    if overdue is not None:
        late = Q(status__in=OPEN_STATUSES, answer_due__lt=today)
        rows = rows.filter(late) if overdue else rows.exclude(late)
    if period_from:
        rows = rows.filter(reported_on__gte=period_from)
    if period_to:
        rows = rows.filter(reported_on__lte=period_to)
    return rows.select_related(
        "structure", "category", "reporting_principal", "concerned_principal"
    ).order_by("-reported_at", "-pk")


def concerned_handler(deviation: Deviation) -> DeviationHandler | None:
    """The handler of the principal the deviation concerns, with their user (one query)."""
    return (
        DeviationHandler.objects.filter(
            structure_id=deviation.structure_id, principal_id=deviation.concerned_principal_id
        )
        .select_related("user")
        .first()
    )


@dataclass(frozen=True)
class Row:
    name: str
    total: int
    open: int
    overdue: int


@dataclass(frozen=True)
class Summary:
    """Counts for a period: per category and per principal (concerned and reporting)."""

    structure: Structure
    body: Body | None
    period_from: datetime.date | None
    period_to: datetime.date | None
    # The period widened to whole months, for readers who see counts only.
    whole_months: bool = False
    total: int = 0
    open: int = 0
    overdue: int = 0
    categories: list[Row] = field(default_factory=list)
    concerned: list[Row] = field(default_factory=list)
    reporting: list[Row] = field(default_factory=list)


def summary_rows(
    *,
    structure: Structure,
    body: Body | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
) -> QuerySet[Deviation]:
    """The deviations a summary counts: the structure's, for a local group (a body with a
    municipality) those its municipality reported or is concerned by."""
    rows = Deviation.objects.filter(structure=structure)
    if body is not None and body.municipality_id:
        rows = rows.filter(
            Q(reporting_principal_id=body.municipality_id)
            | Q(concerned_principal_id=body.municipality_id)
        )
    if period_from:
        rows = rows.filter(reported_on__gte=period_from)
    if period_to:
        rows = rows.filter(reported_on__lte=period_to)
    return rows


def deviation_summary(
    *,
    structure: Structure,
    today: datetime.date,
    body: Body | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    whole_months: bool = False,
) -> Summary:
    """Three grouped queries, however many deviations. With `whole_months` the period
    starts on the first of its month and ends on the last: counts narrowed to a day or two
    could point out a single deviation to someone who may not read it."""
    if whole_months:
        if period_from:
            period_from = period_from.replace(day=1)
        if period_to:
            last = calendar.monthrange(period_to.year, period_to.month)[1]
            period_to = period_to.replace(day=last)
    rows = summary_rows(
        structure=structure, body=body, period_from=period_from, period_to=period_to
    )
    counts = {
        "total": Count("pk"),
        "open": Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        "overdue": Count("pk", filter=Q(status__in=OPEN_STATUSES, answer_due__lt=today)),
    }

    def grouped(name_field: str) -> list[Row]:
        found = rows.values(name_field).annotate(**counts).order_by("-total", name_field)
        return [Row(r[name_field], r["total"], r["open"], r["overdue"]) for r in found]

    by_category = grouped("category__name")
    by_concerned = grouped("concerned_principal__name")
    by_reporting = grouped("reporting_principal__name")
    return Summary(
        structure=structure,
        body=body,
        period_from=period_from,
        period_to=period_to,
        whole_months=whole_months,
        total=sum(r.total for r in by_category),
        open=sum(r.open for r in by_category),
        overdue=sum(r.overdue for r in by_category),
        categories=by_category,
        concerned=by_concerned,
        reporting=by_reporting,
    )
