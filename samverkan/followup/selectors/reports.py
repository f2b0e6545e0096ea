"""Bulk reads of periodic reports for the lists: a fixed number of queries however many
reports there are."""

from __future__ import annotations

from django.db.models import QuerySet

from samverkan.followup.access.reports import public_reports, readable_reports
from samverkan.followup.models import PeriodicReport
from samverkan.lib.users import AnyUser
from samverkan.structure.models import Body

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
    return list(reports_listed(viewer=viewer, to_body=body.pk))


def public_reports_of(body: Body) -> list[PeriodicReport]:
    """The body's delivered public reports, for its public page."""
    return list(
        public_reports()
        .filter(body=body)
        .select_related("body", "to_body")
        .order_by("-period_end", "pk")
    )
