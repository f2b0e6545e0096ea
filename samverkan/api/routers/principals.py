"""Huvudmän: regions and municipalities (from SCB's register) and other organisations."""

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.common import READ_ERRORS, WRITE_ERRORS, Pagination, changes_of, require_admin
from samverkan.api.schemas import PrincipalIn, PrincipalOut, PrincipalPatch
from samverkan.lib.users import acting_user
from samverkan.structure import services
from samverkan.structure.models import Principal, PrincipalKind

router = Router(tags=["Huvudmän"])

ADMIN_ONLY = "Bara administratörer kan lägga till eller ändra huvudmän."


def _get(principal_id: int) -> Principal:
    principal = Principal.objects.filter(pk=principal_id).first()
    if principal is None:
        raise Http404("Huvudmannen finns inte.")
    return principal


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
    county_code: str | None = None,
    q: str | None = None,
) -> QuerySet[Principal]:
    principals = Principal.objects.all()
    if kind:
        principals = principals.filter(kind=kind)
    if county_code:
        principals = principals.filter(county_code=county_code)
    if q:
        principals = principals.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    return principals.order_by("kind", "name", "pk")


@router.get(
    "/{int:principal_id}",
    response={200: PrincipalOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en huvudman",
)
def get_principal(request: HttpRequest, principal_id: int) -> Principal:
    return _get(principal_id)


@router.post(
    "",
    response={201: PrincipalOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en organisation (administratör)",
)
def create_principal(request: HttpRequest, payload: PrincipalIn) -> Status[Principal]:
    require_admin(user_of(request), ADMIN_ONLY)
    principal = services.principal_create(by=acting_user(request), **payload.model_dump())
    return Status(201, principal)


@router.patch(
    "/{int:principal_id}",
    response={200: PrincipalOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra en huvudman (administratör)",
)
def update_principal(request: HttpRequest, principal_id: int, payload: PrincipalPatch) -> Principal:
    require_admin(user_of(request), ADMIN_ONLY)
    return services.principal_update(
        by=acting_user(request), principal=_get(principal_id), **changes_of(payload)
    )
