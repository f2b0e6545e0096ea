"""Who may see and change a structure's indicators. Every lookup by the pages, the panel
and the API goes through here.

- The structure's coordinators (and admins) see every indicator and define them, enter,
  import and fetch values.
- Members of any body in the structure see its internal indicators too.
- Everyone else (anonymous visitors, people of other structures) sees only public ones;
  an internal indicator does not exist for them (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from samverkan.lib.users import AnyUser
from samverkan.statistics.models import Indicator
from samverkan.structure.access import (
    body_roles,
    can_edit_structure,
    coordinated_structure_ids,
    is_admin,
)
from samverkan.structure.models import Body, Structure


def member_structure_ids(user: AnyUser) -> set[int]:
    bodies = set(body_roles(user))
    if not bodies:
        return set()
    return set(Body.objects.filter(pk__in=bodies).values_list("structure_id", flat=True))


def can_read_internal(user: AnyUser, structure: Structure) -> bool:
    if not user.is_authenticated:
        return False
    return can_edit_structure(user, structure) or structure.pk in member_structure_ids(user)


def can_edit_indicators(user: AnyUser, structure: Structure) -> bool:
    return bool(user.is_authenticated and can_edit_structure(user, structure))


def readable_indicators(user: AnyUser) -> QuerySet[Indicator]:
    indicators = Indicator.objects.all()
    if is_admin(user):
        return indicators
    structures = coordinated_structure_ids(user) | member_structure_ids(user)
    return indicators.filter(public=True) | indicators.filter(structure_id__in=structures)


def public_indicators() -> QuerySet[Indicator]:
    return Indicator.objects.filter(public=True)


def get_indicator_for_read(user: AnyUser, indicator_id: int) -> Indicator:
    indicator = (
        readable_indicators(user)
        .select_related("structure", "structure__region")
        .filter(pk=indicator_id)
        .first()
    )
    if indicator is None:
        raise Http404("Indikatorn finns inte.")
    return indicator


def get_indicator_for_edit(user: AnyUser, indicator_id: int) -> Indicator:
    indicator = get_indicator_for_read(user, indicator_id)
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    if not can_edit_indicators(user, indicator.structure):
        raise PermissionDenied("Bara strukturens koordinatorer kan ändra indikatorer och värden.")
    return indicator


def get_public_indicator(indicator_id: int) -> Indicator:
    indicator = (
        public_indicators()
        .select_related("structure", "structure__region")
        .filter(pk=indicator_id)
        .first()
    )
    if indicator is None:
        raise Http404("Indikatorn finns inte.")
    return indicator
