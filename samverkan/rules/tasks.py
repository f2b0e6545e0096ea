"""Background tasks of the charter check, and when they run (collected by
`samverkan/schedule/`)."""

from __future__ import annotations

import datetime

from django.tasks import task

from samverkan.lib.periodic import Periodic
from samverkan.rules import reminders


@task()
def send_finding_reminders() -> int:
    """Remind the people responsible of findings due soon or overdue, once per due date."""
    return reminders.send_finding_reminders()


@task()
def retry_finding_reminders() -> int:
    """Send again the finding reminders the mail server did not take."""
    return reminders.retry_finding_reminders()


SCHEDULE = [
    Periodic(
        send_finding_reminders,
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=7, minutes=15),
        description="Påminner de ansvariga om avvikelser i regelkontrollen som snart ska vara "
        "åtgärdade eller är försenade, en gång per förfallodag, kl. 07.15",
    ),
    Periodic(
        retry_finding_reminders,
        every=datetime.timedelta(minutes=10),
        offset=datetime.timedelta(minutes=9),
        description="Försöker igen med påminnelser från regelkontrollen som inte kom iväg, "
        "var tionde minut",
    ),
]
