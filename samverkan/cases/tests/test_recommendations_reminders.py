"""Reminders to the registrars before and after a recommendation's answer date: each once,
only to principals that have been sent it and not decided, with a copy to the coordinators."""

from __future__ import annotations

import datetime

from django.core import mail
from django.test import override_settings

from samverkan.cases.models import DecisionReminder, DecisionState
from samverkan.cases.reminders.recommendations import (
    after_day,
    before_day,
    retry_decision_reminders,
    send_decision_reminders,
)
from samverkan.cases.services.principal_decisions import decision_record
from samverkan.cases.services.recommendations import recommendation_route
from samverkan.cases.tests.test_recommendations_base import RecommendationTestCase
from samverkan.lib.localtime import local
from samverkan.lib.workdays import working_days_after
from samverkan.testing.faults import mail_server_down

# A mail server that does not answer: the reminders stay pending, to be tried again.
DOWN = mail_server_down()
ANSWER_BY = datetime.date(2026, 5, 15)  # a Friday, the day after Ascension


class ReminderTests(RecommendationTestCase):
    def routed(self, today: datetime.date = datetime.date(2026, 3, 20)):  # type: ignore[no-untyped-def]
        self.registrars()
        recommendation = self.recommendation()
        recommendation_route(
            recommendation=recommendation,
            answer_by=ANSWER_BY,
            by=self.other_coordinator,
            today=today,
        )
        mail.outbox.clear()
        return recommendation

    def test_the_days(self) -> None:
        # Ten working days before 15 May 2026, skipping 1 May and Ascension (14 May).
        self.assertEqual(before_day(ANSWER_BY), datetime.date(2026, 4, 29))
        self.assertEqual(after_day(ANSWER_BY), datetime.date(2026, 5, 18))

    def test_it_reminds_once_before_and_once_after_the_answer_date(self) -> None:
        recommendation = self.routed()
        first = before_day(ANSWER_BY)
        self.assertEqual(send_decision_reminders(today=first - datetime.timedelta(days=1)), 0)
        self.assertEqual(send_decision_reminders(today=first), 6)
        self.assertEqual(len(mail.outbox), 6)
        message = next(m for m in mail.outbox if m.to == ["registrator@karlshamn.example"])
        self.assertEqual(message.cc, ["a@example.se"])
        self.assertEqual(
            message.subject,
            "Påminnelse: svar senast 15 maj 2026 på rekommendationen ”Gemensam rutin för SIP”",
        )
        self.assertIn("Till Socialnämnden, Karlshamns kommun", message.body)
        self.assertIn("ska meddelas senast 15 maj 2026", message.body)
        self.assertIn("expedierad till er 20 mars 2026", message.body)
        # Again the same day and the next working day: nothing more.
        self.assertEqual(send_decision_reminders(today=first), 0)
        self.assertEqual(send_decision_reminders(today=working_days_after(first, 1)), 0)
        self.assertEqual(len(mail.outbox), 6)

        for decision in recommendation.decisions.filter(principal__in=self.municipalities[:2]):
            decision_record(
                decision=decision,
                expected_version=None,
                by=self.other_coordinator,
                state=DecisionState.ADOPTED,
                decided_on=datetime.date(2026, 5, 4),
                today=datetime.date(2026, 5, 5),
            )
        mail.outbox.clear()
        self.assertEqual(send_decision_reminders(today=ANSWER_BY), 0)
        self.assertEqual(send_decision_reminders(today=after_day(ANSWER_BY)), 4)
        reminded = sorted(m.to[0] for m in mail.outbox)
        self.assertNotIn("registrator@olofstrom.example", reminded)
        self.assertNotIn("registrator@karlskrona.example", reminded)
        self.assertEqual(len(reminded), 4)
        self.assertIn(
            "svarsdatumet för rekommendationen nedan var 15 maj 2026", mail.outbox[0].body
        )
        self.assertIn("har inte kommit", mail.outbox[0].subject)
        for later in range(1, 8):
            send_decision_reminders(today=after_day(ANSWER_BY) + datetime.timedelta(days=later))
        self.assertEqual(len(mail.outbox), 4)
        self.assertEqual(DecisionReminder.objects.count(), 10)

    def test_it_skips_the_reminder_before_when_the_recommendation_went_out_late(self) -> None:
        self.routed(today=datetime.date(2026, 5, 6))
        self.assertEqual(send_decision_reminders(today=datetime.date(2026, 5, 7)), 0)
        self.assertEqual(send_decision_reminders(today=after_day(ANSWER_BY)), 6)

    def test_it_reminds_on_working_days_and_catches_up_after_a_weekend(self) -> None:
        self.routed()
        saturday = datetime.date(2026, 5, 16)
        self.assertEqual(send_decision_reminders(today=saturday), 0)
        self.assertEqual(send_decision_reminders(today=datetime.date(2026, 5, 19)), 6)

    def test_a_principal_that_decided_after_the_reminder_was_recorded_is_not_reminded(
        self,
    ) -> None:
        recommendation = self.routed()
        first = before_day(ANSWER_BY)
        # The rows are recorded, then the mail server is down: nothing goes out.
        with override_settings(MAILERS=DOWN), self.assertLogs("samverkan.lib.outbox"):
            self.assertEqual(send_decision_reminders(today=first), 0)
        self.assertEqual(DecisionReminder.objects.filter(state="pending").count(), 6)
        decision = recommendation.decisions.get(principal=self.blekinge_region)
        decision_record(
            decision=decision,
            expected_version=None,
            by=None,
            state=DecisionState.ADOPTED,
            decided_on=first,
            today=first,
        )
        self.assertEqual(retry_decision_reminders(now=local(first, 12)), 5)
        self.assertNotIn(["registrator@region-blekinge.example"], [m.to for m in mail.outbox])
