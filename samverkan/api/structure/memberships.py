"""Uppdrag: who sits in which body, in which role, for which principal.

Memberships are ended (`POST /memberships/{id}/end`) and stay in the history; only a
planned one that has not started may be deleted (`DELETE /memberships/{id}`). A member is
replaced in one step with `POST /memberships/{id}/replace`.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import P, QueryEx, Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    MAX_COUNTER,
    READ_ERRORS,
    WRITE_ERRORS,
    IdFilter,
    Pagination,
    TextFilter,
    acting_user,
    changes_of,
)
from samverkan.api.structure.refs import membership_ref, person_ref, principal_ref
from samverkan.api.structure.schemas import (
    MembershipEndIn,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    MembershipReplaceIn,
    MembershipReplaceOut,
)
from samverkan.structure.access import (
    get_body_by_id_for_edit,
    get_membership_by_id_for_read,
    get_membership_for_edit,
)
from samverkan.structure.membership_selectors import memberships_listed
from samverkan.structure.models import Membership, MembershipState, Role
from samverkan.structure.services import (
    membership_create,
    membership_end,
    membership_replace,
    membership_update,
    membership_withdraw,
)

router = Router(tags=["Uppdrag"])


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
    body: IdFilter = None,
    person: IdFilter = None,
    principal: IdFilter = None,
    structure: TextFilter = None,
    role: Role | None = None,
    active: bool | None = None,
    state: MembershipState | None = None,
) -> QuerySet[Membership]:
    """`state`: `current` (holds today), `planned` (starts later) or `ended`."""
    return memberships_listed(
        viewer=user_of(request),
        body=body,
        person=person,
        principal=principal,
        structure=structure,
        role=role,
        active=active,
        state=state,
    )


@router.get(
    "/{id:membership_id}",
    response={200: MembershipOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta ett uppdrag",
)
def get_membership(request: HttpRequest, membership_id: int) -> Membership:
    return get_membership_by_id_for_read(user_of(request), membership_id)


@router.post(
    "",
    response={201: MembershipOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till ett uppdrag (koordinator för gruppens struktur)",
    description="Uppdraget prövas mot gruppens gällande uppdragsbeskrivning; det som den "
    "förbjuder ger 400 med fältet och citatet ur uppdragsbeskrivningen.",
)
def create_membership(request: HttpRequest, payload: MembershipIn) -> Status[Membership]:
    user = acting_user(request)
    body = get_body_by_id_for_edit(user, payload.body)
    values = _references(payload.model_dump(exclude={"body", "person"}))
    membership = membership_create(by=user, body=body, person=person_ref(payload.person), **values)
    return Status(201, get_membership_by_id_for_read(user, membership.pk))


@router.patch(
    "/{id:membership_id}",
    response={200: MembershipOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra ett uppdrag",
    description="Skicka `lock_version` som du läste; har någon annan ändrat uppdraget sedan "
    "dess blir svaret 409 och inget sparas.",
)
def update_membership(
    request: HttpRequest, membership_id: int, payload: MembershipPatch
) -> Membership:
    user = acting_user(request)
    membership = get_membership_for_edit(user, membership_id)
    changes = _references(changes_of(payload, exclude={"lock_version"}))
    membership_update(
        by=user, membership=membership, expected_version=payload.lock_version, **changes
    )
    return get_membership_by_id_for_read(user, membership.pk)


@router.post(
    "/{id:membership_id}/end",
    response={200: MembershipOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Avsluta ett uppdrag",
    description="Uppdraget finns kvar i historiken med slutdatum och anledning.",
)
def end_membership(
    request: HttpRequest, membership_id: int, payload: MembershipEndIn
) -> Membership:
    user = acting_user(request)
    membership = get_membership_for_edit(user, membership_id)
    membership_end(
        by=user,
        membership=membership,
        on=payload.on,
        reason=payload.reason,
        expected_version=payload.lock_version,
    )
    return get_membership_by_id_for_read(user, membership.pk)


@router.delete(
    "/{id:membership_id}",
    response={204: None, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ta bort ett planerat uppdrag",
    description="Bara ett uppdrag som inte har börjat (startdatum efter i dag) tas bort; "
    "ett som har börjat ger 400 och avslutas i stället med `POST …/end`. Borttagningen "
    "finns kvar i ändringsloggen. Skicka `lock_version` som du läste för att låsa.",
)
def delete_membership(
    request: HttpRequest,
    membership_id: int,
    lock_version: QueryEx[int | None, P(ge=0, le=MAX_COUNTER)] = None,
) -> Status[None]:
    user = acting_user(request)
    membership = get_membership_for_edit(user, membership_id)
    membership_withdraw(by=user, membership=membership, expected_version=lock_version)
    return Status(204, None)


@router.post(
    "/{id:membership_id}/replace",
    response={201: MembershipReplaceOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Byt ledamot",
    description="Avslutar uppdraget på `last_day` och ger efterträdaren samma roll och "
    "huvudman från dagen efter, i ett steg: vägras något sparas inget. `substitutes` säger "
    "vad som händer med ledamotens ersättare.",
)
def replace_membership(
    request: HttpRequest, membership_id: int, payload: MembershipReplaceIn
) -> Status[dict[str, Any]]:
    user = acting_user(request)
    membership = get_membership_for_edit(user, membership_id)
    done = membership_replace(
        by=user,
        membership=membership,
        successor=person_ref(payload.successor, field="successor"),
        last_day=payload.last_day,
        substitutes=payload.substitutes,
        substitute_person=(
            person_ref(payload.substitute_person, field="substitute_person")
            if payload.substitute_person is not None
            else None
        ),
        reason=payload.reason,
        expected_version=payload.lock_version,
    )
    return Status(
        201,
        {
            "ended": get_membership_by_id_for_read(user, done.ended.pk),
            "successor": get_membership_by_id_for_read(user, done.successor.pk),
            "substitutes": [
                get_membership_by_id_for_read(user, m.pk)
                for m in done.substitutes
                if Membership.objects.filter(pk=m.pk).exists()
            ],
        },
    )
