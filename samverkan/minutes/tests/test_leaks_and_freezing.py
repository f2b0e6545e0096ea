"""Defects a review found in minutes and search, each kept as a test that guards its fix.

Outsiders never read more than the published, masked version; nobody learns that a draft
addendum exists; approved minutes stay verifiable when people or bodies are renamed and
cannot be approved before the meeting; an action stays open until the minutes that close
it are approved; public meeting documents are found by search.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.accounts.services import api_token_create
from samverkan.api.tests.base import ApiTestCase
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local
from samverkan.meetings.documents import document_upload
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from samverkan.meetings.tests.lazy_parts import get_with_parts
from samverkan.minutes.models import (
    FollowUpOutcome,
    HoldResolution,
    Minutes,
    MinutesStatus,
    PublicationHold,
)
from samverkan.minutes.services import (
    FollowUpIn,
    minutes_addendum_create,
    minutes_item_save,
    minutes_return,
    minutes_start,
    minutes_submit,
    minutes_update,
    minutes_verify,
    open_actions,
    publication_hold_resolve,
)
from samverkan.minutes.tests.base import MinutesTestCase, held_meeting
from samverkan.search.selectors import search
from samverkan.structure.services import body_update, person_update

# Valid by date and Luhn check, so the scanner holds the minutes.
PERSONNUMMER = "19121212-1212"


class MaskedNumberHelpers(MinutesTestCase):
    def masked_published(self):  # type: ignore[no-untyped-def]
        """Public minutes whose personnummer a coordinator chose to mask, then published."""
        minutes = self.write(
            self.start(), notes=f"Patienten med personnummer {PERSONNUMMER} berördes."
        )
        minutes = self.approve(minutes)
        self.assertIsNone(minutes.published_at)
        for hold in PublicationHold.objects.filter(minutes=minutes):
            publication_hold_resolve(hold=hold, by=self.coordinator, resolution=HoldResolution.MASK)
        minutes.refresh_from_db()
        self.assertIsNotNone(minutes.published_at)
        return minutes


# --- 1. Leaks -------------------------------------------------------------------------


class WorkingPageLeakTests(MaskedNumberHelpers):
    def test_outsider_sees_masked_personnummer_on_working_page_of_published_minutes(self) -> None:
        """The public page, PDF, text, feed and API all mask the number; the working page,
        open to any logged-in user once minutes are published, shows the rows unmasked
        (items and the publication-hold contexts)."""
        minutes = self.masked_published()
        public = self.client.get(
            reverse("minutes_public:minutes", args=["vasterbotten", "lsg", minutes.pk])
        )
        self.assertNotContains(public, PERSONNUMMER)  # the public page is fine
        self.login(self.other_coordinator)
        # An outsider is sent to the public page, which is all they may read.
        page = self.client.get(reverse("minutes:minutes", args=[minutes.pk]), follow=True)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.resolver_match.namespace, "minutes_public")
        self.assertNotContains(page, PERSONNUMMER)
        self.assertNotContains(page, PERSONNUMMER[2:])

    def test_outsider_reads_approvers_return_comments_on_working_page(self) -> None:
        """The API hides approvers' comments in the public view ("working notes, not part of
        the minutes"); the working page shows every round's comments to any logged-in user."""
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        secret = "Stryk uppgiften om den anställdes sjukskrivning"
        minutes_return(minutes=minutes, by=self.chair_user, comment=secret)
        minutes.refresh_from_db()
        minutes = self.approve(minutes)
        self.assertIsNotNone(minutes.published_at)
        self.login(self.other_coordinator)
        # An outsider is sent to the public page, which is all they may read.
        page = self.client.get(reverse("minutes:minutes", args=[minutes.pk]), follow=True)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.resolver_match.namespace, "minutes_public")
        self.assertNotContains(page, secret)

    def test_outsider_learns_that_a_draft_addendum_exists_from_working_page(self) -> None:
        """'Nobody else learns that a draft exists': the working page of published minutes
        lists every addendum with its status and link, drafts included."""
        minutes = self.published()
        draft = minutes_addendum_create(
            original=minutes, by=self.secretary_user, title="Rättelse", text="Fel datum."
        )
        self.login(self.other_coordinator)
        # An outsider is sent to the public page, which is all they may read.
        page = self.client.get(reverse("minutes:minutes", args=[minutes.pk]), follow=True)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.resolver_match.namespace, "minutes_public")
        self.assertNotContains(page, reverse("minutes:minutes", args=[draft.pk]))


