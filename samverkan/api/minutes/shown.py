"""Minutes as one reader sees them: what the minutes schemas render.

A reader who sees minutes only because they are published (anyone outside the body's
writers, members and approvers, `minutes.access.is_insider`) gets the public view: every
text with the personnummer that were masked before publication replaced by `render.MASK`,
and no approvers' comments (those are the approval's working notes, not part of the
minutes). The shown values are therefore built here, masked where the view asks it, and
the schemas read them as they are.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from samverkan.lib.localtime import meeting_day
from samverkan.minutes.models import (
    EntryKind,
    Minutes,
    MinutesAction,
    MinutesApprover,
    MinutesItem,
)
from samverkan.minutes.render import mask
from samverkan.structure.models import Person


@dataclass(frozen=True)
class ShownEntry:
    kind: str
    kind_label: str
    text: str


@dataclass(frozen=True)
class ShownAction:
    id: int
    text: str
    owner: int | None
    owner_name: str
    due_on: datetime.date


@dataclass(frozen=True)
class ShownFollowUp:
    action_id: int
    action_text: str
    action_owner_name: str
    action_due_on: datetime.date
    action_meeting_day: datetime.date
    outcome: str
    note: str


@dataclass(frozen=True)
class ShownItem:
    id: int
    minutes: int
    position: int
    agenda_item: int | None
    title: str
    notes: str
    follows_up_previous: bool
    lock_version: int
    entries: list[ShownEntry]
    actions: list[ShownAction]
    follow_ups: list[ShownFollowUp]


@dataclass(frozen=True)
class ShownAttendanceRow:
    name: str
    role: str
    principal: str
    present: bool
    stands_in_for: str


@dataclass(frozen=True)
class ShownApprover:
    round: int
    role: str
    person: int
    person_name: str
    decision: str
    comment: str
    requested_at: datetime.datetime | None
    decided_at: datetime.datetime | None


@dataclass(frozen=True)
class MinutesView:
    """The minutes as one reader sees them.

    Reads as the minutes themselves for anything it does not hold (`status`, `meeting`,
    `lock_version`…), so the fields every minutes response shares render it as they
    render the minutes.
    """

    minutes: Minutes
    taken_by_name: str | None
    chaired_by_name: str | None
    adjuster_name: str | None
    attendance: list[ShownAttendanceRow]
    notes: str
    items: list[ShownItem]
    approvers: list[ShownApprover]
    addenda: list[int]
    allowed_entry_kinds: list[str]
    verified: bool | None
    masked: bool
    open_holds: int
    # The hash of the text this reader gets: never the original's where numbers are masked
    # for them, or anyone could test candidate numbers against it.
    shown_sha256: str

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "minutes":
            raise AttributeError(name)
        return getattr(self.minutes, name)


def shown_action(action: MinutesAction, found: Iterable[str] = ()) -> ShownAction:
    found = list(found)
    return ShownAction(
        id=action.pk,
        text=mask(action.text, found),
        owner=action.owner_id,
        owner_name=mask(action.owner_label, found),
        due_on=action.due_on,
    )


def shown_item(item: MinutesItem, found: list[str]) -> ShownItem:
    """An item with its parts; `found` are the strings to mask."""
    return ShownItem(
        id=item.pk,
        minutes=item.minutes_id,
        position=item.position,
        agenda_item=item.agenda_item_id,
        title=mask(item.title, found),
        notes=mask(item.notes, found),
        follows_up_previous=item.follows_up_previous,
        lock_version=item.lock_version,
        entries=[
            ShownEntry(e.kind, str(e.get_kind_display()), mask(e.text, found))
            for e in item.entries.all()
        ],
        actions=[shown_action(a, found) for a in item.actions.all()],
        follow_ups=[
            ShownFollowUp(
                action_id=f.action_id,
                action_text=mask(f.action.text, found),
                action_owner_name=mask(f.action.owner_label, found),
                action_due_on=f.action.due_on,
                action_meeting_day=meeting_day(f.action.item.minutes.meeting),
                outcome=f.outcome,
                note=mask(f.note, found),
            )
            for f in item.follow_ups.all()
        ],
    )


def _name(person: Person | None, found: list[str]) -> str | None:
    return mask(person.full_name, found) if person is not None else None


def shown_minutes(
    minutes: Minutes,
    *,
    items: list[MinutesItem],
    approvers: list[MinutesApprover],
    addenda: list[int],
    allowed_kinds: Iterable[str],
    verified: bool | None,
    found: list[str],
    public_view: bool,
    open_holds: int,
) -> MinutesView:
    """The minutes as a reader sees them; in the public view `found` are masked everywhere."""
    shown = found if public_view else []
    return MinutesView(
        minutes=minutes,
        taken_by_name=_name(minutes.taken_by, shown),
        chaired_by_name=_name(minutes.chaired_by, shown),
        adjuster_name=_name(minutes.adjuster, shown),
        attendance=[
            ShownAttendanceRow(
                name=mask(str(row.get("name", "")), shown),
                role=str(row.get("role", "")),
                principal=str(row.get("principal", "")),
                present=bool(row.get("present", True)),
                stands_in_for=mask(str(row.get("stands_in_for", "")), shown),
            )
            for row in minutes.attendance
        ],
        notes=mask(minutes.notes, shown),
        items=[shown_item(item, shown) for item in items],
        approvers=[
            ShownApprover(
                round=a.round,
                role=a.role,
                person=a.person_id,
                person_name=a.person.full_name,
                decision=a.decision,
                comment="" if public_view else a.comment,
                requested_at=a.requested_at,
                decided_at=a.decided_at,
            )
            for a in approvers
        ],
        addenda=addenda,
        allowed_entry_kinds=[kind for kind in EntryKind.values if kind in allowed_kinds],
        verified=verified,
        masked=public_view and bool(found),
        open_holds=open_holds,
        shown_sha256=minutes.published_sha256 if public_view else minutes.sha256,
    )
