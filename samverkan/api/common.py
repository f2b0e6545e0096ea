"""Helpers shared by the routers: pagination, PATCH changes, references by id."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from samverkan.api.schemas import ErrorOut
from samverkan.lib.errors import DomainError
from samverkan.lib.users import AnyUser
from samverkan.structure.access import is_admin
from samverkan.structure.models import Body, Membership, Person, Principal

MAX_LIMIT = 500

# Error responses, for the OpenAPI document; the handlers in errors.py produce them.
READ_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
}


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`; the answer is `{"items": [...], "count": <total>}`."""

    class Input(LimitOffsetPagination.Input):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Högst {MAX_LIMIT}")
        offset: int = Field(0, ge=0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def changes_of(payload: Schema, *, exclude: set[str] | None = None) -> dict[str, Any]:
    """The fields the client sent, without those in `exclude`."""
    return payload.model_dump(exclude_unset=True, exclude=exclude or set())


def require_admin(user: AnyUser, message: str) -> None:
    if not is_admin(user):
        raise PermissionDenied(message)


def principal_ref(pk: int, field: str = "principal") -> Principal:
    principal = Principal.objects.filter(pk=pk).first()
    if principal is None:
        raise DomainError(f"Huvudmannen med id {pk} finns inte.", field=field)
    return principal


def person_ref(pk: int, field: str = "person") -> Person:
    person = Person.objects.select_related("employer").filter(pk=pk).first()
    if person is None:
        raise DomainError(f"Personen med id {pk} finns inte.", field=field)
    return person


def body_ref(pk: int, field: str) -> Body:
    body = Body.objects.select_related("structure").filter(pk=pk).first()
    if body is None:
        raise DomainError(f"Gruppen med id {pk} finns inte.", field=field)
    return body


def membership_ref(pk: int, field: str = "substitute_for") -> Membership:
    membership = Membership.objects.select_related("principal", "person").filter(pk=pk).first()
    if membership is None:
        raise DomainError(f"Uppdraget med id {pk} finns inte.", field=field)
    return membership
