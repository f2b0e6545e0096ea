"""What the minutes demo shows; run in `samverkan/rules/tests/test_whole_demo.py`."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from samverkan.lib.localtime import meeting_day
from samverkan.lib.workdays import is_working_day, working_days_after
from samverkan.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from samverkan.minutes.access import published_minutes
from samverkan.minutes.demo import HELD_NUMBER, MASKED_NUMBER
from samverkan.minutes.models import (
    ActionFollowUp,
    ApprovalDecision,
    EntryKind,
    FollowUpOutcome,
    HoldResolution,
    Minutes,
    MinutesApprover,
    MinutesEntry,
    MinutesStatus,
)
from samverkan.minutes.reminders import is_due
from samverkan.minutes.services import minutes_verify
from samverkan.structure.models import Charter, CharterStatus, Mandate, Membership, Role
from samverkan.testing.demo import DemoChecks


class MinutesDemoChecks(DemoChecks):
    def test_minutes_every_held_meeting_has_minutes_and_public_structures_publish(self) -> None:
        self.require_held_meetings()
        held = Meeting.objects.filter(status=MeetingStatus.HELD)
        self.assertFalse(held.filter(minutes__isnull=True).exists())
        self.assertEqual(self.minutes_report.made, self.minutes_before_cases)
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

    def test_minutes_the_workflow_states_are_all_there(self) -> None:
        self.require_held_meetings()
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

    def test_minutes_actions_are_followed_up_and_mandates_are_kept(self) -> None:
        self.require_held_meetings()
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

    def test_minutes_a_second_run_changes_nothing(self) -> None:
        self.require_held_meetings()
        count = Minutes.objects.count()
        stamps = list(Minutes.objects.values_list("pk", "lock_version", "approved_at"))
        out = StringIO()
        call_command("load_demo_minutes", stdout=out)
        self.assertIn("finns redan", out.getvalue())
        self.assertEqual(Minutes.objects.count(), count)
        self.assertEqual(
            list(Minutes.objects.values_list("pk", "lock_version", "approved_at")), stamps
        )

    def test_minutes_approvers_attended_and_leaders_are_named_as_such(self) -> None:
        """Plausible minutes: whoever approved or adjusted attended the meeting, and the
        attendance names the chair and the vice chair as such, not as "Ledamot"."""
        self.require_held_meetings()
        absent = set(
            Attendance.objects.filter(status=AttendanceStatus.ABSENT).values_list(
                "meeting_id", "person_id"
            )
        )
        approved = MinutesApprover.objects.filter(decision=ApprovalDecision.APPROVED).values_list(
            "minutes__meeting_id", "person_id", "minutes_id"
        )
        self.assertEqual([a for a in approved if a[:2] in absent], [])
        adjusters = Minutes.objects.filter(adjuster__isnull=False).values_list(
            "meeting_id", "adjuster_id", "pk"
        )
        self.assertEqual([a for a in adjusters if a[:2] in absent], [])
        self.assertTrue(Attendance.objects.filter(status=AttendanceStatus.ABSENT).exists())
        leaders: dict[tuple[str, int], list[Membership]] = {}
        for m in Membership.objects.filter(role__in=[Role.CHAIR, Role.VICE_CHAIR]).select_related(
            "person"
        ):
            leaders.setdefault((m.person.full_name, m.body_id), []).append(m)
        shown = 0
        for minutes in Minutes.objects.filter(addendum_to__isnull=True).select_related("meeting"):
            day = meeting_day(minutes.meeting)
            for row in minutes.attendance:
                held = [
                    m
                    for m in leaders.get((row["name"], minutes.meeting.body_id), [])
                    if (m.start is None or m.start <= day) and (m.end is None or m.end >= day)
                ]
                if held and not row.get("stands_in_for"):
                    self.assertEqual(
                        row["role"], str(held[0].get_role_display()), (minutes.pk, row)
                    )
                    self.assertTrue(row["present"], (minutes.pk, row))
                    shown += 1
        self.assertGreater(shown, 0)
