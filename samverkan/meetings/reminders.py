"""Reminders, run by the background worker (see `tasks.py`): each goes out once, or shows why not.

- To the owner of an agenda item without documents, from a few working days before the
  charter's document deadline until the deadline itself.
- To everyone called to a meeting, the day before it.

Each daily task first records the reminders due today as `ReminderSent` rows (unique per
kind, meeting, person and the day it is about, so running it again adds nothing; a moved
meeting is reminded of again for its new day), then sends them through
`samverkan.lib.outbox`: one worker claims each, and one the mail server did not take is
tried again with backoff (`retry_reminders`, every ten minutes) until it is sent or its
moment has passed – the end of the deadline day, the start of the meeting – when it shows
as not sent on the meeting's page and the coordinator's start page. One the server may
have taken without answering is shown as uncertain and not sent again.

A reminder is written when it is sent, from the meeting as it is then: a meeting cancelled
or moved meanwhile, an item that got its documents or a person who reported absence is not
reminded, and the row is removed.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.mail import EmailMessage
from django.utils import timezone

from samverkan.lib.localtime import local, local_day, meeting_day
from samverkan.lib.mail import email_message, email_text
from samverkan.lib.outbox import needs_attention, send_pending
from samverkan.lib.swedish import day_text, when_text
from samverkan.lib.workdays import working_days_before
from samverkan.meetings.models import (
    OPEN_STATUSES,
    AgendaItem,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    ReminderKind,
    ReminderSent,
)
from samverkan.meetings.notices import meeting_name
from samverkan.meetings.selectors import Agenda, Recipient, meeting_agenda, notice_recipients
from samverkan.meetings.services import document_deadline
from samverkan.structure.models import Charter

# Item owners are reminded from this many working days before the document deadline.
DOCUMENT_REMINDER_WORKING_DAYS = 3
# Meetings further ahead than this cannot have a document deadline near enough to remind.
DOCUMENT_HORIZON = datetime.timedelta(days=180)
# Reminders that did not go out stay on the coordinator's start page this long.
SHOWN_FOR = datetime.timedelta(days=14)
CALLED = (MeetingStatus.CALLED, MeetingStatus.MOVED)


def send_document_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind owners of items without documents that the document deadline is near.

    Returns the number of reminders sent.
    """
    now = now or timezone.now()
    _record_document_reminders(now)
    return send_pending(
        ReminderSent, _Composer(), now=now, scope={"kind": ReminderKind.DOCUMENT_DEADLINE}
    )


