"""A chair's, secretary's or member's start page: their coming meetings with agenda,
documents and an absence button, minutes waiting for their approval, the actions and
assignments they own, and their bodies with links."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.urls import reverse

from samverkan.lib.swedish import date_text
from samverkan.meetings.models import Attendance, AttendanceStatus, MeetingStatus
from samverkan.minutes.services import minutes_submit
from samverkan.structure.models import Person
from samverkan.testing.base import PASSWORD
from samverkan.work.tests.test_todo_base import TodoTestCase, days, today


class MeetingTests(TodoTestCase):
    def test_it_shows_a_members_coming_meeting_with_agenda_documents_and_absence(self) -> None:
        meeting = self.coming(days(20), agenda=("Samverkansavtal om hemsjukvård", "Övrigt"))
        item = meeting.agenda_items.get(title="Samverkansavtal om hemsjukvård")
        first = self.document(meeting, "Avtalsförslag", item=item)
        self.document(meeting, "Avtalsförslag reviderat", item=item, replaces=first)
        self.document(meeting, "Verksamhetsplan", public=True)

        page = self.start_page(self.member_user)

        self.assertIn("Dina kommande möten", page)
        self.assertIn("<h3>Länssamverkansgruppen</h3>", page)
        self.assertIn(f"{date_text(days(20))} kl. 13.00–15.00, Regionens hus, Umeå", page)
        self.assertIn("<li>Samverkansavtal om hemsjukvård</li><li>Övrigt</li>", page)
        self.assertIn(">Avtalsförslag reviderat</a>", page)
        self.assertNotIn(">Avtalsförslag</a>", page)  # replaced by the revised version
        self.assertIn(">Verksamhetsplan</a>", page)
        absence = reverse("meetings_public:my_absence", args=[meeting.pk])
        self.assertIn(f'<a class="button secondary" href="{absence}">Anmäl frånvaro', page)
        # The button leads to the meetings app's own absence page, which takes the report.
        response = self.client.post(absence, {"note": "Semester"})
        self.assertEqual(response.status_code, 302)
        page = self.start_page(self.member_user)
        self.assertIn("Du har anmält frånvaro.", page)
        self.assertNotIn(">Anmäl frånvaro", page)

    def test_it_leaves_out_past_cancelled_and_other_bodies_meetings(self) -> None:
        self.coming(days(3), status=MeetingStatus.CANCELLED)
        self.coming(days(4), body=self.au)  # Bo sits in LSG, not its AU
        self.coming(days(400))  # further ahead than the page looks

        page = self.start_page(self.member_user)

        self.assertIn("Du har inga möten inbokade det närmaste halvåret.", page)

    def test_a_guest_sees_the_meeting_with_their_item_s_documents_only(self) -> None:
        guest_user = User.objects.create_user("gast", "g@example.se", PASSWORD)
        guest = Person.objects.create(
            key="gun-gast", first_name="Gun", last_name="Gäst", user=guest_user
        )
        meeting = self.coming(days(8), agenda=("Hemsjukvård", "Statistik"))
        care, stats = meeting.agenda_items.order_by("position")
        self.document(meeting, "Underlag hemsjukvård", item=care)
        self.document(meeting, "Underlag statistik", item=stats)
        self.document(meeting, "Offentlig information", public=True)
        self.call(meeting, guest, item=care)

        page = self.start_page(guest_user)

        self.assertIn("<h3>Länssamverkansgruppen</h3>", page)
        self.assertIn(">Underlag hemsjukvård</a>", page)
        self.assertIn(">Offentlig information</a>", page)
        self.assertNotIn("Underlag statistik", page)

    def test_a_substitute_sees_a_meeting_once_called_in(self) -> None:
        dan_user = User.objects.create_user("dan", "d@example.se", PASSWORD)
        Person.objects.filter(pk=self.dan.pk).update(user=dan_user)
        meeting = self.coming(days(15))
        self.assertIn("Du har inga möten inbokade", self.start_page(dan_user))

        Attendance.objects.create(
            meeting=meeting, person=self.dan, role="substitute", status=AttendanceStatus.INVITED
        )

        self.assertIn("<h3>Länssamverkansgruppen</h3>", self.start_page(dan_user))


class ApprovalsAndActionsTests(TodoTestCase):
    def test_it_shows_minutes_waiting_for_the_users_approval(self) -> None:
        minutes = self.write(self.start())
        self.assertIn(
            "Inga minnesanteckningar väntar på din justering.", self.start_page(self.chair_user)
        )
        self.assertIn("<h3>Att skriva</h3>", self.start_page(self.secretary_user))

        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )

        page = self.start_page(self.adjuster_user)
        url = reverse("minutes:minutes", args=[minutes.pk])
        self.assertIn(
            f'<a href="{url}">Länssamverkansgruppen 10 mars 2026</a> – du justerar som '
            "justeringsperson",
            page,
        )
        self.assertIn(
            "Länssamverkansgruppen 10 mars 2026</a> – du justerar som ordförande",
            self.start_page(self.chair_user),
        )
        self.assertNotIn("<h3>Att skriva</h3>", self.start_page(self.secretary_user))

    def test_it_shows_open_actions_the_user_owns(self) -> None:
        self.published()

        page = self.start_page(self.secretary_user)

        self.assertIn("Åtgärder från minnesanteckningar", page)
        self.assertIn("Skicka avtalet till huvudmännen – ", page)
        due = datetime.date(2026, 4, 30)
        expected = (
            f'<span class="warn-text">skulle ha varit klar {date_text(due)}</span>'
            if due < today()
            else f"klar senast {date_text(due)}"
        )
        self.assertIn(expected, page)
        self.assertNotIn("Skicka avtalet", self.start_page(self.member_user))

    def test_it_shows_assignments_the_user_is_responsible_for(self) -> None:
        made = self.assignment("Rutin för utskrivning", due_on=days(30), responsible=(self.bo,))
        self.assignment("Till Bo själv", due_on=days(40), to_person=self.bo)
        self.assignment("Klart redan", due_on=days(10), responsible=(self.bo,), status="closed")
        self.assignment("Någon annans", due_on=days(10), responsible=(self.alice,))

        page = self.start_page(self.member_user)

        self.assertIn("Uppdrag du är ansvarig för", page)
        self.assertIn(reverse("cases:assignment", args=[made.pk]), page)
        self.assertIn(
            "från Samråd vård och omsorg, återrapporteras till Samråd vård och omsorg senast "
            + date_text(days(30)),
            page,
        )
        self.assertIn("Till Bo själv", page)
        self.assertNotIn("Klart redan", page)
        self.assertNotIn("Någon annans", page)

    def test_it_keeps_the_links_to_the_users_bodies(self) -> None:
        page = self.start_page(self.member_user)

        self.assertIn("Mina grupper", page)
        self.assertIn(
            reverse("cases:case_list", args=["vasterbotten"]) + f"?grupp={self.body.pk}", page
        )
        self.assertIn(reverse("cases:balance_list", args=["vasterbotten"]), page)
        self.assertIn(reverse("cases:assignments", args=["vasterbotten"]), page)
        self.assertIn("(vice ordförande)", page)
        self.assertNotIn("Avvikelser i dina strukturer", page)

    def test_it_tells_a_user_with_no_person_whom_to_ask(self) -> None:
        stranger = User.objects.create_user("okand", "o@example.se", PASSWORD)

        page = self.start_page(stranger)

        self.assertIn("Ditt konto är inte kopplat till någon person i strukturen", page)

    def test_it_sends_anonymous_visitors_to_log_in(self) -> None:
        response = self.client.get(reverse("work:home"))

        self.assertRedirects(
            response,
            reverse("accounts:login") + "?next=" + reverse("work:home").replace("/", "%2F"),
            fetch_redirect_response=False,
        )