class MinutesApiBase(ApiTestCase, MinutesTestCase):
    secretary_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.secretary_token = api_token_create(by=cls.secretary_user, name="test")[1]

    def token_for(self, user: User) -> str:
        if user.pk == self.secretary_user.pk:
            return self.secretary_token
        return super().token_for(user)

    def ok(self, response: Any, status: int = 200) -> Any:
        self.assertEqual(response.status_code, status, response.content)
        return response.json()


class ApiLeakTests(MinutesApiBase):
    def test_anonymous_api_detail_lists_draft_addendum_ids(self) -> None:
        """GET /minutes/{id} of published minutes returns `addenda` with unpublished
        (draft) addenda to anonymous callers and outsiders."""
        minutes = self.published()
        draft = minutes_addendum_create(
            original=minutes, by=self.secretary_user, title="Rättelse", text="Fel datum."
        )
        anonymous = self.ok(self.call("get", f"/minutes/{minutes.pk}"))
        self.assertNotIn(draft.pk, anonymous["addenda"])
        outsider = self.ok(self.call("get", f"/minutes/{minutes.pk}", user=self.other_coordinator))
        self.assertNotIn(draft.pk, outsider["addenda"])


# --- 2. Frozen minutes and their hash ---------------------------------------------------


class FrozenTests(MinutesTestCase):
    def test_renaming_the_body_leaves_approved_minutes_verifiable(self) -> None:
        """canonical_text reads body.name, structure.name and people's names live, so an
        ordinary rename makes minutes_verify() False and the page say the checksum does not
        match ("stämmer inte med innehållet!"), while the public HTML shows the new name
        next to the SHA-256 of the old text."""
        minutes = self.published()
        self.assertTrue(minutes_verify(minutes))
        body_update(
            by=None, body=self.body, expected_version=self.body.lock_version, name="LSG Nord"
        )
        minutes.refresh_from_db()
        self.assertTrue(minutes_verify(minutes))

    def test_renaming_the_secretary_leaves_approved_minutes_verifiable(self) -> None:
        minutes = self.published()
        person_update(by=None, person=self.sara, last_name="Holm Lindqvist")
        minutes.refresh_from_db()
        self.assertTrue(minutes_verify(minutes))
        # The published page shows the minutes as approved, not the new name.
        page = self.client.get(
            reverse("minutes_public:minutes", args=["vasterbotten", "lsg", minutes.pk])
        )
        self.assertContains(page, "Sara Holm")
        self.assertNotContains(page, "Holm Lindqvist")

    def test_minutes_of_a_meeting_not_yet_held_cannot_be_submitted(
        self,
    ) -> None:
        """minutes_start refuses only cancelled meetings. Minutes of a called (future)
        meeting can be approved and published, after which the meeting's place/time can still
        be changed (meeting_update only refuses held/cancelled), changing the frozen text."""
        day = datetime.date.today() + datetime.timedelta(days=30)
        meeting = Meeting.objects.create(
            body=self.body,
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            place="Regionens hus, Umeå",
            status=MeetingStatus.CALLED,
        )
        AgendaItem.objects.create(
            meeting=meeting, position=0, kind=AgendaItemKind.CASE, title="Samverkansavtal"
        )
        # Drafting ahead of the meeting is fine; approving before it has taken place is not.
        minutes = minutes_start(meeting=meeting, by=self.secretary_user)
        minutes_update(
            minutes=minutes,
            expected_version=minutes.lock_version,
            by=self.secretary_user,
            adjuster=self.cecilia,
        )
        with self.assertRaisesMessage(DomainError, "inte ägt rum än"):
            minutes_submit(
                minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
            )
        self.assertEqual(Minutes.objects.get(pk=minutes.pk).status, MinutesStatus.DRAFT)


