"""Uppdrag: who sits in which body, in which role, for which principal.

Memberships are never deleted: they are ended (`POST /memberships/{id}/end`) and
stay in the history.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Pagination,
    changes_of,
    membership_ref,
    person_ref,
    principal_ref,
)
from samverkan.api.schemas import MembershipEndIn, MembershipIn, MembershipOut, MembershipPatch
from samverkan.lib.users import acting_user
from samverkan.structure.access import get_body_by_id_for_edit, get_membership_for_edit
from samverkan.structure.models import Membership, Role
from samverkan.structure.services import membership_create, membership_end, membership_update

router = Router(tags=["Uppdrag"])


def memberships() -> QuerySet[Membership]:
    return Membership.objects.select_related("body", "body__structure", "person", "principal")


def _references(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("principal") is not None:
        values["principal"] = principal_ref(values["principal"])
    if values.get("substitute_for") is not None:
        values["substitute_for"] = membership_ref(values["substitute_for"])
    return values


@router.get(
    "",
    response={200: list[MembershipOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista uppdrag",
)
@paginate(Pagination)
def list_memberships(
    request: HttpRequest,
    body: int | None = None,
    person: int | None = None,
    principal: int | None = None,
    structure: str | None = None,
    role: Role | None = None,
    active: bool | None = None,
) -> QuerySet[Membership]:
    found = memberships()
    if body is not None:
        found = found.filter(body_id=body)
    if person is not None:
        found = found.filter(person_id=person)
    if principal is not None:
        found = found.filter(principal_id=principal)
    if structure:
        found = found.filter(body__structure__slug=structure)
    if role:
        found = found.filter(role=role)
    if active is not None:
        today = timezone.localdate()
        current = (Q(start__isnull=True) | Q(start__lte=today)) & (
            Q(end__isnull=True) | Q(end__gte=today)
        )
        found = found.filter(current) if active else found.exclude(current)
    return found.order_by("body__name", "body_id", "role", "person__last_name", "pk")


@router.get(
    "/{int:membership_id}",
    response={200: MembershipOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta ett uppdrag",
)
def get_membership(request: HttpRequest, membership_id: int) -> Membership:
    membership = memberships().filter(pk=membership_id).first()
    if membership is None:
        raise Http404("Uppdraget finns inte.")
    return membership


@router.post(
    "",
    response={201: MembershipOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till ett uppdrag (koordinator för gruppens struktur)",
    description="Uppdraget prövas mot gruppens gällande uppdragsbeskrivning; det som den "
    "förbjuder ger 400 med fältet och citatet ur uppdragsbeskrivningen.",
)
def create_membership(request: HttpRequest, payload: MembershipIn) -> Status[Membership]:
    body = get_body_by_id_for_edit(user_of(request), payload.body)
    values = _references(payload.model_dump(exclude={"body", "person"}))
    membership = membership_create(
        by=acting_user(request), body=body, person=person_ref(payload.person), **values
    )
    return Status(201, memberships().get(pk=membership.pk))


@router.patch(
    "/{int:membership_id}",
    response={200: MembershipOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra ett uppdrag",
    description="Skicka `lock_version` som du läste; har någon annan ändrat uppdraget sedan "
    "dess blir svaret 409 och inget sparas.",
)
def update_membership(
    request: HttpRequest, membership_id: int, payload: MembershipPatch
) -> Membership:
    membership = get_membership_for_edit(user_of(request), membership_id)
    changes = _references(changes_of(payload, exclude={"lock_version"}))
    membership_update(
        by=acting_user(request),
        membership=membership,
        expected_version=payload.lock_version,
        **changes,
    )
    return memberships().get(pk=membership.pk)


@router.post(
    "/{int:membership_id}/end",
    response={200: MembershipOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Avsluta ett uppdrag",
    description="Uppdraget finns kvar i historiken med slutdatum och anledning.",
)
def end_membership(
    request: HttpRequest, membership_id: int, payload: MembershipEndIn
) -> Membership:
    membership = get_membership_for_edit(user_of(request), membership_id)
    membership_end(
        by=acting_user(request),
        membership=membership,
        on=payload.on,
        reason=payload.reason,
        expected_version=payload.lock_version,
    )
    return memberships().get(pk=membership.pk)
