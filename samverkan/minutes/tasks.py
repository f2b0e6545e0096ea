"""Background tasks for minutes, and when they run (collected by `samverkan/schedule/`)."""

from __future__ import annotations

import datetime

from django.tasks import task

from samverkan.lib.periodic import Periodic
from samverkan.minutes import reminders
from samverkan.minutes.pdf_files import CATCH_UP_BATCH, render_missing


@task()
def send_approval_reminders() -> int:
    """Remind approvers who have not approved or returned minutes sent to them."""
    return reminders.send_approval_reminders()


@task()
def retry_approval_reminders() -> int:
    """Send again the approval reminders the mail server did not take, until the next one."""
    return reminders.retry_approval_reminders()


@task()
def render_missing_minutes_pdfs() -> int:
    """Render the PDFs of published minutes that lack a current one (a few per run)."""
    return render_missing()


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
    Periodic(
        render_missing_minutes_pdfs,
        every=datetime.timedelta(minutes=10),
        offset=datetime.timedelta(minutes=3),
        description=(
            f"Skapar PDF för upp till {CATCH_UP_BATCH} publicerade minnesanteckningar som "
            "saknar en aktuell, var tionde minut"
        ),
    ),
]
