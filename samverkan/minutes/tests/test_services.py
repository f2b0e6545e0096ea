"""The minutes' rules: drafting by the agenda and mandate, approval by charter, freezing."""

from __future__ import annotations

import datetime

from django.core import mail

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.meetings.models import Attendance, AttendanceRole, AttendanceStatus
from samverkan.minutes.models import (
    ApprovalDecision,
    EntryKind,
    FollowUpOutcome,
    HoldResolution,
    MinutesItem,
    MinutesStatus,
)
from samverkan.minutes.render import MASK, canonical_text, sha256_of
from samverkan.minutes.services import (
    EntryIn,
    FollowUpIn,
    minutes_addendum_create,
    minutes_approve,
    minutes_item_add,
    minutes_item_remove,
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
from samverkan.search.models import SearchEntry
from samverkan.structure.models import Charter, Membership, Role


class DraftingTests(MinutesTestCase):
    def test_it_drafts_the_items_from_the_agenda_in_order(self) -> None:
        minutes = self.start()
        titles = list(minutes.items.values_list("title", flat=True))
        self.assertEqual(
            titles, ["Föregående minnesanteckningar", "Samverkansavtal om hemsjukvård"]
        )
        self.assertTrue(minutes.items.get(position=1).follows_up_previous)
        self.assertEqual(minutes.taken_by, self.sara)
        self.assertEqual(minutes.chaired_by, self.alice)
        self.assertEqual(minutes.status, MinutesStatus.DRAFT)

    def test_it_takes_attendance_from_the_meeting(self) -> None:
        Attendance.objects.create(
            meeting=self.meeting, person=self.alice, role=AttendanceRole.MEMBER
        )
        Attendance.objects.create(
            meeting=self.meeting,
            person=self.bo,
            role=AttendanceRole.MEMBER,
            status=AttendanceStatus.ABSENT,
        )
        minutes = self.start()
        present = {row["name"]: row["present"] for row in minutes.attendance}
        self.assertEqual(present, {"Alice Berg": True, "Bo Lind": False})

    def test_it_refuses_a_second_original_for_the_same_meeting(self) -> None:
        self.start()
        with self.assertRaises(ConflictError):
            self.start()

    def test_it_refuses_a_decision_where_the_body_does_not_decide(self) -> None:
        meeting = held_meeting(self.au, datetime.date(2026, 3, 3))
        minutes = minutes_start(meeting=meeting, by=self.coordinator)
        item = minutes_item_add(minutes=minutes, by=self.coordinator, title="Förberedelse av LSG")
        with self.assertRaisesMessage(DomainError, "inte beslutsfattande"):
            minutes_item_save(
                item=item,
                expected_version=item.lock_version,
                by=self.coordinator,
                entries=[EntryIn(EntryKind.DECISION, "AU beslutar att …")],
            )
        self.assertFalse(item.entries.exists())
        minutes_item_save(
            item=item,
            expected_version=item.lock_version,
            by=self.coordinator,
            entries=[EntryIn(EntryKind.PROPOSAL, "AU föreslår LSG att …")],
        )
        self.assertEqual(item.entries.get().kind, EntryKind.PROPOSAL)

    def test_it_refuses_an_action_without_owner_or_due_date(self) -> None:
        from samverkan.minutes.services import ActionIn

        minutes = self.start()
        item = self.case_item(minutes)
        with self.assertRaisesMessage(DomainError, "ansvarig"):
            minutes_item_save(
                item=item,
                expected_version=item.lock_version,
                by=self.secretary_user,
                actions=[ActionIn(text="Ring kommunerna", due_on=datetime.date(2026, 4, 1))],
            )
        with self.assertRaisesMessage(DomainError, "när den ska vara klar"):
            minutes_item_save(
                item=item,
                expected_version=item.lock_version,
                by=self.secretary_user,
                actions=[ActionIn(text="Ring kommunerna", due_on=None, owner_name="Förvaltningen")],
            )


class ConcurrentEditTests(MinutesTestCase):
    def test_it_refuses_the_second_of_two_saves_from_the_same_version(self) -> None:
        minutes = self.start()
        first = self.case_item(minutes)
        second = MinutesItem.objects.get(pk=first.pk)  # the other secretary's copy
        minutes_item_save(
            item=first,
            expected_version=1,
            by=self.secretary_user,
            notes="Sara skrev detta.",
        )
        with self.assertRaises(ConflictError):
            minutes_item_save(
                item=second,
                expected_version=1,
                by=self.coordinator,
                notes="Koordinatorn skrev detta.",
            )
        self.assertEqual(MinutesItem.objects.get(pk=first.pk).notes, "Sara skrev detta.")

    def test_it_lets_two_people_write_different_items_at_once(self) -> None:
        minutes = self.start()
        one, two = minutes.items.all()
        minutes_item_save(item=one, expected_version=1, by=self.secretary_user, notes="Ett")
        minutes_item_save(item=two, expected_version=1, by=self.coordinator, notes="Två")
        self.assertEqual(list(minutes.items.values_list("notes", flat=True)), ["Ett", "Två"])

    def test_it_refuses_a_stale_header(self) -> None:
        minutes = self.start()
        minutes_update(
            minutes=minutes, expected_version=1, by=self.secretary_user, adjuster=self.cecilia
        )
        with self.assertRaises(ConflictError):
            minutes_update(minutes=minutes, expected_version=1, by=self.coordinator, notes="x")


class ApprovalTests(MinutesTestCase):
    def test_it_needs_an_adjuster_where_the_charter_says_so(self) -> None:
        minutes = self.start()
        with self.assertRaisesMessage(DomainError, "justeringsperson"):
            minutes_submit(minutes=minutes, expected_version=1, by=self.secretary_user)
        self.assertEqual(minutes.status, MinutesStatus.DRAFT)

    def test_it_refuses_the_chair_as_adjuster(self) -> None:
        minutes = self.start()
        with self.assertRaisesMessage(DomainError, "annan än ordföranden"):
            minutes_update(
                minutes=minutes, expected_version=1, by=self.secretary_user, adjuster=self.alice
            )

    def test_the_chair_and_the_adjuster_approve_and_the_minutes_freeze_and_publish(self) -> None:
        minutes = self.write(self.start())
        with self.captureOnCommitCallbacks(execute=True):
            minutes_submit(
                minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
            )
        self.assertEqual(minutes.status, MinutesStatus.PENDING)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            ["alice.berg@umea.example", "cecilia.ek@skelleftea.example"],
        )
        minutes_approve(minutes=minutes, by=self.chair_user)
        self.assertEqual(minutes.status, MinutesStatus.PENDING)
        minutes_approve(minutes=minutes, by=self.adjuster_user)
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)
        self.assertIsNotNone(minutes.published_at)
        self.assertEqual(minutes.sha256, sha256_of(minutes.frozen_text))
        self.assertIn(
            "Rekommendation till huvudmännen: Huvudmännen rekommenderas", minutes.frozen_text
        )
        self.assertTrue(minutes_verify(minutes))
        entry = SearchEntry.objects.get(source="minutes", source_id=minutes.pk)
        self.assertTrue(entry.public)

    def test_it_refuses_approval_by_someone_who_is_not_an_approver(self) -> None:
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        with self.assertRaisesMessage(DomainError, "inte justerare"):
            minutes_approve(minutes=minutes, by=self.member_user)
        minutes_approve(minutes=minutes, by=self.chair_user)
        with self.assertRaisesMessage(DomainError, "redan svarat"):
            minutes_approve(minutes=minutes, by=self.chair_user)

    def test_a_returned_draft_goes_back_with_the_comment_and_a_new_round_follows(self) -> None:
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        with self.assertRaisesMessage(DomainError, "Skriv vad"):
            minutes_return(minutes=minutes, by=self.adjuster_user, comment=" ")
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            minutes_return(minutes=minutes, by=self.adjuster_user, comment="Stavfel i § 2.")
        self.assertEqual(minutes.status, MinutesStatus.RETURNED)
        self.assertEqual(minutes.approvers.get(role="chair").decision, ApprovalDecision.WITHDRAWN)
        self.assertEqual(mail.outbox[0].to, ["sara.holm@region.example"])
        self.assertIn("Stavfel i § 2.", mail.outbox[0].body)
        item = self.case_item(minutes)
        minutes_item_save(
            item=item, expected_version=item.lock_version, by=self.secretary_user, notes="Rättat."
        )
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        self.assertEqual(minutes.approvers.filter(round=2).count(), 2)

    def test_the_vice_chair_alone_approves_where_the_charter_says_so(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(minutes_approval="vice_chair")
        minutes = self.start()
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        self.assertEqual(list(minutes.approvers.values_list("person", flat=True)), [self.bo.pk])
        minutes_approve(minutes=minutes, by=self.member_user)
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)

    def test_minutes_without_approval_are_adopted_and_sent_to_everyone(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            minutes_approval="none", minutes_distributed_to_all=True, minutes_public=False
        )
        Membership.objects.create(
            body=self.body,
            person=self.dan,
            role=Role.CO_OPTED,
            principal=self.region,
        )
        minutes = self.start()
        with self.captureOnCommitCallbacks(execute=True):
            minutes_submit(
                minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
            )
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)
        self.assertFalse(minutes.approvers.exists())
        self.assertIsNone(minutes.published_at)
        recipients = sorted(m.to[0] for m in mail.outbox)
        self.assertIn("dan.strom@region.example", recipients)
        self.assertIn("cecilia.ek@skelleftea.example", recipients)
        self.assertEqual(sorted(minutes.distributed_to), recipients)
        self.assertFalse(SearchEntry.objects.get(source_id=minutes.pk).public)


