"""Reminders from the background worker: each sent once, however often the task runs."""

from __future__ import annotations

import datetime
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samverkan import schedule
from samverkan.lib.localtime import STOCKHOLM
from samverkan.lib.workdays import working_days_before
from samverkan.meetings import tasks
from samverkan.meetings.attendance import attendance_report_absence
from samverkan.meetings.models import AgendaItemKind, ReminderKind, ReminderSent
from samverkan.meetings.notices import notice_send
from samverkan.meetings.reminders import (
    retry_reminders,
    send_document_reminders,
    send_meeting_reminders,
)
from samverkan.meetings.services import agenda_item_add, document_deadline
from samverkan.meetings.tests.test_notices import NoticeTestCase


def at(day: datetime.date, hour: int = 7) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


class DocumentReminderTests(NoticeTestCase):
    def test_it_reminds_owners_of_items_without_documents_once(self) -> None:
        meeting = self.make_meeting(days_ahead=40)
        lacking = self.add_case(meeting, title="Hjälpmedelspolicy")
        self.add_case(meeting, title="Budget 2027", owner=self.alice)
        done = self.add_case(meeting, title="Läkemedel", owner=self.cecilia)
        self.add_document(meeting, done, "Underlag läkemedel")
        agenda_item_add(
            by=None, meeting=meeting, kind=AgendaItemKind.INFORMATION, title="Utan ansvarig"
        )
        deadline = document_deadline(meeting, self.charter)
        assert deadline is not None

        # Too early: more than three working days before the deadline.
        self.assertEqual(send_document_reminders(now=at(working_days_before(deadline, 4))), 0)

        now = at(working_days_before(deadline, 2))
        self.assertEqual(send_document_reminders(now=now), 1)
        self.assertEqual(send_document_reminders(now=now), 0)
        self.assertEqual(send_document_reminders(now=at(deadline, 12)), 0)

        [message] = mail.outbox
        self.assertEqual(message.to, ["alice.berg@umea.example"])
        self.assertIn("Påminnelse: handlingar till Länssamverkansgruppen", message.subject)
        self.assertIn(lacking.title, message.body)
        self.assertIn("Budget 2027", message.body)
        self.assertNotIn("Läkemedel", message.body)
        reminder = ReminderSent.objects.get()
        self.assertEqual(
            (reminder.kind, reminder.meeting, reminder.person),
            (ReminderKind.DOCUMENT_DEADLINE, meeting, self.alice),
        )
        # After the deadline nobody is reminded any more.
        mail.outbox.clear()
        ReminderSent.objects.all().delete()
        after = deadline + datetime.timedelta(days=1)
        self.assertEqual(send_document_reminders(now=at(after)), 0)

    def test_it_tries_again_when_the_mail_server_refused(self) -> None:
        meeting = self.make_meeting(days_ahead=40)
        self.add_case(meeting)
        deadline = document_deadline(meeting, self.charter)
        assert deadline is not None
        now = at(working_days_before(deadline, 1))
        from django.test import override_settings

        from samverkan.testing.faults import mail_server_down

        down = mail_server_down(backend="django.core.mail.backends.smtp.EmailBackend")
        with override_settings(MAILERS=down), self.assertLogs("samverkan.lib.outbox", "WARNING"):
            self.assertEqual(send_document_reminders(now=now), 0)
        # Issue 9 changed this: the reminder stays, marked for another try after a while,
        # instead of its claim being removed until the next day's run.
        reminder = ReminderSent.objects.get()
        self.assertEqual((reminder.state, reminder.attempts), ("pending", 1))
        self.assertIn("Connection refused", reminder.error)
        self.assertEqual(send_document_reminders(now=now), 0)  # not again at once
        self.assertEqual(retry_reminders(now=now + datetime.timedelta(minutes=10)), 1)
        self.assertEqual(ReminderSent.objects.get().state, "sent")
        self.assertEqual(len(mail.outbox), 1)


