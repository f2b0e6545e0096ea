"""Background tasks for statistics, and when they run (collected by `samverkan/schedule/`)."""

from __future__ import annotations

import datetime

from django.tasks import task

from samverkan.lib.periodic import Periodic
from samverkan.statistics.kolada_runs import fetch_all


@task()
def fetch_kolada_values() -> int:
    """Fetch the Kolada indicators not fetched for four weeks; returns how many were."""
    report = fetch_all(due_only=True)
    return len(report.done)


SCHEDULE = [
    Periodic(
        fetch_kolada_values,
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=4, minutes=20),
        description="Hämtar värden från Kolada för indikatorer som inte har hämtats på fyra "
        "veckor (alltså ungefär en gång i månaden), kl. 04.20",
    ),
]
