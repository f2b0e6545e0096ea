"""Who may change an account's own things: every lookup of an API token goes through here."""

from __future__ import annotations

from django.http import Http404

from samverkan.accounts.models import ApiToken
from samverkan.lib.users import AnyUser


def get_token_for_edit(user: AnyUser, token_id: int) -> ApiToken:
    """One of the user's own API tokens; anyone else's is as if it did not exist."""
    token = ApiToken.objects.filter(pk=token_id, user_id=user.pk).first() if user.pk else None
    if token is None:
        raise Http404("Nyckeln finns inte.")
    return token
