"""What a user does with their own account: API tokens and the second factor.

The second factor is django-otp's: a TOTP device (an authenticator app) and a static device
holding the recovery codes, each of which works once. Both throttle wrong codes themselves
(1, 2, 4, 8 … seconds after successive failures); a refusal names when to try again.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samverkan.accounts import history  # noqa: F401  (what the audit trail keeps of tokens)
from samverkan.accounts.models import ApiToken, hash_token
from samverkan.accounts.selectors import second_factor_enabled
from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_time, local_today
from samverkan.lib.swedish import clock_text, date_text

APP_DEVICE_NAME = "Autentiseringsapp"
RECOVERY_DEVICE_NAME = "Reservkoder"
RECOVERY_CODE_COUNT = 10
# The apps show six digits (django-otp's default); a recovery code has eight characters.
TOTP_DIGITS = 6
WRONG_CODE = (
    "Koden stämmer inte. Skriv de sex siffror som appen visar just nu, eller en av dina "
    "reservkoder som du inte har använt."
)


@transaction.atomic
def api_token_create(
    *,
    by: User,
    name: str,
    expires_on: datetime.date | None = None,
    read_only: bool = False,
) -> tuple[ApiToken, str]:
    """Create a token of `by`'s own and return it with the raw secret, which is never stored."""
    name = name.strip()
    if not name:
        raise DomainError("Ge nyckeln ett namn, t.ex. vad den ska användas till.", field="name")
    if expires_on is not None and expires_on < local_today():
        raise DomainError(
            "Sista giltighetsdagen har redan varit. Välj i dag eller ett senare datum, "
            "eller lämna fältet tomt.",
            field="expires_on",
        )
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(
        user=by,
        name=name[:100],
        token_hash=hash_token(raw),
        hint=raw[:7],
        expires_on=expires_on,
        read_only=read_only,
    )
    record_create(by=by, obj=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User | None) -> None:
    if token.revoked_at is None:
        before = snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_update(by=by, obj=token, before=before)


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The valid token `raw` is, with its user; None if unknown, revoked, expired or the user
    is inactive. Records its use."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active or token.is_expired():
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def normalise_code(code: str) -> str:
    """What a user types, as the devices store it: no spaces or dashes, lower case."""
    return "".join(code.split()).replace("-", "").lower()


def _try_again_text(until: datetime.datetime) -> str:
    moment = local_time(until)
    if moment.date() == local_today():
        return f"kl. {clock_text(moment)}"
    return f"{date_text(moment.date())} kl. {clock_text(moment)}"


def _check(device: Device, code: str) -> None:
    """Let `device` verify `code`, or raise a refusal. The verification commits before the
    refusal is raised, so that a wrong code is counted by the device's throttling."""
    with transaction.atomic():
        locked = type(device)._default_manager.select_for_update().get(pk=device.pk)
        allowed, info = locked.verify_is_allowed()
        verified = allowed and locked.verify_token(code)
    if verified:
        return
    if not allowed and info and info.get("locked_until"):
        raise DomainError(
            "För många felaktiga koder i rad. Vänta till "
            f"{_try_again_text(info['locked_until'])} och försök igen.",
            field="code",
        )
    raise DomainError(WRONG_CODE, field="code")


def totp_device_for_enrolment(*, by: User) -> TOTPDevice:
    """The app being added: the same key until it is confirmed, so that reloading the page
    does not void a QR code the user has already scanned."""
    device = TOTPDevice.objects.filter(user=by, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=by, name=APP_DEVICE_NAME, confirmed=False)
    return device


def second_factor_enable(*, by: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Turn the second factor on with a code the new app shows; returns the app's device
    and the recovery codes, which are shown once."""
    if second_factor_enabled(by):
        raise DomainError("Tvåstegsverifiering är redan på för ditt konto.", field="code")
    device = TOTPDevice.objects.filter(user=by, confirmed=False).order_by("pk").first()
    if device is None:
        raise DomainError("Ladda om sidan och skanna QR-koden igen.", field="code")
    code = normalise_code(code)
    if not code:
        raise DomainError("Skriv koden som appen visar.", field="code")
    _check(device, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.filter(user=by, confirmed=False).delete()
        codes = recovery_codes_renew(by=by)
    device.confirmed = True
    return device, codes


def recovery_codes_renew(*, by: User) -> list[str]:
    """New recovery codes for `by`; the old ones stop working. Returns them to be shown once."""
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=by, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return sorted(codes)


def second_factor_check(*, user: User, code: str) -> Device:
    """The device that accepts `code` for `user`, or a refusal: six digits are for the app,
    anything else is tried as a recovery code (eight letters and digits, then used up)."""
    code = normalise_code(code)
    if not code:
        raise DomainError("Skriv koden från appen eller en reservkod.", field="code")
    device: Device | None
    if code.isdigit() and len(code) == TOTP_DIGITS:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise DomainError(WRONG_CODE, field="code")
    _check(device, code)
    return device


def second_factor_disable(*, by: User, password: str) -> None:
    """Turn the second factor off: the app and the recovery codes stop working."""
    if not by.check_password(password):
        raise DomainError(
            "Lösenordet stämmer inte. Tvåstegsverifieringen är kvar.", field="password"
        )
    with transaction.atomic():
        for device in list(devices_for_user(by, confirmed=None)):
            device.delete()
