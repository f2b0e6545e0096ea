"""Notices (kallelser), absence and substitutes, guests; one test through a real SMTP server."""

from __future__ import annotations

import datetime
import email
import email.policy
import socket
from typing import Any

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.template.loader import render_to_string
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local
from samverkan.meetings.attendance import attendance_invite_guest, attendance_report_absence
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Document,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingStatus,
    Notice,
    NoticeRecipient,
)
from samverkan.meetings.notices import notice_send
from samverkan.meetings.services import agenda_item_add, meeting_create
from samverkan.meetings.views_notices import notices_context
from samverkan.structure.models import Membership, Person, Role, Substitutes
from samverkan.testing.base import PASSWORD, BaseTestCase, Personas
from samverkan.testing.browser import BrowserTestCase


class NoticeTestCase(BaseTestCase):
    """Personas plus a fuller LSG: a member without email and substitutes for the leaders."""

    gone: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        start = datetime.date(2026, 1, 1)
        cls.seat_body()
        # An ended membership is not called.
        cls.gone = Person.objects.create(
            key="gustav-gammal", first_name="Gustav", last_name="Gammal", email="g@old.example"
        )
        Membership.objects.create(
            body=cls.body,
            person=cls.gone,
            role=Role.MEMBER,
            principal=cls.region,
            start=start,
            end=datetime.date(2026, 1, 31),
        )

    def make_meeting(self, days_ahead: int = 40, hour: int = 13) -> Meeting:
        day = timezone.localdate() + datetime.timedelta(days=days_ahead)
        meeting = meeting_create(
            body=self.body,
            starts_at=local(day, hour),
            ends_at=local(day, hour + 2),
            by=self.coordinator,
            place="Regionens hus, sal 3",
        )
        return Meeting.objects.select_related("body__structure").get(pk=meeting.pk)

    def add_case(self, meeting: Meeting, **fields: Any) -> AgendaItem:
        values = {
            "kind": AgendaItemKind.CASE,
            "title": "Gemensam hjälpmedelspolicy",
            "owner": self.alice,
            "presenter": "Alice Berg",
            "planned_minutes": 30,
            "description": "Policyn behöver ses över efter den nya lagen.",
            "proposal": "LSG rekommenderar huvudmännen att anta policyn.",
        }
        values.update(fields)
        return agenda_item_add(by=None, meeting=meeting, **values)

    def add_document(self, meeting: Meeting, item: AgendaItem | None, title: str) -> Document:
        return Document.objects.create(
            meeting=meeting,
            agenda_item=item,
            title=title,
            file=f"moten/{meeting.uid}/x/{title}.pdf",
            original_name=f"{title}.pdf",
            content_type="application/pdf",
            size=100,
            sha256="0" * 64,
        )

    def mail_to(self, address: str) -> list[mail.EmailMessage]:
        return [m for m in mail.outbox if address in m.to]


