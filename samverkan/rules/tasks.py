"""Background tasks of the charter check, and when they run (collected by
`samverkan/schedule/`)."""

from __future__ import annotations

import datetime

from django.tasks import task

from samverkan.lib.periodic import Periodic
from samverkan.rules import checking, reminders


@task()
def check_structure_task(structure_id: int) -> int:
    """Check one structure against its charters' rules and store the findings."""
    return checking.check_structure(structure_id)


@task()
def check_stale_structures() -> int:
    """Check every structure whose stored check is from an earlier day, missing or overdue."""
    return checking.check_stale()


@task()
def send_finding_reminders() -> int:
    """Remind the people responsible of findings due soon or overdue, once per due date,
    one structure at a time."""
    return reminders.send_finding_reminders()


@task()
def retry_finding_reminders() -> int:
    """Send again the finding reminders the mail server did not take."""
    return reminders.retry_finding_reminders()


SCHEDULE = [
    # Each hour, not once a night: the sweep costs one query when every structure is fresh,
    # its first run after midnight judges every structure by the new day, and a night whose
    # run failed (or a new structure, or a lost re-check) waits an hour at most. Changes are
    # re-checked as they happen (`checking.request_check`), so nothing more often is needed.
    Periodic(
        check_stale_structures,
        every=datetime.timedelta(hours=1),
        offset=datetime.timedelta(minutes=5),
        description="Kör regelkontrollen för de strukturer som inte är kontrollerade i dag "
        "(efter midnatt alla), en struktur i taget, fem minuter över varje hel timme",
    ),
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
