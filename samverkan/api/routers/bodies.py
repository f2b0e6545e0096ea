"""Samverkansorgan: the groups in a structure's tree."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Pagination,
    body_ref,
    changes_of,
    principal_ref,
)
from samverkan.api.routers.charters import charter_response, charter_values
from samverkan.api.schemas import BodyIn, BodyOut, BodyPatch, CharterOut, CharterVersionIn
from samverkan.lib.errors import DomainError
from samverkan.lib.users import acting_user
from samverkan.structure.access import get_body_by_id_for_edit, get_structure_for_edit
from samverkan.structure.models import Body, BodyKind, Charter
from samverkan.structure.services import body_create, body_update, charter_create_version

router = Router(tags=["Grupper"])


def bodies() -> QuerySet[Body]:
    return Body.objects.select_related("structure").prefetch_related(
        Prefetch(
            "charters",
            queryset=Charter.objects.in_force().only("id", "body_id"),
            to_attr="in_force_charters",
        )
    )


def _references(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("parent") is not None:
        values["parent"] = body_ref(values["parent"], field="parent")
    if values.get("municipality") is not None:
        values["municipality"] = principal_ref(values["municipality"], field="municipality")
    return values


@router.get(
    "",
    response={200: list[BodyOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista grupper",
)
@paginate(Pagination)
def list_bodies(
    request: HttpRequest,
    structure: str | None = None,
    kind: BodyKind | None = None,
    parent: int | None = None,
) -> QuerySet[Body]:
    found = bodies()
    if structure:
        found = found.filter(structure__slug=structure)
    if kind:
        found = found.filter(kind=kind)
    if parent is not None:
        found = found.filter(parent_id=parent)
    return found.order_by("structure__name", "position", "name", "pk")


@router.get(
    "/{int:body_id}",
    response={200: BodyOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en grupp",
)
def get_body(request: HttpRequest, body_id: int) -> Body:
    body = bodies().filter(pk=body_id).first()
    if body is None:
        raise Http404("Gruppen finns inte.")
    return body


@router.post(
    "",
    response={201: BodyOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en grupp (koordinator för strukturen)",
)
def create_body(request: HttpRequest, payload: BodyIn) -> Status[Body]:
    structure = get_structure_for_edit(user_of(request), payload.structure)
    values = _references(payload.model_dump(exclude={"structure", "key"}))
    body = body_create(by=acting_user(request), structure=structure, key=payload.key, **values)
    return Status(201, bodies().get(pk=body.pk))


@router.patch(
    "/{int:body_id}",
    response={200: BodyOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra en grupp",
    description="Skicka `lock_version` som du läste; har någon annan ändrat gruppen sedan "
    "dess blir svaret 409 och inget sparas.",
)
def update_body(request: HttpRequest, body_id: int, payload: BodyPatch) -> Body:
    body = get_body_by_id_for_edit(user_of(request), body_id)
    changes = _references(changes_of(payload, exclude={"lock_version"}))
    body_update(
        by=acting_user(request), body=body, expected_version=payload.lock_version, **changes
    )
    return bodies().get(pk=body.pk)


@router.post(
    "/{int:body_id}/charters",
    response={201: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=["Uppdragsbeskrivningar"],
    summary="Ny version av gruppens uppdragsbeskrivning",
    description="Den nya versionen blir gällande och den tidigare ersatt. Fält som utelämnas "
    "kopieras från `based_on` eller den gällande versionen, liksom sammansättning, stående "
    "punkter, rapportering och rollkopplingar.",
)
def create_charter_version(
    request: HttpRequest, body_id: int, payload: CharterVersionIn
) -> Status[Charter]:
    body = get_body_by_id_for_edit(user_of(request), body_id)
    based_on = None
    if payload.based_on is not None:
        based_on = Charter.objects.filter(pk=payload.based_on, body=body).first()
        if based_on is None:
            raise DomainError(
                f"Gruppen har ingen uppdragsbeskrivning med id {payload.based_on}.",
                field="based_on",
            )
    values = charter_values(
        changes_of(payload, exclude={"version", "based_on", "lock_version"}), body
    )
    charter = charter_create_version(
        by=acting_user(request),
        body=body,
        version=payload.version,
        based_on=based_on,
        expected_version=payload.lock_version,
        **values,
    )
    return Status(201, charter_response(charter.pk))
