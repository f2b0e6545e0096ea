"""Periodic background work, collected from the apps.

Each app declares its own entries in its `tasks.py` as `SCHEDULE: list[Periodic]`; this
module collects them in `INSTALLED_APPS` order and imports no app. `manage.py
run_schedule` enqueues the periodic tasks that are due and `manage.py db_worker` runs what
is enqueued. Every task is idempotent, so a task that runs twice sends nothing twice.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from samverkan.lib.periodic import Periodic
from samverkan.lib.registry import app_modules

__all__ = ["SCHEDULE", "Periodic", "collect", "due", "enqueue_due"]


def collect() -> list[Periodic]:
    """Every app's schedule entries, in `INSTALLED_APPS` order."""
    return [entry for module in app_modules("tasks") for entry in getattr(module, "SCHEDULE", [])]


def __getattr__(name: str) -> Any:
    # `SCHEDULE` is collected when asked for, after the apps are loaded.
    if name == "SCHEDULE":
        return collect()
    raise AttributeError(name)


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
    for entry in collect():
        last = _last_enqueued(entry)
        if last is None or last < entry.last_slot(now):
            found.append(entry)
    return found


def enqueue_due(now: datetime.datetime | None = None) -> list[tuple[Periodic, Any]]:
    """Enqueue every due periodic task once; returns what was enqueued with its result."""
    return [(entry, entry.task.enqueue()) for entry in due(now)]
