"""The second-factor rule, applied in one place to every page that needs it.

A logged-in user who has an authenticator app but has not used it in this session, or who
must have one (administrators and coordinators, see `access.second_factor_required`) but
has none, is sent to verify a code or to add an app before any working page (`/arbeta/`),
the admin (`/admin/`) or an account page (`/konto/`) other than those steps themselves and
logging out. The public pages stay as they are; the API's session reads apply the same
rule (`samverkan.api.auth`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from samverkan.accounts.access import second_factor_step

PROTECTED_PREFIXES = ("/arbeta/", "/admin/", "/konto/")
# Account pages that stay open: the steps themselves, logging in and out, and the password
# reset (which is for someone who is not logged in).
OPEN_PAGES = {
    "login",
    "logout",
    "second_factor_verify",
    "second_factor_enrol",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
STEP_PAGES = {"verify": "accounts:second_factor_verify", "enrol": "accounts:second_factor_enrol"}


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: list[Any],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not request.path.startswith(PROTECTED_PREFIXES):
            return None
        match = request.resolver_match
        if match is not None and match.namespace == "accounts" and match.url_name in OPEN_PAGES:
            return None
        step = second_factor_step(request)
        if not step:
            return None
        target = reverse(STEP_PAGES[step])
        if request.method in ("GET", "HEAD"):
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
