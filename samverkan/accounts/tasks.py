"""The accounts' upkeep (collected by `samverkan/schedule/`).

django-axes keeps a row per successful login (who, when, from which address and browser),
which administrators can read in the admin. It is kept for `KEEP_DAYS` days and then
removed with axes's own reset, so that the addresses are not kept for longer than needed.
"""

from __future__ import annotations

import datetime

from axes.handlers.proxy import AxesProxyHandler
from django.tasks import task

from samverkan.lib.periodic import Periodic

KEEP_DAYS = 90


@task()
def prune_login_logs() -> int:
    """Remove the login log's rows older than `KEEP_DAYS` days."""
    return AxesProxyHandler.reset_logs(age_days=KEEP_DAYS)


SCHEDULE = [
    Periodic(
        prune_login_logs,
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=3, minutes=15),
        description=f"Tar bort inloggningsloggens rader äldre än {KEEP_DAYS} dagar, kl. 03.15",
    ),
]
