"""Bulk reads of periodic reports for the lists: a fixed number of queries however many
reports there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from samverkan.followup.access.reports import (
    WRITER_ROLES,
    public_reports,
    readable_reports,
    writer_body_ids,
)
from samverkan.followup.models import PeriodicReport, ReportPeriod, ReportStatus
from samverkan.lib.users import AnyUser
from samverkan.structure.findings import due_dates
from samverkan.structure.models import (
    Body,
    CharterStatus,
    ReportFrequency,
    ReportingDuty,
)

# The current period shows on the start page this long before it ends (or once a report
# for it is under way); the last period until its report is delivered.
DUE_AHEAD = datetime.timedelta(days=60)

LISTED = ("body", "body__structure", "to_body", "to_body__structure", "agenda_item__meeting")


def reports_listed(
    *,
    viewer: AnyUser,
    body: int | None = None,
    to_body: int | None = None,
    status: str | None = None,
) -> QuerySet[PeriodicReport]:
    """What `viewer` may read, newest period first."""
    rows = readable_reports(viewer)
    if body:
        rows = rows.filter(body_id=body)
    if to_body:
        rows = rows.filter(to_body_id=to_body)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related(*LISTED).order_by("-period_end", "body__name", "pk")


def reports_of(*, viewer: AnyUser, body: Body) -> list[PeriodicReport]:
    return list(reports_listed(viewer=viewer, body=body.pk))


def reports_received(*, viewer: AnyUser, body: Body) -> list[PeriodicReport]:
    """The delivered reports `body` has received: a draft is the sender's, not yet the
    receiver's."""
    return list(reports_listed(viewer=viewer, to_body=body.pk, status=ReportStatus.DELIVERED))


def receives_reports(body: Body) -> bool:
    """Whether `body` is the receiver of an in-force reporting duty or has received a
    report; a local group that never receives any has no "Mottagna" page to link. Two
    queries at most."""
    return (
        ReportingDuty.objects.filter(
            to_body=body,
            charter__status=CharterStatus.IN_FORCE,
            frequency__in=[ReportFrequency.PER_TERM, ReportFrequency.YEARLY],
        ).exists()
        or PeriodicReport.objects.filter(to_body=body).exists()
    )


@dataclass(frozen=True)
class ReportDue:
    """A period a reporting duty asks a report for, not delivered yet."""

    duty: ReportingDuty
    body: Body
    period: str  # "vt", "ht" or "year", as `generate_report` takes it
    year: int
    label: str  # "VT 2026", "2025"
    due_on: datetime.date
    overdue: bool
    report: PeriodicReport | None  # the draft or approved report under way, if any


def _period_of(frequency: str, due_on: datetime.date) -> tuple[str, str, datetime.date]:
    """(period key, label, first day) of the period that ends on `due_on`."""
    if frequency == ReportFrequency.YEARLY:
        return "year", str(due_on.year), datetime.date(due_on.year, 1, 1)
    if due_on.month == 6:
        return "vt", f"VT {due_on.year}", datetime.date(due_on.year, 1, 1)
    return "ht", f"HT {due_on.year}", datetime.date(due_on.year, 7, 1)


def reports_to_deliver(
    *, user: AnyUser, today: datetime.date, roles: dict[int, set[str]] | None = None
) -> list[ReportDue]:
    """For the bodies where `user` is chair or secretary: each in-force duty to report per
    term or yearly whose last period (due already) or current period (ending within
    `DUE_AHEAD`, or with a report under way) has no delivered report. Three queries
    however many bodies and duties; two when the caller has read the user's current
    `roles` per body id (`body_roles`) already."""
    if roles is None:
        bodies = writer_body_ids(user)
    else:
        bodies = {pk for pk, held in roles.items() if held & WRITER_ROLES}
    if not bodies:
        return []
    duties = list(
        ReportingDuty.objects.filter(
            charter__body_id__in=bodies,
            charter__status=CharterStatus.IN_FORCE,
            frequency__in=[ReportFrequency.PER_TERM, ReportFrequency.YEARLY],
        )
        .exclude(charter__body__end_date__lt=today)
        .select_related("charter__body__structure", "to_body")
        .order_by("charter__body__name", "pk")
    )
    if not duties:
        return []
    wanted = {(d.pk, day) for d in duties for day in due_dates(d.frequency, today)}
    reports: dict[tuple[int, int, datetime.date], PeriodicReport] = {
        (r.body_id, r.to_body_id, r.period_end): r
        for r in PeriodicReport.objects.filter(
            body_id__in={d.charter.body_id for d in duties},
            period_end__in={day for _, day in wanted},
        ).order_by()
    }
    due: list[ReportDue] = []
    for duty in duties:
        body = duty.charter.body
        for day in due_dates(duty.frequency, today):
            report = reports.get((body.pk, duty.to_body_id, day))
            kind = ReportPeriod.YEAR if duty.frequency == ReportFrequency.YEARLY else "term"
            if report is not None and (
                report.status == ReportStatus.DELIVERED or report.period != kind
            ):
                continue
            overdue = day < today
            if not overdue and day - today > DUE_AHEAD and report is None:
                continue
            period, label, first = _period_of(duty.frequency, day)
            if first > today:
                continue
            due.append(
                ReportDue(
                    duty=duty,
                    body=body,
                    period=period,
                    year=day.year,
                    label=label,
                    due_on=day,
                    overdue=overdue,
                    report=report,
                )
            )
    return due


def public_reports_of(body: Body) -> list[PeriodicReport]:
    """The body's delivered public reports, for its public page."""
    return list(
        public_reports()
        .filter(body=body)
        .select_related("body", "to_body")
        .order_by("-period_end", "pk")
    )
