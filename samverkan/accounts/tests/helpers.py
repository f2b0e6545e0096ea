"""What the account tests share: codes as an authenticator app shows them, and logging in
through the pages (not `force_login`), as a user does."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's app shows now, or `steps_ahead` periods (30 s) later. A code once
    used is refused again (replay), so a second login in the same test uses the next one."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """Six digits that are none of the codes the app shows around now."""
    accepted = {app_code(device, n) for n in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


def post_password(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")
