"""No one gets the same reminder twice from two apps: minutes waiting on an approver past the
structure's limit, with the minutes app's approval reminders and the charter check's finding
reminders both running every day, as the worker runs them."""

from __future__ import annotations

import datetime
from collections import Counter

from django.core import mail
from django.test import SimpleTestCase

from samverkan.lib.findings import AppReminds, Finding, Responsible, Severity, collect
from samverkan.lib.localtime import local
from samverkan.minutes.findings import APPROVAL_OVERDUE, APPROVERS
from samverkan.minutes.models import Minutes, MinutesApprover
from samverkan.minutes.reminders import retry_approval_reminders, send_approval_reminders
from samverkan.minutes.services import minutes_approve, minutes_submit
from samverkan.minutes.tests.base import MinutesTestCase
from samverkan.rules.reminders import retry_finding_reminders, send_finding_reminders
from samverkan.rules.tests.helpers import real_rules

D = datetime.date
SUBMITTED = D(2026, 3, 12)  # Thursday; the meeting was on Tuesday 10 March
DUE = D(2026, 3, 24)  # ten working days after the meeting


class ApprovalRemindedOnceTests(MinutesTestCase):
    def setUp(self) -> None:
        self.enterContext(real_rules(APPROVAL_OVERDUE))
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        minutes_approve(minutes=minutes, by=self.chair_user)
        # As it happened in March: written, sent for approval, the chair approved at once.
        Minutes.objects.filter(pk=minutes.pk).update(
            created_at=local(D(2026, 3, 11), 9), submitted_at=local(SUBMITTED, 9)
        )
        MinutesApprover.objects.filter(minutes=minutes).update(requested_at=local(SUBMITTED, 9))
        MinutesApprover.objects.filter(minutes=minutes, person=self.alice).update(
            decided_at=local(SUBMITTED, 10)
        )
        mail.outbox.clear()

    def run_days(self, first: D, last: D) -> None:
        """Each day the worker's tasks: both daily runs in the morning (twice, as after a
        restart), and the retries during the day."""
        day = first
        while day <= last:
            for hour in (7, 8):
                send_approval_reminders(now=local(day, hour))
                send_finding_reminders(now=local(day, hour))
            retry_approval_reminders(now=local(day, 12))
            retry_finding_reminders(now=local(day, 12))
            day += datetime.timedelta(days=1)

    def received(self) -> Counter[tuple[str, str]]:
        return Counter((m.to[0], str(m.subject)) for m in mail.outbox)

    def test_the_approver_is_reminded_by_the_minutes_and_the_coordinator_once_by_the_check(
        self,
    ) -> None:
        self.run_days(SUBMITTED, D(2026, 3, 31))
        approver = "cecilia.ek@skelleftea.example"
        justera = "Påminnelse: justera minnesanteckningarna från Länssamverkansgruppen tisdag 10 mars 2026"
        late = "Försenat: Länssamverkansgruppen, möte 10 mars 2026"
        # The approver: every second working day after the request (16, 18, 20, 24, 26 and
        # 30 March), from the minutes app alone. The coordinator: once, when the limit has
        # passed, from the check. Nobody else: not the adjuster's account (the check's
        # address for her), the chair, the secretary or another structure's coordinator.
        self.assertEqual(
            self.received(), Counter({(approver, justera): 6, ("k@example.se", late): 1})
        )
        [escalation] = [m for m in mail.outbox if m.to == ["k@example.se"]]
        self.assertIn("väntar på justering av Cecilia Ek sedan 12 mars", escalation.body)
        self.assertIn(
            "Ansvarig är justerare (Cecilia Ek), som får egna påminnelser", escalation.body
        )

    def test_nothing_reaches_the_coordinator_before_the_limit(self) -> None:
        self.run_days(SUBMITTED, DUE)
        self.assertEqual({m.to[0] for m in mail.outbox}, {"cecilia.ek@skelleftea.example"})
        self.assertEqual(len(mail.outbox), 4)  # 16, 18, 20 and 24 March

    def test_a_secretary_holding_the_minutes_up_is_reminded_by_the_check(self) -> None:
        # A draft has no reminder of its own: the check reminds the secretary, once.
        Minutes.objects.all().delete()
        draft = self.start()
        Minutes.objects.filter(pk=draft.pk).update(created_at=local(D(2026, 3, 11), 9))
        mail.outbox.clear()
        self.run_days(D(2026, 3, 11), D(2026, 3, 31))
        self.assertEqual([m.to[0] for m in mail.outbox], ["s@example.se"])
        self.assertIn("är ett utkast hos Sara Holm", mail.outbox[0].body)


class DeclarationsTests(SimpleTestCase):
    """Each app says, where it registers a rule, what it reminds of itself."""

    def reminds(self, rule: str, today: D, **values: object) -> AppReminds:
        registered = {r.code: r for r in collect()}[rule]
        finding = Finding(rule=rule, severity=Severity.OVERDUE, message="", **values)  # type: ignore[arg-type]
        return registered.app_reminds(finding, today)

    def test_the_cases_app_reminds_everyone_of_what_it_reminds_of(self) -> None:
        today = D(2026, 3, 20)
        for rule in ("cases.assignment_overdue", "cases.recommendation_unanswered"):
            self.assertEqual(self.reminds(rule, today), AppReminds.EVERYONE)
        # Before its due date an assignment is reminded of by the check.
        self.assertEqual(self.reminds("cases.assignment_due_soon", today), AppReminds.NOTHING)
        # A working group: the check warns ahead, the cases app from the review date on.
        review = "cases.working_group_review"
        self.assertEqual(self.reminds(review, today, due_on=D(2026, 4, 1)), AppReminds.NOTHING)
        self.assertEqual(self.reminds(review, today, due_on=today), AppReminds.EVERYONE)

    def test_the_minutes_app_reminds_approvers_and_not_a_secretary(self) -> None:
        today = D(2026, 3, 20)
        approvers = Responsible(APPROVERS, ("Cecilia Ek",), (1,))
        secretary = Responsible("sekreterare", ("Sara Holm",), (2,))
        self.assertEqual(
            self.reminds(APPROVAL_OVERDUE, today, responsible=approvers), AppReminds.RESPONSIBLE
        )
        self.assertEqual(
            self.reminds(APPROVAL_OVERDUE, today, responsible=secretary), AppReminds.NOTHING
        )

    def test_the_meetings_documents_are_reminded_by_the_check(self) -> None:
        # The meetings app reminds item owners of their own items, not the convener of a
        # meeting without documents.
        self.assertEqual(
            self.reminds("meetings.documents_lead_time", D(2026, 3, 20)), AppReminds.NOTHING
        )
