"""Background tasks for deviations, and when they run (collected by `samverkan/schedule/`)."""

from __future__ import annotations

import datetime

from django.tasks import task

from samverkan.deviations.notices import send_deviation_notices
from samverkan.lib.periodic import Periodic


@task()
def deviation_notices_retry() -> int:
    """Send the handler notices that did not go out straight away; returns how many went."""
    return send_deviation_notices()


SCHEDULE = [
    Periodic(
        deviation_notices_retry,
        every=datetime.timedelta(minutes=10),
        offset=datetime.timedelta(minutes=9),
        description="Försöker igen med aviseringar om nya avvikelser till handläggarna som "
        "inte kom iväg, var tionde minut",
    ),
]
