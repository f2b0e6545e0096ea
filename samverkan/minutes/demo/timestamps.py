"""Moving the services' timestamps back to days after each meeting.

No content changes, so every approved text still verifies against its SHA-256.
"""

from __future__ import annotations

import datetime

from samverkan.lib.localtime import local, local_day, meeting_day
from samverkan.lib.workdays import is_working_day, working_days_after
from samverkan.meetings.models import Meeting
from samverkan.minutes.demo.plans import PENDING
from samverkan.minutes.models import Minutes, MinutesApprover, MinutesStatus
from samverkan.minutes.reminders import is_due


class Clock:
    """Moments after a meeting: about a day apart, squeezed in before `now` if need be."""

    def __init__(self, meeting: Meeting, now: datetime.datetime) -> None:
        self.start = meeting.ends_at
        self.step = min(datetime.timedelta(days=1), (now - self.start) / 12)

    def at(self, steps: float) -> datetime.datetime:
        return self.start + self.step * steps


def approver_rows(minutes: Minutes) -> list[MinutesApprover]:
    return list(minutes.approvers.order_by("round", "pk"))


def backdate(minutes: Minutes, now: datetime.datetime, *, state: str) -> None:
    """Move the service's timestamps to days after the meeting; no content changes."""
    clock = Clock(minutes.meeting, now)
    stamps: dict[str, datetime.datetime | None] = {"created_at": clock.at(0.1)}
    approvers = approver_rows(minutes)
    if state == PENDING:
        requested = _reminder_due_request(minutes.meeting, now)
        stamps["submitted_at"] = requested
        answered = min(requested + datetime.timedelta(hours=26), now)
        for row in approvers:
            MinutesApprover.objects.filter(pk=row.pk).update(
                requested_at=requested, decided_at=answered if row.decided_at else None
            )
    elif minutes.submitted_at is not None:
        stamps["submitted_at"] = clock.at(2)
        returned = minutes.status == MinutesStatus.RETURNED
        for k, row in enumerate(approvers):
            # A return ends the round for every approver at once.
            decided = clock.at(3 if returned else 3 + k)
            MinutesApprover.objects.filter(pk=row.pk).update(
                requested_at=clock.at(2), decided_at=decided if row.decided_at else None
            )
        if minutes.approved_at is not None:
            approved = clock.at(2 + len(approvers)) if approvers else clock.at(2.01)
            stamps["approved_at"] = approved
            if minutes.published_at is not None:
                stamps["published_at"] = approved
    Minutes.objects.filter(pk=minutes.pk).update(**stamps)


def _reminder_due_request(meeting: Meeting, now: datetime.datetime) -> datetime.datetime:
    """A request day after the meeting on which an approval reminder falls due next working day."""
    today = local_day(now)
    target = today if is_working_day(today) else working_days_after(today, 1)
    day = today - datetime.timedelta(days=1)
    first = meeting_day(meeting) + datetime.timedelta(days=1)
    while day >= first:
        if is_working_day(day) and is_due(day, target):
            return local(day, 10)
        day -= datetime.timedelta(days=1)
    return Clock(meeting, now).at(2)
