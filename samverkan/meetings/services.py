"""Meetings: plan, create, move, cancel, and keep the agenda. Checks before writes."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from samverkan.audit.services import record_create, record_delete, record_update, snapshot
from samverkan.lib.errors import DomainError, refuse_stale, reject_unknown_fields
from samverkan.lib.localtime import meeting_day
from samverkan.lib.workdays import lead_deadline
from samverkan.meetings import history  # noqa: F401  (what the audit trail keeps)
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingStatus,
)
from samverkan.structure.models import Body, Charter, StandingAgendaItem
from samverkan.structure.services import current_charter


def deadline_on(day: datetime.date, value: int | None, unit: str | None) -> datetime.date | None:
    """The last day documents may reach the members for a meeting held on `day`, by a
    charter's lead time (`value` `unit`s; the start page reads them as plain values): none
    without a lead time."""
    if not value or not unit:
        return None
    return lead_deadline(day, value, unit)


def document_deadline(meeting: Meeting, charter: Charter | None) -> datetime.date | None:
    """The last day documents may reach the members, by the charter's lead time."""
    if charter is None:
        return None
    return deadline_on(
        meeting_day(meeting), charter.document_lead_value, charter.document_lead_unit
    )


def _event(
    meeting: Meeting, kind: str, by: User | None, note: str = "", **times: datetime.datetime | None
) -> None:
    MeetingEvent.objects.create(meeting=meeting, kind=kind, by=by, note=note, **times)


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise DomainError("Tiderna måste ha en tidszon.", field="starts_at")
    if starts_at <= timezone.now():
        raise DomainError("Ett möte kan inte planeras i det förflutna.", field="starts_at")
    if ends_at <= starts_at:
        raise DomainError("Mötet måste sluta efter att det börjar.", field="ends_at")
    if ends_at - starts_at > datetime.timedelta(hours=12):
        raise DomainError("Ett möte kan inte vara längre än tolv timmar.", field="ends_at")


def standing_agenda_item(meeting: Meeting, position: int, item: StandingAgendaItem) -> AgendaItem:
    """The agenda item a charter's standing item puts on a new meeting (not saved)."""
    return AgendaItem(
        meeting=meeting,
        position=position,
        kind=AgendaItemKind.STANDING,
        title=item.title,
        description=item.condition,
        standing_item=item,
    )


def _standing_items(meeting: Meeting, charter: Charter | None) -> None:
    if charter is None:
        return
    AgendaItem.objects.bulk_create(
        standing_agenda_item(meeting, index, item)
        for index, item in enumerate(charter.standing_items.all())
    )


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    by: User | None,
    title: str = "",
    place: str = "",
    video_link: str = "",
    form: str = "",
    convener: Any = None,
) -> Meeting:
    """Plan a meeting; its agenda starts with the charter's standing items, in order."""
    _check_times(starts_at, ends_at)
    charter = current_charter(body)
    meeting = Meeting(
        body=body,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_link=video_link,
        form=form or (charter.meeting_form if charter else ""),
        convener=convener,
    )
    meeting.full_clean(exclude=["body", "convener"])
    meeting.save()
    _standing_items(meeting, charter)
    _event(meeting, MeetingEventKind.PLANNED, by, new_starts_at=starts_at)
    record_create(by=by, obj=meeting)
    return meeting


MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "video_link", "form", "convener")


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    expected_version: int | None,
    by: User | None,
    reason: str = "",
    **changes: Any,
) -> Meeting:
    """Change time, place or form. A new time is a move: kept in the history, with a reason."""
    reject_unknown_fields(changes, MEETING_FIELDS)
    fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refuse_stale(
        current=fresh.lock_version,
        expected=expected_version,
        message=(
            "Någon annan har ändrat mötet sedan du öppnade det. Dina ändringar sparades inte; "
            "ladda om sidan och gör om dem."
        ),
    )
    if fresh.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise DomainError(
            f"Mötet är {fresh.get_status_display().lower()} och kan inte ändras.", field="status"
        )
    old_start = fresh.starts_at
    before = snapshot(fresh)
    for name, value in changes.items():
        setattr(fresh, name, value)
    moved = fresh.starts_at != old_start or (
        "ends_at" in changes and fresh.ends_at != meeting.ends_at
    )
    if fresh.starts_at != old_start or "ends_at" in changes:
        _check_times(fresh.starts_at, fresh.ends_at)
    if fresh.starts_at != old_start and not reason.strip():
        raise DomainError("Ange varför mötet flyttas; det syns i historiken.", field="reason")
    fresh.full_clean(exclude=["body", "convener"])
    fresh.sequence += 1
    fresh.lock_version += 1
    if moved and fresh.status == MeetingStatus.CALLED:
        fresh.status = MeetingStatus.MOVED
    fresh.save()
    if fresh.starts_at != old_start:
        _event(
            fresh,
            MeetingEventKind.MOVED,
            by,
            reason,
            old_starts_at=old_start,
            new_starts_at=fresh.starts_at,
        )
    else:
        _event(fresh, MeetingEventKind.CHANGED, by, reason)
    moved_note = "Flyttat" if fresh.starts_at != old_start else ""
    record_update(
        by=by, obj=fresh, before=before, note=": ".join(x for x in (moved_note, reason) if x)
    )
    return fresh


