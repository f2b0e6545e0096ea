"""Reminders to approvers while minutes wait for justering, run by the background worker.

An approver who has not answered is reminded every `EVERY_WORKING_DAYS` working days after
the request, on working days only. The daily task records each reminder due today as an
`ApprovalReminder` row (unique per approver and day) and sends it through
`samverkan.lib.outbox`, as for meeting reminders: claimed by one worker, tried again with
backoff (`retry_approval_reminders`) while the mail server does not take it, until the next
reminder is due; one that never went out shows on the minutes' page. A reminder is written
when it is sent: an approver who has answered meanwhile is not reminded.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator

from django.core.mail import EmailMessage
from django.utils import timezone

from samverkan.lib.localtime import local, local_day
from samverkan.lib.mail import email_message
from samverkan.lib.outbox import needs_attention, send_pending
from samverkan.lib.workdays import is_working_day, working_days_between
from samverkan.minutes.models import (
    ApprovalDecision,
    ApprovalReminder,
    MinutesApprover,
    MinutesStatus,
)
from samverkan.minutes.notify import approval_request_text, what_text

EVERY_WORKING_DAYS = 2
# Reminders that did not go out stay on the coordinator's start page this long.
SHOWN_FOR = datetime.timedelta(days=14)


def is_due(requested: datetime.date, today: datetime.date) -> bool:
    """Every second working day after the request: reminders while approval drags on."""
    if not is_working_day(today) or today <= requested:
        return False
    waited = working_days_between(requested, today)
    return waited > 0 and waited % EVERY_WORKING_DAYS == 0


def next_due(requested: datetime.date, today: datetime.date) -> datetime.date:
    """The day after `today` when the next reminder is due."""
    day = today + datetime.timedelta(days=1)
    while not is_due(requested, day):
        day += datetime.timedelta(days=1)
    return day


def _waiting() -> Iterator[tuple[int, datetime.datetime, str]]:
    """Each approver who has not answered minutes still out for approval: (id, requested
    at, email). Three columns, read in chunks: not whole rows of every approver at once."""
    return (
        MinutesApprover.objects.filter(
            decision=ApprovalDecision.PENDING, minutes__status=MinutesStatus.PENDING
        )
        .values_list("pk", "requested_at", "person__email")
        .iterator(chunk_size=2000)
    )


def send_approval_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind each approver who has not answered; returns the number of reminders sent."""
    now = now or timezone.now()
    today = local_day(now)
    rows = []
    for approver_id, requested_at, email in _waiting():
        requested = local_day(requested_at)
        if email and is_due(requested, today):
            rows.append(
                ApprovalReminder(
                    approver_id=approver_id,
                    for_day=today,
                    next_attempt_at=now,
                    # Until the next reminder is due, which says the same.
                    expires_at=local(next_due(requested, today), 0),
                )
            )
    ApprovalReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return send_pending(ApprovalReminder, _compose, now=now)


def retry_approval_reminders(*, now: datetime.datetime | None = None) -> int:
    """Send the approval reminders due for another try. Returns the number sent."""
    return send_pending(ApprovalReminder, _compose, now=now or timezone.now())


def _compose(row: ApprovalReminder, now: datetime.datetime) -> EmailMessage | None:
    """The reminder as things are now; None if the approver has answered meanwhile."""
    approver = MinutesApprover.objects.select_related(
        "person", "minutes__meeting__body__structure"
    ).get(pk=row.approver_id)
    minutes = approver.minutes
    if (
        approver.decision != ApprovalDecision.PENDING
        or minutes.status != MinutesStatus.PENDING
        or not approver.person.email
    ):
        return None
    return email_message(
        f"Påminnelse: justera {what_text(minutes)}",
        approval_request_text(minutes, approver, reminder=True),
        approver.person.email,
    )


def reminders_needing_attention(
    *, structure_ids: Collection[int] | None, now: datetime.datetime | None = None
) -> list[ApprovalReminder]:
    """Approval reminders in these structures (all, for None) that failed, are uncertain or
    are being retried, newest first; a failure stays listed for `SHOWN_FOR`."""
    now = now or timezone.now()
    rows = ApprovalReminder.objects.filter(needs_attention(), expires_at__gte=now - SHOWN_FOR)
    if structure_ids is not None:
        rows = rows.filter(approver__minutes__meeting__body__structure_id__in=structure_ids)
    return list(
        rows.select_related("approver__person", "approver__minutes__meeting__body").order_by(
            "-expires_at", "pk"
        )[:50]
    )
