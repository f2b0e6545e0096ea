"""The notice's preview: what would be sent, to whom, with warnings; sending is a second step."""

from __future__ import annotations

import datetime

from django.core import mail
from django.urls import reverse

from samverkan.api.tests.base import ApiTestCase
from samverkan.lib.errors import ConflictError
from samverkan.meetings.models import AgendaItemKind, Meeting, MeetingStatus, Notice
from samverkan.meetings.notice_preview import notice_preview
from samverkan.meetings.notices import notice_send
from samverkan.meetings.services import agenda_item_add
from samverkan.meetings.tests.test_notices import NoticeTestCase
from samverkan.structure.models import Membership


class NoticePreviewTests(NoticeTestCase):
    def test_it_previews_recipients_and_warnings_and_sends_nothing(self) -> None:
        meeting = self.make_meeting()
        # Only the standing item is there; remove it too: an empty agenda.
        meeting.agenda_items.all().delete()
        Membership.objects.filter(pk=self.vice.pk).update(end=datetime.date(2026, 1, 31))

        preview = notice_preview(meeting=meeting, by=self.coordinator)

        codes = {w.code for w in preview.warnings}
        self.assertIn("empty_agenda", codes)
        self.assertIn("no_vice_chair", codes)
        self.assertNotIn("no_chair", codes)
        self.assertIn("no_email", codes)
        self.assertNotIn("late", codes)
        self.assertEqual([r.name for r in preview.without_email], ["Erik Nord"])
        self.assertIn("Dagordningen är inte klar ännu.", preview.body)
        self.assertEqual(preview.body_for, "Alice Berg")
        self.assertTrue(preview.subject.startswith("Kallelse: Länssamverkansgruppen"))

        self.login(self.coordinator)
        page = self.client.get(reverse("meetings:notice_preview", args=[meeting.pk]))
        self.assertContains(page, "Mottagare: 2 av 3 får kallelsen med e-post")
        self.assertContains(page, "Saknar e-postadress – får ingen kallelse")
        self.assertContains(page, "Dagordningen är tom")
        self.assertContains(page, "ingen vice ordförande på mötesdagen")
        self.assertContains(page, "Skicka kallelsen till 2 personer")
        self.assertEqual(len(mail.outbox), 0)
        self.assertFalse(Notice.objects.exists())
        self.assertEqual(Meeting.objects.get(pk=meeting.pk).status, MeetingStatus.PLANNED)

    def test_it_warns_of_a_late_notice_and_cases_without_documents(self) -> None:
        meeting = self.make_meeting(days_ahead=3)
        case = self.add_case(meeting)
        preview = notice_preview(meeting=meeting, by=self.coordinator)
        warnings = {w.code: w.message for w in preview.warnings}
        self.assertIn("Sista dag för handlingarna var", warnings["late"])
        self.assertIn(
            "Ärendet 2. Gemensam hjälpmedelspolicy har inga handlingar",
            warnings["missing_documents"],
        )
        self.assertIn("Gemensam hjälpmedelspolicy", warnings["missing_documents"])

        self.add_document(meeting, case, "Förslag")
        preview = notice_preview(meeting=meeting, by=self.coordinator)
        self.assertNotIn("missing_documents", {w.code for w in preview.warnings})
        self.assertEqual(
            [(d.title, item) for d, _url, item in preview.documents],
            [("Förslag", "Gemensam hjälpmedelspolicy")],
        )

    def test_it_sends_on_confirmation_and_says_exactly_what_happened(self) -> None:
        meeting = self.make_meeting()
        self.login(self.coordinator)
        page = self.client.get(reverse("meetings:notice_preview", args=[meeting.pk]))
        token = page.context["preview"].token

        response = self.client.post(
            reverse("meetings:notice", args=[meeting.pk]), {"token": token}, follow=True
        )

        self.assertContains(
            response, "Kallelsen skickades till 3 av 4; 1 saknar e-postadress: Erik Nord."
        )
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(Notice.objects.filter(meeting=meeting).count(), 1)
        # The same confirmation again (a double click) sends nothing more.
        again = self.client.post(reverse("meetings:notice", args=[meeting.pk]), {"token": token})
        self.assertEqual(again.status_code, 409)
        self.assertContains(again, "en kallelse har skickats", status_code=409)
        self.assertEqual(len(mail.outbox), 3)

    def test_it_refuses_a_notice_changed_between_preview_and_confirmation(self) -> None:
        meeting = self.make_meeting()
        token = notice_preview(meeting=meeting, by=self.coordinator).token
        agenda_item_add(
            by=None, meeting=meeting, kind=AgendaItemKind.INFORMATION, title="Nytt i sista stund"
        )

        with self.assertRaisesMessage(ConflictError, "dagordningen eller handlingarna"):
            notice_send(meeting=meeting, by=self.coordinator, expected_token=token)
        self.assertEqual(len(mail.outbox), 0)
        self.assertFalse(Notice.objects.exists())

        self.login(self.coordinator)
        refused = self.client.post(reverse("meetings:notice", args=[meeting.pk]), {"token": token})
        self.assertEqual(refused.status_code, 409)
        self.assertContains(
            refused, "Kallelsen har ändrats sedan du förhandsgranskade den", status_code=409
        )
        # The new preview is shown, with the new item in the text.
        self.assertContains(refused, "Nytt i sista stund", status_code=409)
        self.assertEqual(len(mail.outbox), 0)

    def test_it_refuses_the_preview_to_a_member(self) -> None:
        meeting = self.make_meeting()
        self.login(self.member_user)
        response = self.client.get(reverse("meetings:notice_preview", args=[meeting.pk]))
        self.assertEqual(response.status_code, 403)


class NoticePreviewApiTests(NoticeTestCase, ApiTestCase):
    def test_it_previews_and_sends_with_the_token_through_the_api(self) -> None:
        meeting = self.make_meeting()
        preview = self.call("get", f"/meetings/{meeting.pk}/notice/preview", user=self.coordinator)
        self.assertEqual(preview.status_code, 200, preview.content)
        data = preview.json()
        self.assertEqual(len(data["recipients"]), 4)
        erik = next(r for r in data["recipients"] if r["name"] == "Erik Nord")
        self.assertEqual((erik["reached"], erik["reason"]), (False, "saknar e-postadress"))
        self.assertIn("no_email", [w["code"] for w in data["warnings"]])
        self.assertEqual(data["sent_before"], 0)
        self.assertEqual(len(mail.outbox), 0)

        agenda_item_add(by=None, meeting=meeting, kind=AgendaItemKind.INFORMATION, title="Ny")
        stale = self.call(
            "post",
            f"/meetings/{meeting.pk}/notice",
            {"token": data["token"]},
            user=self.coordinator,
        )
        self.assertEqual(stale.status_code, 409, stale.content)
        self.assertEqual(len(mail.outbox), 0)

        fresh = self.call("get", f"/meetings/{meeting.pk}/notice/preview", user=self.coordinator)
        sent = self.call(
            "post",
            f"/meetings/{meeting.pk}/notice",
            {"token": fresh.json()["token"]},
            user=self.coordinator,
        )
        self.assertEqual(sent.status_code, 201, sent.content)
        self.assertEqual(len(mail.outbox), 3)

        refused = self.call("get", f"/meetings/{meeting.pk}/notice/preview", user=self.member_user)
        self.assertEqual(refused.status_code, 403)
