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
