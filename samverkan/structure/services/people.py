"""People, principals (the organisations that are not in SCB's register) and structures."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.lib.errors import DomainError, reject_unknown_fields
from samverkan.structure.models import Person, Principal, PrincipalKind, Structure
from samverkan.structure.services.saving import apply_changes


def unique_person_key(first_name: str, last_name: str) -> str:
    base = slugify(f"{first_name} {last_name}")[:70] or "person"
    key, n = base, 2
    while Person.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def person_create(
    *, by: User | None, first_name: str, last_name: str, key: str = "", **fields: Any
) -> Person:
    if key and Person.objects.filter(key=key).exists():
        raise DomainError(f"Nyckeln {key} används redan.", field="key")
    person = Person(
        first_name=first_name,
        last_name=last_name,
        key=key or unique_person_key(first_name, last_name),
        **fields,
    )
    person.full_clean(exclude=["user", "employer"])
    person.save()
    record_create(by=by, obj=person)
    return person


def _saved(instance: Any) -> Any:
    """The row as saved, for the history: a form may already have written its input onto
    the instance the caller passes."""
    return snapshot(type(instance)._default_manager.get(pk=instance.pk))


@transaction.atomic
def person_update(*, by: User | None, person: Person, **changes: Any) -> Person:
    before = _saved(person)
    apply_changes(person, changes, exclude=["user", "employer"])
    record_update(by=by, obj=person, before=before)
    return person


# --- Principals and structures ---------------------------------------------

PRINCIPAL_FIELDS = ("name", "short_name", "county_code", "org_type")
STRUCTURE_FIELDS = ("name", "description", "website", "minutes_approval_days")
# Working days after a meeting within which its minutes must be approved and published
# (`minutes.approval_overdue`): at least a day, and at most twelve weeks, beyond which the
# limit no longer says anything about minutes that are kept waiting.
MINUTES_APPROVAL_DAYS = (1, 60)


def unique_principal_slug(name: str) -> str:
    base = slugify(name)[:110] or "organisation"
    slug, n = base, 2
    while Principal.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def principal_create(
    *, by: User | None, kind: str, name: str, slug: str = "", **fields: Any
) -> Principal:
    """Add an organisation. Regions and municipalities come from SCB's register."""
    reject_unknown_fields(fields, PRINCIPAL_FIELDS)
    if kind != PrincipalKind.ORGANISATION:
        raise DomainError(
            "Regioner och kommuner kommer från SCB:s register och kan inte läggas till här; "
            "lägg bara till andra organisationer (kind: organisation).",
            field="kind",
        )
    if slug and Principal.objects.filter(slug=slug).exists():
        raise DomainError(f"Kortnamnet {slug} används redan.", field="slug")
    principal = Principal(
        kind=PrincipalKind.ORGANISATION,
        name=name,
        slug=slug or unique_principal_slug(name),
        **fields,
    )
    principal.full_clean()
    principal.save()
    record_create(by=by, obj=principal)
    return principal


@transaction.atomic
def principal_update(*, by: User | None, principal: Principal, **changes: Any) -> Principal:
    reject_unknown_fields(changes, PRINCIPAL_FIELDS)
    before = _saved(principal)
    apply_changes(principal, changes)
    record_update(by=by, obj=principal, before=before)
    return principal


@transaction.atomic
def structure_create(
    *,
    by: User | None,
    name: str,
    slug: str,
    region: Principal,
    description: str = "",
    website: str = "",
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
    record_create(by=by, obj=structure)
    return structure


def _check_minutes_approval_days(days: Any) -> None:
    least, most = MINUTES_APPROVAL_DAYS
    if isinstance(days, bool) or not isinstance(days, int) or not least <= days <= most:
        raise DomainError(
            f"Ange antalet arbetsdagar efter mötet som ett heltal från {least} till {most}.",
            field="minutes_approval_days",
        )


@transaction.atomic
def structure_update(*, by: User | None, structure: Structure, **changes: Any) -> Structure:
    reject_unknown_fields(changes, STRUCTURE_FIELDS)
    if "minutes_approval_days" in changes:
        _check_minutes_approval_days(changes["minutes_approval_days"])
    before = _saved(structure)
    apply_changes(structure, changes, exclude=["region"])
    record_update(by=by, obj=structure, before=before)
    return structure