class NoticeSendTests(NoticeTestCase):
    def test_it_emails_the_notice_with_the_agenda_to_the_members_and_records_it(self) -> None:
        meeting = self.make_meeting()
        case = self.add_case(meeting)
        document = self.add_document(meeting, case, "Förslag till policy")
        agenda_item_add(
            by=None, meeting=meeting, kind=AgendaItemKind.INFORMATION, title="Läget i länet"
        )

        result = notice_send(meeting=meeting, by=self.coordinator)

        addresses = sorted(address for m in mail.outbox for address in m.to)
        self.assertEqual(
            addresses,
            ["alice.berg@umea.example", "bo.lind@region.example", "cecilia.ek@skelleftea.example"],
        )
        message = self.mail_to("alice.berg@umea.example")[0]
        self.assertIn("Kallelse: Länssamverkansgruppen", message.subject)
        body = message.body
        self.assertIn("Hej Alice Berg!", body)
        self.assertIn("Du kallas som ordförande till Länssamverkansgruppen", body)
        self.assertIn("Plats: Regionens hus, sal 3", body)
        # The agenda in order: the charter's standing item, the case, the information item.
        first = body.index("1. Föregående minnesanteckningar")
        second = body.index("2. Gemensam hjälpmedelspolicy (30 min)")
        third = body.index("3. Läget i länet")
        self.assertLess(first, second)
        self.assertLess(second, third)
        self.assertIn("Ansvarig: Alice Berg", body)
        self.assertIn("Ärendebeskrivning: Policyn behöver ses över", body)
        self.assertIn("Förslag till åtgärd: LSG rekommenderar", body)
        self.assertIn(f"http://127.0.0.1:8000/handlingar/{document.pk}/", body)
        self.assertIn(f"http://127.0.0.1:8000/moten/{meeting.pk}/franvaro/", body)
        self.assertNotIn("&amp;", body)

        # Recorded: who got what and when; the member without email is listed, not an error.
        notice = Notice.objects.get(meeting=meeting)
        self.assertFalse(notice.late)
        self.assertIn("Gemensam hjälpmedelspolicy", notice.body)
        recipients = {r.email: r.role for r in NoticeRecipient.objects.filter(notice=notice)}
        self.assertEqual(recipients["alice.berg@umea.example"], "Ordförande")
        self.assertEqual(recipients["bo.lind@region.example"], "Vice ordförande")
        self.assertEqual(len(recipients), 3)
        self.assertEqual([x.name for x in result.not_reached], ["Erik Nord"])
        self.assertIn(
            "Kallelsen skickades till 3 av 4; 1 saknar e-postadress: Erik Nord.", result.message
        )

        # Everyone called has an attendance row; substitutes and former members are not called.
        attendance = {
            a.person.key: (a.role, a.status) for a in Attendance.objects.filter(meeting=meeting)
        }
        self.assertEqual(
            attendance,
            {
                "alice-berg": (AttendanceRole.MEMBER, AttendanceStatus.INVITED),
                "bo-lind": (AttendanceRole.MEMBER, AttendanceStatus.INVITED),
                "cecilia-ek": (AttendanceRole.MEMBER, AttendanceStatus.INVITED),
                "erik-nord": (AttendanceRole.MEMBER, AttendanceStatus.INVITED),
            },
        )
        meeting.refresh_from_db()
        self.assertEqual(meeting.status, MeetingStatus.CALLED)
        self.assertEqual(meeting.sequence, 1)  # calendar clients see the new status
        self.assertTrue(
            MeetingEvent.objects.filter(meeting=meeting, kind=MeetingEventKind.CALLED).exists()
        )

    def test_it_uses_the_site_url_setting_for_links(self) -> None:
        meeting = self.make_meeting()
        with override_settings(SITE_URL="https://samverkan.example.se/"):
            notice_send(meeting=meeting, by=self.coordinator)
        self.assertIn(
            f"https://samverkan.example.se/moten/{meeting.pk}/franvaro/", mail.outbox[0].body
        )

    def test_it_refuses_a_late_notice_without_a_reason_and_records_the_reason(self) -> None:
        meeting = self.make_meeting(days_ahead=3)
        with self.assertRaises(DomainError) as refused:
            notice_send(meeting=meeting, by=self.coordinator, reason="  ")
        self.assertEqual(refused.exception.field, "reason")
        self.assertIn("Sista dag för handlingarna var", refused.exception.message)
        self.assertIn("tio arbetsdagar före mötet", refused.exception.message)
        self.assertIn("Ange varför kallelsen skickas sent", refused.exception.message)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Notice.objects.exists())
        meeting.refresh_from_db()
        self.assertEqual(meeting.status, MeetingStatus.PLANNED)

        result = notice_send(
            meeting=meeting, by=self.coordinator, reason="Underlaget från regionen blev sent klart."
        )
        notice = result.notice
        self.assertTrue(notice.late)
        self.assertEqual(notice.late_reason, "Underlaget från regionen blev sent klart.")
        self.assertIn("Anledning: Underlaget från regionen blev sent klart.", mail.outbox[0].body)
        event = MeetingEvent.objects.get(meeting=meeting, kind=MeetingEventKind.CALLED)
        self.assertIn("Underlaget från regionen", event.note)

    def test_it_refuses_a_late_notice_on_the_page_and_keeps_the_reason_field(self) -> None:
        meeting = self.make_meeting(days_ahead=3)
        self.login(self.coordinator)
        url = reverse("meetings:notice", kwargs={"meeting_id": meeting.pk})
        page = self.client.get(url)
        self.assertContains(page, "Sista dag för handlingarna var")
        preview = self.client.get(reverse("meetings:notice_preview", args=[meeting.pk]))
        self.assertContains(preview, 'name="notice-reason"')
        token = preview.context["preview"].token

        refused = self.client.post(url, {"notice-reason": "", "token": token})
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "Ange varför kallelsen skickas sent")
        self.assertFalse(Notice.objects.exists())

        sent = self.client.post(url, {"notice-reason": "Ordföranden var sjuk.", "token": token})
        self.assertRedirects(
            sent,
            reverse("meetings:meeting", kwargs={"meeting_id": meeting.pk}) + "#kallelse",
            fetch_redirect_response=False,
        )
        self.assertEqual(Notice.objects.get().late_reason, "Ordföranden var sjuk.")

    def test_it_shows_the_preview_for_a_post_from_the_panel_and_sends_nothing(self) -> None:
        meeting = self.make_meeting()
        self.login(self.coordinator)
        url = reverse("meetings:notice", kwargs={"meeting_id": meeting.pk})
        response = self.client.post(url, {"next": "/arbeta/"}, headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Förhandsgranska kallelsen")
        self.assertContains(response, "alice.berg@umea.example")
        self.assertEqual(len(mail.outbox), 0)
        self.assertFalse(Notice.objects.exists())

    def test_it_refuses_a_notice_for_a_cancelled_meeting(self) -> None:
        meeting = self.make_meeting()
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
        meeting.refresh_from_db()
        with self.assertRaisesMessage(DomainError, "Mötet är inställt"):
            notice_send(meeting=meeting, by=self.coordinator)

    def test_it_refuses_members_and_other_structures_coordinators(self) -> None:
        meeting = self.make_meeting()
        with self.assertRaises(PermissionDenied):
            notice_send(meeting=meeting, by=self.member_user)
        with self.assertRaisesMessage(PermissionDenied, "inte koordinator för Samverkan Väst"):
            notice_send(meeting=meeting, by=self.other_coordinator)

        url = reverse("meetings:notice", kwargs={"meeting_id": meeting.pk})
        guest_url = reverse("meetings:notice_guest", kwargs={"meeting_id": meeting.pk})
        for user in (self.member_user, self.other_coordinator):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 403)
            self.assertEqual(self.client.post(url, {}).status_code, 403)
            self.assertEqual(
                self.client.post(
                    guest_url, {"guest-name": "A B", "guest-email": "a@b.se"}
                ).status_code,
                403,
            )
        self.client.logout()
        self.assertEqual(self.client.post(url, {}).status_code, 302)  # to the login page
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Notice.objects.exists())
        self.assertFalse(Attendance.objects.exists())

    def test_it_keeps_a_fixed_number_of_queries_for_the_panel(self) -> None:
        small = self.make_meeting()
        notice_send(meeting=small, by=self.coordinator)
        large = self.make_meeting(days_ahead=50)
        for n in range(12):
            person = Person.objects.create(
                key=f"p{n}", first_name="Per", last_name=f"Son{n}", email=f"p{n}@x.example"
            )
            Membership.objects.create(
                body=self.body, person=person, role=Role.MEMBER, principal=self.region
            )
            self.add_case(large, title=f"Ärende {n}")
        notice_send(meeting=large, by=self.coordinator)
        notice_send(meeting=large, by=self.coordinator)
        attendance_invite_guest(meeting=large, by=self.coordinator, name="Gun Gäst", email="g@g.se")

        def count(meeting: Meeting) -> int:
            meeting = Meeting.objects.select_related("body__structure").get(pk=meeting.pk)
            with CaptureQueriesContext(connection) as queries:
                context = notices_context(meeting, self.coordinator)
                render_to_string("meetings/notices/_panel.html", context)
            return len(queries)

        self.assertEqual(count(small), count(large))


