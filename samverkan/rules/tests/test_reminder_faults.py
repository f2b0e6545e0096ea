"""Finding reminders when things go wrong, through a real SMTP server on this machine
(aiosmtpd), with the reminders' shared fault helpers (`samverkan.testing.faults`): the
server refusing and then recovering, a worker killed mid-send (the lease), two workers at
once. Each reminder is sent exactly once, or shown as uncertain and not sent again."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from samverkan.lib import outbox
from samverkan.lib.findings import Finding, Responsible, Severity
from samverkan.lib.localtime import local_day
from samverkan.lib.outbox import LEASE, claim_next, deliver_claimed
from samverkan.rules.models import FindingReminder
from samverkan.rules.reminders import (
    _Composer,
    record_finding_reminders,
    retry_finding_reminders,
    send_finding_reminders,
)
from samverkan.rules.tests.helpers import BOOKING, body_finding, only_rules, rule_of
from samverkan.testing.base import PASSWORD, BaseTestCase
from samverkan.testing.faults import (
    MINUTE,
    ConcurrentWorkersTestCase,
    free_port,
    smtp,
    start_server,
    worker_dies_after_claim,
    worker_dies_during_handover,
)

RESPONSIBLE = ["alice@umea.example", "bo@region.example", "cecilia@skelleftea.example"]


class FaultTestCase(BaseTestCase):
    users: list[User]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.users = [
            User.objects.create_user(email.split("@")[0], email, PASSWORD) for email in RESPONSIBLE
        ]

    def setUp(self) -> None:
        self.enterContext(only_rules({BOOKING: rule_of(self.findings)}))
        self.now = timezone.now()
        self.due = local_day(self.now) - datetime.timedelta(days=1)

    def findings(self, today: datetime.date) -> list[Finding]:
        return [
            body_finding(
                self.body,
                severity=Severity.OVERDUE,
                due_on=self.due,
                responsible=Responsible(
                    "ansvarig", ("Alice", "Bo", "Cecilia"), tuple(u.pk for u in self.users)
                ),
                about="body:lsg:2027",
            )
        ]

    def record(self) -> _Composer:
        """The daily task's first half: the reminders due are recorded, none sent yet."""
        return record_finding_reminders(now=self.now)

    def states(self) -> dict[str, str]:
        return dict(FindingReminder.objects.values_list("email", "state"))

    def page(self) -> str:
        self.login(self.coordinator)
        response = self.client.get(reverse("rules:structure_findings", args=["vasterbotten"]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()


class RefusedTests(FaultTestCase):
    def test_it_tries_again_later_when_the_server_refuses_and_then_sends_once(self) -> None:
        server, port = start_server(self)
        server.refuse_data = "451 4.3.0 Try again later"
        with override_settings(MAILERS=smtp(port)), self.assertLogs("samverkan.lib.outbox"):
            self.assertEqual(send_finding_reminders(now=self.now), 0)
        self.assertEqual(set(self.states().values()), {"pending"})
        row = FindingReminder.objects.get(email="alice@umea.example")
        self.assertIn("451", row.error)
        self.assertEqual(row.next_attempt_at, self.now + outbox.FIRST_RETRY)
        page = self.page()
        self.assertIn("Påminnelser som inte kommit fram", page)
        self.assertIn("Inte skickad ännu: e-postservern nekade (451 4.3.0 Try again later)", page)

        server.refuse_data = ""
        server.received.clear()
        with override_settings(MAILERS=smtp(port)):
            # Not before its time, and then once each.
            self.assertEqual(retry_finding_reminders(now=self.now + 5 * MINUTE), 0)
            self.assertEqual(retry_finding_reminders(now=self.now + 10 * MINUTE), 3)
            self.assertEqual(retry_finding_reminders(now=self.now + 60 * MINUTE), 0)
            self.assertEqual(send_finding_reminders(now=self.now + 61 * MINUTE), 0)
            tomorrow = self.now + datetime.timedelta(days=1)
            self.assertEqual(send_finding_reminders(now=tomorrow), 0)
        self.assertEqual(server.recipients(), RESPONSIBLE)
        self.assertEqual(set(self.states().values()), {"sent"})
        self.assertNotIn("Påminnelser som inte kommit fram", self.page())

    def test_it_tries_again_when_the_server_was_down(self) -> None:
        port = free_port()
        with override_settings(MAILERS=smtp(port)), self.assertLogs("samverkan.lib.outbox"):
            self.assertEqual(send_finding_reminders(now=self.now), 0)
            self.assertEqual(retry_finding_reminders(now=self.now + 10 * MINUTE), 0)
        row = FindingReminder.objects.get(email="bo@region.example")
        self.assertEqual((row.state, row.attempts), ("pending", 2))
        self.assertIn("e-postservern svarade inte", row.error)
        server, _ = start_server(self, port)
        with override_settings(MAILERS=smtp(port)):
            self.assertEqual(retry_finding_reminders(now=self.now + 30 * MINUTE), 3)
        self.assertEqual(server.recipients(), RESPONSIBLE)

    def test_an_answer_lost_after_the_message_is_uncertain_and_not_sent_again(self) -> None:
        server, port = start_server(self)
        server.stall_data = 3.0  # takes the message, answers after the client gave up
        with (
            override_settings(MAILERS=smtp(port, timeout=1.5)),
            self.assertLogs("samverkan.lib.outbox"),
        ):
            self.assertEqual(send_finding_reminders(now=self.now), 0)
        self.assertEqual(set(self.states().values()), {"uncertain"})
        server.stall_data = 0
        with override_settings(MAILERS=smtp(port)):
            self.assertEqual(retry_finding_reminders(now=self.now + 2 * outbox.LONGEST_RETRY), 0)
            self.assertEqual(send_finding_reminders(now=self.now + 3 * outbox.LONGEST_RETRY), 0)
        self.assertEqual(server.recipients(), RESPONSIBLE)  # nobody got it twice
        self.assertIn("Osäkert om den kom fram", self.page())


class KilledWorkerTests(FaultTestCase):
    def test_a_reminder_claimed_by_a_worker_that_died_is_sent_by_a_later_run(self) -> None:
        self.record()
        # The worker dies here: the claim is committed, nothing was sent.
        worker_dies_after_claim(
            FindingReminder, now=self.now, scope={"email": "alice@umea.example"}
        )
        # A run within the lease leaves it be (the worker may only be slow) …
        self.assertEqual(retry_finding_reminders(now=self.now + 5 * MINUTE), 2)
        self.assertEqual(self.states()["alice@umea.example"], "sending")
        # … one after it sends it, once.
        self.assertEqual(retry_finding_reminders(now=self.now + LEASE + MINUTE), 1)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), RESPONSIBLE)
        self.assertEqual(set(self.states().values()), {"sent"})

    def test_a_worker_that_died_while_the_server_took_the_message_leaves_it_uncertain(
        self,
    ) -> None:
        self.record()
        # The worker dies here: the message may have reached the server.
        worker_dies_during_handover(
            FindingReminder, now=self.now, scope={"email": "alice@umea.example"}
        )
        self.assertEqual(retry_finding_reminders(now=self.now + LEASE + MINUTE), 2)
        self.assertEqual(self.states()["alice@umea.example"], "uncertain")
        self.assertNotIn("alice@umea.example", [m.to[0] for m in mail.outbox])
        self.assertIn("arbetaren avbröts medan e-postservern tog emot", self.page())


