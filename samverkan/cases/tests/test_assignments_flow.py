"""The whole way of an assignment: given to a working group under the charter's eight
headings, overdue (the tests set the day), reminded once, and its report-back on the giving
body's next meeting page; the receiver's meetings show it by themselves. Reminders about
working groups due for review go out once per review date."""

from __future__ import annotations

import datetime

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.cases.models import AssignmentReminder, AssignmentStatus
from samverkan.cases.reminders.assignments import (
    send_assignment_reminders,
    send_overdue_reminders,
    send_review_reminders,
)
from samverkan.cases.services.assignments import assignment_report, assignment_withdraw
from samverkan.cases.services.working_groups import working_group_reviewed
from samverkan.cases.tests.test_assignments_base import (
    DUE,
    EIGHT_HEADINGS,
    AssignmentTestCase,
    coming_meeting,
    sections,
)
from samverkan.meetings.tests.lazy_parts import get_with_parts
from samverkan.structure.models import Membership, Role


class DoneWhenTests(AssignmentTestCase):
    def test_it_reminds_once_of_an_overdue_assignment_and_shows_its_report_back(
        self,
    ) -> None:
        group = self.working_group()
        texts = {h: f"Text under {h}." for h in EIGHT_HEADINGS}
        assignment = self.give(
            to_body=group.body, sections=sections(texts), responsible=[self.cecilia]
        )
        self.assertEqual([s["heading"] for s in assignment.sections], EIGHT_HEADINGS)
        next_meeting = coming_meeting(self.body, datetime.date(2027, 3, 16))

        # The day before the due date nothing is overdue; the day after it is, once.
        self.assertEqual(send_overdue_reminders(today=DUE), 0)
        self.assertEqual(send_overdue_reminders(today=DUE + datetime.timedelta(days=1)), 2)
        self.assertEqual(send_overdue_reminders(today=DUE + datetime.timedelta(days=2)), 0)
        self.assertEqual(send_assignment_reminders(today=DUE + datetime.timedelta(days=9)), 0)
        recipients = sorted(address for message in mail.outbox for address in message.to)
        self.assertEqual(recipients, ["cecilia.ek@skelleftea.example", "k@example.se"])
        message = mail.outbox[0]
        self.assertEqual(message.subject, "Försenat uppdrag: Rutin för utskrivning")
        self.assertIn("senast 1 mars 2027", message.body)
        self.assertIn("en dag försenat", message.body)
        self.assertIn(reverse("cases:assignment", args=[assignment.pk]), message.body)
        self.assertEqual(AssignmentReminder.objects.count(), 2)

        # Due and not yet reported: on the giving body's next meeting, as overdue.
        self.login(self.coordinator)
        page = get_with_parts(self.client, reverse("meetings:meeting", args=[next_meeting.pk]))
        self.assertContains(page, '<h2 id="aterrapporteringar">Återrapporteringar</h2>', html=True)
        self.assertContains(page, "Rutin för utskrivning")
        self.assertContains(page, "(försenat)")

        assignment_report(
            by=self.chair_user,
            assignment=assignment,
            text="Rutinen är klar.",
            today=datetime.date(2027, 3, 8),
        )
        page = get_with_parts(self.client, reverse("meetings:meeting", args=[next_meeting.pk]))
        self.assertContains(page, "återrapporterat 8 mars 2027")
        self.assertContains(page, reverse("cases:assignment", args=[assignment.pk]))
        self.assertNotContains(page, "(försenat)")
        # Reported: no more reminders, whatever the day.
        self.assertEqual(send_overdue_reminders(today=datetime.date(2027, 4, 1)), 0)
        self.assertEqual(len(mail.outbox), 2)

    def test_it_waits_with_a_report_until_the_meeting_after_its_due_date(self) -> None:
        self.give()
        before = coming_meeting(self.body, DUE - datetime.timedelta(days=7))
        after = coming_meeting(self.body, DUE + datetime.timedelta(days=7))
        self.login(self.coordinator)
        self.assertNotContains(
            get_with_parts(self.client, reverse("meetings:meeting", args=[before.pk])),
            "Återrapporteringar",
        )
        self.assertContains(
            get_with_parts(self.client, reverse("meetings:meeting", args=[after.pk])),
            "Återrapporteringar",
        )

    def test_it_shows_a_given_assignment_under_the_receivers_aktuella_uppdrag(self) -> None:
        assignment = self.give()
        meeting = coming_meeting(self.local, datetime.date(2027, 2, 2))
        self.login(self.coordinator)
        page = get_with_parts(
            self.client, reverse("meetings:meeting", args=[meeting.pk])
        ).content.decode()
        item = page.index("Aktuella uppdrag från länsamverkansgrupp")
        shown = page.index(reverse("cases:assignment", args=[assignment.pk]))
        self.assertLess(item, shown)
        self.assertIn("från Länssamverkansgruppen, återrapporteras senast 1 mars 2027", page)
        self.assertNotIn('id="aktuella-uppdrag"', page)  # no separate section besides the item

    def test_it_shows_a_section_of_open_assignments_without_the_standing_item(
        self,
    ) -> None:
        self.give(to_body=self.other_local, title="Kartlägg SIP")
        withdrawn = self.give(to_body=self.other_local, title="Återkallat uppdrag")
        assignment_withdraw(by=self.chair_user, assignment=withdrawn)
        meeting = coming_meeting(self.other_local, datetime.date(2027, 2, 2))
        self.login(self.coordinator)
        page = get_with_parts(self.client, reverse("meetings:meeting", args=[meeting.pk]))
        self.assertContains(page, '<h2 id="aktuella-uppdrag">Aktuella uppdrag</h2>', html=True)
        self.assertContains(page, "Kartlägg SIP")
        self.assertNotContains(page, "Återkallat uppdrag")

    def test_it_renders_the_meeting_pages_in_the_same_queries_for_few_and_many(self) -> None:
        receiving = coming_meeting(self.local, datetime.date(2027, 3, 16))
        giving = coming_meeting(self.body, datetime.date(2027, 3, 16))
        self.login(self.coordinator)

        def count(meeting_id: int) -> int:
            url = reverse("meetings:meeting", args=[meeting_id])
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(get_with_parts(self.client, url).status_code, 200)
            return len(queries)

        self.give()
        few = (count(receiving.pk), count(giving.pk))
        for n in range(15):
            self.give(title=f"Uppdrag {n}")
        many = (count(receiving.pk), count(giving.pk))
        self.assertEqual(many, few)
        page = get_with_parts(self.client, reverse("meetings:meeting", args=[giving.pk]))
        self.assertContains(page, "Uppdrag 14")


