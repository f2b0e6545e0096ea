"""Preview before "Fastställ", "Skicka för justering" and "Justera"; wording that says what happened."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from samverkan.api.tests.base import ApiTestCase
from samverkan.lib.errors import ConflictError
from samverkan.meetings.models import Attendance, AttendanceRole, AttendanceStatus
from samverkan.minutes.models import Minutes, MinutesStatus
from samverkan.minutes.services import (
    APPROVE,
    SUBMIT,
    minutes_item_add,
    minutes_preview,
    minutes_submit,
)
from samverkan.minutes.tests.base import MinutesPersonas, MinutesTestCase
from samverkan.structure.models import Charter, MinutesApproval


class MinutesPreviewTests(MinutesTestCase):
    def test_it_warns_of_empty_headings_and_an_absent_adjuster_and_changes_nothing(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(minutes_template_required=True)
        Attendance.objects.create(
            meeting=self.meeting,
            person=self.cecilia,
            role=AttendanceRole.MEMBER,
            status=AttendanceStatus.ABSENT,
        )
        minutes = self.write(self.start())
        minutes_item_add(minutes=minutes, by=self.secretary_user, title="Övriga frågor")

        preview = minutes_preview(minutes=minutes, action=SUBMIT)

        warnings = {w.code: w.message for w in preview.warnings}
        self.assertIn(
            "kräver att minnesanteckningarna skrivs enligt mall", warnings["empty_headings"]
        )
        self.assertIn("Övriga frågor", warnings["empty_headings"])
        self.assertIn(
            "Cecilia Ek (justeringsperson) är antecknad som frånvarande",
            warnings["approver_absent"],
        )
        self.assertEqual(preview.action, SUBMIT)
        self.assertIn("§ 3 Övriga frågor", preview.text)

        self.login(self.secretary_user)
        page = self.client.get(reverse("minutes:preview", args=[minutes.pk]))
        self.assertContains(page, "Texten som låses")
        self.assertContains(page, "är antecknad som frånvarande")
        self.assertContains(page, "Skicka för justering")
        # A post without the preview's text hash shows the preview and does nothing.
        response = self.client.post(
            reverse("minutes:submit", args=[minutes.pk]), {"lock_version": minutes.lock_version}
        )
        self.assertContains(response, "Texten som låses")
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.DRAFT)
        self.assertEqual(len(mail.outbox), 0)

    def test_it_refuses_a_confirmation_after_the_text_changed(self) -> None:
        minutes = self.write(self.start())
        preview = minutes_preview(minutes=minutes, action=SUBMIT)
        minutes_item_add(minutes=minutes, by=self.secretary_user, title="Sent tillägg")
        minutes.refresh_from_db()

        with self.assertRaisesMessage(ConflictError, "har ändrats sedan du förhandsgranskade"):
            minutes_submit(
                minutes=minutes,
                expected_version=minutes.lock_version,
                by=self.secretary_user,
                expected_text=preview.text_sha256,
            )
        self.login(self.secretary_user)
        response = self.client.post(
            reverse("minutes:submit", args=[minutes.pk]),
            {"lock_version": minutes.lock_version, "text_sha256": preview.text_sha256},
        )
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Sent tillägg", status_code=409)
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.DRAFT)

    def test_it_adopts_without_justering_and_says_so(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            minutes_approval=MinutesApproval.NONE, minutes_distributed_to_all=False
        )
        minutes = self.write(self.start())
        self.login(self.secretary_user)
        page = self.client.get(reverse("minutes:minutes", args=[minutes.pk]))
        self.assertContains(page, "Förhandsgranska och fastställ")
        preview = self.client.get(reverse("minutes:preview", args=[minutes.pk]))
        self.assertEqual(preview.context["preview"].action, "adopt")
        self.assertContains(preview, "Fastställ minnesanteckningarna")

        response = self.client.post(
            reverse("minutes:submit", args=[minutes.pk]),
            {
                "lock_version": preview.context["preview"].lock_version,
                "text_sha256": preview.context["preview"].text_sha256,
            },
            follow=True,
        )

        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)
        self.assertContains(response, "Minnesanteckningarna är fastställda, låsta och publicerade.")
        self.assertContains(response, "Ingenting skickades med e-post.")
        self.assertContains(response, "<strong>Fastställd och publicerad</strong>", html=True)
        self.assertContains(response, "Fastställda utan justering")
        self.assertNotContains(response, "fastställda och skickade")
        self.assertNotContains(response, "Justerad och")
        self.assertNotContains(response, "publicerade</strong>")

    def test_it_previews_the_approvers_justering_and_approves_on_confirmation(self) -> None:
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        self.login(self.chair_user)
        preview = self.client.get(reverse("minutes:preview", args=[minutes.pk]))
        self.assertEqual(preview.context["preview"].action, APPROVE)
        response = self.client.post(
            reverse("minutes:approve", args=[minutes.pk]),
            {
                "lock_version": preview.context["preview"].lock_version,
                "text_sha256": preview.context["preview"].text_sha256,
            },
            follow=True,
        )
        self.assertContains(
            response, "Du har justerat minnesanteckningarna. De väntar nu på Cecilia Ek."
        )
        # Someone who has nothing to approve or send is told so.
        self.login(self.member_user)
        refused = self.client.get(reverse("minutes:preview", args=[minutes.pk]), follow=True)
        self.assertContains(refused, "Du har ingenting att fastställa, skicka eller justera här")

    def test_it_lists_the_meeting_date_with_the_minutes(self) -> None:
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        self.login(self.chair_user)
        page = self.client.get(reverse("minutes:mine"))
        self.assertContains(page, "10 mars 2026")
        self.login(self.secretary_user)
        Minutes.objects.filter(pk=minutes.pk).update(status=MinutesStatus.RETURNED)
        page = self.client.get(reverse("minutes:mine"))
        self.assertContains(page, "10 mars 2026")


class MinutesPreviewApiTests(MinutesPersonas, ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_minutes_personas()

    def test_it_previews_and_submits_with_the_text_hash(self) -> None:
        minutes = self.write(self.start())
        Minutes.objects.filter(pk=minutes.pk)  # the secretary has no token; the coordinator writes
        preview = self.call("get", f"/minutes/{minutes.pk}/preview", user=self.coordinator)
        self.assertEqual(preview.status_code, 200, preview.content)
        data = preview.json()
        self.assertEqual(data["action"], "submit")
        self.assertIn("MINNESANTECKNINGAR", data["text"])
        minutes_item_add(minutes=minutes, by=self.secretary_user, title="Ny")
        stale = self.call(
            "post",
            f"/minutes/{minutes.pk}/submit",
            {"lock_version": data["lock_version"], "text_sha256": data["text_sha256"]},
            user=self.coordinator,
        )
        self.assertEqual(stale.status_code, 409, stale.content)
        fresh = self.call("get", f"/minutes/{minutes.pk}/preview", user=self.coordinator).json()
        sent = self.call(
            "post",
            f"/minutes/{minutes.pk}/submit",
            {"lock_version": fresh["lock_version"], "text_sha256": fresh["text_sha256"]},
            user=self.coordinator,
        )
        self.assertEqual(sent.status_code, 200, sent.content)
        self.assertEqual(sent.json()["status"], "pending")