@transaction.atomic
def meeting_cancel(
    *, meeting: Meeting, by: User | None, reason: str, expected_version: int | None = None
) -> Meeting:
    fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refuse_stale(
        current=fresh.lock_version,
        expected=expected_version,
        message=(
            "Någon annan har ändrat mötet sedan du öppnade det; det ställdes inte in. "
            "Ladda om sidan och försök igen."
        ),
    )
    if fresh.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise DomainError(f"Mötet är redan {fresh.get_status_display().lower()}.", field="status")
    if not reason.strip():
        raise DomainError("Ange varför mötet ställs in; det syns i historiken.", field="reason")
    before = snapshot(fresh)
    fresh.status = MeetingStatus.CANCELLED
    fresh.sequence += 1
    fresh.lock_version += 1
    fresh.save()
    _event(fresh, MeetingEventKind.CANCELLED, by, reason.strip())
    record_update(by=by, obj=fresh, before=before, note=f"Inställt: {reason.strip()}")
    return fresh


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by: User | None) -> Meeting:
    fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if fresh.status == MeetingStatus.CANCELLED:
        raise DomainError("Ett inställt möte kan inte ha hållits.", field="status")
    if fresh.starts_at > timezone.now():
        raise DomainError("Mötet har inte börjat ännu.", field="status")
    before = snapshot(fresh)
    fresh.status = MeetingStatus.HELD
    fresh.sequence += 1
    fresh.lock_version += 1
    fresh.save()
    _event(fresh, MeetingEventKind.HELD, by)
    record_update(by=by, obj=fresh, before=before)
    return fresh


# --- Agenda ------------------------------------------------------------------

AGENDA_FIELDS = (
    "kind",
    "title",
    "owner",
    "presenter",
    "planned_minutes",
    "description",
    "proposal",
    "question",
)


def _check_item(item: AgendaItem, charter: Charter | None) -> None:
    if not item.title.strip():
        raise DomainError("Punkten behöver en rubrik.", field="title")
    if (
        item.kind == AgendaItemKind.CASE
        and charter is not None
        and charter.items_need_description_and_proposal
    ):
        quote = (charter.citations or {}).get("documents", "")
        why = f" Uppdragsbeskrivningen säger: ”{quote}”" if quote else ""
        if not item.description.strip():
            raise DomainError(
                "Ett ärende ska ha en kort ärendebeskrivning." + why, field="description"
            )
        if not (item.proposal.strip() or item.question.strip()):
            raise DomainError(
                "Ett ärende ska ha ett förslag till åtgärd eller en frågeställning." + why,
                field="proposal",
            )
    if item.kind == AgendaItemKind.CASE and charter is not None and charter.items_need_description:
        if not item.description.strip():
            raise DomainError(
                "Underlaget ska innehålla en kort problemformulering.", field="description"
            )


def _editable(meeting: Meeting) -> None:
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise DomainError(
            f"Mötet är {meeting.get_status_display().lower()}; dagordningen kan inte ändras.",
            field="meeting",
        )


@transaction.atomic
def agenda_item_add(*, by: User | None, meeting: Meeting, **fields: Any) -> AgendaItem:
    reject_unknown_fields(fields, AGENDA_FIELDS)
    # Lock the meeting: two items added at once get different positions, and an item
    # cannot slip into a meeting that is being cancelled.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _editable(meeting)
    last = AgendaItem.objects.filter(meeting=meeting).order_by("-position").first()
    item = AgendaItem(meeting=meeting, position=(last.position + 1) if last else 0, **fields)
    _check_item(item, current_charter(meeting.body))
    item.full_clean(exclude=["meeting", "owner", "standing_item"])
    item.save()
    record_create(by=by, obj=item)
    return item


@transaction.atomic
def agenda_item_update(
    *, by: User | None, item: AgendaItem, expected_version: int | None, **changes: Any
) -> AgendaItem:
    reject_unknown_fields(changes, AGENDA_FIELDS)
    fresh = AgendaItem.objects.select_for_update().select_related("meeting__body").get(pk=item.pk)
    _editable(fresh.meeting)
    refuse_stale(
        current=fresh.lock_version,
        expected=expected_version,
        message=(
            "Någon annan har ändrat punkten sedan du öppnade den. Dina ändringar sparades inte."
        ),
    )
    before = snapshot(fresh)
    for name, value in changes.items():
        setattr(fresh, name, value)
    _check_item(fresh, current_charter(fresh.meeting.body))
    fresh.full_clean(exclude=["meeting", "owner", "standing_item"])
    fresh.lock_version += 1
    fresh.save()
    record_update(by=by, obj=fresh, before=before)
    return fresh


@transaction.atomic
def agenda_item_move(*, by: User | None, item: AgendaItem, up: bool) -> None:
    """Swap the item with its neighbour above (up) or below."""
    _editable(item.meeting)
    items = list(AgendaItem.objects.select_for_update().filter(meeting=item.meeting_id))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(items):
        return
    items[index], items[other_index] = items[other_index], items[index]
    for position, row in enumerate(items):
        if row.position != position:
            AgendaItem.objects.filter(pk=row.pk).update(position=position)
            before = snapshot(row)
            row.position = position
            record_update(by=by, obj=row, before=before)


@transaction.atomic
def agenda_item_remove(*, by: User | None, item: AgendaItem) -> None:
    _editable(item.meeting)
    if item.documents.exists():
        raise DomainError(
            "Punkten har handlingar; flytta eller ta bort dem först.", field="documents"
        )
    record_delete(by=by, obj=item)
    item.delete()
