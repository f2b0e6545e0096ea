"""What the audit trail keeps of minutes: the header, each item with its entries, actions
and follow-ups, approval and publication, holds and addenda. Never the approved text or its
checksums (kept on the minutes themselves) nor a number a publication hold found.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from samverkan.audit.registry import track
from samverkan.meetings.history import structure_of_meeting
from samverkan.minutes.models import (
    ActionFollowUp,
    Minutes,
    MinutesAction,
    MinutesApprover,
    MinutesEntry,
    MinutesItem,
    PublicationHold,
)


def _attendance_text(rows: Any) -> str:
    if not isinstance(rows, list):
        return str(rows)
    lines = []
    for row in rows:
        if not isinstance(row, dict):
            lines.append(str(row))
            continue
        parts = [row.get("name", ""), str(row.get("role", "")).lower(), row.get("principal", "")]
        line = ", ".join(p for p in parts if p)
        if row.get("stands_in_for"):
            line += f" (ersättare för {row['stands_in_for']})"
        if not row.get("present", True):
            line += " – frånvarande"
        lines.append(line)
    return "\n".join(lines)


def _structure_of_minutes(obj: Any) -> int | None:
    """The structure of the minutes an item or a hold belongs to, without a query when the
    minutes, their meeting and its body are loaded (as the services have them)."""
    if type(obj)._meta.get_field("minutes").is_cached(obj):
        return structure_of_meeting(obj.minutes)
    return (
        Minutes.objects.filter(pk=obj.minutes_id)
        .values_list("meeting__body__structure_id", flat=True)
        .first()
    )


track(
    Minutes,
    key="minutes",
    label="Minnesanteckningar",
    fields={
        "status": "Status",
        "approval_rule": "Justering enligt uppdragsbeskrivningen",
        "taken_by": "Sekreterare",
        "chaired_by": "Ordförande vid mötet",
        "adjuster": "Justeringsperson",
        "attendance": "Närvaro",
        "notes": "Övrigt",
        "public": "Allmän handling efter justering",
        # The same fields serve minutes adopted without justering: the words fit both.
        "submitted_at": "Skickad för justering eller fastställd",
        "approved_at": "Låst (justerad eller fastställd)",
        "published_at": "Publicerade",
        "addendum_to": "Tillägg till",
        # An approver's answer, told as the role, the person and the answer.
        "approval": "Justerare",
    },
    # An addendum's life is also shown on the minutes it corrects.
    scope=lambda m: ("minutes", m.addendum_to_id or m.pk),
    structure=structure_of_meeting,
    formats={"attendance": _attendance_text},
)

track(
    MinutesItem,
    key="minutes_item",
    label="Punkt i minnesanteckningarna",
    fields={
        "position": "Plats",
        "title": "Rubrik",
        "notes": "Anteckningar",
        "entries": "Beslut, rekommendationer och information",
        "actions": "Åtgärder",
        "follow_ups": "Uppföljning av tidigare åtgärder",
    },
    scope=lambda item: ("minutes", item.minutes_id),
    structure=_structure_of_minutes,
)

track(
    PublicationHold,
    key="publication_hold",
    label="Stopp för publicering",
    fields={"kind": "Sort", "resolution": "Beslut", "note": "Kommentar"},
    scope=lambda hold: ("minutes", hold.minutes_id),
    structure=_structure_of_minutes,
    # The hold's own name would carry the number it found.
    name=lambda hold: f"Möjligt {hold.kind} i minnesanteckningarna",
)


def entries_text(entries: Iterable[MinutesEntry]) -> str:
    return "\n".join(f"{e.get_kind_display()}: {e.text}" for e in entries)


def actions_text(actions: Iterable[MinutesAction]) -> str:
    return "\n".join(
        f"{a.text} (ansvarig {a.owner_label}, klart senast {a.due_on.isoformat()})" for a in actions
    )


def follow_ups_text(follow_ups: Iterable[ActionFollowUp]) -> str:
    return "\n".join(
        f"{f.action.text}: {f.get_outcome_display().lower()}" + (f" – {f.note}" if f.note else "")
        for f in follow_ups
    )


def item_parts(item: MinutesItem, names: Iterable[str]) -> dict[str, str]:
    """The item's parts named, as text, read from the database."""
    found: dict[str, str] = {}
    if "entries" in names:
        found["entries"] = entries_text(item.entries.all())
    if "actions" in names:
        found["actions"] = actions_text(item.actions.select_related("owner"))
    if "follow_ups" in names:
        found["follow_ups"] = follow_ups_text(item.follow_ups.select_related("action"))
    return found


def approval_text(part: MinutesApprover) -> str:
    return f"{part.get_role_display()} {part.person}: {part.get_decision_display().lower()}"


def outcome_note(minutes: Minutes, done: str) -> str:
    """What approving led to: locked, and published or held back or not public."""
    if not minutes.public:
        return f"{done}; minnesanteckningarna är låsta."
    if minutes.published_at is None:
        return (
            f"{done}; minnesanteckningarna är låsta. Publiceringen väntar tills någon har "
            "tagit ställning till möjliga personnummer."
        )
    return f"{done}; minnesanteckningarna är låsta och publicerade."
