"""Withdrawing a reported absence: called again, the substitute released and told, audited."""

from __future__ import annotations

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from samverkan.api.tests.base import ApiTestCase
from samverkan.audit.models import Change
from samverkan.lib.errors import DomainError
from samverkan.meetings.attendance import attendance_report_absence, attendance_withdraw_absence
from samverkan.meetings.models import Attendance, AttendanceStatus
from samverkan.meetings.notices import notice_send
from samverkan.meetings.tests.test_notices import NoticeTestCase
from samverkan.structure.models import Charter


class WithdrawAbsenceTests(NoticeTestCase):
    def test_it_withdraws_an_absence_and_releases_the_substitute(self) -> None:
        meeting = self.make_meeting()
        notice_send(meeting=meeting, by=self.coordinator)
        attendance_report_absence(meeting=meeting, person=self.bo, by=self.member_user)
        self.assertTrue(Attendance.objects.filter(meeting=meeting, person=self.dan).exists())
        mail.outbox.clear()

        self.login(self.member_user)
        page = self.client.get(reverse("meetings_public:my_absence", args=[meeting.pk]))
        self.assertContains(page, "Återta frånvaroanmälan")
        response = self.client.post(
            reverse("meetings_public:my_absence_withdraw", args=[meeting.pk]), follow=True
        )

        self.assertContains(response, "Bo Lind har återtagit sin frånvaroanmälan")
        self.assertContains(response, "Ersättaren Dan Ström kallas inte längre")
        bo = Attendance.objects.get(meeting=meeting, person=self.bo)
        self.assertEqual(bo.status, AttendanceStatus.INVITED)
        self.assertFalse(Attendance.objects.filter(meeting=meeting, person=self.dan).exists())
        [released] = [m for m in mail.outbox if m.to == ["dan.strom@region.example"]]
        self.assertIn("Du behövs därför inte som ersättare", released.body)
        self.assertTrue([m for m in mail.outbox if m.to == ["k@example.se"]])
        notes = list(Change.objects.values_list("note", flat=True))
        self.assertIn("Återtog frånvaroanmälan.", notes)
        self.assertTrue(any(n.startswith("Kallas inte längre: Bo Lind") for n in notes))
        # Withdrawn already: nothing to withdraw.
        with self.assertRaisesMessage(DomainError, "har ingen frånvaro anmäld"):
            attendance_withdraw_absence(meeting=meeting, person=self.bo, by=self.member_user)

    def test_it_refuses_someone_elses_absence_to_a_member(self) -> None:
        meeting = self.make_meeting()
        attendance_report_absence(meeting=meeting, person=self.cecilia, by=self.coordinator)
        with self.assertRaises(PermissionDenied):
            attendance_withdraw_absence(meeting=meeting, person=self.cecilia, by=self.member_user)
        result = attendance_withdraw_absence(
            meeting=meeting, person=self.cecilia, by=self.coordinator
        )
        self.assertIn("Cecilia Ek har återtagit", result.message)

    def test_the_absence_page_says_who_calls_the_substitute(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            citations={"substitutes": "Vid förhinder kallar ledamoten själv sin ersättare."}
        )
        meeting = self.make_meeting()
        self.login(self.member_user)
        page = self.client.get(reverse("meetings_public:my_absence", args=[meeting.pk]))
        self.assertContains(page, "skickar Samverkan kallelsen till din ersättare Dan Ström åt dig")
        self.assertContains(page, "Vid förhinder kallar ledamoten själv sin ersättare.")
        self.assertContains(page, "Det gör Samverkan åt dig")


class WithdrawAbsenceApiTests(NoticeTestCase, ApiTestCase):
    def test_it_withdraws_the_own_absence_through_the_api(self) -> None:
        meeting = self.make_meeting()
        attendance_report_absence(meeting=meeting, person=self.bo, by=self.member_user)
        response = self.call(
            "post", f"/meetings/{meeting.pk}/absences/withdraw", {}, user=self.member_user
        )
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual(data["released"], ["Dan Ström"])
        self.assertEqual(data["attendance"]["status"], "invited")
        again = self.call(
            "post", f"/meetings/{meeting.pk}/absences/withdraw", {}, user=self.member_user
        )
        self.assertEqual(again.status_code, 400, again.content)
