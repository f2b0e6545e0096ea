"""Approvers who do not answer are reminded every second working day, once per day."""

from __future__ import annotations

import datetime

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from samverkan.lib.localtime import local
from samverkan.minutes.models import ApprovalReminder, MinutesApprover
from samverkan.minutes.reminders import (
    is_due,
    reminders_needing_attention,
    retry_approval_reminders,
    send_approval_reminders,
)
from samverkan.minutes.services import minutes_approve, minutes_submit
from samverkan.minutes.tests.base import MinutesTestCase
from samverkan.testing.faults import mail_server_down


class ApprovalTestCase(MinutesTestCase):
    def submit_on(self, day: datetime.date):  # type: ignore[no-untyped-def]
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        MinutesApprover.objects.filter(minutes=minutes).update(requested_at=local(day, 9))
        mail.outbox.clear()
        return minutes


class ApprovalReminderTests(ApprovalTestCase):
    def test_it_is_due_every_second_working_day(self) -> None:
        monday = datetime.date(2026, 3, 16)
        self.assertFalse(is_due(monday, monday))
        self.assertFalse(is_due(monday, datetime.date(2026, 3, 17)))
        self.assertTrue(is_due(monday, datetime.date(2026, 3, 18)))
        self.assertFalse(is_due(monday, datetime.date(2026, 3, 19)))
        self.assertTrue(is_due(monday, datetime.date(2026, 3, 20)))
        self.assertFalse(is_due(monday, datetime.date(2026, 3, 21)))  # Saturday
        # Good Friday and Easter Monday 2026 are not working days.
        self.assertFalse(is_due(datetime.date(2026, 4, 1), datetime.date(2026, 4, 6)))
        self.assertTrue(is_due(datetime.date(2026, 4, 1), datetime.date(2026, 4, 7)))

    def test_it_reminds_those_who_have_not_answered_once_a_day(self) -> None:
        minutes = self.submit_on(datetime.date(2026, 3, 16))
        minutes_approve(minutes=minutes, by=self.chair_user)
        wednesday = local(datetime.date(2026, 3, 18), 8)
        self.assertEqual(send_approval_reminders(now=wednesday), 1)
        self.assertEqual(mail.outbox[0].to, ["cecilia.ek@skelleftea.example"])
        self.assertIn("Påminnelse", mail.outbox[0].subject)
        self.assertIn(f"/arbeta/minnesanteckningar/{minutes.pk}/", mail.outbox[0].body)
        self.assertEqual(send_approval_reminders(now=wednesday), 0)
        self.assertEqual(ApprovalReminder.objects.count(), 1)

    def test_it_stops_when_the_minutes_are_approved(self) -> None:
        minutes = self.submit_on(datetime.date(2026, 3, 16))
        minutes_approve(minutes=minutes, by=self.chair_user)
        minutes_approve(minutes=minutes, by=self.adjuster_user)
        mail.outbox.clear()
        self.assertEqual(send_approval_reminders(now=local(datetime.date(2026, 3, 18), 8)), 0)
        self.assertEqual(mail.outbox, [])


DOWN = mail_server_down()
WEDNESDAY = datetime.date(2026, 3, 18)
FRIDAY = datetime.date(2026, 3, 20)


class ApprovalReminderFaultTests(ApprovalTestCase):
    """With the mail server down at 08.00 the reminder is not skipped for a whole cycle."""

    def setUp(self) -> None:
        self.minutes = self.submit_on(datetime.date(2026, 3, 16))
        minutes_approve(minutes=self.minutes, by=self.chair_user)
        mail.outbox.clear()

    def page(self) -> str:
        self.client.force_login(self.secretary_user)
        response = self.client.get(reverse("minutes:minutes", args=[self.minutes.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_tries_again_the_same_morning_when_the_mail_server_was_down(self) -> None:
        with override_settings(MAILERS=DOWN), self.assertLogs("samverkan.lib.outbox"):
            self.assertEqual(send_approval_reminders(now=local(WEDNESDAY, 8)), 0)
        reminder = ApprovalReminder.objects.get()
        self.assertEqual((reminder.state, reminder.attempts), ("pending", 1))
        self.assertIn(
            "Påminnelsen 18 mars: Inte skickad ännu: e-postservern svarade inte", self.page()
        )

        self.assertEqual(retry_approval_reminders(now=local(WEDNESDAY, 8, 10)), 1)
        self.assertEqual(mail.outbox[0].to, ["cecilia.ek@skelleftea.example"])
        self.assertIn("Påminnelse: justera", mail.outbox[0].subject)
        self.assertIn("Påminnelsen 18 mars: Skickad 18 mars 2026 kl. 08.10.", self.page())
        self.assertEqual(retry_approval_reminders(now=local(WEDNESDAY, 12)), 0)
        self.assertEqual(send_approval_reminders(now=local(WEDNESDAY, 13)), 0)
        self.assertEqual(len(mail.outbox), 1)

    def test_it_gives_up_when_the_next_reminder_is_due_and_shows_that_it_never_went_out(
        self,
    ) -> None:
        with override_settings(MAILERS=DOWN), self.assertLogs("samverkan.lib.outbox"):
            send_approval_reminders(now=local(WEDNESDAY, 8))
            for hour in range(9, 24 + 24):  # every hour until Thursday night
                retry_approval_reminders(now=local(WEDNESDAY, 0) + datetime.timedelta(hours=hour))
            retry_approval_reminders(now=local(FRIDAY, 0, 1))
        reminder = ApprovalReminder.objects.get()
        self.assertEqual(reminder.state, "failed")
        self.assertGreater(reminder.attempts, 10)
        self.assertIn("Påminnelsen 18 mars: Kom inte fram", self.page())
        self.assertIn("e-postservern svarade inte", self.page())
        [listed] = reminders_needing_attention(
            structure_ids=[self.structure.pk], now=local(FRIDAY, 7)
        )
        self.assertEqual(listed.approver.person, self.cecilia)
        self.assertEqual(reminders_needing_attention(structure_ids=[self.other_structure.pk]), [])
        self.assertEqual(mail.outbox, [])

        # The next reminder is due on Friday and goes out with the server back.
        self.assertEqual(send_approval_reminders(now=local(FRIDAY, 8)), 1)
        self.assertIn("Påminnelsen 20 mars: Skickad", self.page())

    def test_it_does_not_remind_an_approver_who_answered_meanwhile(self) -> None:
        with override_settings(MAILERS=DOWN), self.assertLogs("samverkan.lib.outbox"):
            send_approval_reminders(now=local(WEDNESDAY, 8))
        minutes_approve(minutes=self.minutes, by=self.adjuster_user)
        mail.outbox.clear()
        self.assertEqual(retry_approval_reminders(now=local(WEDNESDAY, 8, 30)), 0)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(ApprovalReminder.objects.exists())
