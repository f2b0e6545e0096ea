"""The account pages: logging in (the password, then the second factor where the user has
one: `views_second_factor`), the account overview, password change and reset, API tokens."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode, urlsplit

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samverkan.accounts.access import (
    get_token_for_edit,
    second_factor_required,
    second_factor_rule_on,
)
from samverkan.accounts.forms import ResetForm, TokenForm, reset_valid_for
from samverkan.accounts.selectors import (
    recovery_codes_left,
    second_factor_enabled,
    tokens_of,
)
from samverkan.accounts.services import api_token_create, api_token_revoke
from samverkan.lib.errors import DomainError
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import show_refusal

# The session key of a login whose password was right and whose second factor is awaited.
PENDING_KEY = "accounts_second_factor_pending"


def with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class LoginView(auth_views.LoginView):
    """The first step: the password. A user with an authenticator app is not logged in yet;
    the session remembers them for a few minutes while the second step asks for a code."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not second_factor_enabled(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,  # type: ignore[attr-defined]
            "at": int(time.time()),
        }
        verify = reverse("accounts:second_factor_verify")
        return redirect(with_next(verify, self.get_redirect_url()))

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        """The `next` to go back to, but never the public start page: the header's "Logga in"
        carries the page it is clicked on, and most people click it there, so they came back
        to the public site instead of their own start page (`LOGIN_REDIRECT_URL`)."""
        url = super().get_redirect_url(request)
        return "" if url and urlsplit(url).path == reverse("public:home") else url

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["second_factor_optional"] = not second_factor_rule_on()
        return context


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own login page would log in without the second factor: use ours."""
    return redirect(with_next(reverse("accounts:login"), request.GET.get("next", "")))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "accounts/home.html",
        {
            "second_factor_on": second_factor_enabled(user),
            "second_factor_required": second_factor_required(user),
            "recovery_codes_left": recovery_codes_left(user),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request,
            "Ditt lösenord är bytt. Du är utloggad på andra datorer och telefoner där du var "
            "inloggad.",
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "valid_for": reset_valid_for()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The email proved who this is: a lock on the account from wrong passwords is lifted
        # (a lock on an address stays).
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
@never_cache
def tokens(request: HttpRequest) -> HttpResponse:
    raw = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _, raw = api_token_create(by=acting_user(request), **form.cleaned_data)
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": tokens_of(acting_user(request)), "raw": raw, "form": form},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_token_for_edit(request.user, token_id)
    api_token_revoke(token=token, by=acting_user(request))
    messages.success(request, f"Nyckeln {token.name} är återkallad och fungerar inte längre.")
    return redirect("accounts:tokens")