# --- 3. Rules ---------------------------------------------------------------------------


class OpenActionTests(MinutesTestCase):
    def _approve_plain(self, minutes):  # type: ignore[no-untyped-def]
        minutes_update(
            minutes=minutes,
            expected_version=minutes.lock_version,
            by=self.secretary_user,
            adjuster=self.cecilia,
        )
        return self.approve(minutes)

    def test_action_closes_when_a_draft_marks_it_done_after_an_approved_continues(
        self,
    ) -> None:
        """open_actions uses one exclude() over two multi-valued conditions; Django does not
        tie them to the same follow-up. A 'continues' in approved minutes plus a 'done' in a
        mere draft closes the action before the closing minutes are approved."""
        first = self.published()
        action = first.items.get(actions__isnull=False).actions.get()
        second_meeting = held_meeting(self.body, datetime.date(2026, 4, 14))
        second = minutes_start(meeting=second_meeting, by=self.secretary_user)
        self.assertEqual(second.items.filter(follow_ups__action=action).count(), 1)
        self._approve_plain(second)  # the action continues
        self.assertIn(action, open_actions(self.body))

        third_meeting = held_meeting(self.body, datetime.date(2026, 5, 12))
        third = minutes_start(meeting=third_meeting, by=self.secretary_user)
        carrier = third.items.get(follows_up_previous=True)
        minutes_item_save(
            item=carrier,
            expected_version=carrier.lock_version,
            by=self.secretary_user,
            follow_ups=[FollowUpIn(action_id=action.pk, outcome=FollowUpOutcome.DONE)],
        )
        # The third minutes are only a draft: the action must still be open.
        self.assertIn(action, open_actions(self.body))

    def test_meeting_page_drops_the_action_before_closing_minutes_are_approved(self) -> None:
        """Same defect, as the coordinator sees it on the next meeting's page."""
        first = self.published()
        action = first.items.get(actions__isnull=False).actions.get()
        second = minutes_start(
            meeting=held_meeting(self.body, datetime.date(2026, 4, 14)), by=self.secretary_user
        )
        self._approve_plain(second)
        third = minutes_start(
            meeting=held_meeting(self.body, datetime.date(2026, 5, 12)), by=self.secretary_user
        )
        carrier = third.items.get(follows_up_previous=True)
        minutes_item_save(
            item=carrier,
            expected_version=carrier.lock_version,
            by=self.secretary_user,
            follow_ups=[FollowUpIn(action_id=action.pk, outcome=FollowUpOutcome.DONE)],
        )
        fourth = held_meeting(self.body, datetime.date(2026, 6, 9))
        self.login(self.coordinator)
        page = get_with_parts(self.client, reverse("meetings:meeting", args=[fourth.pk]))
        self.assertContains(page, action.text)


# --- Search -----------------------------------------------------------------------------


class DocumentSearchTests(MinutesTestCase):
    def test_public_meeting_documents_are_never_indexed_for_search(self) -> None:
        """The brief says meeting documents are indexed for search; nothing calls
        search_index_upsert for documents (documents.py is unchanged), so a public document
        is never found."""
        document_upload(
            meeting=self.meeting,
            uploaded_file=SimpleUploadedFile(
                "underlag.txt",
                "Underlag om hemsjukvårdsavtalet och kommunernas kostnadsfördelning.".encode(),
                content_type="text/plain",
            ),
            title="Underlag hemsjukvård",
            public=True,
            by=self.coordinator,
        )
        results = search(query="kostnadsfördelning", user=AnonymousUser())
        self.assertEqual(results.total, 1)
