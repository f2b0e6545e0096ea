"""What an app declares to have a task run periodically (see `samverkan/schedule/`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.tasks import Task
from django.utils import timezone

from samverkan.lib.localtime import STOCKHOLM


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
