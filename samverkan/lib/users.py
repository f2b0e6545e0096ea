"""Who is acting: the types every access helper and service signature shares."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

AnyUser = User | AnonymousUser


def acting_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind `login_required` (or an authenticated API call)."""
    return cast(User, request.user)
