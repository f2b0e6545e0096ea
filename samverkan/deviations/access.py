"""Who may see and do what with deviations. Every lookup by the pages and the API goes
through here.

- The reporter sees their own deviations.
- The handlers of the two principals (reporting and concerned) and the structure's
  coordinators (and admins) see the details; the concerned principal's handler (and the
  coordinators) answer; the coordinators close and escalate, and set the structure up.
- Members of a body see only aggregates (the summary) for it; members of the body that
  follows deviations up see the structure's summary.
- Anonymous visitors see nothing but the reporting page behind the coordinator's link.
A deviation a reader may not see is answered with 404: nobody learns that it exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from samverkan.deviations.models import Deviation, DeviationHandler, DeviationSettings
from samverkan.lib.users import AnyUser
from samverkan.structure.access import (
    body_roles,
    can_edit_structure,
    coordinated_structure_ids,
    is_admin,
)
from samverkan.structure.models import Body, Structure


def _handled(user: AnyUser, principal_field: str) -> Exists:
    return Exists(
        DeviationHandler.objects.filter(
            user_id=user.pk or 0,
            structure_id=OuterRef("structure_id"),
            principal_id=OuterRef(principal_field),
        )
    )


def readable_deviations(user: AnyUser) -> QuerySet[Deviation]:
    """The deviations whose details `user` may read."""
    rows = Deviation.objects.all()
    if is_admin(user):
        return rows
    if not user.is_authenticated:
        return rows.none()
    return rows.filter(
        Q(reported_by_id=user.pk)
        | Q(structure_id__in=coordinated_structure_ids(user))
        | Q(_handled(user, "reporting_principal_id"))
        | Q(_handled(user, "concerned_principal_id"))
    )


def handled_principal_ids(user: AnyUser, structure: Structure) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        DeviationHandler.objects.filter(user_id=user.pk, structure=structure)
        .order_by()
        .values_list("principal_id", flat=True)
    )


def is_coordinator(user: AnyUser, structure: Structure) -> bool:
    return bool(user.is_authenticated and can_edit_structure(user, structure))


def can_answer(user: AnyUser, deviation: Deviation) -> bool:
    if not user.is_authenticated:
        return False
    return is_coordinator(user, deviation.structure) or deviation.concerned_principal_id in (
        handled_principal_ids(user, deviation.structure)
    )


def can_manage(user: AnyUser, deviation: Deviation) -> bool:
    """Close or escalate: the coordinators."""
    return is_coordinator(user, deviation.structure)


def can_list(user: AnyUser, structure: Structure) -> bool:
    """The structure's list of deviations (filtered to what the user may read)."""
    return bool(user.is_authenticated)


def sees_details(user: AnyUser, structure: Structure) -> bool:
    """Coordinators and handlers read single deviations; others see counts only."""
    return bool(user.is_authenticated) and (
        is_coordinator(user, structure) or bool(handled_principal_ids(user, structure))
    )


def can_read_summary(user: AnyUser, structure: Structure, body: Body | None = None) -> bool:
    """Aggregates: coordinators and handlers for any part of the structure; members of a body
    for that body; members of the follow-up body for the whole structure."""
    if not user.is_authenticated:
        return False
    if is_coordinator(user, structure) or handled_principal_ids(user, structure):
        return True
    member_of = set(body_roles(user))
    if body is not None:
        return body.pk in member_of
    follow_up = (
        DeviationSettings.objects.filter(structure=structure)
        .values_list("follow_up_body_id", flat=True)
        .first()
    )
    return follow_up is not None and follow_up in member_of


def get_deviation_for_read(user: AnyUser, deviation_id: int) -> Deviation:
    found = (
        readable_deviations(user)
        .select_related(
            "structure",
            "category",
            "reporting_principal",
            "concerned_principal",
            "reported_by",
            "answered_by",
            "escalated_to",
        )
        .filter(pk=deviation_id)
        .first()
    )
    if found is None:
        raise Http404("Avvikelsen finns inte.")
    return found


def get_deviation_for_answer(user: AnyUser, deviation_id: int) -> Deviation:
    found = get_deviation_for_read(user, deviation_id)
    if not can_answer(user, found):
        raise PermissionDenied(
            f"Bara handläggaren för {found.concerned_principal.name} och koordinatorerna kan "
            "besvara avvikelsen."
        )
    return found


def get_deviation_for_edit(user: AnyUser, deviation_id: int) -> Deviation:
    """Change the report's texts: the reporter and the coordinators."""
    found = get_deviation_for_read(user, deviation_id)
    if not (found.reported_by_id == user.pk or is_coordinator(user, found.structure)):
        raise PermissionDenied("Bara den som rapporterade och koordinatorerna kan ändra den.")
    return found


def get_deviation_for_manage(user: AnyUser, deviation_id: int) -> Deviation:
    found = get_deviation_for_read(user, deviation_id)
    if not can_manage(user, found):
        raise PermissionDenied("Bara strukturens koordinatorer kan avsluta eller lyfta avvikelsen.")
    return found


def structure_for_summary(user: AnyUser, structure: Structure, body: Body | None) -> None:
    if not can_read_summary(user, structure, body):
        raise Http404("Sammanställningen finns inte.")


def structure_by_token(token: str) -> Structure:
    """The structure whose reporting page `token` opens (404 for any other token)."""
    found = (
        DeviationSettings.objects.filter(report_token=token).select_related("structure").first()
        if token
        else None
    )
    if found is None:
        raise Http404("Länken gäller inte längre. Be koordinatorn om den nya länken.")
    return found.structure
