from __future__ import annotations

from django.contrib.auth.models import User
from django.utils import timezone

from samverkan.accounts.models import ApiToken, hash_token
from samverkan.lib.errors import DomainError


def api_token_create(*, by: User, name: str) -> tuple[ApiToken, str]:
    """Create a token of `by`'s own and return it with the raw secret, which is never stored."""
    name = name.strip()
    if not name:
        raise DomainError("Ge nyckeln ett namn, t.ex. vad den ska användas till.", field="name")
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(
        user=by, name=name[:100], token_hash=hash_token(raw), hint=raw[:7]
    )
    return token, raw


def api_token_revoke(*, token: ApiToken, by: User | None) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
