"""Uppdragsbeskrivningar: one body's charter versions, with their rules as data.

Drafts are shown only to logged-in users; the public sees charters in force and
superseded ones.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Pagination,
    body_ref,
    changes_of,
    principal_ref,
)
from samverkan.api.schemas import (
    CharterOut,
    CharterPatch,
    CharterSummaryOut,
    CompositionIn,
    ReportingIn,
    RoleLinksIn,
    StandingItemsIn,
)
from samverkan.lib.errors import DomainError
from samverkan.lib.users import AnyUser, acting_user
from samverkan.structure.access import get_charter_for_edit
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    CompositionRule,
    ReportingDuty,
    RoleLink,
)
from samverkan.structure.services import (
    charter_set_composition,
    charter_set_reporting,
    charter_set_role_links,
    charter_set_standing_items,
    charter_update,
)

router = Router(tags=["Uppdragsbeskrivningar"])


def visible_charters(user: AnyUser) -> QuerySet[Charter]:
    charters = Charter.objects.all()
    if not user.is_authenticated:
        charters = charters.exclude(status=CharterStatus.DRAFT)
    return charters


def full_charters(charters: QuerySet[Charter]) -> QuerySet[Charter]:
    """With everything CharterOut shows, in a fixed number of queries."""
    return charters.select_related("body").prefetch_related(
        Prefetch(
            "composition",
            queryset=CompositionRule.objects.select_related("principal").order_by("position", "pk"),
        ),
        "standing_items",
        Prefetch(
            "reporting", queryset=ReportingDuty.objects.select_related("to_body").order_by("pk")
        ),
        Prefetch("role_links", queryset=RoleLink.objects.select_related("to_body").order_by("pk")),
    )


def charter_values(values: dict[str, Any], body: Body) -> dict[str, Any]:
    """Turn the request's references into what the domain actions take."""
    if "escalates_to" in values:
        target_id = values.pop("escalates_to")
        if target_id is not None:
            target = body_ref(target_id, field="escalates_to")
            if target.structure_id != body.structure_id:
                raise DomainError(
                    "Gruppen som frågor lyfts till måste höra till samma struktur.",
                    field="escalates_to",
                )
        values["escalates_to_id"] = target_id
    return values


def charter_response(charter_id: int) -> Charter:
    return full_charters(Charter.objects.filter(pk=charter_id)).get()


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
    body: int | None = None,
    status: CharterStatus | None = None,
    structure: str | None = None,
) -> QuerySet[Charter]:
    charters = visible_charters(user_of(request)).select_related("body")
    if body is not None:
        charters = charters.filter(body_id=body)
    if status:
        charters = charters.filter(status=status)
    if structure:
        charters = charters.filter(body__structure__slug=structure)
    return charters.order_by("body__position", "body__name", "body_id", "-decided_on", "-pk")


@router.get(
    "/{int:charter_id}",
    response={200: CharterOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en uppdragsbeskrivning med alla regler",
)
def get_charter(request: HttpRequest, charter_id: int) -> Charter:
    charter = full_charters(visible_charters(user_of(request))).filter(pk=charter_id).first()
    if charter is None:
        raise Http404("Uppdragsbeskrivningen finns inte.")
    return charter


@router.patch(
    "/{int:charter_id}",
    response={200: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Rätta en version av uppdragsbeskrivningen",
    description="Ändrar versionen på plats. Skicka `lock_version` som du läste; har någon "
    "annan ändrat sedan dess blir svaret 409 och inget sparas.",
)
def update_charter(request: HttpRequest, charter_id: int, payload: CharterPatch) -> Charter:
    charter = get_charter_for_edit(user_of(request), charter_id)
    values = charter_values(changes_of(payload, exclude={"lock_version"}), charter.body)
    charter_update(
        by=acting_user(request), charter=charter, expected_version=payload.lock_version, **values
    )
    return charter_response(charter.pk)


@router.put(
    "/{int:charter_id}/composition",
    response={200: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ersätt sammansättningen (platser per huvudman)",
    description="Skicka hela listan i ordning. Varje rad anger antingen `principal_kind` "
    "(t.ex. varje kommun med `per_principal`) eller en namngiven `principal`.",
)
def set_composition(request: HttpRequest, charter_id: int, payload: CompositionIn) -> Charter:
    charter = get_charter_for_edit(user_of(request), charter_id)
    rules = []
    for index, rule in enumerate(payload.rules):
        values = rule.model_dump()
        if values["principal"] is not None:
            values["principal"] = principal_ref(
                values["principal"], field=f"rules.{index}.principal"
            )
        rules.append(values)
    charter_set_composition(
        by=acting_user(request), charter=charter, rules=rules, expected_version=payload.lock_version
    )
    return charter_response(charter.pk)


@router.put(
    "/{int:charter_id}/standing-items",
    response={200: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ersätt de stående punkterna på dagordningen",
)
def set_standing_items(request: HttpRequest, charter_id: int, payload: StandingItemsIn) -> Charter:
    charter = get_charter_for_edit(user_of(request), charter_id)
    charter_set_standing_items(
        by=acting_user(request),
        charter=charter,
        items=[(item.title, item.condition) for item in payload.items],
        expected_version=payload.lock_version,
    )
    return charter_response(charter.pk)


def _bodies_of(ids: list[int], field: str) -> dict[int, Body]:
    found = {b.pk: b for b in Body.objects.filter(pk__in=ids)}
    for index, pk in enumerate(ids):
        if pk not in found:
            raise DomainError(f"Gruppen med id {pk} finns inte.", field=f"{field}.{index}.to_body")
    return found


@router.put(
    "/{int:charter_id}/reporting",
    response={200: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ersätt rapporteringen (till vilken grupp, hur ofta, vad)",
)
def set_reporting(request: HttpRequest, charter_id: int, payload: ReportingIn) -> Charter:
    charter = get_charter_for_edit(user_of(request), charter_id)
    bodies = _bodies_of([d.to_body for d in payload.duties], "duties")
    duties = [{**d.model_dump(), "to_body": bodies[d.to_body]} for d in payload.duties]
    charter_set_reporting(
        by=acting_user(request),
        charter=charter,
        duties=duties,
        expected_version=payload.lock_version,
    )
    return charter_response(charter.pk)


@router.put(
    "/{int:charter_id}/role-links",
    response={200: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ersätt roller som ger uppdrag i andra grupper",
    description="T.ex. att ordföranden ingår i eller är föredragande i en annan grupp.",
)
def set_role_links(request: HttpRequest, charter_id: int, payload: RoleLinksIn) -> Charter:
    charter = get_charter_for_edit(user_of(request), charter_id)
    bodies = _bodies_of([link.to_body for link in payload.links], "links")
    links = [{**link.model_dump(), "to_body": bodies[link.to_body]} for link in payload.links]
    charter_set_role_links(
        by=acting_user(request), charter=charter, links=links, expected_version=payload.lock_version
    )
    return charter_response(charter.pk)