class AbsenceTests(NoticeTestCase):
    def test_it_calls_the_substitute_and_informs_the_coordinator(self) -> None:
        meeting = self.make_meeting()
        notice_send(meeting=meeting, by=self.coordinator)
        mail.outbox.clear()
        self.login(self.member_user)  # Bo Lind, vice chair; Dan Ström is his substitute
        url = reverse("meetings_public:my_absence", kwargs={"meeting_id": meeting.pk})
        page = self.client.get(url)
        self.assertContains(
            page,
            "När du anmäler frånvaro här skickar Samverkan kallelsen till din ersättare Dan Ström",
        )

        response = self.client.post(url, {"note": "Krockar med budgetberedningen."})
        self.assertRedirects(response, url, fetch_redirect_response=False)

        absent = Attendance.objects.get(meeting=meeting, person=self.bo)
        self.assertEqual(absent.status, AttendanceStatus.ABSENT)
        self.assertEqual(absent.note, "Krockar med budgetberedningen.")
        self.assertIsNotNone(absent.reported_at)
        stand_in = Attendance.objects.get(meeting=meeting, person=self.dan)
        self.assertEqual(stand_in.role, AttendanceRole.SUBSTITUTE)
        self.assertEqual(stand_in.stands_in_for, absent)
        self.assertEqual(stand_in.status, AttendanceStatus.INVITED)
        # Frida is Alice's substitute, not Bo's.
        self.assertFalse(Attendance.objects.filter(meeting=meeting, person=self.frida).exists())

        [substitute_mail] = self.mail_to("dan.strom@region.example")
        self.assertIn("Kallelse som ersättare", substitute_mail.subject)
        self.assertIn("Bo Lind har anmält förhinder", substitute_mail.body)
        self.assertIn("Du kallas som ersättare för Bo Lind", substitute_mail.body)
        self.assertIn("1. Föregående minnesanteckningar", substitute_mail.body)
        [coordinator_mail] = self.mail_to("k@example.se")
        self.assertIn("Frånvaro: Bo Lind", coordinator_mail.subject)
        self.assertIn("Krockar med budgetberedningen.", coordinator_mail.body)
        self.assertIn("Ersättaren Dan Ström är kallad med kallelsen.", coordinator_mail.body)
        self.assertEqual(len(mail.outbox), 2)
        # The substitute's notice is recorded like any other.
        recorded = NoticeRecipient.objects.get(email="dan.strom@region.example")
        self.assertEqual(recorded.role, "Ersättare för Bo Lind")

        page = self.client.get(url)
        self.assertContains(page, "Ersättaren Dan Ström är kallad med kallelsen.")
        self.assertContains(page, "Du har anmält frånvaro")
        self.assertContains(page, "Ersätts av Dan Ström")

        # Reporting again changes nothing and sends nothing.
        again = attendance_report_absence(meeting=meeting, person=self.bo, by=self.member_user)
        self.assertTrue(again.already_reported)
        self.assertEqual(len(mail.outbox), 2)

    def test_it_calls_the_substitute_before_the_notice_and_includes_them_in_it(self) -> None:
        meeting = self.make_meeting()
        result = attendance_report_absence(meeting=meeting, person=self.alice, by=self.coordinator)
        self.assertEqual([a.person for a in result.substitutes], [self.frida])
        # The coordinator who reported it is not told what they already know.
        self.assertEqual(self.mail_to("k@example.se"), [])
        mail.outbox.clear()
        notice_send(meeting=meeting, by=self.coordinator)
        [frida_mail] = self.mail_to("frida.ask@umea.example")
        self.assertIn("Du kallas som ersättare för Alice Berg", frida_mail.body)
        self.assertEqual(
            Attendance.objects.get(meeting=meeting, person=self.alice).status,
            AttendanceStatus.ABSENT,
        )

    def test_it_calls_nobody_where_the_charter_forbids_substitutes(self) -> None:
        self.charter.substitutes = Substitutes.NOT_ALLOWED
        self.charter.citations = {"substitutes": "inga ersättare vid frånvaro"}
        self.charter.save()
        meeting = self.make_meeting()
        notice_send(meeting=meeting, by=self.coordinator)
        mail.outbox.clear()

        self.login(self.member_user)
        url = reverse("meetings_public:my_absence", kwargs={"meeting_id": meeting.pk})
        self.assertContains(self.client.get(url), "har inga ersättare enligt uppdragsbeskrivningen")
        result = attendance_report_absence(meeting=meeting, person=self.bo, by=self.member_user)

        self.assertEqual(result.substitutes, [])
        self.assertIn(
            "Länssamverkansgruppen har inga ersättare enligt uppdragsbeskrivningen: "
            "”inga ersättare vid frånvaro”",
            result.message,
        )
        self.assertFalse(
            Attendance.objects.filter(meeting=meeting, role=AttendanceRole.SUBSTITUTE).exists()
        )
        self.assertEqual(self.mail_to("dan.strom@region.example"), [])
        self.assertEqual(len(self.mail_to("k@example.se")), 1)

    def test_it_says_so_when_no_substitute_is_registered(self) -> None:
        meeting = self.make_meeting()
        result = attendance_report_absence(
            meeting=meeting, person=self.cecilia, by=self.coordinator
        )
        self.assertEqual(result.substitutes, [])
        self.assertIn("Ingen ersättare är registrerad för Cecilia Ek", result.message)

    def test_it_lets_the_coordinator_report_absence_from_the_panel(self) -> None:
        meeting = self.make_meeting()
        notice_send(meeting=meeting, by=self.coordinator)
        self.login(self.coordinator)
        url = reverse(
            "meetings:absence_for", kwargs={"meeting_id": meeting.pk, "person_id": self.alice.pk}
        )
        response = self.client.post(url, headers={"HX-Request": "true"})
        self.assertContains(response, "Ersättaren Frida Ask är kallad med kallelsen.")
        self.assertContains(response, "Ersätts av Frida Ask")
        self.assertContains(response, "Ersättare för Alice Berg")

    def test_a_visit_to_the_absence_or_guest_address_goes_back_to_the_notice(self) -> None:
        meeting = self.make_meeting()
        self.login(self.coordinator)
        notice = reverse("meetings:notice", args=[meeting.pk])
        for url in (
            reverse("meetings:absence_for", args=[meeting.pk, self.alice.pk]),
            reverse("meetings:notice_guest", args=[meeting.pk]),
        ):
            with self.subTest(url):
                self.assertRedirects(self.client.get(url), notice)
        self.assertFalse(meeting.attendances.exists())

    def test_it_refuses_absence_for_someone_else_and_for_strangers(self) -> None:
        meeting = self.make_meeting()
        with self.assertRaises(PermissionDenied):
            attendance_report_absence(meeting=meeting, person=self.alice, by=self.member_user)
        with self.assertRaises(PermissionDenied):
            attendance_report_absence(meeting=meeting, person=self.bo, by=self.other_coordinator)
        self.login(self.member_user)
        url = reverse(
            "meetings:absence_for", kwargs={"meeting_id": meeting.pk, "person_id": self.alice.pk}
        )
        self.assertEqual(self.client.post(url).status_code, 403)
        # A member of another body has no absence to report for this meeting.
        other = meeting_create(
            body=self.au,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            by=self.coordinator,
        )
        own = reverse("meetings_public:my_absence", kwargs={"meeting_id": other.pk})
        self.assertEqual(self.client.get(own).status_code, 404)
        with self.assertRaisesMessage(DomainError, "har inget uppdrag i"):
            attendance_report_absence(meeting=other, person=self.bo, by=self.coordinator)
        self.assertFalse(Attendance.objects.exists())
        self.assertEqual(mail.outbox, [])


