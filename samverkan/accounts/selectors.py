"""What the account pages show: the state of a user's second factor and tokens."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samverkan.accounts.models import ApiToken
from samverkan.lib.users import AnyUser


def second_factor_enabled(user: AnyUser) -> bool:
    """Whether the user has a confirmed authenticator app (the second factor is on)."""
    if not user.is_authenticated:
        return False
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