class FreezeTests(MinutesTestCase):
    def test_approved_minutes_refuse_every_change(self) -> None:
        minutes = self.published()
        item = self.case_item(minutes)
        before = minutes.frozen_text
        for attempt in (
            lambda: minutes_item_save(item=item, expected_version=None, by=self.admin, notes="x"),
            lambda: minutes_update(
                minutes=minutes, expected_version=None, by=self.admin, notes="x"
            ),
            lambda: minutes_item_add(minutes=minutes, by=self.admin, title="Ny"),
            lambda: minutes_item_remove(by=None, item=item, expected_version=None),
            lambda: minutes_submit(minutes=minutes, expected_version=None, by=self.admin),
        ):
            with self.assertRaisesMessage(DomainError, "justerade"):
                attempt()
        minutes.refresh_from_db()
        self.assertEqual(minutes.frozen_text, before)
        self.assertEqual(canonical_text(minutes), before)
        self.assertTrue(minutes_verify(minutes))

    def test_the_hash_no_longer_verifies_if_the_rows_are_tampered_with(self) -> None:
        minutes = self.published()
        MinutesItem.objects.filter(pk=self.case_item(minutes).pk).update(notes="Något annat.")
        self.assertFalse(minutes_verify(minutes))

    def test_a_correction_is_an_addendum_approved_on_its_own(self) -> None:
        minutes = self.published()
        with self.assertRaisesMessage(DomainError, "Bara justerade"):
            minutes_addendum_create(original=self.start_other(), by=self.admin, title="", text="x")
        addendum = minutes_addendum_create(
            original=minutes,
            by=self.secretary_user,
            title="Rättelse av § 2",
            text="Beslutet gäller från 1 maj 2026.",
        )
        self.assertEqual(addendum.addendum_to, minutes)
        self.assertEqual(addendum.status, MinutesStatus.DRAFT)
        self.approve(addendum)
        self.assertEqual(addendum.status, MinutesStatus.APPROVED)
        self.assertIn("Rättar minnesanteckningarna från mötet 2026-03-10", addendum.frozen_text)
        original = type(minutes).objects.get(pk=minutes.pk)
        self.assertEqual(original.sha256, minutes.sha256)

    def start_other(self):  # type: ignore[no-untyped-def]
        return minutes_start(
            meeting=held_meeting(self.body, datetime.date(2026, 4, 14)), by=self.secretary_user
        )


