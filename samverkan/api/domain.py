"""Domain actions for principals and structures, which `structure/services.py` lacks.

They follow the services' conventions (keyword arguments, checks before the
write, `DomainError` with a field) and belong in `samverkan/structure/services.py`;
the API owns them here only until they move there. Nothing else in the API
writes models.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from samverkan.structure.models import Principal, PrincipalKind, Structure
from samverkan.structure.services import DomainError

PRINCIPAL_FIELDS = ("name", "short_name", "county_code", "org_type")
STRUCTURE_FIELDS = ("name", "description", "website")


def _unknown(changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise DomainError("Okända fält: " + ", ".join(sorted(unknown)))


def unique_principal_slug(name: str) -> str:
    base = slugify(name)[:110] or "organisation"
    slug, n = base, 2
    while Principal.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def principal_create(
    *, kind: str, name: str, slug: str = "", **fields: Any
) -> Principal:
    """Add an organisation. Regions and municipalities come from SCB's register."""
    _unknown(fields, PRINCIPAL_FIELDS)
    if kind != PrincipalKind.ORGANISATION:
        raise DomainError(
            "Regioner och kommuner kommer från SCB:s register och kan inte läggas till här; "
            "lägg bara till andra organisationer (kind: organisation).",
            field="kind",
        )
    if slug and Principal.objects.filter(slug=slug).exists():
        raise DomainError(f"Kortnamnet {slug} används redan.", field="slug")
    principal = Principal(
        kind=PrincipalKind.ORGANISATION, name=name, slug=slug or unique_principal_slug(name),
        **fields,
    )
    principal.full_clean()
    principal.save()
    return principal


@transaction.atomic
def principal_update(*, principal: Principal, **changes: Any) -> Principal:
    _unknown(changes, PRINCIPAL_FIELDS)
    for name, value in changes.items():
        setattr(principal, name, value)
    principal.full_clean()
    principal.save()
    return principal


@transaction.atomic
def structure_create(
    *, name: str, slug: str, region: Principal, description: str = "", website: str = ""
) -> Structure:
    if region.kind != PrincipalKind.REGION:
        raise DomainError(f"{region.name} är ingen region.", field="region")
    if Structure.objects.filter(slug=slug).exists():
        raise DomainError(f"Kortnamnet {slug} används redan av en annan struktur.", field="slug")
    structure = Structure(
        name=name, slug=slug, region=region, description=description, website=website
    )
    structure.full_clean(exclude=["region"])
    structure.save()
    return structure


@transaction.atomic
def structure_update(*, structure: Structure, **changes: Any) -> Structure:
    _unknown(changes, STRUCTURE_FIELDS)
    for name, value in changes.items():
        setattr(structure, name, value)
    structure.full_clean(exclude=["region"])
    structure.save()
    return structure
