"""Huvudmän: regions and municipalities (from SCB's register) and other organisations."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    READ_ERRORS,
    WRITE_ERRORS,
    Pagination,
    TextFilter,
    acting_user,
    changes_of,
)
from samverkan.api.structure.schemas import PrincipalIn, PrincipalOut, PrincipalPatch
from samverkan.structure import services
from samverkan.structure.access import (
    PRINCIPALS_ADMIN_ONLY,
    can_add_principal,
    get_principal_by_id_for_edit,
    get_principal_by_id_for_read,
)
from samverkan.structure.models import Principal, PrincipalKind
from samverkan.structure.selectors import principals_listed

router = Router(tags=["Huvudmän"])


@router.get(
    "",
    response={200: list[PrincipalOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista huvudmän",
)
@paginate(Pagination)
def list_principals(
    request: HttpRequest,
    kind: PrincipalKind | None = None,
    county_code: TextFilter = None,
    q: TextFilter = None,
) -> QuerySet[Principal]:
    return principals_listed(kind=kind, county_code=county_code, q=q)


@router.get(
    "/{id:principal_id}",
    response={200: PrincipalOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en huvudman",
)
def get_principal(request: HttpRequest, principal_id: int) -> Principal:
    return get_principal_by_id_for_read(principal_id)


@router.post(
    "",
    response={201: PrincipalOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en organisation (administratör)",
)
def create_principal(request: HttpRequest, payload: PrincipalIn) -> Status[Principal]:
    if not can_add_principal(user_of(request)):
        raise PermissionDenied(PRINCIPALS_ADMIN_ONLY)
    principal = services.principal_create(by=acting_user(request), **payload.model_dump())
    return Status(201, principal)


@router.patch(
    "/{id:principal_id}",
    response={200: PrincipalOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra en huvudman (administratör)",
)
def update_principal(request: HttpRequest, principal_id: int, payload: PrincipalPatch) -> Principal:
    principal = get_principal_by_id_for_edit(user_of(request), principal_id)
    return services.principal_update(
        by=acting_user(request), principal=principal, **changes_of(payload)
    )
