"""Background tasks for cases, recommendations and assignments, and when they run
(collected by `samverkan/schedule/`)."""

from __future__ import annotations

import datetime

from samverkan.cases.reminders.assignments import (
    assignment_reminders,
    assignment_reminders_retry,
)
from samverkan.cases.reminders.recommendations import (
    recommendation_reminders,
    recommendation_reminders_retry,
)
from samverkan.lib.periodic import Periodic

SCHEDULE: list[Periodic] = [
    Periodic(
        assignment_reminders,
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=7, minutes=30),
        description="Påminner om försenade uppdrag och arbetsgrupper som ska ses över, "
        "en gång var, kl. 07.30",
    ),
    Periodic(
        assignment_reminders_retry,
        every=datetime.timedelta(minutes=10),
        offset=datetime.timedelta(minutes=7),
        description="Försöker igen med uppdragspåminnelser som inte kom iväg, var tionde minut",
    ),
    Periodic(
        recommendation_reminders,
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=7, minutes=45),
        description="Påminner huvudmännens registratorer före och efter svarsdatumet för en "
        "rekommendation som inte är besvarad, kl. 07.45",
    ),
    Periodic(
        recommendation_reminders_retry,
        every=datetime.timedelta(minutes=10),
        offset=datetime.timedelta(minutes=8),
        description="Försöker igen med påminnelser om rekommendationer som inte kom iväg, "
        "var tionde minut",
    ),
]
