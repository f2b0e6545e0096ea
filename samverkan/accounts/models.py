"""Personal API tokens. Only a hash is stored; the token is shown once when created.

A token may end on a date (`expires_on`, the last day it works, Swedish time) and may be
limited to reading (`read_only`: GET and HEAD only). The second factor's devices are
django-otp's own models (TOTP and static recovery codes); accounts has no model for them.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from samverkan.lib.localtime import local_today

TOKEN_PREFIX = "sv_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("namn", max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_on = models.DateField(
        "gäller till och med",
        null=True,
        blank=True,
        help_text="Sista dagen nyckeln fungerar; tom om den gäller tills den återkallas.",
    )
    read_only = models.BooleanField(
        "bara läsa", default=False, help_text="Nyckeln får bara hämta (GET och HEAD)."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def new_raw() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def is_expired(self, today: datetime.date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or local_today())
