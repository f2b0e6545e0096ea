"""The principals that take part in a structure."""

from __future__ import annotations

from django.db.models import Q

from samverkan.structure.models import Principal, PrincipalKind, Structure


def structure_principals(*, structure: Structure) -> list[Principal]:
    """The region and every municipality in the structure: those a recommendation concerns
    unless the coordinator chooses others. A municipality takes part when a body of the
    structure belongs to it or one of its members sits for it. Region first, then by name."""
    principals = Principal.objects.filter(
        Q(pk=structure.region_id)
        | Q(kind=PrincipalKind.MUNICIPALITY, local_bodies__structure=structure)
        | Q(kind=PrincipalKind.MUNICIPALITY, memberships__body__structure=structure)
    ).distinct()
    return sorted(principals, key=lambda p: (p.pk != structure.region_id, p.name))
