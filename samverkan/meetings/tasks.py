"""Background tasks for meetings. When they run is kept in `samverkan/schedule.py`.

Reminders are idempotent, so a task that runs twice sends nothing twice.
"""

from __future__ import annotations

from django.tasks import task

from samverkan.meetings import reminders


@task()
def send_document_reminders() -> int:
    """Remind item owners whose items lack documents as the document deadline nears."""
    return reminders.send_document_reminders()


@task()
def send_meeting_reminders() -> int:
    """Remind everyone called to a meeting the day before it."""
    return reminders.send_meeting_reminders()