class MeetingReminderTests(NoticeTestCase):
    def test_it_reminds_those_called_the_day_before_once(self) -> None:
        meeting = self.make_meeting(days_ahead=1, hour=10)
        self.add_case(meeting)
        notice_send(meeting=meeting, by=self.coordinator, reason="Extra möte med kort varsel.")
        attendance_report_absence(meeting=meeting, person=self.bo, by=self.member_user)
        mail.outbox.clear()

        # Two days before: nothing yet.
        self.assertEqual(send_meeting_reminders(now=timezone.now() - datetime.timedelta(days=1)), 0)
        self.assertEqual(send_meeting_reminders(), 3)
        self.assertEqual(send_meeting_reminders(), 0)

        addresses = sorted(m.to[0] for m in mail.outbox)
        # Bo reported absence; Dan stands in for him; Erik has no email.
        self.assertEqual(
            addresses,
            [
                "alice.berg@umea.example",
                "cecilia.ek@skelleftea.example",
                "dan.strom@region.example",
            ],
        )
        dan = next(m for m in mail.outbox if m.to == ["dan.strom@region.example"])
        self.assertIn("i morgon", dan.subject)
        self.assertIn("Du deltar som ersättare för Bo Lind.", dan.body)
        self.assertIn("2. Gemensam hjälpmedelspolicy", dan.body)
        self.assertEqual(ReminderSent.objects.filter(kind=ReminderKind.MEETING).count(), 3)

    def test_it_sends_nothing_for_a_meeting_that_was_never_called(self) -> None:
        self.make_meeting(days_ahead=1)
        self.assertEqual(send_meeting_reminders(), 0)
        self.assertEqual(mail.outbox, [])

    def test_it_reminds_again_when_the_meeting_is_moved(self) -> None:
        from samverkan.lib.localtime import local
        from samverkan.meetings.services import meeting_update

        meeting = self.make_meeting(days_ahead=1, hour=10)
        notice_send(meeting=meeting, by=self.coordinator, reason="Extra möte med kort varsel.")
        self.assertEqual(send_meeting_reminders(), 3)
        later = timezone.localdate() + datetime.timedelta(days=8)
        meeting_update(
            meeting=meeting,
            expected_version=None,
            by=None,
            reason="Krock",
            starts_at=local(later, 10),
            ends_at=local(later, 12),
        )
        self.assertEqual(send_meeting_reminders(), 0)
        self.assertEqual(send_meeting_reminders(now=timezone.now() + datetime.timedelta(days=7)), 3)

    def test_it_sends_nothing_for_cancelled_or_distant_meetings(self) -> None:
        self.make_meeting(days_ahead=5)
        cancelled = self.make_meeting(days_ahead=1)
        cancelled.status = "cancelled"
        cancelled.save()
        self.assertEqual(send_meeting_reminders(), 0)
        self.assertEqual(mail.outbox, [])


class ScheduleTests(NoticeTestCase):
    def called_meeting(self) -> None:
        meeting = self.make_meeting(days_ahead=1)
        notice_send(meeting=meeting, by=self.coordinator, reason="Extra möte med kort varsel.")
        mail.outbox.clear()

    def test_it_runs_the_reminders_as_tasks(self) -> None:
        self.called_meeting()
        self.assertEqual(tasks.send_meeting_reminders.call(), 3)  # Erik has no email
        self.assertEqual(tasks.send_meeting_reminders.call(), 0)
        self.assertEqual(tasks.send_document_reminders.call(), 0)

    def test_it_enqueues_each_periodic_task_once_per_slot(self) -> None:
        out = StringIO()
        call_command("run_schedule", stdout=out)
        self.assertIn("send_document_reminders: i kön", out.getvalue())
        self.assertIn("send_meeting_reminders: i kön", out.getvalue())
        self.assertEqual(DBTaskResult.objects.count(), len(schedule.SCHEDULE))
        call_command("run_schedule", stdout=StringIO())
        self.assertEqual(DBTaskResult.objects.count(), len(schedule.SCHEDULE))
        # A day later each is due again.
        self.assertEqual(
            len(schedule.due(timezone.now() + datetime.timedelta(days=1))), len(schedule.SCHEDULE)
        )
        listing = StringIO()
        call_command("run_schedule", "--list", stdout=listing)
        self.assertIn("nästa", listing.getvalue())

    def test_it_runs_what_is_enqueued_in_the_worker(self) -> None:
        self.called_meeting()
        call_command("run_schedule", stdout=StringIO())
        # The worker recycles database connections between tasks; inside a test's
        # transaction that would close the test's own connection (PostgreSQL).
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command(
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--no-reload",
                "--queue-name",
                "*",
                verbosity=0,
            )
        results = {r.task_path.rsplit(".", 1)[1]: r for r in DBTaskResult.objects.all()}
        self.assertEqual(
            {name: r.status for name, r in results.items()},
            {entry.name.rsplit(".", 1)[-1]: "SUCCESSFUL" for entry in schedule.SCHEDULE},
        )
        self.assertEqual(results["send_meeting_reminders"].return_value, 3)
        # Other apps' scheduled work (the charter check's reminders) may write too; the three
        # here are the meeting's reminders to those called.
        from samverkan.rules.models import FindingReminder

        self.assertEqual(len(mail.outbox) - FindingReminder.objects.count(), 3)

    def test_it_computes_the_slots_in_swedish_time(self) -> None:
        daily = schedule.Periodic(
            tasks.send_document_reminders,
            every=datetime.timedelta(days=1),
            offset=datetime.timedelta(hours=7),
        )
        self.assertEqual(
            daily.last_slot(at(datetime.date(2026, 3, 10), 6)), at(datetime.date(2026, 3, 9), 7)
        )
        self.assertEqual(
            daily.last_slot(at(datetime.date(2026, 3, 10), 9)), at(datetime.date(2026, 3, 10), 7)
        )
        hourly = schedule.Periodic(tasks.send_meeting_reminders, every=datetime.timedelta(hours=1))
        moment = datetime.datetime(2026, 10, 25, 14, 35, tzinfo=STOCKHOLM)
        self.assertEqual(hourly.last_slot(moment), moment.replace(minute=0))
        self.assertEqual(hourly.next_slot(moment), moment.replace(hour=15, minute=0))
