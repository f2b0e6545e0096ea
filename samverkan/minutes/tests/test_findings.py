"""The minutes' charter rule (approved and published in time, and who holds them up) and the
structure's rule that needs the coming meetings (a chair and vice chair for each of them).

004: "Anteckningar från Länssamverkansgruppens ordinarie möten är offentlig handling efter
justering. Anteckningarna justeras av ordförande och en för varje möte utsedd
justeringsperson."
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.lib.findings import Finding, Severity, run_findings
from samverkan.lib.localtime import local
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from samverkan.minutes.findings import (
    APPROVAL_OVERDUE,
    NO_CHAIR_FOR_MEETING,
    approval_overdue,
    no_chair_for_meeting,
)
from samverkan.minutes.models import Minutes, MinutesApprover, PublicationHold
from samverkan.minutes.services import minutes_approve, minutes_submit
from samverkan.minutes.tests.base import MinutesTestCase, held_meeting
from samverkan.structure.models import Body, Charter, Membership, Role, Structure

D = datetime.date
MINUTES_004 = (
    "Anteckningar från Länssamverkansgruppens ordinarie möten är offentlig handling efter "
    "justering. Anteckningarna justeras av ordförande och en för varje möte utsedd "
    "justeringsperson."
)


class ApprovalOverdueTests(MinutesTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Charter.objects.filter(pk=cls.charter.pk).update(citations={"minutes": MINUTES_004})

    def found(self, today: datetime.date) -> dict[str, Finding]:
        return {f.about: f for f in approval_overdue(today=today)}

    def about(self, meeting: Meeting) -> str:
        return f"meeting:{meeting.pk}:minutes"

    def test_minutes_not_begun_are_due_soon_then_overdue(self) -> None:
        finding = self.found(D(2026, 3, 12))[self.about(self.meeting)]
        self.assertEqual(finding.rule, APPROVAL_OVERDUE)
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertEqual(finding.due_on, D(2026, 3, 24))
        self.assertEqual(
            finding.message,
            "Minnesanteckningarna från mötet i Länssamverkansgruppen tisdag 10 mars 2026 är inte "
            "påbörjade. De ska vara justerade och publicerade senast 24 mars 2026 (tio "
            "arbetsdagar efter mötet).",
        )
        self.assertEqual(finding.responsible.text(), "sekreterare (Sara Holm)")  # type: ignore[union-attr]
        self.assertEqual(finding.responsible.user_ids, (self.secretary_user.pk,))  # type: ignore[union-attr]
        self.assertEqual(finding.url, reverse("meetings:meeting", args=[self.meeting.pk]))
        self.assertEqual(finding.citation, MINUTES_004)
        self.assertEqual(finding.subject, "Länssamverkansgruppen, möte 10 mars 2026")
        late = self.found(D(2026, 3, 25))[self.about(self.meeting)]
        self.assertEqual((late.severity, late.key), (Severity.OVERDUE, finding.key))
        # The meeting day itself is not yet a day to write minutes.
        self.assertEqual(self.found(D(2026, 3, 10)), {})

    def test_it_names_the_adjuster_holding_them_up(self) -> None:
        # The issue: minutes waited on a named adjuster since 26 November.
        meeting = held_meeting(self.body, D(2026, 11, 24))
        AgendaItem.objects.create(
            meeting=meeting, position=5, kind=AgendaItemKind.CASE, title="Samverkansavtal"
        )
        minutes = self.write(self.start(meeting))
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        minutes_approve(minutes=minutes, by=self.chair_user)
        MinutesApprover.objects.filter(minutes=minutes).update(
            requested_at=local(D(2026, 11, 26), 9)
        )
        MinutesApprover.objects.filter(minutes=minutes, person=self.alice).update(
            decided_at=local(D(2026, 11, 27), 10)
        )
        Minutes.objects.filter(pk=minutes.pk).update(
            created_at=local(D(2026, 11, 25), 9), submitted_at=local(D(2026, 11, 26), 9)
        )
        finding = self.found(D(2026, 11, 30))[self.about(meeting)]
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertIn("väntar på justering av Cecilia Ek sedan 26 november.", finding.message)
        self.assertEqual(finding.due_on, D(2026, 12, 8))
        self.assertEqual(finding.responsible.text(), "justerare (Cecilia Ek)")  # type: ignore[union-attr]
        self.assertEqual(finding.responsible.user_ids, (self.adjuster_user.pk,))  # type: ignore[union-attr]
        self.assertEqual(finding.url, reverse("minutes:minutes", args=[minutes.pk]))
        late = self.found(D(2027, 1, 11))[self.about(meeting)]
        self.assertEqual(late.severity, Severity.OVERDUE)
        self.assertIn("sedan 26 november 2026.", late.message)

    def test_a_draft_waits_on_its_secretary_and_the_structure_sets_the_limit(self) -> None:
        minutes = self.start()
        Minutes.objects.filter(pk=minutes.pk).update(created_at=local(D(2026, 3, 11), 9))
        Structure.objects.filter(pk=self.structure.pk).update(minutes_approval_days=5)
        finding = self.found(D(2026, 3, 18))[self.about(self.meeting)]
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(finding.due_on, D(2026, 3, 17))
        self.assertIn("är ett utkast hos Sara Holm.", finding.message)
        self.assertIn("senast 17 mars 2026 (fem arbetsdagar efter mötet)", finding.message)

    def test_approved_and_published_minutes_yield_none(self) -> None:
        minutes = self.published()
        self.assertIsNotNone(minutes.published_at)
        Minutes.objects.filter(pk=minutes.pk).update(
            created_at=local(D(2026, 3, 11), 9),
            approved_at=local(D(2026, 3, 16), 9),
            published_at=local(D(2026, 3, 16), 9),
        )
        self.assertNotIn(self.about(self.meeting), self.found(D(2026, 4, 1)))
        # Judged as of a day before they were approved, they were still waiting.
        self.assertIn(self.about(self.meeting), self.found(D(2026, 3, 13)))

    def test_approved_minutes_held_from_publication(self) -> None:
        minutes = self.published()
        Minutes.objects.filter(pk=minutes.pk).update(
            created_at=local(D(2026, 3, 11), 9),
            approved_at=local(D(2026, 3, 16), 9),
            published_at=None,
        )
        PublicationHold.objects.create(
            minutes=minutes, found="19121212-1212", kind="personnummer", start=0, context="…"
        )
        finding = self.found(D(2026, 3, 30))[self.about(self.meeting)]
        self.assertIn(
            "är justerade men inte publicerade; något som liknar ett personnummer väntar på "
            "beslut innan de kan publiceras.",
            finding.message,
        )
        self.assertEqual(finding.responsible.role, "koordinator")  # type: ignore[union-attr]

    def test_cancelled_and_old_meetings_yield_none(self) -> None:
        Meeting.objects.filter(pk=self.meeting.pk).update(status=MeetingStatus.CANCELLED)
        held_meeting(self.body, D(2024, 3, 12))
        self.assertEqual(self.found(D(2026, 3, 20)), {})

    def test_it_reads_in_a_fixed_number_of_queries(self) -> None:
        def queries_for(size: int) -> int:
            structure = Structure.objects.create(
                name=f"S{size}", slug=f"s{size}", region=self.region
            )
            for n in range(size):
                body = Body.objects.create(
                    structure=structure,
                    key=f"b{n}",
                    name=f"Grupp {n}",
                    kind="council",
                    level="regional",
                    mandate="none",
                )
                Charter.objects.create(body=body, version="1", minutes_approval="chair")
                Membership.objects.create(
                    body=body,
                    person=self.sara,
                    role=Role.SECRETARY,
                    principal=self.region,
                    start=D(2026, 1, 1),
                )
                meeting = held_meeting(body, D(2026, 3, 10))
                if n % 2:
                    Minutes.objects.create(meeting=meeting, taken_by=self.sara)
            with self.assertNumQueries(6) as counted:
                found = list(approval_overdue(today=D(2026, 3, 20), structure_ids=[structure.pk]))
            self.assertEqual(len(found), size)
            return len(counted.captured_queries)

        self.assertEqual(queries_for(2), queries_for(8))


class NoChairForMeetingTests(MinutesTestCase):
    """004's chair and vice chair serve a calendar year: "Uppdragen löper på ett kalenderår"."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Membership.objects.filter(pk__in=[cls.chair.pk, cls.vice.pk]).update(end=D(2026, 12, 31))

    def coming(self, body: Body, day: datetime.date, **kw: object) -> Meeting:
        return Meeting.objects.create(
            body=body, starts_at=local(day, 13), ends_at=local(day, 15), **kw
        )

    def found(self, today: datetime.date) -> list[Finding]:
        return list(no_chair_for_meeting(today=today))

    def test_a_meeting_next_year_without_chair_or_vice_chair(self) -> None:
        meeting = self.coming(self.body, D(2027, 1, 14))
        [finding] = self.found(D(2026, 11, 30))
        self.assertEqual(finding.rule, NO_CHAIR_FOR_MEETING)
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertEqual(finding.due_on, D(2027, 1, 14))
        self.assertEqual(
            finding.message,
            "Länssamverkansgruppen har möte torsdag 14 januari 2027 men ingen ordförande och "
            "ingen vice ordförande den dagen (uppdragen slutar 31 december 2026 och ingen "
            "efterträdare är utsedd). Utse ordförande och vice ordförande före mötet.",
        )
        self.assertEqual(finding.about, f"meeting:{meeting.pk}")
        self.assertEqual(finding.url, reverse("work:body", args=["vasterbotten", "lsg"]))
        self.assertEqual(finding.responsible.text(), "koordinator (koordinator)")  # type: ignore[union-attr]
        self.assertIn("den andra huvudmannen", finding.citation)

    def test_a_chair_appointed_leaves_the_vice_chair_and_later_meetings_are_counted(self) -> None:
        self.coming(self.body, D(2027, 1, 14))
        self.coming(self.body, D(2027, 1, 21))
        Membership.objects.create(
            body=self.body,
            person=self.bo,
            role=Role.CHAIR,
            principal=self.region,
            start=D(2027, 1, 1),
            end=D(2027, 12, 31),
        )
        [finding] = self.found(D(2026, 12, 1))
        self.assertIn("men ingen vice ordförande den dagen (uppdraget slutar", finding.message)
        self.assertTrue(finding.message.endswith("Det gäller också ett möte till inom 60 dagar."))

    def test_a_body_with_both_appointed_or_no_meeting_in_60_days_yields_none(self) -> None:
        self.coming(self.body, D(2027, 2, 5))  # 61 days after 6 December
        self.coming(self.body, D(2027, 1, 12), status=MeetingStatus.CANCELLED)
        self.assertEqual(self.found(D(2026, 12, 6)), [])
        self.coming(self.body, D(2027, 1, 14))
        for person, role, principal in (
            (self.bo, Role.CHAIR, self.region),
            (self.alice, Role.VICE_CHAIR, self.umea),
        ):
            Membership.objects.create(
                body=self.body,
                person=person,
                role=role,
                principal=principal,
                start=D(2027, 1, 1),
                end=D(2027, 12, 31),
            )
        self.assertEqual(self.found(D(2026, 12, 6)), [])

    def test_a_body_that_has_no_chair_by_its_charter_yields_none(self) -> None:
        # The working committee has no charter and has never had a chair.
        self.coming(self.au, D(2027, 1, 14))
        self.assertEqual(self.found(D(2026, 12, 6)), [])

    def test_the_charter_check_runs_it(self) -> None:
        self.coming(self.body, D(2027, 1, 14))
        found = run_findings(today=D(2026, 11, 30), codes={NO_CHAIR_FOR_MEETING})
        self.assertEqual([f.body_id for f in found], [self.body.pk])

    def test_it_reads_in_a_fixed_number_of_queries(self) -> None:
        def queries_for(size: int) -> int:
            structure = Structure.objects.create(
                name=f"S{size}", slug=f"s{size}", region=self.region
            )
            for n in range(size):
                body = Body.objects.create(
                    structure=structure,
                    key=f"b{n}",
                    name=f"Grupp {n}",
                    kind="council",
                    level="regional",
                    mandate="none",
                )
                Charter.objects.create(body=body, version="1", chair_rotation="yearly")
                self.coming(body, D(2027, 1, 14))
            with self.assertNumQueries(4) as counted:
                found = list(
                    no_chair_for_meeting(today=D(2026, 12, 1), structure_ids=[structure.pk])
                )
            self.assertEqual(len(found), size)
            return len(counted.captured_queries)

        self.assertEqual(queries_for(2), queries_for(8))
