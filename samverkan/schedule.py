"""The one place where periodic background work is scheduled.

The tasks run through Django's tasks API with the database backend: `manage.py
run_schedule` enqueues the periodic tasks that are due (by `SCHEDULE` below) and
`manage.py db_worker` runs what is enqueued. Every task is idempotent, so a task that runs
twice sends nothing twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.tasks import Task
from django.utils import timezone

from samverkan.meetings.services import STOCKHOLM
from samverkan.meetings.tasks import send_document_reminders, send_meeting_reminders
from samverkan.minutes.tasks import send_approval_reminders


@dataclass(frozen=True)
class Periodic:
    """A task that is due once per slot: at `offset` after local midnight, then every `every`.

    `every=timedelta(days=1), offset=timedelta(hours=7)` is daily at 07.00 Swedish time;
    `every=timedelta(hours=1)` is at the top of every hour.
    """

    task: Task
    every: datetime.timedelta
    offset: datetime.timedelta = datetime.timedelta(0)
    description: str = ""

    @property
    def name(self) -> str:
        return self.task.name

    def last_slot(self, now: datetime.datetime) -> datetime.datetime:
        """The latest time at or before `now` when the task was due."""
        local = timezone.localtime(now, STOCKHOLM)
        midnight = datetime.datetime.combine(local.date(), datetime.time(0), tzinfo=STOCKHOLM)
        first = midnight + self.offset
        if local < first:
            first -= datetime.timedelta(days=1)
        steps = (local - first) // self.every
        return first + steps * self.every

    def next_slot(self, now: datetime.datetime) -> datetime.datetime:
        return self.last_slot(now) + self.every


SCHEDULE: list[Periodic] = [
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
        send_approval_reminders,
        every=datetime.timedelta(days=1),
        offset=datetime.timedelta(hours=8),
        description="Påminner justerare som inte svarat, varannan arbetsdag kl. 08.00",
    ),
]


def _last_enqueued(entry: Periodic) -> datetime.datetime | None:
    """When the task was last enqueued, from the database backend's own result rows."""
    from django_tasks_db.models import DBTaskResult

    row = (
        DBTaskResult.objects.filter(task_path=entry.task.module_path)
        .order_by("-enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    return row


def due(now: datetime.datetime | None = None) -> list[Periodic]:
    """The periodic tasks not enqueued since their latest slot."""
    now = now or timezone.now()
    found = []
    for entry in SCHEDULE:
        last = _last_enqueued(entry)
        if last is None or last < entry.last_slot(now):
            found.append(entry)
    return found


def enqueue_due(now: datetime.datetime | None = None) -> list[tuple[Periodic, Any]]:
    """Enqueue every due periodic task once; returns what was enqueued with its result."""
    return [(entry, entry.task.enqueue()) for entry in due(now)]
