from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from samverkan.accounts.access import get_token_for_edit
from samverkan.accounts.models import ApiToken
from samverkan.accounts.services import api_token_create, api_token_revoke
from samverkan.lib.errors import DomainError
from samverkan.lib.users import acting_user


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    raw = None
    error = ""
    if request.method == "POST":
        try:
            _, raw = api_token_create(by=acting_user(request), name=request.POST.get("name", ""))
        except DomainError as exc:
            error = exc.message
    rows = ApiToken.objects.filter(user=acting_user(request))
    return render(request, "accounts/tokens.html", {"tokens": rows, "raw": raw, "error": error})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_token_for_edit(request.user, token_id)
    api_token_revoke(token=token, by=acting_user(request))
    messages.success(request, f"Nyckeln {token.name} är återkallad och fungerar inte längre.")
    return redirect("accounts:tokens")
