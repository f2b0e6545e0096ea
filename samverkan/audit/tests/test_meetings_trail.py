"""Meetings, their agenda, documents, notices and attendance are in the trail, each change
with who made it and its values from → to, shown with the meeting."""

from __future__ import annotations

import datetime
import shutil
import tempfile

from django.test import override_settings
from django.utils import timezone

from samverkan.audit.models import Change
from samverkan.audit.tests.base import newest, values
from samverkan.lib.localtime import local
from samverkan.meetings.attendance import attendance_invite_guest, attendance_report_absence
from samverkan.meetings.documents import document_upload
from samverkan.meetings.models import AgendaItem, Attendance, Meeting, Notice
from samverkan.meetings.notices import notice_send
from samverkan.meetings.services import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    meeting_cancel,
    meeting_create,
    meeting_update,
)
from samverkan.meetings.tests.test_documents import PDF, upload
from samverkan.testing.base import BaseTestCase


class MeetingTrailTests(BaseTestCase):
    meeting: Meeting
    day: datetime.date

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.seat_body()
        cls.day = timezone.localdate() + datetime.timedelta(days=40)
        cls.meeting = meeting_create(
            body=cls.body,
            starts_at=local(cls.day, 13),
            ends_at=local(cls.day, 15),
            by=cls.coordinator,
            place="Regionens hus",
        )

    def fresh(self) -> Meeting:
        return Meeting.objects.get(pk=self.meeting.pk)

    def test_it_records_a_planned_meeting(self) -> None:
        row = newest(self.meeting)
        self.assertEqual(row.action, "create")
        self.assertEqual(row.actor_id, self.coordinator.pk)
        got = values(row)
        self.assertEqual(got["Börjar"], ("", f"{self.day.isoformat()} 13.00"))
        self.assertEqual(got["Plats"], ("", "Regionens hus"))
        self.assertEqual(row.structure_id, self.structure.pk)

    def test_it_records_a_move_with_its_reason_in_swedish_time(self) -> None:
        later = self.day + datetime.timedelta(days=7)
        meeting_update(
            meeting=self.meeting,
            expected_version=self.meeting.lock_version,
            by=self.coordinator,
            reason="Krock med budgetmötet",
            starts_at=local(later, 9),
            ends_at=local(later, 11),
        )
        row = newest(self.meeting)
        self.assertEqual(row.note, "Flyttat: Krock med budgetmötet")
        got = values(row)
        self.assertEqual(
            got["Börjar"], (f"{self.day.isoformat()} 13.00", f"{later.isoformat()} 09.00")
        )
        self.assertEqual(
            got["Slutar"], (f"{self.day.isoformat()} 15.00", f"{later.isoformat()} 11.00")
        )

    def test_it_records_a_cancellation(self) -> None:
        meeting_cancel(meeting=self.meeting, by=self.admin, reason="För få anmälda")
        row = newest(self.meeting)
        self.assertEqual(row.actor_id, self.admin.pk)
        self.assertEqual(values(row), {"Status": ("Planerat", "Inställt")})
        self.assertEqual(row.note, "Inställt: För få anmälda")

    def test_it_records_agenda_items_added_changed_moved_and_removed(self) -> None:
        item = agenda_item_add(
            by=self.coordinator, meeting=self.meeting, kind="information", title="Lägesbild"
        )
        added = newest(item)
        self.assertEqual((added.action, values(added)["Rubrik"]), ("create", ("", "Lägesbild")))
        agenda_item_update(
            by=self.coordinator,
            item=item,
            expected_version=item.lock_version,
            title="Lägesbild hemsjukvård",
            presenter="Alice Berg",
        )
        self.assertEqual(
            values(newest(item)),
            {
                "Rubrik": ("Lägesbild", "Lägesbild hemsjukvård"),
                "Föredragande": ("", "Alice Berg"),
            },
        )
        agenda_item_move(by=self.coordinator, item=item, up=True)
        self.assertEqual(values(newest(item)), {"Plats i dagordningen": ("2", "1")})
        item = AgendaItem.objects.get(pk=item.pk)
        item_id = item.pk
        agenda_item_remove(by=self.coordinator, item=item)
        removed = newest(item, item_id)
        self.assertEqual(removed.action, "delete")
        self.assertEqual(values(removed)["Rubrik"], ("Lägesbild hemsjukvård", ""))
        # The agenda's changes are shown on the meeting's page.
        self.assertEqual(
            set(
                Change.objects.filter(scope_type="meeting", scope_id=self.meeting.pk).values_list(
                    "object_type", flat=True
                )
            ),
            {"meeting", "agenda_item"},
        )

    def test_it_records_an_uploaded_document(self) -> None:
        media = tempfile.mkdtemp(prefix="samverkan-test-media-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        with override_settings(MEDIA_ROOT=media):
            document = document_upload(
                meeting=self.meeting,
                uploaded_file=upload("Budget.pdf", PDF),
                title="Budget 2027",
                public=True,
                registry_number="RS 2026/12",
                by=self.coordinator,
            )
        row = newest(document)
        got = values(row)
        self.assertEqual(row.actor_id, self.coordinator.pk)
        self.assertEqual(got["Titel"], ("", "Budget 2027"))
        self.assertEqual(got["Offentlig"], ("", "Ja"))
        self.assertEqual(got["Diarienummer"], ("", "RS 2026/12"))
        self.assertEqual(got["Filnamn"], ("", "Budget.pdf"))

    def test_it_records_a_notice_and_the_meeting_becoming_called(self) -> None:
        notice_send(meeting=self.meeting, by=self.coordinator)
        notice = Notice.objects.get(meeting=self.meeting)
        row = newest(notice)
        got = values(row)
        self.assertTrue(got["Ämne"][1].startswith("Kallelse: Länssamverkansgruppen"))
        called = got["Kallade"][1].splitlines()
        self.assertIn("Alice Berg", called)
        self.assertIn("Cecilia Ek", called)
        self.assertEqual(values(newest(self.meeting)), {"Status": ("Planerat", "Kallat")})
        self.assertEqual(newest(self.meeting).actor_id, self.coordinator.pk)

    def test_it_records_an_absence_the_substitute_called_and_a_guest(self) -> None:
        notice_send(meeting=self.meeting, by=self.coordinator)
        attendance_report_absence(
            meeting=self.fresh(), person=self.bo, by=self.member_user, note="Sjuk"
        )
        absent = Attendance.objects.get(meeting=self.meeting, person=self.bo)
        row = newest(absent)
        self.assertEqual(row.actor_id, self.member_user.pk)
        got = values(row)
        self.assertEqual(got["Status"], ("Kallad", "Anmält frånvaro"))
        self.assertEqual(got["Meddelande"], ("", "Sjuk"))
        substitute = Attendance.objects.get(meeting=self.meeting, person=self.dan)
        called = newest(substitute)
        self.assertEqual(called.action, "create")
        self.assertEqual(values(called)["Roll"], ("", "Ersättare"))
        self.assertIn("Bo Lind", called.note)

        guest = attendance_invite_guest(
            meeting=self.fresh(),
            by=self.coordinator,
            name="Gunnel Gäst",
            email="gunnel@example.se",
        ).attendance
        invited = newest(guest)
        self.assertEqual(values(invited)["Roll"], ("", "Inbjuden gäst"))
        self.assertEqual(values(invited)["Person"], ("", "Gunnel Gäst"))
        self.assertEqual(newest(guest.person).actor_id, self.coordinator.pk)

    def test_it_records_the_system_as_the_actor_when_by_is_none(self) -> None:
        meeting_update(
            meeting=self.meeting, expected_version=self.meeting.lock_version, by=None, place="Umeå"
        )
        row = newest(self.meeting)
        self.assertIsNone(row.actor_id)
        self.assertEqual(row.actor_name, "Systemet")
        self.assertEqual(values(row), {"Plats": ("Regionens hus", "Umeå")})
