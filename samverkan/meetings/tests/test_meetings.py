from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.localtime import local
from samverkan.meetings.models import AgendaItem, Meeting, MeetingEvent
from samverkan.meetings.services import (
    agenda_item_add,
    document_deadline,
    meeting_cancel,
    meeting_create,
    meeting_update,
)
from samverkan.structure.models import Charter
from samverkan.testing.base import BaseTestCase

DAY = datetime.date.today() + datetime.timedelta(days=60)


class MeetingServiceTests(BaseTestCase):
    def make(self) -> Meeting:
        return meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=self.coordinator
        )

    def test_it_refuses_a_meeting_in_the_past(self) -> None:
        past = datetime.date.today() - datetime.timedelta(days=1)
        with self.assertRaises(DomainError) as ctx:
            meeting_create(
                body=self.body, starts_at=local(past, 13), ends_at=local(past, 15), by=None
            )
        self.assertIn("det förflutna", ctx.exception.message)
        self.assertFalse(Meeting.objects.exists())

    def test_it_refuses_an_end_before_the_start(self) -> None:
        with self.assertRaises(DomainError) as ctx:
            meeting_create(
                body=self.body, starts_at=local(DAY, 15), ends_at=local(DAY, 13), by=None
            )
        self.assertEqual(ctx.exception.field, "ends_at")

    def test_a_move_keeps_the_uid_raises_the_sequence_and_is_in_the_history(self) -> None:
        meeting = self.make()
        uid, sequence = meeting.uid, meeting.sequence
        later = DAY + datetime.timedelta(days=7)
        moved = meeting_update(
            meeting=meeting,
            expected_version=meeting.lock_version,
            by=self.coordinator,
            reason="Krock med budgetmötet",
            starts_at=local(later, 13),
            ends_at=local(later, 15),
        )
        self.assertEqual(moved.uid, uid)
        self.assertGreater(moved.sequence, sequence)
        event = MeetingEvent.objects.get(meeting=meeting, kind="moved")
        self.assertEqual(
            (event.note, event.old_starts_at), ("Krock med budgetmötet", local(DAY, 13))
        )

    def test_a_stale_edit_is_refused(self) -> None:
        meeting = self.make()
        meeting_update(
            meeting=meeting, expected_version=meeting.lock_version, by=None, place="Umeå"
        )
        with self.assertRaises(ConflictError):
            meeting_update(
                meeting=meeting, expected_version=meeting.lock_version, by=None, place="Skellefteå"
            )
        self.assertEqual(Meeting.objects.get(pk=meeting.pk).place, "Umeå")

    def test_a_cancellation_needs_a_reason(self) -> None:
        meeting = self.make()
        with self.assertRaises(DomainError):
            meeting_cancel(meeting=meeting, by=None, reason=" ")
        cancelled = meeting_cancel(meeting=meeting, by=None, reason="För få anmälda")
        self.assertEqual(cancelled.status, "cancelled")
        with self.assertRaises(DomainError):
            agenda_item_add(by=None, meeting=cancelled, kind="information", title="Sent")

    def test_a_case_needs_a_description_and_a_proposal_where_the_charter_says_so(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            items_need_description_and_proposal=True,
            citations={
                "documents": "Underlagen skall innehålla en kort ärendebeskrivning och förslag till åtgärd"
            },
        )
        meeting = self.make()
        with self.assertRaises(DomainError) as ctx:
            agenda_item_add(
                by=None,
                meeting=meeting,
                kind="case",
                title="Utskrivningsprocessen",
                description="Kort.",
            )
        self.assertEqual(ctx.exception.field, "proposal")
        self.assertIn("Underlagen skall innehålla", ctx.exception.message)
        item = agenda_item_add(
            by=None,
            meeting=meeting,
            kind="case",
            title="Utskrivningsprocessen",
            description="Kort.",
            question="Ska vi ta fram en gemensam rutin?",
        )
        self.assertEqual(item.position, 1)  # after the standing item

    def test_the_document_deadline_follows_the_charter(self) -> None:
        meeting = meeting_create(
            body=self.body,
            starts_at=local(datetime.date(2099, 3, 19), 13),
            ends_at=local(datetime.date(2099, 3, 19), 15),
            by=None,
        )
        self.assertEqual(document_deadline(meeting, self.charter), datetime.date(2099, 3, 5))


class MeetingPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.coordinator)
        self.meeting = meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=self.coordinator
        )
        self.url = reverse("meetings:meeting", args=[self.meeting.pk])
        self.save_url = reverse("meetings:meeting_save", args=[self.meeting.pk])
        self.cancel_url = reverse("meetings:meeting_cancel", args=[self.meeting.pk])
        self.add_item_url = reverse("meetings:agenda_item_add", args=[self.meeting.pk])

    def test_it_shows_the_agenda_with_the_standing_items_and_the_deadline(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "Föregående minnesanteckningar")
        self.assertContains(response, "Sista dag för handlingar")
        self.assertContains(response, "(tio arbetsdagar före)")

    def test_it_adds_a_case_and_explains_a_missing_proposal(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(items_need_description_and_proposal=True)
        response = self.client.post(
            self.add_item_url,
            {
                "item-kind": "case",
                "item-title": "Nytt ärende",
                "item-description": "Bakgrund.",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "förslag till åtgärd eller en frågeställning")
        self.assertContains(response, "Bakgrund.")
        response = self.client.post(
            self.add_item_url,
            {
                "item-kind": "case",
                "item-title": "Nytt ärende",
                "item-description": "Bakgrund.",
                "item-proposal": "Besluta om rutin.",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            AgendaItem.objects.filter(meeting=self.meeting, title="Nytt ärende").exists()
        )

    def test_it_moves_a_meeting_with_a_reason(self) -> None:
        later = DAY + datetime.timedelta(days=2)
        response = self.client.post(
            self.save_url,
            {
                "meeting-day": later.isoformat(),
                "meeting-start": "09:00",
                "meeting-end": "11:00",
                "meeting-reason": "Lokalen var upptagen",
                "meeting-lock_version": str(self.meeting.lock_version),
            },
        )
        self.assertEqual(response.status_code, 302)
        moved = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual(timezone.localtime(moved.starts_at).date(), later)
        self.assertContains(self.client.get(self.url), "Lokalen var upptagen")

    def test_it_refuses_a_meeting_moved_into_the_past(self) -> None:
        response = self.client.post(
            self.save_url,
            {
                "meeting-day": "2020-01-07",
                "meeting-start": "09:00",
                "meeting-end": "11:00",
                "meeting-lock_version": str(self.meeting.lock_version),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "kan inte planeras i det förflutna")

    def test_it_refuses_others(self) -> None:
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.login(self.member_user)
        self.assertEqual(self.client.post(self.cancel_url, {"cancel-reason": "x"}).status_code, 403)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, "planned")

    def test_its_query_count_does_not_grow_with_the_agenda(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(self.url).status_code, 200)
            return len(ctx.captured_queries)

        for i in range(3):
            agenda_item_add(
                by=None,
                meeting=self.meeting,
                kind="information",
                title=f"Info {i}",
                owner=self.alice,
            )
        small = count()
        for i in range(30):
            agenda_item_add(
                by=None, meeting=self.meeting, kind="information", title=f"Mer {i}", owner=self.bo
            )
        self.assertEqual(count(), small)


class MoveReasonTests(BaseTestCase):
    def test_a_move_needs_a_reason(self) -> None:
        meeting = meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=None
        )
        later = DAY + datetime.timedelta(days=1)
        with self.assertRaises(DomainError) as ctx:
            meeting_update(
                meeting=meeting,
                expected_version=None,
                by=None,
                starts_at=local(later, 13),
                ends_at=local(later, 15),
            )
        self.assertEqual(ctx.exception.field, "reason")
        self.assertEqual(Meeting.objects.get(pk=meeting.pk).starts_at, local(DAY, 13))


class CancelConflictTests(BaseTestCase):
    def test_a_cancel_from_a_stale_page_is_refused(self) -> None:
        self.login(self.coordinator)
        meeting = meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=None
        )
        stale = meeting.lock_version
        meeting_update(meeting=meeting, expected_version=stale, by=None, place="Ny lokal")
        response = self.client.post(
            reverse("meetings:meeting_cancel", args=[meeting.pk]),
            {"cancel-reason": "Sjukdom", "cancel-lock_version": str(stale)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Någon annan har ändrat mötet")
        self.assertEqual(Meeting.objects.get(pk=meeting.pk).status, "planned")

    def test_saving_again_after_a_conflict_goes_through(self) -> None:
        self.login(self.coordinator)
        meeting = meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=None
        )
        url = reverse("meetings:meeting_save", args=[meeting.pk])
        stale = meeting.lock_version
        meeting_update(meeting=meeting, expected_version=stale, by=None, place="Annan lokal")
        data = {
            "meeting-day": DAY.isoformat(),
            "meeting-start": "13:00",
            "meeting-end": "15:00",
            "meeting-place": "Min lokal",
            "meeting-lock_version": str(stale),
        }
        first = self.client.post(url, data)
        self.assertEqual(first.status_code, 200)
        self.assertContains(first, 'value="Min lokal"')
        data["meeting-lock_version"] = str(first.context["meeting_form"]["lock_version"].value())
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(Meeting.objects.get(pk=meeting.pk).place, "Min lokal")


class AgendaItemActionTests(BaseTestCase):
    """Each action on an agenda item posts to a URL of its own and returns to the meeting."""

    def setUp(self) -> None:
        self.login(self.coordinator)
        self.meeting = meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=self.coordinator
        )
        self.first = agenda_item_add(
            by=None, meeting=self.meeting, kind="information", title="Första"
        )
        self.second = agenda_item_add(
            by=None, meeting=self.meeting, kind="information", title="Andra"
        )
        self.page = reverse("meetings:meeting", args=[self.meeting.pk])

    def titles(self) -> list[str]:
        return list(
            AgendaItem.objects.filter(meeting=self.meeting)
            .order_by("position")
            .values_list("title", flat=True)
        )

    def test_the_page_posts_each_action_to_its_own_url(self) -> None:
        response = self.client.get(self.page)
        for name, args in (
            ("meetings:meeting_save", [self.meeting.pk]),
            ("meetings:meeting_cancel", [self.meeting.pk]),
            ("meetings:agenda_item_add", [self.meeting.pk]),
            ("meetings:agenda_item_up", [self.second.pk]),
            ("meetings:agenda_item_down", [self.first.pk]),
            ("meetings:agenda_item_remove", [self.second.pk]),
        ):
            self.assertContains(response, reverse(name, args=args))
        self.assertNotContains(response, 'name="action"')

    def test_it_moves_an_item_up_and_down(self) -> None:
        before = self.titles()
        self.assertEqual(before[-2:], ["Första", "Andra"])
        response = self.client.post(reverse("meetings:agenda_item_up", args=[self.second.pk]))
        self.assertRedirects(response, self.page, fetch_redirect_response=False)
        self.assertEqual(self.titles()[-2:], ["Andra", "Första"])
        self.client.post(reverse("meetings:agenda_item_down", args=[self.second.pk]))
        self.assertEqual(self.titles(), before)

    def test_it_removes_an_item(self) -> None:
        response = self.client.post(
            reverse("meetings:agenda_item_remove", args=[self.second.pk]), follow=True
        )
        self.assertRedirects(response, self.page)
        self.assertContains(response, "Punkten Andra är borttagen.")
        self.assertNotIn("Andra", self.titles())

    def test_a_refused_action_explains_itself_on_the_meeting_page(self) -> None:
        Meeting.objects.filter(pk=self.meeting.pk).update(status="held")
        response = self.client.post(
            reverse("meetings:agenda_item_remove", args=[self.second.pk]), follow=True
        )
        self.assertRedirects(response, self.page)
        self.assertContains(response, "dagordningen kan inte ändras")
        self.assertIn("Andra", self.titles())

    def test_the_actions_take_only_posts_from_the_structure_s_coordinators(self) -> None:
        up = reverse("meetings:agenda_item_up", args=[self.second.pk])
        self.assertEqual(self.client.put(up).status_code, 405)
        self.assertEqual(self.client.post(self.page).status_code, 405)
        self.assertEqual(
            self.client.post(reverse("meetings:agenda_item_up", args=[999999])).status_code, 404
        )
        self.login(self.other_coordinator)
        self.assertEqual(self.client.post(up).status_code, 403)
        remove = reverse("meetings:agenda_item_remove", args=[self.second.pk])
        self.assertEqual(self.client.post(remove).status_code, 403)
        self.assertEqual(self.titles()[-2:], ["Första", "Andra"])

    def test_a_visit_to_an_action_address_goes_back_to_its_page(self) -> None:
        """After a refusal the address bar shows the action's address, and logging in again
        leads there; opening it must show the page, not a bare 405."""
        item_page = reverse("meetings:agenda_item", args=[self.second.pk])
        for name, args, page in (
            ("meetings:meeting_save", [self.meeting.pk], self.page),
            ("meetings:meeting_cancel", [self.meeting.pk], self.page),
            ("meetings:agenda_item_add", [self.meeting.pk], self.page),
            ("meetings:agenda_item_up", [self.second.pk], item_page),
            ("meetings:agenda_item_down", [self.second.pk], item_page),
            ("meetings:agenda_item_remove", [self.second.pk], item_page),
        ):
            with self.subTest(name):
                response = self.client.get(reverse(name, args=args), follow=True)
                self.assertRedirects(response, page)
                self.assertContains(response, "Andra")
        self.assertEqual(self.titles()[-2:], ["Första", "Andra"])

    def test_logging_in_again_after_a_post_leads_back_to_the_meeting(self) -> None:
        self.client.logout()
        save = reverse("meetings:meeting_save", args=[self.meeting.pk])
        login = reverse("accounts:login")
        response = self.client.post(save, {"meeting-title": "Ändrat"})
        self.assertRedirects(response, f"{login}?next={save}", fetch_redirect_response=False)
        self.login(self.coordinator)
        self.assertRedirects(self.client.get(save), self.page)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).title, "")
