"""The caller: who they are, which structures they coordinate, their roles in bodies."""

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Router
from ninja.errors import AuthenticationError

from samverkan.api.accounts.schemas import BodyRoles, Me, MeOut
from samverkan.api.auth import READ_AUTH, user_of
from samverkan.api.base import READ_ERRORS
from samverkan.structure.access import body_roles, is_admin
from samverkan.structure.models import ROLE_ORDER
from samverkan.structure.selectors import (
    bodies_in_tree_order,
    coordinated_structures,
    person_of_user,
)

router = Router(tags=["Jag"])


@router.get(
    "",
    response={200: MeOut, **READ_ERRORS},
    auth=READ_AUTH,
    summary="Den inloggade användaren",
)
def me(request: HttpRequest) -> Me:
    user = user_of(request)
    if not isinstance(user, User):
        raise AuthenticationError()
    person = person_of_user(user=user)
    roles = body_roles(user)
    return Me(
        user=user,
        person=person,
        is_admin=is_admin(user),
        coordinated_structures=coordinated_structures(user=user),
        body_roles=[
            BodyRoles(body, sorted(roles[body.pk], key=lambda r: ROLE_ORDER.get(r, 99)))
            for body in bodies_in_tree_order(ids=roles)
        ],
    )
