"""Reading the history: an object's page section, and the search by admins and the API.

Each read is one query (the changes with their actors), whatever the number of changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from samverkan.audit.models import Change
from samverkan.audit.registry import field_label, tracked, type_label

CREATE, UPDATE, DELETE = Change.Action.CREATE, Change.Action.UPDATE, Change.Action.DELETE
ACTION_KEYS = {CREATE: "create", UPDATE: "update", DELETE: "delete"}
ACTION_VERBS = {CREATE: "Skapade", UPDATE: "Ändrade", DELETE: "Tog bort"}
SYSTEM = "Systemet"


@dataclass(frozen=True)
class ChangedValue:
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryRow:
    """One change as a reader sees it: when, who, what, and each value from → to."""

    id: int
    at: datetime.datetime
    actor_id: int | None
    actor_name: str
    action: str
    verb: str
    object_type: str
    type_label: str
    object_id: int | None
    object_repr: str
    note: str
    structure_id: int | None
    values: list[ChangedValue]


def actor_name(change: Change) -> str:
    """The actor's name, the address kept if their account is gone, or the system."""
    if change.actor is not None:
        return change.actor.get_full_name() or change.actor.get_username()
    return change.actor_email or SYSTEM


def row_of(change: Change) -> HistoryRow:
    return HistoryRow(
        id=change.pk,
        at=change.timestamp,
        actor_id=change.actor_id,
        actor_name=actor_name(change),
        action=ACTION_KEYS.get(change.action, "update"),
        verb=ACTION_VERBS.get(change.action, "Ändrade"),
        object_type=change.object_type,
        type_label=type_label(change.object_type),
        object_id=change.object_id,
        object_repr=change.object_repr,
        note=change.note,
        structure_id=change.structure_id,
        values=[
            ChangedValue(
                field=name,
                label=field_label(change.object_type, name),
                old=str(pair[0]) if pair and pair[0] is not None else "",
                new=str(pair[1]) if len(pair) > 1 and pair[1] is not None else "",
            )
            for name, pair in (change.changes or {}).items()
        ],
    )


def newest_first(changes: QuerySet[Change]) -> QuerySet[Change]:
    return changes.select_related("actor").order_by("-timestamp", "-id")


def history_of(*, key: str, object_id: int) -> QuerySet[Change]:
    """The changes to an object and to what its page shows with it (a meeting's agenda)."""
    return newest_first(
        Change.objects.filter(
            Q(scope_type=key, scope_id=object_id) | Q(object_type=key, object_id=object_id)
        )
    )


@dataclass(frozen=True)
class PageHistory:
    rows: list[HistoryRow]
    # Whether there are older changes than those shown.
    more: bool
    limit: int


def page_history(*, obj: Model, limit: int = 50) -> PageHistory:
    """The newest `limit` changes for an object's working page, in one query."""
    found = list(history_of(key=tracked(obj).key, object_id=obj.pk)[: limit + 1])
    return PageHistory(
        rows=[row_of(c) for c in found[:limit]], more=len(found) > limit, limit=limit
    )


def changes_matching(
    changes: QuerySet[Change],
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    actor: str | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    text: str | None = None,
) -> QuerySet[Change]:
    """The changes that match every filter given: the kind of object (with an id: that
    object's history, as `history_of`), the actor
    (a user id, words of a name, username or address, or "system"), a period of days in
    Swedish time (both ends included) and words in the object's name, the event or the
    values."""
    if object_type and object_id is not None:
        # The object's history as its page shows it, with the things shown there with it.
        changes = changes.filter(
            Q(object_type=object_type, object_id=object_id)
            | Q(scope_type=object_type, scope_id=object_id)
        )
    elif object_type:
        changes = changes.filter(object_type=object_type)
    if actor:
        actor = actor.strip()
        if actor.lower() in ("system", "systemet"):
            changes = changes.filter(actor__isnull=True, actor_email__isnull=True)
        elif actor.isdigit():
            changes = changes.filter(actor_id=int(actor))
        else:
            for word in actor.split():
                changes = changes.filter(
                    Q(actor__username__icontains=word)
                    | Q(actor__first_name__icontains=word)
                    | Q(actor__last_name__icontains=word)
                    | Q(actor_email__icontains=word)
                )
    if since is not None:
        changes = changes.filter(timestamp__date__gte=since)
    if until is not None:
        changes = changes.filter(timestamp__date__lte=until)
    if text:
        for word in text.split():
            changes = changes.filter(
                Q(object_repr__icontains=word)
                | Q(note__icontains=word)
                | Q(changes_text__icontains=word)
            )
    return newest_first(changes)
