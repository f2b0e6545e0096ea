"""Reminders, run by the background worker (see `tasks.py`): each is sent exactly once.

- To the owner of an agenda item without documents, from a few working days before the
  charter's document deadline until the deadline itself.
- To everyone called to a meeting, the day before it.

A `ReminderSent` row (unique per kind, meeting, person and the day it is about) is
claimed and committed before the email is sent, so that no database lock is held while
the mail server answers; if sending fails the claim is removed and the next run tries
again. One that was sent is never sent again, however often the task runs; a moved
meeting is reminded of again for its new day.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.utils import timezone

from samverkan.lib.localtime import STOCKHOLM, meeting_day
from samverkan.lib.mail import email_message, email_text, send_claimed
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
from samverkan.meetings.selectors import Recipient, meeting_agenda, notice_recipients
from samverkan.meetings.services import document_deadline
from samverkan.structure.models import Charter, Person

logger = logging.getLogger(__name__)

# Item owners are reminded from this many working days before the document deadline.
DOCUMENT_REMINDER_WORKING_DAYS = 3
# Meetings further ahead than this cannot have a document deadline near enough to remind.
DOCUMENT_HORIZON = datetime.timedelta(days=180)


def _send_once(
    kind: str, meeting: Meeting, person: Person, for_day: datetime.date, subject: str, text: str
) -> bool:
    """Claim, then send one reminder; False if it was already sent or could not be sent."""
    return send_claimed(
        ReminderSent,
        {"kind": kind, "meeting": meeting, "person": person, "for_day": for_day},
        email_message(subject, text, person.email),
    )


def _already_sent(kind: str, meetings: list[Meeting]) -> set[tuple[int, int, datetime.date]]:
    return set(
        ReminderSent.objects.filter(kind=kind, meeting__in=meetings).values_list(
            "meeting_id", "person_id", "for_day"
        )
    )


def send_document_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind owners of items without documents that the document deadline is near.

    Returns the number of reminders sent.
    """
    now = now or timezone.now()
    today = timezone.localtime(now, STOCKHOLM).date()
    meetings = list(
        Meeting.objects.filter(
            status__in=OPEN_STATUSES, starts_at__gt=now, starts_at__lte=now + DOCUMENT_HORIZON
        ).select_related("body")
    )
    charters = {
        c.body_id: c
        for c in Charter.objects.in_force().filter(body_id__in={m.body_id for m in meetings})
    }
    due: dict[int, tuple[Meeting, datetime.date]] = {}
    for meeting in meetings:
        deadline = document_deadline(meeting, charters.get(meeting.body_id))
        if deadline is None:
            continue
        start = working_days_before(deadline, DOCUMENT_REMINDER_WORKING_DAYS)
        if start <= today <= deadline:
            due[meeting.pk] = (meeting, deadline)
    if not due:
        return 0
    items = AgendaItem.objects.filter(
        meeting_id__in=due, owner__isnull=False, documents__isnull=True
    ).select_related("owner")
    by_owner: dict[tuple[int, int], list[AgendaItem]] = defaultdict(list)
    owners: dict[int, Person] = {}
    for item in items.distinct().order_by("meeting_id", "position", "pk"):
        assert item.owner is not None
        by_owner[(item.meeting_id, item.owner.pk)].append(item)
        owners[item.owner.pk] = item.owner
    sent_before = _already_sent(
        ReminderKind.DOCUMENT_DEADLINE, [meeting for meeting, _ in due.values()]
    )
    sent = 0
    for (meeting_id, person_id), owned in by_owner.items():
        person = owners[person_id]
        meeting, deadline = due[meeting_id]
        if (meeting_id, person_id, deadline) in sent_before or not person.email:
            continue
        text = email_text(
            "reminder_documents",
            {
                "person": person,
                "meeting_name": meeting_name(meeting),
                "when": when_text(meeting.starts_at, meeting.ends_at, end_as_clock=True),
                "deadline": day_text(deadline),
                "deadline_is_today": deadline == today,
                "items": owned,
            },
        )
        subject = f"Påminnelse: handlingar till {meeting_name(meeting)} senast {day_text(deadline)}"
        if _send_once(ReminderKind.DOCUMENT_DEADLINE, meeting, person, deadline, subject, text):
            sent += 1
    return sent


def _meeting_recipients(meeting: Meeting) -> list[Recipient]:
    """Everyone called who has not reported absence."""
    return [r for r in notice_recipients(meeting) if r.status != AttendanceStatus.ABSENT]


def send_meeting_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone called to a meeting the day before it. Returns the number sent."""
    now = now or timezone.now()
    today = timezone.localtime(now, STOCKHOLM).date()
    day_after_tomorrow = datetime.datetime.combine(
        today + datetime.timedelta(days=2), datetime.time(0), tzinfo=STOCKHOLM
    )
    # Only meetings that have been called: a planned meeting nobody was told of is not
    # something to be reminded of.
    meetings = list(
        Meeting.objects.filter(
            status__in=[MeetingStatus.CALLED, MeetingStatus.MOVED],
            notices__isnull=False,
            starts_at__gt=now,
            starts_at__lt=day_after_tomorrow,
        )
        .distinct()
        .select_related("body")
    )
    if not meetings:
        return 0
    sent_before = _already_sent(ReminderKind.MEETING, meetings)
    sent = 0
    for meeting in meetings:
        recipients = [
            r
            for r in _meeting_recipients(meeting)
            if r.email and (meeting.pk, r.person.pk, meeting_day(meeting)) not in sent_before
        ]
        if not recipients:
            continue
        agenda = meeting_agenda(meeting)
        tomorrow = meeting_day(meeting) > today
        for recipient in recipients:
            text = email_text(
                "reminder_meeting",
                {
                    "recipient": recipient,
                    "meeting": meeting,
                    "meeting_name": meeting_name(meeting),
                    "when": when_text(meeting.starts_at, meeting.ends_at, end_as_clock=True),
                    "tomorrow": tomorrow,
                    "agenda": agenda.only(recipient.agenda_item),
                },
            )
            subject = (
                f"Påminnelse: {meeting_name(meeting)} "
                f"{'i morgon' if tomorrow else 'i dag'}, {when_text(meeting.starts_at, meeting.ends_at, end_as_clock=True)}"
            )
            if _send_once(
                ReminderKind.MEETING, meeting, recipient.person, meeting_day(meeting), subject, text
            ):
                sent += 1
    return sent
