"""The schedule's own upkeep (collected with the apps' entries by `samverkan/schedule/`).

Every periodic run leaves a result row in django-tasks-db's table; the reminders' retries
alone run every ten minutes, so old results are removed each night with the library's own
`prune_db_task_results`. The newest result of each task is always younger than this and
stays, which is what the schedule reads to know when a task was last enqueued.
"""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.tasks import task

from samverkan.lib.periodic import Periodic

KEEP_DAYS = 14


@task()
def prune_task_results() -> None:
    """Remove results of finished background tasks older than `KEEP_DAYS` days."""
    call_command("prune_db_task_results", "--min-age-days", str(KEEP_DAYS), verbosity=0)


SCHEDULE = [
    Periodic(
        prune_task_results,
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=3),
        description=f"Tar bort bakgrundsuppgifters resultat äldre än {KEEP_DAYS} dagar, kl. 03.00",
    ),
]