class TwoWorkersTests(FaultTestCase):
    """Two workers interleaved step by step, as they may be on any database."""

    def test_two_workers_claim_different_reminders(self) -> None:
        composer = self.record()
        first = claim_next(FindingReminder, now=self.now)
        second = claim_next(FindingReminder, now=self.now)
        assert first is not None and second is not None
        self.assertNotEqual(first.pk, second.pk)
        for claim in (second, first):
            deliver_claimed(FindingReminder, claim, composer, now=self.now)
        # Both workers' daily runs: the third is sent once, nothing is recorded twice.
        self.assertEqual(send_finding_reminders(now=self.now), 1)
        self.assertEqual(send_finding_reminders(now=self.now), 0)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), RESPONSIBLE)
        self.assertEqual(FindingReminder.objects.count(), 3)

    def test_a_slow_worker_that_lost_its_claim_sends_nothing(self) -> None:
        server, port = start_server(self)
        composer = self.record()
        slow = claim_next(FindingReminder, now=self.now, scope={"email": "alice@umea.example"})
        assert slow is not None
        with override_settings(MAILERS=smtp(port)):
            # Past the lease another worker takes the reminder over and sends it …
            self.assertEqual(retry_finding_reminders(now=self.now + LEASE + MINUTE), 3)
            # … and when the slow one gets going, the server never gets its copy.
            outcome = deliver_claimed(FindingReminder, slow, composer, now=self.now)
        self.assertEqual(outcome, "lost")
        self.assertEqual(server.recipients(), RESPONSIBLE)
        self.assertEqual(set(self.states().values()), {"sent"})


class ConcurrentWorkersTests(ConcurrentWorkersTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.users = [
            User.objects.create_user(f"ansvarig{n}", f"a{n}@example.se", PASSWORD)
            for n in range(23)
        ]
        self.enterContext(only_rules({BOOKING: rule_of(self.findings)}))

    def findings(self, today: datetime.date) -> list[Finding]:
        # One finding per user, each due yesterday.
        return [
            body_finding(
                self.body,
                due_on=today - datetime.timedelta(days=1),
                responsible=Responsible("ansvarig", (user.username,), (user.pk,)),
                about=f"user:{user.pk}",
            )
            for user in self.users
        ]

    def test_two_workers_at_once_never_send_the_same_reminder(self) -> None:
        self.assertEqual(len(self.findings(local_day(timezone.now()))), 23)
        self.assert_two_workers_send_each_once(
            lambda now: send_finding_reminders(now=now), FindingReminder.objects.all(), 23
        )
