"""Background tasks for minutes. When they run is kept in `samverkan/schedule.py`."""

from __future__ import annotations

from django.tasks import task

from samverkan.minutes import reminders


@task()
def send_approval_reminders() -> int:
    """Remind approvers who have not approved or returned minutes sent to them."""
    return reminders.send_approval_reminders()
