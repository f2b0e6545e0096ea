"""Who may change an account's own things, and who must pass a second factor first.

Every lookup of an API token goes through here, and so does the second-factor rule that
the middleware applies to the working pages, the admin and the account pages, and the API
to a browser session.
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.http import Http404, HttpRequest

from samverkan.accounts.models import ApiToken
from samverkan.accounts.selectors import second_factor_enabled
from samverkan.lib.users import AnyUser
from samverkan.structure.access import coordinated_structure_ids


def get_token_for_edit(user: AnyUser, token_id: int) -> ApiToken:
    """One of the user's own API tokens; anyone else's is as if it did not exist."""
    token = ApiToken.objects.filter(pk=token_id, user_id=user.pk).first() if user.pk else None
    if token is None:
        raise Http404("Nyckeln finns inte.")
    return token


def second_factor_rule_on() -> bool:
    """Whether administrators and coordinators must have a second factor: always when DEBUG
    is off, never in the demo (DEBUG on), unless MFA_REQUIRED decides it outright. Read at
    each request, so that a test that turns DEBUG off sees the rule as production has it."""
    required = getattr(settings, "MFA_REQUIRED", None)
    return (not settings.DEBUG) if required is None else bool(required)


def second_factor_required(user: AnyUser) -> bool:
    """Administrators (staff or superusers) and the coordinators of any structure must have
    a second factor while the rule is on."""
    if not user.is_authenticated or not second_factor_rule_on():
        return False
    return bool(user.is_superuser or user.is_staff or coordinated_structure_ids(user))


SecondFactorStep = Literal["", "verify", "enrol"]


def second_factor_step(request: HttpRequest) -> SecondFactorStep:
    """What the logged-in user of `request` must do before reaching a protected page:
    "verify" a code (they have an app but this session has not used it), "enrol" (the rule
    requires an app and they have none), or "" (nothing)."""
    user = request.user
    if not user.is_authenticated:
        return ""
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return ""
    if second_factor_enabled(user):
        return "verify"
    if second_factor_required(user):
        return "enrol"
    return ""
