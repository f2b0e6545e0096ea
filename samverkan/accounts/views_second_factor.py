"""Two-factor authentication pages: the second login step, adding an authenticator app
(a QR code drawn by the server as inline SVG: no script, no outside service), the recovery
codes (shown once), and turning it off with the password."""

from __future__ import annotations

import time
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from samverkan.accounts.access import second_factor_required, second_factor_step
from samverkan.accounts.forms import CodeForm, PasswordForm
from samverkan.accounts.selectors import recovery_codes_left, second_factor_enabled
from samverkan.accounts.services import (
    recovery_codes_renew,
    second_factor_check,
    second_factor_disable,
    second_factor_enable,
    totp_device_for_enrolment,
)
from samverkan.accounts.views import PENDING_KEY, with_next
from samverkan.lib.errors import DomainError
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import show_refusal

# How long the second step waits after the password before asking for it again.
PENDING_SECONDS = 300


def next_url(request: HttpRequest) -> str:
    """Where to go afterwards: a `next` on this site, or the working pages."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def pending_user(request: HttpRequest) -> tuple[User, str] | None:
    """The user whose password was right a moment ago in this session, and their backend."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        del request.session[PENDING_KEY]
        return None
    found = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    return (found, str(pending.get("backend", ""))) if found is not None else None


def qr_svg(data: str) -> SafeString:
    """`data` as a QR code in inline SVG, with a white margin so that a phone can read it in
    a dark theme too."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, border=4)
    element = image.get_image()
    element.set("width", "232")
    element.set("height", "232")
    element.set("role", "img")
    element.set("aria-label", "QR-kod att skanna med autentiseringsappen")
    # Built by qrcode from the device's own otpauth address: no user text reaches the markup.
    return mark_safe(force_str(image.to_string(encoding="unicode")))  # noqa: S308


def grouped_key(key: bytes) -> str:
    """The TOTP secret for typing in by hand: base32 in groups of four."""
    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second login step: a code from the app or a recovery code."""
    backend = ""
    user: User | None
    if request.user.is_authenticated:
        request.session.pop(PENDING_KEY, None)
        step = second_factor_step(request)
        if step == "enrol":
            return redirect(with_next(reverse("accounts:second_factor_enrol"), next_url(request)))
        if not step:
            return redirect(next_url(request))
        user = acting_user(request)
    else:
        pending = pending_user(request)
        if pending is None:
            messages.info(request, "Logga in med ditt lösenord först.")
            return redirect("accounts:login")
        user, backend = pending
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_check(user=user, code=form.cleaned_data["code"])
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            if not request.user.is_authenticated:
                auth_login(request, user, backend=backend or None)
                request.session.pop(PENDING_KEY, None)
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = recovery_codes_left(user)
                messages.warning(
                    request,
                    f"Du loggade in med en reservkod; den går inte att använda igen. Du har {left} "
                    "kvar. Skapa nya under Mitt konto, Tvåstegsverifiering, om de börjar ta slut.",
                )
            return redirect(next_url(request))
    return render(
        request, "accounts/second_factor_verify.html", {"form": form, "next": next_url(request)}
    )


@login_required
@never_cache
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code (or type the key), then prove it with a code."""
    user = acting_user(request)
    if second_factor_enabled(user):
        if second_factor_step(request) == "verify":
            return redirect("accounts:second_factor_verify")
        return redirect("accounts:second_factor")
    device = totp_device_for_enrolment(by=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = second_factor_enable(by=user, code=form.cleaned_data["code"])
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            otp_login(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "enrolled": True, "next": next_url(request)},
            )
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "key": grouped_key(device.bin_key),
            "required": second_factor_required(user),
            "next": next_url(request),
        },
    )


@login_required
@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    """The overview: on or off, recovery codes left, new codes, turning it off."""
    user = acting_user(request)
    return render(
        request,
        "accounts/second_factor.html",
        {
            "on": second_factor_enabled(user),
            "required": second_factor_required(user),
            "codes_left": recovery_codes_left(user),
            "form": PasswordForm(),
        },
    )


@login_required
@require_POST
@never_cache
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not second_factor_enabled(user):
        return redirect("accounts:second_factor")
    codes = recovery_codes_renew(by=user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "enrolled": False})


@login_required
@never_cache
def second_factor_off(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if request.method != "POST":
        return redirect("accounts:second_factor")
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            second_factor_disable(by=user, password=form.cleaned_data["password"])
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            if second_factor_required(user):
                messages.warning(
                    request,
                    "Tvåstegsverifieringen är avstängd. Din roll kräver den, så lägg till en "
                    "app igen innan du fortsätter.",
                )
                return redirect("accounts:second_factor_enrol")
            messages.success(
                request,
                "Tvåstegsverifieringen är avstängd. Du loggar nu in med bara lösenordet.",
            )
            return redirect("accounts:second_factor")
    return render(
        request,
        "accounts/second_factor.html",
        {
            "on": second_factor_enabled(user),
            "required": second_factor_required(user),
            "codes_left": recovery_codes_left(user),
            "form": form,
        },
        status=400,
    )
