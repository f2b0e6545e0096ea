"""Who may read the charter check's findings and accept them as deviations.

Administrators see the whole installation; a coordinator sees the structures they
coordinate and acknowledges findings there; nobody else sees findings (they name people
and deadlines across a structure) and is refused with 403. An unknown structure is 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samverkan.lib.users import AnyUser
from samverkan.rules.models import Acknowledgement
from samverkan.structure.access import can_edit_structure, coordinated_structure_ids, is_admin
from samverkan.structure.models import Structure

NOT_ALLOWED = (
    "Regelkontrollen visas för strukturens koordinatorer och för administratörer. Du är "
    "inte koordinator för någon struktur."
)


def _refuse_anonymous(user: AnyUser) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")


def findings_scope(user: AnyUser) -> set[int] | None:
    """The structures whose findings `user` may read: None for every one (an admin)."""
    _refuse_anonymous(user)
    if is_admin(user):
        return None
    structures = coordinated_structure_ids(user)
    if not structures:
        raise PermissionDenied(NOT_ALLOWED)
    return set(structures)


def can_acknowledge(user: AnyUser, structure_id: int | None) -> bool:
    """Whether `user` may accept a finding of this structure as a deviation, or withdraw
    that: its coordinators and admins (a finding of no structure: admins only)."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    return structure_id is not None and structure_id in coordinated_structure_ids(user)


def get_structure_for_findings(user: AnyUser, slug: str) -> Structure:
    """A structure whose findings `user` may read and acknowledge."""
    structure = Structure.objects.select_related("region").filter(slug=slug).first()
    if structure is None:
        raise Http404("Strukturen finns inte.")
    _refuse_anonymous(user)
    if not can_edit_structure(user, structure):
        raise PermissionDenied(
            f"Bara koordinatorerna för {structure.name} och administratörer ser regelkontrollen "
            "för strukturen."
        )
    return structure


def get_acknowledgement_for_withdraw(
    user: AnyUser, structure: Structure, acknowledgement_id: int
) -> Acknowledgement:
    """A standing acknowledgement in `structure` (which the caller has already been allowed
    into by `get_structure_for_findings`)."""
    found = (
        Acknowledgement.objects.select_related("structure", "body", "by")
        .filter(pk=acknowledgement_id, structure=structure)
        .first()
    )
    if found is None:
        raise Http404("Den accepterade avvikelsen finns inte.")
    if not can_acknowledge(user, structure.pk):
        raise PermissionDenied(f"Bara koordinatorerna för {structure.name} kan återkalla den.")
    return found
