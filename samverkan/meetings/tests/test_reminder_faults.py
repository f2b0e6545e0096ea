"""Reminders when things go wrong, through a real SMTP server on this machine (aiosmtpd).

Each fault of issue 9: the server refusing, down, stalling before the message or after it
(the ambiguous case), a worker killed between claim and send or while sending, two workers
at once, and a reminder whose moment passed before it could go out – shown as such to the
coordinator on the meeting page and the start page.
"""

from __future__ import annotations

import datetime

from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from samverkan.lib import outbox
from samverkan.lib.localtime import local
from samverkan.lib.outbox import LEASE, claim_next, deliver_claimed
from samverkan.meetings.attendance import attendance_report_absence
from samverkan.meetings.models import ReminderKind, ReminderSent
from samverkan.meetings.notices import notice_send
from samverkan.meetings.reminders import (
    _Composer,
    _record_meeting_reminders,
    retry_reminders,
    send_meeting_reminders,
)
from samverkan.meetings.services import meeting_create
from samverkan.meetings.tests.lazy_parts import get_with_parts
from samverkan.meetings.tests.test_notices import NoticeTestCase
from samverkan.structure.models import Membership, Person, Role
from samverkan.testing.faults import (
    MINUTE,
    ConcurrentWorkersTestCase,
    free_port,
    smtp,
    start_server,
    worker_dies_after_claim,
    worker_dies_during_handover,
)

CALLED = ["alice.berg@umea.example", "bo.lind@region.example", "cecilia.ek@skelleftea.example"]


