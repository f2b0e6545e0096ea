"""The schedule's own upkeep: old task results go, the latest of each task stays."""

from __future__ import annotations

import datetime

from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samverkan import schedule
from samverkan.schedule.tasks import KEEP_DAYS, prune_task_results


class PruneTests(TestCase):
    def test_it_removes_old_results_and_keeps_what_the_schedule_reads(self) -> None:
        old = prune_task_results.enqueue()
        recent = prune_task_results.enqueue()
        running = prune_task_results.enqueue()
        now = timezone.now()
        DBTaskResult.objects.filter(pk=old.id).update(
            status="SUCCESSFUL", finished_at=now - datetime.timedelta(days=KEEP_DAYS + 1)
        )
        DBTaskResult.objects.filter(pk=recent.id).update(
            status="SUCCESSFUL", finished_at=now - datetime.timedelta(days=1)
        )
        prune_task_results.call()
        left = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
        self.assertEqual(left, {str(recent.id), str(running.id)})
        self.assertIn("prune_task_results", [entry.name for entry in schedule.SCHEDULE])
