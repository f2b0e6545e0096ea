"""Reminders about findings with a deadline: to whom, once per finding and due date, not
when accepted or put right, and the schedule that runs them."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core import mail

from samverkan.lib.findings import AppReminds, Finding, Responsible, Severity, collect
from samverkan.lib.localtime import local
from samverkan.lib.mail import absolute
from samverkan.rules import tasks
from samverkan.rules.models import Acknowledgement, FindingReminder
from samverkan.rules.reminders import retry_finding_reminders, send_finding_reminders
from samverkan.rules.tests.helpers import BOOKING, BOOKING_WORDS, body_finding, only_rules, rule_of
from samverkan.schedule import collect as collect_schedule
from samverkan.testing.base import PASSWORD, BaseTestCase
from samverkan.testing.faults import mail_server_down

TODAY = datetime.date(2026, 12, 1)
DAY = datetime.timedelta(days=1)


class ReminderTests(BaseTestCase):
    chair_user: User

    def setUp(self) -> None:
        self.due = TODAY - DAY
        self.severity = Severity.OVERDUE
        self.responsible: Responsible | None = Responsible(
            "ordförande", ("Alice Berg",), (self.chair_user.pk,)
        )
        self.put_right = False
        self.registered = {r.code: r for r in collect()}  # the apps' own rules
        self.enterContext(only_rules({BOOKING: rule_of(self.findings)}))

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.chair_user = User.objects.create_user(
            "alice", "Alice.Berg@umea.example", PASSWORD, first_name="Alice", last_name="Berg"
        )

    def findings(self, today: datetime.date) -> list[Finding]:
        if self.put_right:
            return []
        return [
            body_finding(
                self.body,
                severity=self.severity,
                due_on=self.due,
                responsible=self.responsible,
                about="body:lsg:2027",
            ),
            # No deadline: nothing to remind of.
            body_finding(self.council, severity=Severity.NOTED, responsible=self.responsible),
        ]

    def send(self, today: datetime.date = TODAY) -> int:
        return send_finding_reminders(today=today)

    def test_it_reminds_the_responsible_once_per_due_date(self) -> None:
        self.assertEqual(self.send(), 1)
        [message] = mail.outbox
        self.assertEqual(message.to, ["alice.berg@umea.example"])
        self.assertEqual(message.subject, "Försenat: Länssamverkansgruppen")
        self.assertIn("Hej Alice Berg!", message.body)
        self.assertIn("Länssamverkansgruppen har inte bokat nästa års möten.", message.body)
        self.assertIn("Det skulle ha varit klart senast 30 november 2026.", message.body)
        self.assertIn(f"”{BOOKING_WORDS}”", message.body)
        self.assertIn(absolute("/arbeta/s/vasterbotten/g/lsg/"), message.body)
        self.assertIn(absolute("/arbeta/regler/vasterbotten/"), message.body)
        self.assertIn("eftersom du är ordförande.", message.body)
        # The same day again, the next days: nothing more for this due date.
        self.assertEqual(self.send(), 0)
        self.assertEqual(self.send(TODAY + DAY), 0)
        self.assertEqual(retry_finding_reminders(now=local(TODAY + 2 * DAY, 9)), 0)
        self.assertEqual(len(mail.outbox), 1)
        # A new due date is a new reminder.
        self.due = TODAY + 10 * DAY
        self.severity = Severity.DUE_SOON
        self.assertEqual(self.send(TODAY + 3 * DAY), 1)
        self.assertEqual(
            mail.outbox[1].subject, "Påminnelse: Länssamverkansgruppen senast 11 december 2026"
        )
        self.assertIn("Det ska vara klart senast 11 december 2026.", mail.outbox[1].body)
        self.assertEqual(FindingReminder.objects.filter(state="sent").count(), 2)

    def test_a_finding_first_due_soon_is_not_reminded_again_once_overdue(self) -> None:
        self.due = TODAY + 3 * DAY
        self.severity = Severity.DUE_SOON
        self.assertEqual(self.send(), 1)
        self.severity = Severity.OVERDUE
        self.assertEqual(self.send(TODAY + 5 * DAY), 0)

    def test_without_anyone_with_an_account_the_coordinators_are_reminded(self) -> None:
        self.responsible = Responsible("ordförande", ("Erik Nord",))
        self.assertEqual(self.send(), 1)
        self.assertEqual(mail.outbox[0].to, ["k@example.se"])
        self.assertIn("eftersom du är koordinator för strukturen.", mail.outbox[0].body)
        self.responsible = None
        self.due = TODAY
        self.assertEqual(self.send(), 1)

    def test_an_accepted_finding_is_not_reminded_of(self) -> None:
        Acknowledgement.objects.create(
            key=f"{BOOKING}|body:lsg:2027",
            rule=BOOKING,
            structure=self.structure,
            body=self.body,
            due_on=self.due,
            message="Länssamverkansgruppen har inte bokat nästa års möten.",
            reason="Gruppen bokar i januari.",
        )
        self.assertEqual(self.send(), 0)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(FindingReminder.objects.exists())

    def test_a_finding_put_right_before_the_retry_is_not_sent(self) -> None:
        with (
            self.settings(MAILERS=mail_server_down(timeout=1)),
            self.assertLogs("samverkan.lib.outbox"),
        ):
            self.assertEqual(self.send(), 0)
        self.assertEqual(FindingReminder.objects.get().state, "pending")
        self.put_right = True
        self.assertEqual(retry_finding_reminders(now=local(TODAY, 8)), 0)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(FindingReminder.objects.exists())

    def test_an_overdue_assignment_is_left_to_the_cases_apps_own_reminder(self) -> None:
        rule = self.registered["cases.assignment_overdue"]
        self.assertEqual(rule.reminded_by_app, AppReminds.EVERYONE)
        with only_rules(
            {
                "cases.assignment_overdue": rule_of(
                    lambda today: [
                        body_finding(
                            self.body,
                            rule="cases.assignment_overdue",
                            due_on=today - DAY,
                            responsible=self.responsible,
                        )
                    ]
                )
            },
            reminded_by_app={"cases.assignment_overdue": rule.reminded_by_app},
        ):
            self.assertEqual(self.send(), 0)

    def test_when_the_app_reminds_those_responsible_the_coordinators_hear_once_overdue(
        self,
    ) -> None:
        self.enterContext(
            only_rules(
                {BOOKING: rule_of(self.findings)},
                reminded_by_app={BOOKING: AppReminds.RESPONSIBLE},
            )
        )
        self.due = TODAY + 3 * DAY
        self.severity = Severity.DUE_SOON
        self.assertEqual(self.send(), 0)  # the app reminds Alice; nobody else needs to know yet
        self.severity = Severity.OVERDUE
        self.assertEqual(self.send(TODAY + 4 * DAY), 1)
        [message] = mail.outbox
        self.assertEqual(message.to, ["k@example.se"])
        self.assertIn("Ansvarig är ordförande (Alice Berg), som får egna påminnelser", message.body)
        self.assertIn("eftersom du är koordinator för strukturen.", message.body)
        self.assertEqual(self.send(TODAY + 5 * DAY), 0)
        # A coordinator who is also responsible has the app's reminder already.
        self.structure.coordinators.add(self.chair_user)
        self.due = TODAY + 6 * DAY
        self.assertEqual(self.send(TODAY + 7 * DAY), 1)
        self.assertEqual(mail.outbox[1].to, ["k@example.se"])

    def test_the_schedule_runs_them_daily_and_retries_every_ten_minutes(self) -> None:
        entries = {p.name: p for p in tasks.SCHEDULE}
        daily = entries[tasks.send_finding_reminders.name]
        self.assertEqual(daily.every, datetime.timedelta(days=1))
        self.assertEqual(entries[tasks.retry_finding_reminders.name].every.total_seconds(), 600)
        self.assertIn(daily, collect_schedule())
