"""Who is calling: a personal API token (`Authorization: Bearer sv_…`), for reads also a
logged-in browser session, or nobody.

Writes need a token; a missing or invalid one gives 401. Reads work anonymously
(public data only), but a token that is sent must be valid: a client with a
revoked or expired token gets 401 instead of quietly seeing less. A read-only token
may only GET and HEAD; anything else with it gets 403. The browser session counts
only once it has passed the second factor that its user has or must have, as the
working pages require (`samverkan.accounts.access.second_factor_step`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from samverkan.accounts.access import second_factor_step
from samverkan.accounts.services import api_token_authenticate
from samverkan.lib.users import AnyUser

READ_METHODS = ("GET", "HEAD")
READ_ONLY = (
    "Nyckeln får bara läsa (GET och HEAD). Skapa en nyckel som får ändra under "
    "Mitt konto, API-nycklar."
)


class ApiKey(HttpBearer):
    """A personal API token, created on the account page: `Authorization: Bearer <token>`."""

    def __init__(self, *, required: bool = True) -> None:
        self.required = required
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any | None:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        user = None
        if scheme.lower() == self.openapi_scheme and token.strip():
            user = self.authenticate(request, token.strip())
        if user is None and not self.required:
            # A credential was sent but is wrong: refuse rather than fall back to anonymous.
            raise AuthenticationError()
        return user

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        found = api_token_authenticate(token)
        if found is None:
            return None
        if found.read_only and request.method not in READ_METHODS:
            raise PermissionDenied(READ_ONLY)
        return found.user


class SessionOrAnonymous:
    """For reads: the logged-in browser session's user, otherwise an anonymous user."""

    def __call__(self, request: HttpRequest) -> AnyUser:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_active
            and not second_factor_step(request)
        ):
            return user  # type: ignore[no-any-return]
        return AnonymousUser()


WRITE_AUTH = [ApiKey()]
READ_AUTH = [ApiKey(required=False), SessionOrAnonymous()]
# Shown in the OpenAPI document: reads take a token but need none.
READ_SECURITY: dict[str, Any] = {"security": [{}]}


def user_of(request: HttpRequest) -> AnyUser:
    """The caller as set by the authentication above."""
    user = getattr(request, "auth", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return AnonymousUser()
    return user  # type: ignore[no-any-return]
