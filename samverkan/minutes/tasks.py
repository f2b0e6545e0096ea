"""Background tasks for minutes, and when they run (collected by `samverkan/schedule/`)."""

from __future__ import annotations

import datetime

from django.tasks import task

from samverkan.lib.periodic import Periodic
from samverkan.minutes import reminders


@task()
def send_approval_reminders() -> int:
    """Remind approvers who have not approved or returned minutes sent to them."""
    return reminders.send_approval_reminders()


@task()
def retry_approval_reminders() -> int:
    """Send again the approval reminders the mail server did not take, until the next one."""
    return reminders.retry_approval_reminders()


SCHEDULE = [
    Periodic(
        send_approval_reminders,
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=8),
        description="Påminner justerare som inte svarat, varannan arbetsdag kl. 08.00",
    ),
    Periodic(
        retry_approval_reminders,
        every=datetime.timedelta(minutes=10),
        offset=datetime.timedelta(minutes=5),
        description="Försöker igen med justeringspåminnelser som inte kom iväg, var tionde minut",
    ),
]
