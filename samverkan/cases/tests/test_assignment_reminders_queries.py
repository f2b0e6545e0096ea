"""Overdue-assignment and review reminders read their assignments, groups, people and
coordinators in a fixed number of queries however many reminders there are; what grows with
them is the outbox's own bookkeeping per email (claim, handover, sent), as for every reminder."""

from __future__ import annotations

import datetime
import re
from unittest import mock

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.cases.reminders import assignments as reminders
from samverkan.cases.reminders.assignments import send_overdue_reminders, send_review_reminders
from samverkan.cases.tests.test_assignments_base import DUE, AssignmentTestCase
from samverkan.structure.models import Membership, Role

# Each email's bookkeeping in `samverkan.lib.outbox`: claimed (select and update, in a
# savepoint inside a test's transaction), read, handed over, marked sent.
OUTBOX_PER_EMAIL = 7
REMINDER_TABLE = re.compile(r'^(SAVEPOINT|RELEASE SAVEPOINT|.*"cases_assignmentreminder")', re.S)


class ReminderQueriesTests(AssignmentTestCase):
    def run_counted(self, send: object, today: datetime.date) -> tuple[int, int, int]:
        """(emails sent, queries in all, queries other than the reminder rows')."""
        with CaptureQueriesContext(connection) as run:
            sent = send(today=today)  # type: ignore[operator]
        others = [q["sql"] for q in run.captured_queries if not REMINDER_TABLE.match(q["sql"])]
        return sent, len(run), len(others)

    def test_overdue_reminders_read_what_they_need_in_the_same_queries_for_few_and_many(
        self,
    ) -> None:
        def day_with(count: int, day: datetime.date) -> tuple[int, int, int]:
            for n in range(count):
                self.give(title=f"Uppdrag {day} {n}", due_on=day - datetime.timedelta(days=1))
            return self.run_counted(send_overdue_reminders, day)

        few = day_with(2, DUE)
        mail.outbox.clear()
        # Those of the first day are sent already; the next day's are the new ones, one of
        # them given to a person (Bo, who is reminded too).
        later = DUE + datetime.timedelta(days=30)
        self.give(title="Till Bo", to_body=None, to_person=self.bo, due_on=DUE)
        many = day_with(12, later)
        self.assertEqual((few[0], many[0]), (4, 27))  # Cecilia and the coordinator, each
        self.assertEqual(many[2], few[2])
        self.assertEqual(many[1] - few[1], OUTBOX_PER_EMAIL * (many[0] - few[0]))
        message = next(m for m in mail.outbox if m.to == ["cecilia.ek@skelleftea.example"])
        self.assertIn("skulle ha återrapporterats till Länssamverkansgruppen", message.body)
        self.assertIn("från Länssamverkansgruppen till", message.body)
        to_bo = next(m for m in mail.outbox if m.to == ["bo.lind@region.example"])
        self.assertIn("Uppdraget ”Till Bo” från Länssamverkansgruppen till Bo Lind", to_bo.body)

    def test_more_reminders_than_a_batch_read_a_few_queries_per_batch(self) -> None:
        self.enterContext(mock.patch.object(reminders, "READ_AHEAD", 4))
        for n in range(5):
            self.give(title=f"Uppdrag {n}")
        sent, _, others = self.run_counted(send_overdue_reminders, DUE + datetime.timedelta(days=1))
        self.assertEqual(sent, 10)
        # Recording: the assignments, their people, the coordinators; then ten emails, read in
        # two batches of five (the claimed one and four next in line), one query each.
        self.assertEqual(others, 3 + 2)

    def test_review_reminders_read_what_they_need_in_the_same_queries_for_few_and_many(
        self,
    ) -> None:
        def day_with(count: int, day: datetime.date) -> tuple[int, int, int]:
            for n in range(count):
                self.working_group(
                    name=f"Grupp {day} {n}", today=day - datetime.timedelta(days=400)
                )
            return self.run_counted(send_review_reminders, day)

        Membership.objects.create(
            body=self.body,
            person=self.bo,
            role=Role.SECRETARY,
            principal=self.region,
            start=datetime.date(2026, 1, 1),
        )
        first = datetime.date(2028, 1, 11)
        few = day_with(1, first)
        later = first + datetime.timedelta(days=60)
        many = day_with(5, later)
        self.assertEqual(few[0], 3)
        self.assertEqual(many[0], 15)
        self.assertEqual(many[2], few[2])
        self.assertEqual(many[1] - few[1], OUTBOX_PER_EMAIL * (many[0] - few[0]))
        self.assertIn("ska ses över senast", mail.outbox[-1].body)
