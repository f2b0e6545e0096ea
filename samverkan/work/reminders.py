"""The coordinator's start page: reminders in their structures that did not go out as they should.

A coordinator looks at the start page first, so a reminder that failed, is being tried
again or may not have arrived (`samverkan.lib.outbox`) is listed there, with the reason and
a link to the meeting or minutes it is about, where the same is shown in its context.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from django.urls import reverse

from samverkan.lib.localtime import meeting_day
from samverkan.lib.swedish import date_text
from samverkan.meetings import reminders as meeting_reminders
from samverkan.minutes import reminders as approval_reminders
from samverkan.minutes.notify import what_text


@dataclass(frozen=True)
class Undelivered:
    what: str  # "Möte snart: Länssamverkansgruppen 12 mars 2026"
    to: str
    status: str
    url: str
    expires_at: datetime.datetime


def undelivered_reminders(*, structure_ids: Collection[int]) -> list[Undelivered]:
    """Both kinds of reminders, the latest moment first. Two queries (none without structures)."""
    if not structure_ids:
        return []
    found = [
        Undelivered(
            what=f"{r.get_kind_display()}: {r.meeting.body.name} {date_text(meeting_day(r.meeting))}",
            to=r.person.full_name,
            status=r.status_text(),
            url=reverse("meetings:meeting", args=[r.meeting_id]) + "#paminnelser",
            expires_at=r.expires_at,
        )
        for r in meeting_reminders.reminders_needing_attention(structure_ids=structure_ids)
    ]
    found += [
        Undelivered(
            what=f"Justering av {what_text(r.approver.minutes)}",
            to=r.approver.person.full_name,
            status=r.status_text(),
            url=reverse("minutes:minutes", args=[r.approver.minutes_id]) + "#justering",
            expires_at=r.expires_at,
        )
        for r in approval_reminders.reminders_needing_attention(structure_ids=structure_ids)
    ]
    return sorted(found, key=lambda u: u.expires_at, reverse=True)