class FaultTestCase(NoticeTestCase):
    def setUp(self) -> None:
        self.meeting = self.make_meeting(days_ahead=1, hour=10)
        notice_send(meeting=self.meeting, by=self.coordinator, reason="Extra möte med kort varsel.")
        mail.outbox.clear()
        self.now = timezone.now()

    def record(self) -> None:
        """The daily task's first half: the reminders due are recorded, none sent yet."""
        _record_meeting_reminders(self.now)

    def states(self) -> dict[str, str]:
        return {
            r.person.email: r.state
            for r in ReminderSent.objects.filter(kind=ReminderKind.MEETING).select_related("person")
        }

    def meeting_page(self) -> str:
        self.login(self.coordinator)
        response = get_with_parts(self.client, reverse("meetings:meeting", args=[self.meeting.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def start_page(self) -> str:
        """The start page's reminders that did not arrive, which load after it."""
        self.login(self.coordinator)
        part = self.client.get(reverse("work:home_reminders"), headers={"HX-Request": "true"})
        return part.content.decode()


class RefusedOrDownTests(FaultTestCase):
    def test_it_tries_again_later_when_the_server_refuses_and_then_sends_once(self) -> None:
        server, port = start_server(self)
        server.refuse_data = "451 4.3.0 Try again later"
        with override_settings(MAILERS=smtp(port)), self.assertLogs("samverkan.lib.outbox"):
            self.assertEqual(send_meeting_reminders(now=self.now), 0)
        self.assertEqual(set(self.states().values()), {"pending"})
        row = ReminderSent.objects.filter(person=self.alice).get()
        self.assertIn("451", row.error)
        self.assertEqual(row.next_attempt_at, self.now + outbox.FIRST_RETRY)
        page = self.meeting_page()
        self.assertIn("3 påminnelser har inte kommit fram som de skulle", page)
        self.assertIn("Inte skickad ännu: e-postservern nekade (451 4.3.0 Try again later)", page)
        self.assertIn("Påminnelser som inte kommit fram", self.start_page())

        server.refuse_data = ""
        server.received.clear()
        with override_settings(MAILERS=smtp(port)):
            # Not before its time, and then once each.
            self.assertEqual(retry_reminders(now=self.now + 5 * MINUTE), 0)
            self.assertEqual(retry_reminders(now=self.now + 10 * MINUTE), 3)
            self.assertEqual(retry_reminders(now=self.now + 60 * MINUTE), 0)
            self.assertEqual(send_meeting_reminders(now=self.now + 61 * MINUTE), 0)
        self.assertEqual(server.recipients(), CALLED)
        self.assertEqual(set(self.states().values()), {"sent"})
        self.assertIn("3 påminnelser är skickade", self.meeting_page())
        self.assertNotIn("Påminnelser som inte kommit fram", self.start_page())

    def test_it_tries_again_when_the_server_was_down(self) -> None:
        port = free_port()
        with override_settings(MAILERS=smtp(port)), self.assertLogs("samverkan.lib.outbox"):
            self.assertEqual(send_meeting_reminders(now=self.now), 0)
            self.assertEqual(retry_reminders(now=self.now + 10 * MINUTE), 0)
        row = ReminderSent.objects.filter(person=self.alice).get()
        self.assertEqual((row.state, row.attempts), ("pending", 2))
        self.assertIn("e-postservern svarade inte", row.error)
        # Backoff: ten minutes after the first failure, twenty after the second.
        self.assertEqual(row.next_attempt_at, self.now + 30 * MINUTE)

        server, _ = start_server(self, port)
        with override_settings(MAILERS=smtp(port)):
            self.assertEqual(retry_reminders(now=self.now + 30 * MINUTE), 3)
        self.assertEqual(server.recipients(), CALLED)
        self.assertIn("Skickad", self.meeting_page())

    def test_it_gives_up_on_an_address_the_server_refuses_for_good(self) -> None:
        server, port = start_server(self)
        server.refuse_rcpt = "550 5.1.1 No such user"
        with override_settings(MAILERS=smtp(port)), self.assertLogs("samverkan.lib.outbox"):
            self.assertEqual(send_meeting_reminders(now=self.now), 0)
            self.assertEqual(retry_reminders(now=self.now + 2 * outbox.LONGEST_RETRY), 0)
        self.assertEqual(set(self.states().values()), {"failed"})
        self.assertEqual(ReminderSent.objects.filter(attempts=1).count(), 3)
        self.assertIn("Kom inte fram: e-postservern nekade adressen", self.meeting_page())

    def test_it_stops_when_the_meeting_has_begun_and_shows_the_reminder_as_not_sent(self) -> None:
        port = free_port()
        start = self.meeting.starts_at
        with override_settings(MAILERS=smtp(port)), self.assertLogs("samverkan.lib.outbox"):
            send_meeting_reminders(now=self.now)
            moment = self.now
            while moment < start + MINUTE:
                moment += outbox.LONGEST_RETRY / 2
                retry_reminders(now=moment)
        row = ReminderSent.objects.filter(person=self.alice).get()
        self.assertEqual(row.state, "failed")
        self.assertGreater(row.attempts, 3)
        self.assertIn("e-postservern svarade inte", row.error)
        page = self.meeting_page()
        self.assertIn("Kom inte fram", page)
        self.assertIn("Connection refused", page)
        home = self.start_page()
        self.assertIn("Påminnelser som inte kommit fram", home)
        self.assertIn("Möte snart: Länssamverkansgruppen", home)
        self.assertIn("till Alice Berg", home)

        # Even with the server back, a reminder for a meeting that has begun stays unsent.
        server, _ = start_server(self, port)
        with override_settings(MAILERS=smtp(port)):
            self.assertEqual(retry_reminders(now=start + 2 * MINUTE), 0)
        self.assertEqual(server.received, [])

    def test_a_reminder_no_longer_needed_is_not_sent_on_the_retry(self) -> None:
        port = free_port()
        with override_settings(MAILERS=smtp(port)), self.assertLogs("samverkan.lib.outbox"):
            send_meeting_reminders(now=self.now)
        attendance_report_absence(meeting=self.meeting, person=self.bo, by=self.member_user)
        mail.outbox.clear()
        self.assertEqual(retry_reminders(now=self.now + 10 * MINUTE), 2)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            ["alice.berg@umea.example", "cecilia.ek@skelleftea.example"],
        )
        self.assertFalse(ReminderSent.objects.filter(person=self.bo).exists())


class TimeoutTests(FaultTestCase):
    def test_an_answer_lost_after_the_message_is_recorded_as_uncertain_and_not_resent(
        self,
    ) -> None:
        server, port = start_server(self)
        server.stall_data = 3.0  # takes the message, answers after the client gave up
        with (
            override_settings(MAILERS=smtp(port, timeout=1.5)),
            self.assertLogs("samverkan.lib.outbox"),
        ):
            self.assertEqual(send_meeting_reminders(now=self.now), 0)
        self.assertEqual(set(self.states().values()), {"uncertain"})
        self.assertEqual(server.recipients(), CALLED)

        server.stall_data = 0
        with override_settings(MAILERS=smtp(port)):
            self.assertEqual(retry_reminders(now=self.now + 2 * outbox.LONGEST_RETRY), 0)
            self.assertEqual(send_meeting_reminders(now=self.now + 3 * outbox.LONGEST_RETRY), 0)
        self.assertEqual(server.recipients(), CALLED)  # nobody got it twice
        page = self.meeting_page()
        self.assertIn("Osäkert om den kom fram: e-postservern tog emot påminnelsen men", page)
        self.assertIn("fråga mottagaren", page)
        self.assertIn("Osäkert om den kom fram", self.start_page())

    def test_a_server_that_stalls_before_the_message_is_tried_again(self) -> None:
        server, port = start_server(self)
        server.stall_rcpt = 3.0
        with (
            override_settings(MAILERS=smtp(port, timeout=1.5)),
            self.assertLogs("samverkan.lib.outbox"),
        ):
            self.assertEqual(send_meeting_reminders(now=self.now), 0)
        # Nothing reached the server, so nothing is in doubt: it is tried again.
        self.assertEqual(server.received, [])
        self.assertEqual(set(self.states().values()), {"pending"})
        server.stall_rcpt = 0
        with override_settings(MAILERS=smtp(port)):
            self.assertEqual(retry_reminders(now=self.now + 10 * MINUTE), 3)
        self.assertEqual(server.recipients(), CALLED)


class KilledWorkerTests(FaultTestCase):
    def test_a_reminder_claimed_by_a_worker_that_died_is_sent_by_a_later_run(self) -> None:
        self.record()
        # The worker dies here: the claim is committed, nothing was sent.
        worker_dies_after_claim(ReminderSent, now=self.now, scope={"person": self.alice})
        # A run within the lease leaves it be (the worker may only be slow) …
        self.assertEqual(retry_reminders(now=self.now + 5 * MINUTE), 2)
        self.assertEqual(self.states()["alice.berg@umea.example"], "sending")
        # … one after it sends it, once.
        self.assertEqual(retry_reminders(now=self.now + LEASE + MINUTE), 1)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), CALLED)
        self.assertEqual(set(self.states().values()), {"sent"})

    def test_a_worker_that_died_while_the_server_took_the_message_leaves_it_uncertain(
        self,
    ) -> None:
        self.record()
        # The worker dies here: the message may have reached the server.
        worker_dies_during_handover(ReminderSent, now=self.now, scope={"person": self.alice})
        self.assertEqual(retry_reminders(now=self.now + LEASE + MINUTE), 2)
        self.assertEqual(self.states()["alice.berg@umea.example"], "uncertain")
        self.assertNotIn("alice.berg@umea.example", [m.to[0] for m in mail.outbox])
        self.assertIn("arbetaren avbröts medan e-postservern tog emot", self.meeting_page())