class PersonnummerTests(MinutesTestCase):
    def test_a_valid_personnummer_stops_publication_until_a_person_decides(self) -> None:
        minutes = self.approve(self.write(self.start(), notes="Ärendet gäller 19121212-1212."))
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)
        self.assertIsNone(minutes.published_at)
        hold = minutes.holds.get()
        self.assertEqual(hold.found, "19121212-1212")
        self.assertFalse(SearchEntry.objects.get(source_id=minutes.pk).public)
        publication_hold_resolve(hold=hold, by=self.coordinator, resolution=HoldResolution.MASK)
        minutes.refresh_from_db()
        self.assertIsNotNone(minutes.published_at)
        entry = SearchEntry.objects.get(source_id=minutes.pk)
        self.assertTrue(entry.public)
        self.assertNotIn("19121212-1212", entry.text)
        self.assertIn(MASK, entry.text)
        with self.assertRaises(ConflictError):
            publication_hold_resolve(hold=hold, by=self.admin, resolution=HoldResolution.PUBLISH)

    def test_a_number_in_the_meeting_title_also_stops_publication(self) -> None:
        from samverkan.meetings.models import Meeting

        Meeting.objects.filter(pk=self.meeting.pk).update(title="Extra möte om 19121212-1212")
        self.meeting.refresh_from_db()
        minutes = self.approve(self.write(self.start()))
        self.assertIsNone(minutes.published_at)
        self.assertEqual(minutes.holds.get().found, "19121212-1212")

    def test_a_random_ten_digit_number_does_not_stop_publication(self) -> None:
        minutes = self.approve(self.write(self.start(), notes="Ärendenummer 9913311234 i diariet."))
        self.assertIsNotNone(minutes.published_at)
        self.assertFalse(minutes.holds.exists())