class ReminderTests(AssignmentTestCase):
    def test_it_reminds_once_of_a_working_group_due_for_review(
        self,
    ) -> None:
        group = self.working_group()
        self.assertEqual(send_review_reminders(today=datetime.date(2028, 1, 10)), 0)
        self.assertEqual(send_review_reminders(today=datetime.date(2028, 1, 11)), 2)
        self.assertEqual(send_review_reminders(today=datetime.date(2028, 1, 12)), 0)
        recipients = sorted(m.to[0] for m in mail.outbox)
        self.assertEqual(recipients, ["alice.berg@umea.example", "k@example.se"])
        self.assertEqual(mail.outbox[0].subject, "Dags att se över Arbetsgrupp utskrivning")
        self.assertIn(reverse("cases:working_groups", args=["vasterbotten"]), mail.outbox[0].body)

        # Reviewed: the next review date reminds again, once.
        working_group_reviewed(
            by=self.chair_user, working_group=group, today=datetime.date(2028, 1, 20)
        )
        self.assertEqual(send_review_reminders(today=datetime.date(2028, 6, 1)), 0)
        self.assertEqual(send_review_reminders(today=datetime.date(2029, 1, 20)), 2)
        self.assertEqual(send_review_reminders(today=datetime.date(2029, 1, 21)), 0)
        self.assertEqual(len(mail.outbox), 4)

    def test_it_does_not_remind_of_a_group_that_has_ended(self) -> None:
        self.working_group(duration="temporary", end_date=datetime.date(2027, 6, 30))
        self.assertEqual(send_review_reminders(today=datetime.date(2028, 1, 11)), 0)

    def test_it_reminds_the_person_given_it_and_each_address_once(
        self,
    ) -> None:
        # Cecilia is both responsible and the receiver: one email to her.
        self.give(to_body=None, to_person=self.cecilia, responsible=[self.cecilia, self.bo])
        self.assertEqual(send_overdue_reminders(today=datetime.date(2027, 3, 10)), 3)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            ["bo.lind@region.example", "cecilia.ek@skelleftea.example", "k@example.se"],
        )

    def test_it_does_not_send_a_reminder_no_longer_due(self) -> None:
        assignment = self.give()
        # Reported between recording and sending: the row is removed, nothing goes out.
        from samverkan.cases.reminders import assignments as reminders

        reminders._record_overdue(DUE + datetime.timedelta(days=1), reminders._clock(DUE, None)[1])
        assignment_report(by=self.chair_user, assignment=assignment, text="Klart.")
        self.assertEqual(send_overdue_reminders(today=DUE + datetime.timedelta(days=2)), 0)
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(assignment.status, AssignmentStatus.REPORTED)

    def test_it_reminds_the_secretary_of_the_creating_body_too(self) -> None:
        Membership.objects.create(
            body=self.body,
            person=self.bo,
            role=Role.SECRETARY,
            principal=self.region,
            start=datetime.date(2026, 1, 1),
        )
        self.working_group()
        self.assertEqual(send_review_reminders(today=datetime.date(2028, 1, 11)), 3)
        self.assertIn("bo.lind@region.example", [m.to[0] for m in mail.outbox])