class GuestTests(NoticeTestCase):
    def test_it_sends_a_guest_only_their_item(self) -> None:
        meeting = self.make_meeting()
        case = self.add_case(meeting)
        self.add_case(meeting, title="Budget 2027", owner=self.bo, presenter="")
        notice_send(meeting=meeting, by=self.coordinator)
        mail.outbox.clear()

        self.login(self.coordinator)
        url = reverse("meetings:notice_guest", kwargs={"meeting_id": meeting.pk})
        response = self.client.post(
            url,
            {
                "guest-name": "Hanna Hjälpmedel",
                "guest-email": "hanna@hjm.example",
                "guest-agenda_item": case.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        guest = Attendance.objects.get(meeting=meeting, role=AttendanceRole.GUEST)
        self.assertEqual(guest.person.full_name, "Hanna Hjälpmedel")
        self.assertEqual(guest.agenda_item, case)
        [message] = mail.outbox
        self.assertEqual(message.to, ["hanna@hjm.example"])
        self.assertIn(
            "Du är inbjuden som adjungerad till punkten ”Gemensam hjälpmedelspolicy”", message.body
        )
        self.assertIn("Gemensam hjälpmedelspolicy", message.body)
        self.assertNotIn("Budget 2027", message.body)
        self.assertNotIn("Föregående minnesanteckningar", message.body)

        # Invited twice is refused, with the input kept.
        again = self.client.post(
            url,
            {"guest-name": "Hanna Hjälpmedel", "guest-email": "hanna@hjm.example"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(again, "Hanna Hjälpmedel är redan kallad till mötet")
        self.assertContains(again, 'value="hanna@hjm.example"')

    def test_it_includes_a_guest_invited_before_the_notice(self) -> None:
        meeting = self.make_meeting()
        case = self.add_case(meeting)
        result = attendance_invite_guest(
            meeting=meeting,
            by=self.coordinator,
            agenda_item=case,
            name="Ivar Inbjuden",
            email="ivar@x.example",
        )
        self.assertIsNone(result.notice)
        self.assertEqual(mail.outbox, [])
        notice_send(meeting=meeting, by=self.coordinator)
        [message] = self.mail_to("ivar@x.example")
        self.assertNotIn("Föregående minnesanteckningar", message.body)
        self.assertIn("Gemensam hjälpmedelspolicy", message.body)

    def test_it_refuses_a_guest_without_a_proper_name_or_address(self) -> None:
        meeting = self.make_meeting()
        with self.assertRaisesMessage(DomainError, "för- och efternamn"):
            attendance_invite_guest(
                meeting=meeting, by=self.coordinator, name="Hanna", email="h@x.se"
            )
        with self.assertRaisesMessage(DomainError, "ingen giltig e-postadress"):
            attendance_invite_guest(meeting=meeting, by=self.coordinator, name="H H", email="nej")
        with self.assertRaisesMessage(DomainError, "sitter redan i Länssamverkansgruppen"):
            attendance_invite_guest(
                meeting=meeting, by=self.coordinator, name="A B", email="alice.berg@umea.example"
            )
        self.assertFalse(Attendance.objects.exists())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Collector:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class SmtpTests(NoticeTestCase):
    def test_it_sends_the_notice_through_a_real_smtp_server(self) -> None:
        from aiosmtpd.controller import Controller

        handler = Collector()
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        self.addCleanup(controller.stop)
        meeting = self.make_meeting()
        self.add_case(meeting)
        smtp = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
            }
        }
        with override_settings(MAILERS=smtp, DEFAULT_FROM_EMAIL="samverkan@region.example"):
            result = notice_send(meeting=meeting, by=self.coordinator)
            absence = attendance_report_absence(
                meeting=meeting, person=self.bo, by=self.member_user
            )

        self.assertEqual(mail.outbox, [])  # nothing went to the test outbox
        self.assertEqual(len(result.sent), 3)
        self.assertEqual([a.person for a in absence.substitutes], [self.dan])
        recipients = sorted(r for e in handler.envelopes for r in e.rcpt_tos)
        self.assertEqual(
            recipients,
            [
                "alice.berg@umea.example",
                "bo.lind@region.example",
                "cecilia.ek@skelleftea.example",
                "dan.strom@region.example",
                "k@example.se",
            ],
        )
        alice = next(e for e in handler.envelopes if e.rcpt_tos == ["alice.berg@umea.example"])
        self.assertEqual(alice.mail_from, "samverkan@region.example")
        parsed = email.message_from_bytes(alice.content, policy=email.policy.default)
        self.assertIn("Kallelse: Länssamverkansgruppen", parsed["Subject"])
        self.assertIn("Gemensam hjälpmedelspolicy", parsed.get_content())

    def test_it_lists_everyone_as_not_reached_when_the_server_is_down(self) -> None:
        meeting = self.make_meeting()
        smtp = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
            }
        }
        with override_settings(MAILERS=smtp), self.assertLogs("samverkan.lib.mail", "ERROR"):
            result = notice_send(meeting=meeting, by=self.coordinator)
        self.assertEqual(result.sent, [])
        self.assertEqual(len(result.not_reached), 4)
        self.assertIn("e-postservern svarade inte", result.message)
        # The notice itself is recorded, and may be sent again once the server is back,
        # but the meeting is not called: nobody was told.
        self.assertEqual(Notice.objects.filter(meeting=meeting).count(), 1)
        self.assertIn("mötet är inte kallat", result.message)
        meeting.refresh_from_db()
        self.assertEqual(meeting.status, "planned")