class FollowUpTests(MinutesTestCase):
    def test_open_actions_come_to_the_next_minutes_and_close_there(self) -> None:
        first = self.published()
        self.assertEqual(
            [a.text for a in open_actions(self.body)], ["Skicka avtalet till huvudmännen"]
        )
        later = held_meeting(self.body, datetime.date(2026, 4, 14))
        second = minutes_start(meeting=later, by=self.secretary_user)
        carrier = second.items.get(follows_up_previous=True)
        self.assertEqual(carrier.title, "Föregående minnesanteckningar")
        follow_up = carrier.follow_ups.get()
        self.assertEqual(follow_up.action.item.minutes, first)
        self.assertEqual(follow_up.outcome, FollowUpOutcome.CONTINUES)
        minutes_item_save(
            item=carrier,
            expected_version=carrier.lock_version,
            by=self.secretary_user,
            follow_ups=[FollowUpIn(follow_up.action_id, FollowUpOutcome.DONE, "Skickat 20 mars.")],
        )
        # Still open until the later minutes are approved.
        self.assertEqual(len(open_actions(self.body)), 1)
        minutes_update(
            minutes=second,
            expected_version=second.lock_version,
            by=self.secretary_user,
            adjuster=self.cecilia,
        )
        self.approve(second)
        self.assertEqual(open_actions(self.body), [])
        self.assertIn("Uppföljning av åtgärd från 2026-03-10", second.frozen_text)
        self.assertIn("Klar – Skickat 20 mars.", second.frozen_text)
