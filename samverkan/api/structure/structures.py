"""Structures: one region's samverkan with its municipalities."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import READ_ERRORS, WRITE_ERRORS, Pagination, acting_user, changes_of
from samverkan.api.structure.refs import principal_ref
from samverkan.api.structure.schemas import StructureIn, StructureOut, StructurePatch
from samverkan.structure import services
from samverkan.structure.access import (
    can_add_structure,
    get_structure_for_edit,
    get_structure_for_read,
)
from samverkan.structure.models import Structure
from samverkan.structure.selectors import structures_listed

router = Router(tags=["Strukturer"])


@router.get(
    "",
    response={200: list[StructureOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista strukturer",
)
@paginate(Pagination)
def list_structures(request: HttpRequest) -> QuerySet[Structure]:
    return structures_listed()


@router.get(
    "/{slug:slug}",
    response={200: StructureOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en struktur",
)
def get_structure_by_slug(request: HttpRequest, slug: str) -> Structure:
    return get_structure_for_read(slug)


@router.post(
    "",
    response={201: StructureOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en struktur (administratör)",
)
def create_structure(request: HttpRequest, payload: StructureIn) -> Status[Structure]:
    if not can_add_structure(user_of(request)):
        raise PermissionDenied("Bara administratörer kan lägga till strukturer.")
    values = payload.model_dump()
    values["region"] = principal_ref(payload.region, field="region")
    return Status(201, services.structure_create(by=acting_user(request), **values))


@router.patch(
    "/{slug:slug}",
    response={200: StructureOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary=(
        "Ändra namn, beskrivning, webbplats och tiden för justering (administratör eller "
        "koordinator)"
    ),
)
def update_structure(request: HttpRequest, slug: str, payload: StructurePatch) -> Structure:
    structure = get_structure_for_edit(user_of(request), slug)
    return services.structure_update(
        by=acting_user(request), structure=structure, **changes_of(payload)
    )