class NoticeBrowserTests(Personas, BrowserTestCase):
    """Send the notice, a member reports absence, the substitute is called; axe on each page."""

    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        dan = Person.objects.create(
            key="dan-strom", first_name="Dan", last_name="Ström", email="dan.strom@region.example"
        )
        Membership.objects.create(
            body=self.body,
            person=dan,
            role=Role.SUBSTITUTE,
            principal=self.region,
            substitute_for=self.vice,
        )
        day = timezone.localdate() + datetime.timedelta(days=3)
        self.meeting = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=None
        )

    def test_it_sends_the_notice_and_calls_the_substitute(self) -> None:
        self.log_in("koordinator", PASSWORD)
        self.page.goto(self.url(reverse("meetings:notice", args=[self.meeting.pk])))
        self.assert_accessible()
        # The preview first; late: the reason is asked for, and refused when missing.
        self.page.get_by_role("link", name="Förhandsgranska och skicka kallelsen").click()
        self.page.get_by_role("heading", name="Mottagare: 2 av 2").wait_for()
        self.assert_accessible()
        self.page.get_by_role("button", name="Skicka kallelsen till 2 personer").click()
        self.page.get_by_text("Ange varför kallelsen skickas sent").first.wait_for()
        self.assert_accessible()
        self.page.get_by_label("Anledning till att kallelsen skickas efter").fill(
            "Extra möte med kort varsel."
        )
        self.page.get_by_role("button", name="Skicka kallelsen till 2 personer").click()
        self.page.get_by_text("Kallelsen skickades till 2 av 2").wait_for()
        self.assert_accessible()
        self.screenshot("kallelse-skickad")
        self.assertEqual(len(mail.outbox), 2)

        self.context.clear_cookies()
        self.log_in("ledamot", PASSWORD)
        self.page.goto(self.url(reverse("meetings_public:my_absence", args=[self.meeting.pk])))
        self.assert_accessible()
        self.page.get_by_label("Meddelande (frivilligt)").fill("Sjuk")
        self.page.get_by_role("button", name="Anmäl frånvaro").click()
        self.page.wait_for_load_state()
        self.assertIn("Ersättaren Dan Ström är kallad", self.page.inner_text("main"))
        self.assert_accessible()
        self.screenshot("franvaro-anmald")
        [substitute] = [m for m in mail.outbox if m.to == ["dan.strom@region.example"]]
        self.assertIn("Du kallas som ersättare för Bo Lind", substitute.body)
