"""Who may see and do what with periodic reports (återrapportering). Every lookup by the
pages and the API goes through here.

- Drafts and approved reports: only the reporting body's chair and secretary, the
  structure's coordinators and admins. A member of the body does not see them (003: "Ordförande
  och sekreterare lämnar kort sammanställning/rapport").
- Delivered reports: also the members of the reporting body and of the receiving body.
- Delivered public reports (the charter's duty says `public`): everyone, on the public site
  and through the API, also without logging in.
- Generating, editing, approving, reopening and delivering: the chair, the secretary and the
  coordinators.
A report a reader may not see is answered with 404: nobody learns that it exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from samverkan.followup.models import PeriodicReport, ReportStatus
from samverkan.lib.users import AnyUser
from samverkan.structure.access import (
    body_roles,
    coordinated_bodies,
    coordinated_structure_ids,
    is_admin,
)
from samverkan.structure.models import Body, Role

WRITER_ROLES = frozenset({Role.CHAIR, Role.SECRETARY})


def writer_body_ids(user: AnyUser) -> set[int]:
    """The bodies in which `user` is chair or secretary today."""
    return {pk for pk, roles in body_roles(user).items() if roles & WRITER_ROLES}


def readable_reports(user: AnyUser) -> QuerySet[PeriodicReport]:
    """The reports `user` may read on the working pages and through the API."""
    rows = PeriodicReport.objects.all()
    if is_admin(user):
        return rows
    public = Q(public=True, status=ReportStatus.DELIVERED)
    if not user.is_authenticated:
        return rows.filter(public)
    member_of = set(body_roles(user))
    return rows.filter(
        public
        # The body's id among the coordinated bodies, not a join to read its structure.
        | Q(body_id__in=coordinated_bodies(user))
        | Q(body_id__in=writer_body_ids(user))
        | Q(
            status=ReportStatus.DELIVERED,
            body_id__in=member_of,
        )
        | Q(status=ReportStatus.DELIVERED, to_body_id__in=member_of)
    )


def public_reports() -> QuerySet[PeriodicReport]:
    """What the public site shows: delivered reports the charter made public."""
    return PeriodicReport.objects.filter(public=True, status=ReportStatus.DELIVERED)


def can_write_for(user: AnyUser, body: Body) -> bool:
    """Generate and handle `body`'s reports: its chair and secretary, the coordinators."""
    if not user.is_authenticated:
        return False
    return (
        is_admin(user)
        or body.structure_id in coordinated_structure_ids(user)
        or body.pk in writer_body_ids(user)
    )


def can_list_for(user: AnyUser, body: Body) -> bool:
    """The body's list of reports (filtered to what the user may read): anyone with a role
    in it and the coordinators."""
    return can_write_for(user, body) or body.pk in body_roles(user)


def _joined(rows: QuerySet[PeriodicReport]) -> QuerySet[PeriodicReport]:
    return rows.select_related(
        "body",
        "body__structure",
        "to_body",
        "to_body__structure",
        "duty",
        "agenda_item",
        "agenda_item__meeting",
        "generated_by",
        "approved_by",
        "delivered_by",
    )


def get_report_for_read(user: AnyUser, report_id: int) -> PeriodicReport:
    found = _joined(readable_reports(user)).filter(pk=report_id).first()
    if found is None:
        raise Http404("Rapporten finns inte.")
    return found


def get_report_for_edit(user: AnyUser, report_id: int) -> PeriodicReport:
    """Edit, approve, reopen and deliver: the chair, the secretary and the coordinators."""
    found = get_report_for_read(user, report_id)
    if not can_write_for(user, found.body):
        raise PermissionDenied(
            f"Bara ordföranden och sekreteraren i {found.body.name} och koordinatorerna kan "
            "ändra, godkänna och lämna rapporten."
        )
    return found


def get_public_report(slug: str, key: str, report_id: int) -> PeriodicReport:
    found = (
        _joined(public_reports())
        .filter(pk=report_id, body__structure__slug=slug, body__key=key)
        .first()
    )
    if found is None:
        raise Http404("Rapporten finns inte.")
    return found


def body_for_writing(user: AnyUser, body: Body) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    if not can_write_for(user, body):
        raise PermissionDenied(
            f"Bara ordföranden och sekreteraren i {body.name} och koordinatorerna kan ta "
            "fram gruppens rapporter."
        )


def body_for_listing(user: AnyUser, body: Body) -> None:
    if not can_list_for(user, body):
        raise Http404("Gruppen har inga rapporter du kan läsa.")
