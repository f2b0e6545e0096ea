"""Drafting and editing: minutes started from the agenda, written item by item, corrected.

Editing goes item by item, each with its own lock version, so two secretaries can write
different items at once; writing the same item twice from the same version is refused.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from samverkan.audit.services import record_create, record_delete, record_update, snapshot
from samverkan.lib.errors import (
    ConflictError,
    DomainError,
    refuse_stale,
    reject_unknown_fields,
    sync_saved,
)
from samverkan.lib.localtime import meeting_day
from samverkan.meetings.models import (
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
)
from samverkan.minutes.models import (
    CLOSING_OUTCOMES,
    ActionFollowUp,
    EntryKind,
    FollowUpOutcome,
    Minutes,
    MinutesAction,
    MinutesEntry,
    MinutesItem,
    MinutesStatus,
)
from samverkan.minutes.services.history import actions_text, entries_text, item_parts
from samverkan.minutes.services.rules import (
    STALE,
    STALE_ITEM,
    allowed_entry_kinds,
    approval_rule_of,
    ensure_editable,
    locked,
    not_deciding_text,
    role_holder,
)
from samverkan.structure.models import ROLE_ORDER, Body, Membership, Person, Role
from samverkan.structure.selectors import current_charter

# --- Starting the minutes -----------------------------------------------------------


def _role_label(attendance: Attendance) -> str:
    """The part the person had: their seat's own title (Ordförande, Vice ordförande,
    Sekreterare …) for someone called through a seat, else the attendance role (Ersättare,
    Inbjuden gäst); a substitute's "for whom" is shown apart (`stands_in_for`)."""
    membership = attendance.membership
    if (
        membership is not None
        and attendance.stands_in_for_id is None
        and attendance.role != AttendanceRole.GUEST
        and attendance.agenda_item_id is None
    ):
        return str(membership.get_role_display())
    return str(attendance.get_role_display())


def attendance_snapshot(meeting: Meeting) -> list[dict[str, Any]]:
    rows = sorted(
        meeting.attendances.select_related(
            "person", "membership__principal", "stands_in_for__person"
        ),
        # Members first and, among them, the chair and the vice chair, as on the meeting page.
        key=lambda a: (
            a.role != AttendanceRole.MEMBER,
            a.role,
            ROLE_ORDER.get(a.membership.role, 99) if a.membership else 99,
            a.person.last_name,
            a.person.first_name,
        ),
    )
    return [
        {
            "name": a.person.full_name,
            "role": _role_label(a),
            "principal": a.membership.principal.name if a.membership else "",
            "present": a.status != AttendanceStatus.ABSENT,
            "stands_in_for": a.stands_in_for.person.full_name if a.stands_in_for else "",
        }
        for a in rows
    ]


def closing_follow_ups() -> QuerySet[ActionFollowUp]:
    """Approved follow-ups that close the outer query's action (`OuterRef("pk")`)."""
    return ActionFollowUp.objects.filter(
        action_id=OuterRef("pk"),
        outcome__in=CLOSING_OUTCOMES,
        item__minutes__status=MinutesStatus.APPROVED,
    )


def open_actions(body: Body, *, before: datetime.datetime | None = None) -> list[MinutesAction]:
    """Actions from the body's approved minutes that no approved minutes have closed yet."""
    actions = (
        MinutesAction.objects.filter(
            item__minutes__meeting__body=body, item__minutes__status=MinutesStatus.APPROVED
        )
        # Correlated to each action, so that "closing" and "approved" hold for the same
        # follow-up and only this body's actions' follow-ups are read (an uncorrelated
        # NOT IN hashed every closing follow-up in the installation).
        .exclude(Exists(closing_follow_ups()))
        .select_related("owner", "item__minutes__meeting")
        .order_by("due_on", "pk")
    )
    if before is not None:
        actions = actions.filter(item__minutes__meeting__starts_at__lt=before)
    return list(actions)


