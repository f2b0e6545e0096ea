"""Reminders to approvers while minutes wait for justering, run by the background worker.

An approver who has not answered is reminded every `EVERY_WORKING_DAYS` working days after
the request, on working days only. Each reminder is claimed (an `ApprovalReminder` row,
unique per approver and day) and committed before the email goes out, as for meeting
reminders: at most once, and a failed send is tried again on the next run.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from samverkan.lib.localtime import local_day
from samverkan.lib.mail import email_message, send_claimed
from samverkan.lib.workdays import is_working_day, working_days_between
from samverkan.minutes.models import (
    ApprovalDecision,
    ApprovalReminder,
    MinutesApprover,
    MinutesStatus,
)
from samverkan.minutes.notify import approval_request_text, what_text

EVERY_WORKING_DAYS = 2


def is_due(requested: datetime.date, today: datetime.date) -> bool:
    """Every second working day after the request: reminders while approval drags on."""
    if not is_working_day(today) or today <= requested:
        return False
    waited = working_days_between(requested, today)
    return waited > 0 and waited % EVERY_WORKING_DAYS == 0


def send_approval_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind each approver who has not answered; returns the number of reminders sent."""
    now = now or timezone.now()
    today = local_day(now)
    pending = MinutesApprover.objects.filter(
        decision=ApprovalDecision.PENDING, minutes__status=MinutesStatus.PENDING
    ).select_related("person", "minutes__meeting__body__structure")
    sent = 0
    for approver in pending:
        requested = local_day(approver.requested_at)
        if not approver.person.email or not is_due(requested, today):
            continue
        minutes = approver.minutes
        message = email_message(
            f"Påminnelse: justera {what_text(minutes)}",
            approval_request_text(minutes, approver, reminder=True),
            approver.person.email,
        )
        if send_claimed(ApprovalReminder, {"approver": approver, "for_day": today}, message):
            sent += 1
    return sent
