from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from samverkan.lib.workdays import is_working_day, working_days_after
from samverkan.meetings.demo import demo_meetings
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.minutes.access import published_minutes
from samverkan.minutes.demo import HELD_NUMBER, MASKED_NUMBER, DemoReport, demo_minutes
from samverkan.minutes.models import (
    ActionFollowUp,
    ApprovalDecision,
    EntryKind,
    FollowUpOutcome,
    HoldResolution,
    Minutes,
    MinutesEntry,
    MinutesStatus,
)
from samverkan.minutes.reminders import is_due
from samverkan.minutes.services import minutes_verify
from samverkan.structure.demo import demo_load
from samverkan.structure.models import Charter, CharterStatus, Mandate


class DemoMinutesTests(TestCase):
    today: datetime.date
    report: DemoReport

    @classmethod
    def setUpTestData(cls) -> None:
        demo_load()
        # The meetings demo is made relative to the real day (planning refuses the past).
        cls.today = timezone.localdate()
        demo_meetings(today=cls.today)
        cls.report = demo_minutes(today=cls.today)

    def setUp(self) -> None:
        held = Meeting.objects.filter(status=MeetingStatus.HELD).count()
        if held < 40:
            # Early in the year few meetings are held yet, so not every state can be shown.
            self.skipTest(f"Bara {held} hållna möten hittills i år.")

    def test_every_held_meeting_has_minutes_and_public_structures_publish(self) -> None:
        held = Meeting.objects.filter(status=MeetingStatus.HELD)
        self.assertFalse(held.filter(minutes__isnull=True).exists())
        self.assertEqual(self.report.made, Minutes.objects.count())
        public = Charter.objects.filter(
            status=CharterStatus.IN_FORCE, minutes_public=True, body__meetings__in=held
        ).values_list("body__structure__slug", flat=True)
        for slug in set(public):
            with self.subTest(structure=slug):
                self.assertTrue(
                    published_minutes().filter(meeting__body__structure__slug=slug).exists()
                )
        approved = Minutes.objects.filter(status=MinutesStatus.APPROVED)
        self.assertGreater(approved.count(), Minutes.objects.count() * 0.9)
        for minutes in approved:
            self.assertTrue(minutes_verify(minutes), minutes)
        # Nothing from the demo stands as published before its meeting was held.
        for minutes in published_minutes().select_related("meeting"):
            assert minutes.published_at is not None
            self.assertGreater(minutes.published_at, minutes.meeting.ends_at)

    def test_the_workflow_states_are_all_there(self) -> None:
        self.assertTrue(Minutes.objects.filter(status=MinutesStatus.DRAFT).exists())

        pending = Minutes.objects.get(status=MinutesStatus.PENDING)
        decisions = sorted(pending.approvers.values_list("decision", flat=True))
        self.assertEqual(decisions, [ApprovalDecision.APPROVED, ApprovalDecision.PENDING])
        waiting = pending.approvers.get(decision=ApprovalDecision.PENDING)
        requested = timezone.localdate(waiting.requested_at)
        next_working = (
            self.today if is_working_day(self.today) else working_days_after(self.today, 1)
        )
        self.assertTrue(is_due(requested, next_working), requested)
        assert waiting.person.user is not None
        self.assertTrue(waiting.person.user.has_usable_password())

        returned = Minutes.objects.get(status=MinutesStatus.RETURNED)
        self.assertTrue(
            returned.approvers.filter(decision=ApprovalDecision.RETURNED)
            .exclude(comment="")
            .exists()
        )

        held = Minutes.objects.get(
            status=MinutesStatus.APPROVED, holds__resolution=HoldResolution.UNRESOLVED
        )
        self.assertIsNone(held.published_at)
        self.assertIn(HELD_NUMBER, held.frozen_text)

        masked = Minutes.objects.get(holds__resolution=HoldResolution.MASK)
        self.assertIsNotNone(masked.published_at)
        self.assertIn(MASKED_NUMBER, masked.frozen_text)

        addendum = Minutes.objects.get(addendum_to__isnull=False)
        self.assertEqual(addendum.status, MinutesStatus.APPROVED)
        self.assertTrue(addendum.approvers.exists())
        self.assertTrue(minutes_verify(addendum))

    def test_actions_are_followed_up_and_mandates_are_kept(self) -> None:
        outcomes = set(
            ActionFollowUp.objects.filter(item__minutes__status=MinutesStatus.APPROVED).values_list(
                "outcome", flat=True
            )
        )
        self.assertLessEqual({FollowUpOutcome.DONE, FollowUpOutcome.CONTINUES}, outcomes)
        self.assertFalse(
            MinutesEntry.objects.filter(
                item__minutes__meeting__body__mandate=Mandate.NOT_DECISION_MAKING,
                kind__in=[EntryKind.DECISION, EntryKind.RECOMMENDATION],
            ).exists()
        )
        self.assertTrue(
            MinutesEntry.objects.filter(
                item__minutes__meeting__body__mandate=Mandate.NOT_DECISION_MAKING,
                kind=EntryKind.PROPOSAL,
            ).exists()
        )

    def test_a_second_run_changes_nothing(self) -> None:
        count = Minutes.objects.count()
        stamps = list(Minutes.objects.values_list("pk", "lock_version", "approved_at"))
        out = StringIO()
        call_command("load_demo_minutes", stdout=out)
        self.assertIn("finns redan", out.getvalue())
        self.assertEqual(Minutes.objects.count(), count)
        self.assertEqual(
            list(Minutes.objects.values_list("pk", "lock_version", "approved_at")), stamps
        )
