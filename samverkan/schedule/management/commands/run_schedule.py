"""Enqueue the periodic tasks that are due by the apps' schedules (`samverkan/schedule/`).

    manage.py run_schedule            # once, e.g. from cron every few minutes
    manage.py run_schedule --loop     # keep checking (every 60 seconds by default)
    manage.py run_schedule --list     # show the schedule and when each task is next due
    manage.py run_schedule --now      # run every scheduled task here, at once, without the queue

`manage.py db_worker` runs what is enqueued.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from samverkan.lib.localtime import STOCKHOLM
from samverkan.schedule import collect, due, enqueue_due


class Command(BaseCommand):
    help = (
        "Lägger de schemalagda uppgifterna (påminnelser) som är på tur i kön; "
        "manage.py db_worker kör dem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Fortsätt och kontrollera schemat regelbundet."
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=60,
            help="Sekunder mellan kontrollerna med --loop (standard 60).",
        )
        parser.add_argument(
            "--list", action="store_true", help="Visa schemat och när uppgifterna är på tur."
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Kör alla schemalagda uppgifter direkt här, utan kön.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        if options["interval"] < 1:
            self.stderr.write("--interval ska vara minst 1 sekund.")
            return
        while True:
            self._tick(run_now=options["now"])
            if not options["loop"]:
                return
            time.sleep(options["interval"])

    def _tick(self, *, run_now: bool) -> None:
        if run_now:
            for entry in collect():
                sent = entry.task.call()
                self.stdout.write(f"{entry.name}: klar ({sent} skickade).")
            return
        for entry, result in enqueue_due():
            self.stdout.write(f"{entry.name}: i kön ({result.id}).")

    def _list(self) -> None:
        now = timezone.now()
        due_names = {entry.name for entry in due(now)}
        for entry in collect():
            when = timezone.localtime(entry.next_slot(now), STOCKHOLM)
            state = "på tur nu" if entry.name in due_names else f"nästa {when:%Y-%m-%d %H.%M}"
            self.stdout.write(f"{entry.name:<28} {state:<24} {entry.description}")
