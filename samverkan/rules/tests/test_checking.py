"""The check in the worker: each structure checked on its own and stored, a change asking
for a re-check once its transaction commits (and the re-check showing what changed),
"Kontrollera nu", a structure never checked, and the hourly sweep."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samverkan.lib import findings as lib_findings
from samverkan.lib.findings import Finding
from samverkan.lib.localtime import local, local_today
from samverkan.rules import tasks
from samverkan.rules.checking import (
    REQUEST_WAITS_AT_MOST,
    check_stale,
    check_structure,
    check_structures,
    stale_structure_ids,
)
from samverkan.rules.models import StoredFinding, StructureCheck
from samverkan.rules.tests.helpers import BOOKING, body_finding, only_rules, rule_of
from samverkan.schedule import collect as collect_schedule
from samverkan.structure.models import Body, Structure
from samverkan.structure.services import body_create
from samverkan.testing.base import BaseTestCase

NEW = "Ny grupp"


class CheckingTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.enterContext(only_rules({BOOKING: rule_of(self.booking)}))

    def booking(self, today: datetime.date) -> list[Finding]:
        """Every body whose name starts "Ny grupp" has not booked next year's meetings."""
        return [body_finding(b) for b in Body.objects.filter(name__startswith=NEW)]

    def queued(self) -> list[Any]:
        """The structures a re-check is enqueued for, in order."""
        rows = DBTaskResult.objects.filter(
            task_path=tasks.check_structure_task.module_path
        ).order_by("enqueued_at")
        return [row.args_kwargs["args"][0] for row in rows]

    def new_body(self, structure: Structure | None = None, name: str = NEW) -> Body:
        return body_create(
            by=self.coordinator,
            structure=structure or self.structure,
            name=name,
            kind="working_group",
            level="regional",
            mandate="none",
        )

    def page(self, slug: str = "vasterbotten") -> str:
        self.login(self.coordinator if slug == "vasterbotten" else self.admin)
        response = self.client.get(reverse("rules:structure_findings", args=[slug]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()


class StoringTests(CheckingTestCase):
    def test_each_structure_is_checked_on_its_own_and_replaces_its_last_findings(self) -> None:
        asked: list[Any] = []
        real = lib_findings.registry.run

        def run(**kwargs: Any) -> list[Finding]:
            asked.append(kwargs["structure_ids"])
            return real(**kwargs)

        self.new_body()
        self.new_body(self.other_structure)
        with self.captureOnCommitCallbacks(execute=False):
            lib_findings.registry.run = run  # type: ignore[method-assign]
            try:
                self.assertEqual(check_structures(), 2)
            finally:
                lib_findings.registry.run = real  # type: ignore[method-assign]
        # One structure at a time: the worker holds one structure's data, never the country's.
        self.assertEqual(
            asked, [{pk} for pk in Structure.objects.order_by("pk").values_list("pk", flat=True)]
        )
        self.assertEqual(
            sorted(StoredFinding.objects.values_list("structure_id", flat=True)),
            sorted([self.structure.pk, self.other_structure.pk]),
        )
        Body.objects.filter(structure=self.structure, name=NEW).update(name="Bokad grupp")
        self.assertEqual(check_structure(self.structure.pk), 0)
        self.assertEqual(
            list(StoredFinding.objects.values_list("structure_id", flat=True)),
            [self.other_structure.pk],
        )
        state = StructureCheck.objects.get(structure=self.structure)
        self.assertEqual(state.day, local_today())
        self.assertEqual(state.found, 0)


class ReCheckTests(CheckingTestCase):
    def test_a_change_asks_for_a_recheck_and_the_recheck_shows_the_new_finding(self) -> None:
        check_structures()
        self.assertNotIn("har inte bokat", self.page())
        with self.captureOnCommitCallbacks(execute=True):
            self.new_body()
        # One task, for the structure changed only; the page says a new check is coming.
        self.assertEqual(self.queued(), [self.structure.pk])
        page = self.page()
        self.assertIn("En ny kontroll är beställd", page)
        self.assertNotIn("Ny grupp har inte bokat", page)
        # The worker runs the task: the finding is there and nothing waits any more.
        tasks.check_structure_task.call(self.structure.pk)
        page = self.page()
        self.assertIn("Ny grupp har inte bokat nästa års möten.", page)
        self.assertNotIn("En ny kontroll är beställd", page)
        self.assertIsNone(StructureCheck.objects.get(structure=self.structure).requested_at)

    def test_many_changes_in_one_transaction_ask_once_and_a_waiting_request_is_not_repeated(
        self,
    ) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            for n in range(5):
                self.new_body(name=f"{NEW} {n}")
        with self.captureOnCommitCallbacks(execute=True):
            self.new_body(name=f"{NEW} 6")  # the first request still waits
        self.assertEqual(self.queued(), [self.structure.pk])

    def test_a_change_rolled_back_asks_nothing(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    self.new_body()
                    raise RuntimeError("refused")
            except RuntimeError:
                pass
        self.assertEqual(self.queued(), [])

    def test_a_request_made_during_a_run_is_enqueued_again_after_it(self) -> None:
        check_structures()
        StructureCheck.objects.filter(structure=self.structure).update(
            requested_at=timezone.now() + datetime.timedelta(minutes=1)
        )
        check_structure(self.structure.pk)
        self.assertEqual(self.queued(), [self.structure.pk])


class CheckNowTests(CheckingTestCase):
    def test_kontrollera_nu_enqueues_a_check_and_the_page_says_so(self) -> None:
        check_structures()
        page = self.page()
        self.assertIn("Kontrollerad ", page)
        self.assertIn(">Kontrollera nu</button>", page)
        response = self.client.post(
            reverse("rules:structure_check_now", args=["vasterbotten"]), follow=True
        )
        self.assertEqual(self.queued(), [self.structure.pk])
        self.assertIn("En ny regelkontroll är beställd", response.content.decode())
        self.assertIn("En ny kontroll är beställd (kl. ", response.content.decode())
        # Asked again while it waits: no second task.
        self.client.post(reverse("rules:structure_check_now", args=["vasterbotten"]))
        self.assertEqual(self.queued(), [self.structure.pk])

    def test_only_those_who_see_the_check_may_ask_for_one(self) -> None:
        url = reverse("rules:structure_check_now", args=["vasterbotten"])
        self.login(self.other_coordinator)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.login(self.member_user)
        self.assertEqual(self.client.post(reverse("rules:check_now")).status_code, 403)
        self.assertEqual(self.queued(), [])
        self.login(self.coordinator)
        self.assertRedirects(
            self.client.post(reverse("rules:check_now")), reverse("rules:findings")
        )
        self.assertEqual(self.queued(), [self.structure.pk])

    def test_a_structure_never_checked_says_so_and_is_checked(self) -> None:
        self.new_body()
        page = self.page()
        self.assertIn("Regelkontrollen har inte körts ännu för Samverkan Västerbotten", page)
        self.assertEqual(self.queued(), [self.structure.pk])
        self.login(self.coordinator)
        # The start page's findings, which load after it from their own address.
        home = self.client.get(
            reverse("work:home_findings"), headers={"HX-Request": "true"}
        ).content.decode()
        self.assertIn("Regelkontrollen har inte körts ännu", home)
        self.assertEqual(self.queued(), [self.structure.pk])  # already waiting
        tasks.check_structure_task.call(self.structure.pk)
        self.assertIn("Ny grupp har inte bokat", self.page())


class ScheduleTests(CheckingTestCase):
    def test_the_hourly_sweep_checks_what_is_not_checked_today(self) -> None:
        now = local(local_today(), 12)
        self.assertEqual(
            stale_structure_ids(now), sorted([self.structure.pk, self.other_structure.pk])
        )
        check_structure(self.structure.pk, now=now)
        self.assertEqual(stale_structure_ids(now), [self.other_structure.pk])
        check_stale(now)
        self.assertEqual(stale_structure_ids(now), [])
        # The next day every structure is judged again; so is a re-check left waiting.
        self.assertEqual(len(stale_structure_ids(now + datetime.timedelta(days=1))), 2)
        StructureCheck.objects.filter(structure=self.structure).update(requested_at=now)
        self.assertEqual(stale_structure_ids(now), [])
        later = now + REQUEST_WAITS_AT_MOST + datetime.timedelta(minutes=1)
        self.assertEqual(stale_structure_ids(later), [self.structure.pk])

    def test_the_schedule_runs_the_sweep_every_hour(self) -> None:
        entries = {e.task.name: e for e in collect_schedule()}
        sweep = entries[tasks.check_stale_structures.name]
        self.assertEqual(sweep.every, datetime.timedelta(hours=1))
        day = datetime.date(2026, 12, 1)
        self.assertEqual(sweep.last_slot(local(day, 0, 30)), local(day, 0, 5))
