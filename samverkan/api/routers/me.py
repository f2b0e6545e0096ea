"""The caller: who they are, which structures they coordinate, their roles in bodies."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import AuthenticationError

from samverkan.api.auth import READ_AUTH, user_of
from samverkan.api.common import READ_ERRORS
from samverkan.api.schemas import MeOut
from samverkan.structure.access import body_roles, is_admin
from samverkan.structure.models import ROLE_ORDER, Body, Person

router = Router(tags=["Jag"])


@router.get(
    "",
    response={200: MeOut, **READ_ERRORS},
    auth=READ_AUTH,
    summary="Den inloggade användaren",
)
def me(request: HttpRequest) -> dict[str, Any]:
    user = user_of(request)
    if not user.is_authenticated:
        raise AuthenticationError()
    person = Person.objects.filter(user_id=user.pk).first()
    roles = body_roles(user)
    found = (
        Body.objects.select_related("structure")
        .filter(pk__in=roles)
        .order_by("structure__name", "position", "name")
    )
    return {
        "id": user.pk,
        "username": user.get_username(),
        "full_name": user.get_full_name() or (person.full_name if person else ""),
        "email": user.email,  # type: ignore[union-attr]
        "is_admin": is_admin(user),
        "person": {"id": person.pk, "full_name": person.full_name} if person else None,
        "coordinated_structures": [
            {"id": s.pk, "slug": s.slug, "name": s.name}
            for s in user.coordinated_structures.order_by("name")  # type: ignore[union-attr]
        ],
        "body_roles": [
            {
                "body": body.pk,
                "body_name": body.name,
                "structure": body.structure.slug,
                "roles": sorted(roles[body.pk], key=lambda r: ROLE_ORDER.get(r, 99)),
            }
            for body in found
        ],
    }
