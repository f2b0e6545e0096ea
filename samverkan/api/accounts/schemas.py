"""Response shapes of the caller's own account (`/me`), and what they render."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from ninja import Field, Schema

from samverkan.structure.models import Body, Person, Role, Structure


@dataclass(frozen=True)
class BodyRoles:
    body: Body
    roles: list[str]


@dataclass(frozen=True)
class Me:
    """The caller as `MeOut` shows them."""

    user: User
    person: Person | None
    is_admin: bool
    coordinated_structures: list[Structure]
    body_roles: list[BodyRoles]


class StructureRef(Schema):
    id: int
    slug: str
    name: str


class BodyRoleOut(Schema):
    body: int = Field(validation_alias="body.pk")
    body_name: str = Field(validation_alias="body.name")
    structure: str = Field(validation_alias="body.structure.slug")
    roles: list[Role]


class PersonRef(Schema):
    id: int
    full_name: str


class MeOut(Schema):
    id: int = Field(validation_alias="user.pk")
    username: str = Field(validation_alias="user.username")
    full_name: str
    email: str = Field(validation_alias="user.email")
    is_admin: bool
    person: PersonRef | None
    coordinated_structures: list[StructureRef]
    body_roles: list[BodyRoleOut]

    @staticmethod
    def resolve_full_name(obj: Me) -> str:
        return obj.user.get_full_name() or (obj.person.full_name if obj.person else "")
