"""References by id in structure requests: a missing object is the field's error (400)."""

from __future__ import annotations

from samverkan.api.base import referenced
from samverkan.structure.models import Body, Membership, Person, Principal


def principal_ref(pk: int, field: str = "principal") -> Principal:
    return referenced(
        Principal.objects.all(), pk, field=field, message=f"Huvudmannen med id {pk} finns inte."
    )


def person_ref(pk: int, field: str = "person") -> Person:
    return referenced(
        Person.objects.select_related("employer"),
        pk,
        field=field,
        message=f"Personen med id {pk} finns inte.",
    )


def body_ref(pk: int, field: str) -> Body:
    return referenced(
        Body.objects.select_related("structure"),
        pk,
        field=field,
        message=f"Gruppen med id {pk} finns inte.",
    )


def membership_ref(pk: int, field: str = "substitute_for") -> Membership:
    return referenced(
        Membership.objects.select_related("principal", "person"),
        pk,
        field=field,
        message=f"Uppdraget med id {pk} finns inte.",
    )
