"""Background tasks for meetings, and when they run (collected by `samverkan/schedule/`).

Reminders are idempotent, so a task that runs twice sends nothing twice; one the mail
server did not take is tried again by `retry_reminders` (see `reminders.py`).
"""

from __future__ import annotations

import datetime

from django.tasks import task

from samverkan.lib.periodic import Periodic
from samverkan.meetings import reminders


@task()
def send_document_reminders() -> int:
    """Remind item owners whose items lack documents as the document deadline nears."""
    return reminders.send_document_reminders()


@task()
def send_meeting_reminders() -> int:
    """Remind everyone called to a meeting the day before it."""
    return reminders.send_meeting_reminders()


@task()
def retry_reminders() -> int:
    """Send again the reminders the mail server did not take, while they are of use."""
    return reminders.retry_reminders()


SCHEDULE = [
    Periodic(
        send_document_reminders,
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=7),
        description="Påminner ansvariga för punkter utan handlingar, kl. 07.00 varje dag",
    ),
    Periodic(
        send_meeting_reminders,
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=7, minutes=30),
        description="Påminner de kallade dagen före mötet, kl. 07.30 varje dag",
    ),
    Periodic(
        retry_reminders,
        every=datetime.timedelta(minutes=10),
        description="Försöker igen med mötespåminnelser som inte kom iväg, var tionde minut",
    ),
]