def send_meeting_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone called to a meeting the day before it. Returns the number sent."""
    now = now or timezone.now()
    _record_meeting_reminders(now)
    return send_pending(ReminderSent, _Composer(), now=now, scope={"kind": ReminderKind.MEETING})


def retry_reminders(*, now: datetime.datetime | None = None) -> int:
    """Send the reminders due for another try. Returns the number sent."""
    return send_pending(ReminderSent, _Composer(), now=now or timezone.now())


# What `document_deadline` reads of a charter: its long texts (tens of kilobytes each) stay
# in the database, or the daily run holds every in-force charter's texts at once.
DEADLINE_FIELDS = ("body_id", "document_lead_value", "document_lead_unit")


def _deadlines(meetings: list[Meeting]) -> dict[int, datetime.date | None]:
    charters = {
        c.body_id: c
        for c in Charter.objects.in_force()
        .filter(body_id__in={m.body_id for m in meetings})
        .only(*DEADLINE_FIELDS)
        .iterator(chunk_size=2000)
    }
    return {m.pk: document_deadline(m, charters.get(m.body_id)) for m in meetings}


def _record_document_reminders(now: datetime.datetime) -> None:
    today = local_day(now)
    # Only what the deadline and the reminder rows need, for every open meeting half a year
    # ahead (thousands at national scale).
    meetings = list(
        Meeting.objects.filter(
            status__in=OPEN_STATUSES, starts_at__gt=now, starts_at__lte=now + DOCUMENT_HORIZON
        ).only("pk", "body_id", "starts_at")
    )
    deadlines = _deadlines(meetings)
    due: dict[int, tuple[Meeting, datetime.date]] = {}
    for meeting in meetings:
        deadline = deadlines[meeting.pk]
        if deadline is None:
            continue
        if working_days_before(deadline, DOCUMENT_REMINDER_WORKING_DAYS) <= today <= deadline:
            due[meeting.pk] = (meeting, deadline)
    if not due:
        return
    owners = (
        AgendaItem.objects.filter(meeting_id__in=due, owner__isnull=False, documents__isnull=True)
        .exclude(owner__email="")
        .values_list("meeting_id", "owner_id")
        .distinct()
    )
    rows = []
    for meeting_id, person_id in owners:
        meeting, deadline = due[meeting_id]
        rows.append(
            ReminderSent(
                kind=ReminderKind.DOCUMENT_DEADLINE,
                meeting=meeting,
                person_id=person_id,
                for_day=deadline,
                next_attempt_at=now,
                # No use once the deadline day is over.
                expires_at=min(local(deadline + datetime.timedelta(days=1), 0), meeting.starts_at),
            )
        )
    ReminderSent.objects.bulk_create(rows, ignore_conflicts=True)


def _reminded_meetings(now: datetime.datetime) -> list[Meeting]:
    """Meetings today or tomorrow that have been called: a planned meeting nobody was told
    of is not something to be reminded of."""
    day_after_tomorrow = local(local_day(now) + datetime.timedelta(days=2), 0)
    return list(
        Meeting.objects.filter(
            status__in=CALLED,
            notices__isnull=False,
            starts_at__gt=now,
            starts_at__lt=day_after_tomorrow,
        ).distinct()
    )


def _meeting_recipients(meeting: Meeting) -> list[Recipient]:
    """Everyone called who has not reported absence."""
    return [r for r in notice_recipients(meeting) if r.status != AttendanceStatus.ABSENT]


def _record_meeting_reminders(now: datetime.datetime) -> None:
    rows = [
        ReminderSent(
            kind=ReminderKind.MEETING,
            meeting=meeting,
            person=recipient.person,
            for_day=meeting_day(meeting),
            next_attempt_at=now,
            expires_at=meeting.starts_at,  # no use once the meeting has begun
        )
        for meeting in _reminded_meetings(now)
        for recipient in _meeting_recipients(meeting)
        if recipient.email
    ]
    ReminderSent.objects.bulk_create(rows, ignore_conflicts=True)


@dataclass
class _Composer:
    """Writes each claimed reminder from the meeting as it is now; None if no longer needed.
    Remembers the meeting's recipients and agenda while its reminders are sent."""

    recipients: dict[int, list[Recipient]] = field(default_factory=dict)
    agendas: dict[int, Agenda] = field(default_factory=dict)

    def __call__(self, row: ReminderSent, now: datetime.datetime) -> EmailMessage | None:
        meeting = Meeting.objects.select_related("body").get(pk=row.meeting_id)
        if meeting.starts_at <= now:
            return None
        if row.kind == ReminderKind.DOCUMENT_DEADLINE:
            return self.documents(row, meeting, now)
        return self.meeting(row, meeting, now)

    def documents(
        self, row: ReminderSent, meeting: Meeting, now: datetime.datetime
    ) -> EmailMessage | None:
        if meeting.status not in OPEN_STATUSES:
            return None
        if _deadlines([meeting])[meeting.pk] != row.for_day:
            return None  # the meeting or its charter changed: another deadline applies
        owned = list(
            AgendaItem.objects.filter(
                meeting=meeting, owner_id=row.person_id, documents__isnull=True
            )
            .select_related("owner")
            .distinct()
            .order_by("position", "pk")
        )
        if not owned or not owned[0].owner or not owned[0].owner.email:
            return None
        person = owned[0].owner
        deadline = row.for_day
        text = email_text(
            "reminder_documents",
            {
                "person": person,
                "meeting_name": meeting_name(meeting),
                "when": when_text(meeting.starts_at, meeting.ends_at, end_as_clock=True),
                "deadline": day_text(deadline),
                "deadline_is_today": deadline == local_day(now),
                "items": owned,
            },
        )
        subject = f"Påminnelse: handlingar till {meeting_name(meeting)} senast {day_text(deadline)}"
        return email_message(subject, text, person.email)

    def meeting(
        self, row: ReminderSent, meeting: Meeting, now: datetime.datetime
    ) -> EmailMessage | None:
        if meeting.status not in CALLED or meeting_day(meeting) != row.for_day:
            return None
        if meeting.pk not in self.recipients:
            # Rows are claimed meeting by meeting (made together, in order): only the
            # current meeting's recipients and agenda are kept, not every meeting's of the day.
            self.recipients = {meeting.pk: _meeting_recipients(meeting)}
            self.agendas = {}
        recipient = next(
            (r for r in self.recipients[meeting.pk] if r.person.pk == row.person_id), None
        )
        if recipient is None or not recipient.email:
            return None  # reported absence, or no longer called
        if meeting.pk not in self.agendas:
            self.agendas[meeting.pk] = meeting_agenda(meeting)
        when = when_text(meeting.starts_at, meeting.ends_at, end_as_clock=True)
        tomorrow = meeting_day(meeting) > local_day(now)
        text = email_text(
            "reminder_meeting",
            {
                "recipient": recipient,
                "meeting": meeting,
                "meeting_name": meeting_name(meeting),
                "when": when,
                "tomorrow": tomorrow,
                "agenda": self.agendas[meeting.pk].only(recipient.agenda_item),
            },
        )
        subject = (
            f"Påminnelse: {meeting_name(meeting)} {'i morgon' if tomorrow else 'i dag'}, {when}"
        )
        return email_message(subject, text, recipient.email)


def meeting_reminders(meeting: Meeting) -> list[ReminderSent]:
    """A meeting's reminders, those that need a look first, then by kind, day and name."""
    rows = list(
        ReminderSent.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("kind", "for_day", "person__last_name", "person__first_name", "pk")
    )
    return sorted(rows, key=lambda r: not r.needs_attention)


def reminders_needing_attention(
    *, structure_ids: Collection[int] | None, now: datetime.datetime | None = None
) -> list[ReminderSent]:
    """Reminders in these structures (all, for None) that failed, are uncertain or are being
    retried, newest first; a failure stays listed for `SHOWN_FOR` after its moment."""
    now = now or timezone.now()
    rows = ReminderSent.objects.filter(needs_attention(), expires_at__gte=now - SHOWN_FOR)
    if structure_ids is not None:
        rows = rows.filter(meeting__body__structure_id__in=structure_ids)
    return list(rows.select_related("person", "meeting__body").order_by("-expires_at", "pk")[:50])
