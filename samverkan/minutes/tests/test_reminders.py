"""Approvers who do not answer are reminded every second working day, once per day."""

from __future__ import annotations

import datetime

from django.core import mail

from samverkan.lib.localtime import local
from samverkan.minutes.models import ApprovalReminder, MinutesApprover
from samverkan.minutes.reminders import is_due, send_approval_reminders
from samverkan.minutes.services import minutes_approve, minutes_submit
from samverkan.minutes.tests.base import MinutesTestCase


class ApprovalReminderTests(MinutesTestCase):
    def submit_on(self, day: datetime.date):  # type: ignore[no-untyped-def]
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        MinutesApprover.objects.filter(minutes=minutes).update(requested_at=local(day, 9))
        mail.outbox.clear()
        return minutes

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