class TwoWorkersTests(FaultTestCase):
    """Two workers interleaved step by step, as they may be on any database."""

    def test_two_workers_claim_different_reminders(self) -> None:
        self.record()
        first = claim_next(ReminderSent, now=self.now)
        second = claim_next(ReminderSent, now=self.now)
        assert first is not None and second is not None
        self.assertNotEqual(first.pk, second.pk)
        composer = _Composer()
        for claim in (second, first):
            deliver_claimed(ReminderSent, claim, composer, now=self.now)
        self.assertEqual(send_meeting_reminders(now=self.now), 1)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), CALLED)

    def test_a_slow_worker_that_lost_its_claim_sends_nothing(self) -> None:
        server, port = start_server(self)
        self.record()
        slow = claim_next(ReminderSent, now=self.now, scope={"person": self.alice})
        assert slow is not None
        with override_settings(MAILERS=smtp(port)):
            # Past the lease another worker takes the reminder over and sends it …
            self.assertEqual(retry_reminders(now=self.now + LEASE + MINUTE), 3)
            # … and when the slow one gets going, the server never gets its copy.
            outcome = deliver_claimed(ReminderSent, slow, _Composer(), now=self.now)
        self.assertEqual(outcome, "lost")
        self.assertEqual(server.recipients(), CALLED)
        self.assertEqual(set(self.states().values()), {"sent"})


class ConcurrentWorkersTests(ConcurrentWorkersTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.seat_body()
        for n in range(20):
            person = Person.objects.create(
                key=f"extra-{n}", first_name="Extra", last_name=f"{n}", email=f"e{n}@example.se"
            )
            Membership.objects.create(
                body=self.body, person=person, role=Role.MEMBER, principal=self.lycksele
            )
        day = timezone.localdate() + datetime.timedelta(days=1)
        self.meeting = meeting_create(
            body=self.body, starts_at=local(day, 10), ends_at=local(day, 12), by=None
        )
        notice_send(meeting=self.meeting, by=self.coordinator, reason="Extra möte med kort varsel.")

    def test_two_workers_at_once_never_send_the_same_reminder(self) -> None:
        self.assert_two_workers_send_each_once(
            lambda now: send_meeting_reminders(now=now),
            ReminderSent.objects.filter(meeting=self.meeting),
            23,
        )
