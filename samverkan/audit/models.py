"""The audit trail: one row per change made through a domain action, never edited.

The row is django-auditlog's log entry (`AbstractLogEntry`: the object's type, id and name,
create/update/delete, the changes as `{field: [old, new]}`, the actor and the time), made
this project's own model through `AUDITLOG_LOGENTRY_MODEL` so that it can carry what the
pages and the API filter on: the kind of object in the API's words, the page it belongs
to (an agenda item's history is shown on its meeting's page) and the structure whose
coordinators may read it. The values are stored as text, as they read when the change was
made (a renamed principal later does not rewrite what the history says).
"""

from __future__ import annotations

from auditlog.models import AbstractLogEntry
from django.db import models


class Change(AbstractLogEntry):
    # The kind of object, as the API names it ("membership"), and its id; the same as
    # auditlog's content type and object id, but without a join to filter on.
    object_type = models.CharField("typ", max_length=40)
    # The working page the change is shown on: the object itself, or the object it belongs
    # to (a meeting for its agenda items, documents, notices and attendance).
    scope_type = models.CharField(max_length=40)
    scope_id = models.BigIntegerField(null=True)
    # The structure whose coordinators may read the change; empty for what belongs to no
    # single structure (people, principals, API tokens), which only admins list.
    structure_id = models.BigIntegerField(null=True, blank=True)
    # What happened, in words, e.g. the reason a meeting was moved.
    note = models.TextField("händelse", blank=True)

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "ändring"
        verbose_name_plural = "historik"
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["scope_type", "scope_id", "-timestamp"], name="change_scope"),
            models.Index(fields=["object_type", "object_id"], name="change_object"),
            models.Index(fields=["structure_id", "-timestamp"], name="change_structure"),
        ]

    def __str__(self) -> str:
        return f"{self.object_repr} ({self.timestamp:%Y-%m-%d %H:%M})"


class PageVersion(models.Model):
    """How often what a structure's public pages show has changed: part of the key under
    which those pages are cached (`samverkan/public/pagecache.py`), so a change makes the
    next request render the page anew instead of serving the cached one.

    The database bumps it (triggers made by migration 0002) whenever a `Change` row is
    written, in the same statement and so the same transaction as the change itself: every
    service records its changes here, and the bulk paths that write `Change` rows directly
    are covered too. Scope 0 (`SHARED`) is what belongs to no single structure (people,
    principals) and the admin's edits; its first value is random, so a rebuilt database
    never reuses the keys of the one before. What changes public pages without a `Change`
    row calls `samverkan.audit.pages.pages_changed`.
    """

    SHARED = 0

    # A structure's id, or SHARED.
    scope = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "sidversion"

    def __str__(self) -> str:
        return f"{self.scope}: {self.version}"
