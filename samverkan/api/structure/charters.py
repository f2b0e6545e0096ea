"""Uppdragsbeskrivningar: one body's charter versions, with their rules as data.

Drafts are shown only to logged-in users; the public sees charters in force and
superseded ones (`structure.access.readable_charters`).
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    READ_ERRORS,
    WRITE_ERRORS,
    IdFilter,
    Pagination,
    TextFilter,
    acting_user,
    changes_of,
)
from samverkan.api.structure.charter_schemas import (
    CharterOut,
    CharterPatch,
    CharterRulesIn,
    CharterSummaryOut,
    CompositionIn,
    ReportingIn,
    RoleLinksIn,
    StandingItemsIn,
)
from samverkan.api.structure.refs import body_ref, principal_ref
from samverkan.lib.errors import DomainError
from samverkan.lib.users import AnyUser
from samverkan.structure.access import (
    get_charter_by_id_for_read,
    get_charter_for_edit,
    readable_charters,
)
from samverkan.structure.models import Body, Charter, CharterStatus
from samverkan.structure.selectors import (
    bodies_in_tree_order,
    charters_listed,
    load_charter_parts,
)
from samverkan.structure.services import (
    charter_set_composition,
    charter_set_reporting,
    charter_set_role_links,
    charter_set_standing_items,
    charter_update,
)

router = Router(tags=["Uppdragsbeskrivningar"])


def charter_response(user: AnyUser, charter_id: int) -> Charter:
    """The charter as it is now, with everything `CharterOut` shows."""
    charter = get_charter_by_id_for_read(user, charter_id)
    load_charter_parts(charters=[charter])
    return charter


def charter_values(payload: CharterRulesIn, *, exclude: set[str]) -> dict[str, Any]:
    """The rules the client sent, as the domain actions take them."""
    values = changes_of(payload, exclude=exclude)
    if "escalates_to" in values:
        # The domain action checks that the body is in the same structure.
        target_id = values.pop("escalates_to")
        if target_id is not None:
            body_ref(target_id, field="escalates_to")
        values["escalates_to_id"] = target_id
    if "duties" in values:
        # Stored as the structure file has them: dates as text, no empty due date.
        values["duties"] = [
            duty.model_dump(mode="json", exclude_none=True) for duty in payload.duties
        ]
    return values


@router.get(
    "",
    response={200: list[CharterSummaryOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista uppdragsbeskrivningar",
)
@paginate(Pagination)
def list_charters(
    request: HttpRequest,
    body: IdFilter = None,
    status: CharterStatus | None = None,
    structure: TextFilter = None,
) -> QuerySet[Charter]:
    return charters_listed(
        charters=readable_charters(user_of(request)), body=body, status=status, structure=structure
    )


@router.get(
    "/{id:charter_id}",
    response={200: CharterOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en uppdragsbeskrivning med alla regler",
)
def get_charter(request: HttpRequest, charter_id: int) -> Charter:
    return charter_response(user_of(request), charter_id)


@router.patch(
    "/{id:charter_id}",
    response={200: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Rätta en version av uppdragsbeskrivningen",
    description="Ändrar versionen på plats. Skicka `lock_version` som du läste; har någon "
    "annan ändrat sedan dess blir svaret 409 och inget sparas.",
)
def update_charter(request: HttpRequest, charter_id: int, payload: CharterPatch) -> Charter:
    user = acting_user(request)
    charter = get_charter_for_edit(user, charter_id)
    values = charter_values(payload, exclude={"lock_version"})
    charter_update(by=user, charter=charter, expected_version=payload.lock_version, **values)
    return charter_response(user, charter.pk)


@router.put(
    "/{id:charter_id}/composition",
    response={200: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ersätt sammansättningen (platser per huvudman)",
    description="Skicka hela listan i ordning. Varje rad anger antingen `principal_kind` "
    "(t.ex. varje kommun med `per_principal`) eller en namngiven `principal`.",
)
def set_composition(request: HttpRequest, charter_id: int, payload: CompositionIn) -> Charter:
    user = acting_user(request)
    charter = get_charter_for_edit(user, charter_id)
    rules = []
    for index, rule in enumerate(payload.rules):
        values = rule.model_dump()
        if values["principal"] is not None:
            values["principal"] = principal_ref(
                values["principal"], field=f"rules.{index}.principal"
            )
        rules.append(values)
    charter_set_composition(
        by=user, charter=charter, rules=rules, expected_version=payload.lock_version
    )
    return charter_response(user, charter.pk)


@router.put(
    "/{id:charter_id}/standing-items",
    response={200: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ersätt de stående punkterna på dagordningen",
)
def set_standing_items(request: HttpRequest, charter_id: int, payload: StandingItemsIn) -> Charter:
    user = acting_user(request)
    charter = get_charter_for_edit(user, charter_id)
    charter_set_standing_items(
        by=user,
        charter=charter,
        items=[(item.title, item.condition) for item in payload.items],
        expected_version=payload.lock_version,
    )
    return charter_response(user, charter.pk)


def _bodies_of(ids: list[int], field: str) -> dict[int, Body]:
    found = {b.pk: b for b in bodies_in_tree_order(ids=ids)}
    for index, pk in enumerate(ids):
        if pk not in found:
            raise DomainError(f"Gruppen med id {pk} finns inte.", field=f"{field}.{index}.to_body")
    return found


@router.put(
    "/{id:charter_id}/reporting",
    response={200: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ersätt rapporteringen (till vilken grupp, hur ofta, vad)",
)
def set_reporting(request: HttpRequest, charter_id: int, payload: ReportingIn) -> Charter:
    user = acting_user(request)
    charter = get_charter_for_edit(user, charter_id)
    bodies = _bodies_of([d.to_body for d in payload.duties], "duties")
    duties = [{**d.model_dump(), "to_body": bodies[d.to_body]} for d in payload.duties]
    charter_set_reporting(
        by=user, charter=charter, duties=duties, expected_version=payload.lock_version
    )
    return charter_response(user, charter.pk)


@router.put(
    "/{id:charter_id}/role-links",
    response={200: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ersätt roller som ger uppdrag i andra grupper",
    description="T.ex. att ordföranden ingår i eller är föredragande i en annan grupp.",
)
def set_role_links(request: HttpRequest, charter_id: int, payload: RoleLinksIn) -> Charter:
    user = acting_user(request)
    charter = get_charter_for_edit(user, charter_id)
    bodies = _bodies_of([link.to_body for link in payload.links], "links")
    links = [{**link.model_dump(), "to_body": bodies[link.to_body]} for link in payload.links]
    charter_set_role_links(
        by=user, charter=charter, links=links, expected_version=payload.lock_version
    )
    return charter_response(user, charter.pk)
