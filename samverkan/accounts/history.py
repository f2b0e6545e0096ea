"""What the audit trail keeps of API tokens: their name, expiry, scope and revocation.

Never the token or its hash, nor the hint of its first characters: the history names a
token only by the name its owner gave it.
"""

from __future__ import annotations

from samverkan.accounts.models import ApiToken
from samverkan.audit.registry import track

track(
    ApiToken,
    key="api_token",
    label="API-nyckel",
    fields={
        "user": "Konto",
        "name": "Namn",
        "expires_on": "Gäller till och med",
        "read_only": "Bara läsa",
        "revoked_at": "Återkallad",
    },
    name=lambda token: f"”{token.name}”",
)