@transaction.atomic
def minutes_start(*, meeting: Meeting, by: User | None) -> Minutes:
    """Draft the meeting's minutes from its agenda; open earlier actions come along."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError("Mötet är inställt och får inga minnesanteckningar.")
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if Minutes.objects.filter(meeting=meeting, addendum_to__isnull=True).exists():
        raise ConflictError("Mötet har redan minnesanteckningar; öppna dem i stället.")
    body = meeting.body
    charter = current_charter(body)
    day = meeting_day(meeting)
    minutes = Minutes.objects.create(
        meeting=meeting,
        approval_rule=approval_rule_of(charter),
        taken_by=role_holder(body, Role.SECRETARY, day),
        chaired_by=role_holder(body, Role.CHAIR, day),
        attendance=attendance_snapshot(meeting),
        public=bool(charter and charter.minutes_public),
        created_by=by,
    )
    agenda = list(meeting.agenda_items.select_related("standing_item").order_by("position", "pk"))
    follow_up_done = False
    items = []
    for index, agenda_item in enumerate(agenda):
        reviews = bool(
            agenda_item.standing_item and agenda_item.standing_item.reviews_previous_minutes
        )
        items.append(
            MinutesItem(
                minutes=minutes,
                agenda_item=agenda_item,
                position=index + 1,
                title=agenda_item.title,
                follows_up_previous=reviews and not follow_up_done,
            )
        )
        follow_up_done = follow_up_done or reviews
    earlier = open_actions(body, before=meeting.starts_at)
    wanted = bool(charter and charter.decisions_followed_up_in_next_minutes) or bool(earlier)
    if wanted and not follow_up_done:
        items.insert(
            0,
            MinutesItem(
                minutes=minutes,
                position=0,
                title="Uppföljning av beslut och åtgärder från tidigare möten",
                follows_up_previous=True,
            ),
        )
    MinutesItem.objects.bulk_create(items)
    carrier = next((i for i in minutes.items.all() if i.follows_up_previous), None)
    if carrier is not None and earlier:
        ActionFollowUp.objects.bulk_create(
            ActionFollowUp(action=action, item=carrier, outcome=FollowUpOutcome.CONTINUES)
            for action in earlier
        )
    record_create(
        by=by,
        obj=minutes,
        note=f"Påbörjade utifrån dagordningen, {len(items)} punkter"
        + (f" och {len(earlier)} tidigare åtgärder att följa upp." if earlier else "."),
    )
    return minutes


# --- Writing ---------------------------------------------------------------------------

MINUTES_FIELDS = ("taken_by", "chaired_by", "adjuster", "notes")


def _in_body_or_meeting(minutes: Minutes, person: Person) -> bool:
    day = meeting_day(minutes.meeting)
    return (
        Membership.objects.active_on(day).filter(body=minutes.meeting.body, person=person).exists()
        or minutes.meeting.attendances.filter(person=person).exists()
    )


def _check_header(minutes: Minutes) -> None:
    if minutes.adjuster is not None:
        if minutes.chaired_by is not None and minutes.adjuster.pk == minutes.chaired_by.pk:
            raise DomainError(
                "Justeringspersonen ska vara en annan än ordföranden: uppdragsbeskrivningen "
                "säger att anteckningarna justeras av ordförande och en för mötet utsedd "
                "justeringsperson.",
                field="adjuster",
            )
        if not _in_body_or_meeting(minutes, minutes.adjuster):
            raise DomainError(
                f"{minutes.adjuster.full_name} sitter inte i {minutes.meeting.body.name} och "
                "deltog inte i mötet, och kan därför inte justera.",
                field="adjuster",
            )


@transaction.atomic
def minutes_update(
    *, minutes: Minutes, expected_version: int | None, by: User | None, **changes: Any
) -> Minutes:
    """Change who chaired, wrote and adjusts the minutes, and the closing notes."""
    reject_unknown_fields(changes, MINUTES_FIELDS)
    current = locked(minutes)
    ensure_editable(current)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE)
    before = snapshot(current)
    for name, value in changes.items():
        setattr(current, name, value)
    _check_header(current)
    current.lock_version += 1
    current.save()
    record_update(by=by, obj=current, before=before)
    sync_saved(minutes, current)
    return current


@transaction.atomic
def minutes_refresh_attendance(
    *, minutes: Minutes, expected_version: int | None, by: User | None
) -> Minutes:
    """Take the attendance again from the meeting (after absences or guests changed)."""
    current = locked(minutes)
    ensure_editable(current)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE)
    before = snapshot(current)
    current.attendance = attendance_snapshot(current.meeting)
    current.lock_version += 1
    current.save(update_fields=["attendance", "lock_version", "updated_at"])
    record_update(by=by, obj=current, before=before, note="Hämtade närvaron från mötet.")
    sync_saved(minutes, current)
    return current


@dataclass(frozen=True)
class EntryIn:
    kind: str
    text: str


@dataclass(frozen=True)
class ActionIn:
    text: str
    due_on: datetime.date | None
    owner: Person | None = None
    owner_name: str = ""


@dataclass(frozen=True)
class FollowUpIn:
    action_id: int
    outcome: str
    note: str = ""


def _check_entries(minutes: Minutes, entries: list[EntryIn]) -> None:
    body = minutes.meeting.body
    allowed: frozenset[str] = allowed_entry_kinds(body)
    for index, entry in enumerate(entries, start=1):
        if entry.kind not in EntryKind.values:
            raise DomainError(f"Rad {index}: okänd typ {entry.kind!r}.", field="entries")
        if not entry.text.strip():
            raise DomainError(f"Rad {index}: texten saknas.", field="entries")
        if entry.kind not in allowed:
            raise DomainError(not_deciding_text(body), field="entries")


def _check_actions(actions: list[ActionIn]) -> None:
    for index, action in enumerate(actions, start=1):
        if not action.text.strip():
            raise DomainError(f"Åtgärd {index}: beskriv vad som ska göras.", field="actions")
        if action.owner is None and not action.owner_name.strip():
            raise DomainError(f"Åtgärd {index}: ange vem som är ansvarig.", field="actions")
        if action.due_on is None:
            raise DomainError(f"Åtgärd {index}: ange när den ska vara klar.", field="actions")


def _check_follow_ups(item: MinutesItem, follow_ups: list[FollowUpIn]) -> None:
    if follow_ups and not item.follows_up_previous:
        raise DomainError(
            "Åtgärder från tidigare möten följs upp under punkten för föregående "
            "minnesanteckningar.",
            field="follow_ups",
        )
    known = set(item.follow_ups.values_list("action_id", flat=True))
    for follow_up in follow_ups:
        if follow_up.action_id not in known:
            raise DomainError(
                "Åtgärden hör inte till uppföljningen i de här minnesanteckningarna.",
                field="follow_ups",
            )
        if follow_up.outcome not in FollowUpOutcome.values:
            raise DomainError(f"Okänt läge {follow_up.outcome!r}.", field="follow_ups")


@transaction.atomic
def minutes_item_save(
    *,
    item: MinutesItem,
    expected_version: int | None,
    by: User | None,
    title: str | None = None,
    notes: str | None = None,
    entries: list[EntryIn] | None = None,
    actions: list[ActionIn] | None = None,
    follow_ups: list[FollowUpIn] | None = None,
) -> MinutesItem:
    """Save one item: its notes and, where given, all its entries, actions and follow-ups."""
    minutes = locked(item.minutes)
    ensure_editable(minutes)
    current = MinutesItem.objects.select_for_update().get(pk=item.pk)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE_ITEM)
    minutes.meeting = item.minutes.meeting
    current.minutes = minutes
    if entries is not None:
        _check_entries(minutes, entries)
    if actions is not None:
        _check_actions(actions)
    if follow_ups is not None:
        _check_follow_ups(current, follow_ups)
    before = snapshot(current)
    replaced = [
        name
        for name, given in (("entries", entries), ("actions", actions), ("follow_ups", follow_ups))
        if given is not None
    ]
    parts_before = item_parts(current, replaced)
    if title is not None:
        if not title.strip():
            raise DomainError("Punkten behöver en rubrik.", field="title")
        current.title = title.strip()
    if notes is not None:
        current.notes = notes
    parts_after: dict[str, str] = {}
    if entries is not None:
        current.entries.all().delete()
        written = MinutesEntry.objects.bulk_create(
            MinutesEntry(item=current, position=i, kind=e.kind, text=e.text.strip())
            for i, e in enumerate(entries)
        )
        parts_after["entries"] = entries_text(written)
    if actions is not None:
        current.actions.all().delete()
        assigned = MinutesAction.objects.bulk_create(
            MinutesAction(
                item=current,
                position=i,
                text=a.text.strip(),
                owner=a.owner,
                owner_name="" if a.owner else a.owner_name.strip(),
                due_on=a.due_on,
            )
            for i, a in enumerate(actions)
            if a.due_on is not None  # checked above
        )
        parts_after["actions"] = actions_text(assigned)
    for follow_up in follow_ups or []:
        current.follow_ups.filter(action_id=follow_up.action_id).update(
            outcome=follow_up.outcome, note=follow_up.note.strip()
        )
    current.lock_version += 1
    current.updated_by = by
    current.save()
    if follow_ups is not None:
        parts_after.update(item_parts(current, ["follow_ups"]))
    record_update(
        by=by,
        obj=current,
        before=before,
        parts={name: (parts_before[name], parts_after[name]) for name in replaced},
    )
    sync_saved(item, current)
    return current


@transaction.atomic
def minutes_item_add(*, minutes: Minutes, by: User | None, title: str) -> MinutesItem:
    """Add an item that was not on the agenda, such as "Övriga frågor", at the end."""
    current = locked(minutes)
    ensure_editable(current)
    if not title.strip():
        raise DomainError("Punkten behöver en rubrik.", field="title")
    last = current.items.order_by("-position").values_list("position", flat=True).first()
    item = MinutesItem.objects.create(
        minutes=current, position=(last or 0) + 1, title=title.strip(), updated_by=by
    )
    record_create(by=by, obj=item)
    return item


@transaction.atomic
def minutes_item_remove(
    *, by: User | None, item: MinutesItem, expected_version: int | None
) -> None:
    minutes = locked(item.minutes)
    ensure_editable(minutes)
    current = MinutesItem.objects.select_for_update().get(pk=item.pk)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE_ITEM)
    if current.follows_up_previous and current.follow_ups.exists():
        raise DomainError(
            "Punkten bär uppföljningen av tidigare åtgärder och kan inte tas bort.",
            field="title",
        )
    record_delete(by=by, obj=current)
    current.delete()


# --- Correcting approved minutes -------------------------------------------------------


@transaction.atomic
def minutes_addendum_create(
    *, original: Minutes, by: User | None, title: str, text: str
) -> Minutes:
    """Start a correction of approved minutes; it is approved like any minutes."""
    if original.status != MinutesStatus.APPROVED:
        raise DomainError(
            "Bara justerade minnesanteckningar rättas med ett tillägg; ändra utkastet direkt."
        )
    if original.addendum_to_id:
        raise DomainError("Ett tillägg rättas med ett nytt tillägg till originalet.")
    if not text.strip():
        raise DomainError("Beskriv rättelsen.", field="text")
    charter = current_charter(original.meeting.body)
    addendum = Minutes.objects.create(
        meeting=original.meeting,
        addendum_to=original,
        approval_rule=approval_rule_of(charter),
        taken_by=original.taken_by,
        chaired_by=original.chaired_by,
        adjuster=original.adjuster,
        attendance=original.attendance,
        public=original.public,
        created_by=by,
    )
    record_create(
        by=by, obj=addendum, note="Påbörjade ett tillägg som rättar justerade anteckningar."
    )
    correction = MinutesItem.objects.create(
        minutes=addendum,
        position=1,
        title=title.strip() or "Rättelse",
        notes=text.strip(),
        updated_by=by,
    )
    record_create(by=by, obj=correction)
    return addendum
