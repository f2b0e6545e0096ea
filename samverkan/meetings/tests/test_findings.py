"""The meetings' charter rules, each built from the seeds' own wording."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.lib.findings import Finding, Severity, registry, run_findings
from samverkan.lib.localtime import local
from samverkan.meetings import findings
from samverkan.meetings.models import Document, Meeting, MeetingStatus, Notice
from samverkan.structure.models import (
    Body,
    Charter,
    Convener,
    Duration,
    Membership,
    Person,
    Role,
)
from samverkan.structure.services import charter_update
from samverkan.testing.base import BaseTestCase

BOOKING = "Möten för nästkommande år bokas senast sista november."
LSG_MEETINGS = "Länssamverkansgruppen sammanträder minst 3 ggr/år."
LSG_DOCUMENTS = (
    "Underlag/handlingar till Länssamverkansgruppen, skall vara ledamöterna tillhanda "
    "10 arbetsdagar innan sammanträdet."
)
LSG_FORMS = "Länssamverkansgruppen reviderar årligen sina överenskomna mötesformer"
QUARTERLY = "Mötesfrekvens: Minst en gång per kvartal. Bör planeras årsvis."
BLEKINGE_BOOKING = "Mötetider bokas för ett år i taget."


def meet(body: Body, day: datetime.date, status: str = MeetingStatus.PLANNED) -> Meeting:
    """A meeting on `day` at 13–15, written directly so that past days are possible."""
    return Meeting.objects.create(
        body=body, starts_at=local(day, 13), ends_at=local(day, 15), status=status
    )


class RuleTestCase(BaseTestCase):
    rule = ""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.coordinator.first_name, cls.coordinator.last_name = "Karin", "Koordinator"
        cls.coordinator.save()
        cls.charter.citations = {
            **cls.charter.citations,
            "booking": BOOKING,
            "meetings": LSG_MEETINGS,
            "documents": LSG_DOCUMENTS,
            "meeting_form": LSG_FORMS,
        }
        cls.charter.save()

    def found(self, today: datetime.date, structure_ids: list[int] | None = None) -> list[Finding]:
        return run_findings(today=today, codes=[self.rule], structure_ids=structure_ids)

    def of(self, today: datetime.date, body: Body | None = None) -> list[Finding]:
        body = body or self.body
        return [f for f in self.found(today) if f.body_id == body.pk]

    def group(self, key: str, **charter: object) -> Body:
        body = Body.objects.create(
            structure=self.structure,
            key=key,
            name=f"Grupp {key}",
            kind="working_group",
            level="regional",
            mandate="none",
        )
        Charter.objects.create(body=body, version="1", **charter)
        return body


class RegistryTests(BaseTestCase):
    def test_it_registers_each_rule_kind_under_a_stable_code(self) -> None:
        run_findings(today=datetime.date(2026, 1, 1), structure_ids=[])
        codes = {rule.code for rule in registry.rules()}
        for code in (
            "meetings.per_year",
            "meetings.per_quarter",
            "meetings.next_year_booked",
            "meetings.documents_lead_time",
            "meetings.notice_lead_time",
            "meetings.temporary_body_ended",
            "meetings.forms_revised",
        ):
            self.assertIn(code, codes)


class NextYearBookedTests(RuleTestCase):
    rule = findings.NEXT_YEAR_BOOKED

    def book(self, n: int, year: int = 2027) -> None:
        for i in range(n):
            meet(self.body, datetime.date(year, 2 + 3 * i, 9))

    def test_it_is_overdue_on_1_december_for_a_body_with_fewer_meetings_booked_than_its_minimum(
        self,
    ) -> None:
        self.book(2)
        [finding] = self.of(datetime.date(2026, 12, 1))
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(finding.due_on, datetime.date(2026, 11, 30))
        self.assertEqual(finding.citation, BOOKING)
        self.assertEqual(
            finding.message,
            "Länssamverkansgruppen har 2 möten bokade för 2027; uppdragsbeskrivningen kräver "
            "minst 3 möten, och sista dag att boka var 30 november 2026.",
        )
        self.assertEqual(finding.about, f"body:{self.body.pk}:2027")
        self.assertEqual(
            finding.url, reverse("meetings:body_meetings", args=["vasterbotten", "lsg"])
        )
        assert finding.responsible is not None
        self.assertEqual(finding.responsible.text(), "koordinator (Karin Koordinator)")
        self.assertEqual(finding.responsible.user_ids, (self.coordinator.pk,))

    def test_it_finds_nothing_on_30_november_for_a_body_that_is_booked(self) -> None:
        self.book(3)
        self.assertEqual(self.of(datetime.date(2026, 11, 30)), [])
        self.assertEqual(self.of(datetime.date(2026, 12, 1)), [])

    def test_it_is_due_soon_within_thirty_days_of_the_deadline(self) -> None:
        self.assertEqual(self.of(datetime.date(2026, 10, 30)), [])
        [finding] = self.of(datetime.date(2026, 10, 31))
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        [finding] = self.of(datetime.date(2026, 11, 30))
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertIn("inga möten bokade för 2027", finding.message)
        self.assertIn("de ska vara bokade senast 30 november 2026", finding.message)

    def test_cancelled_meetings_do_not_count(self) -> None:
        self.book(2)
        meet(self.body, datetime.date(2027, 11, 9), MeetingStatus.CANCELLED)
        [finding] = self.of(datetime.date(2026, 12, 1))
        self.assertIn("2 möten bokade", finding.message)

    def test_a_body_that_plans_its_year_without_a_minimum_needs_one_meeting_booked(
        self,
    ) -> None:
        body = self.group(
            "planerar",
            meetings_planned_per_year=True,
            booking_deadline_month=11,
            booking_deadline_day=30,
            citations={"booking": BLEKINGE_BOOKING},
        )
        [finding] = self.of(datetime.date(2026, 12, 1), body)
        self.assertEqual(finding.citation, BLEKINGE_BOOKING)
        self.assertIn("kräver att året bokas i förväg", finding.message)
        meet(body, datetime.date(2027, 3, 9))
        self.assertEqual(self.of(datetime.date(2026, 12, 1), body), [])

    def test_it_asks_nothing_of_a_charter_without_a_deadline_or_a_body_that_has_ended(
        self,
    ) -> None:
        free = self.group("utan-frist", meetings_min_per_year=4)
        ending = self.group(
            "slutar", meetings_min_per_year=4, booking_deadline_month=11, booking_deadline_day=30
        )
        Body.objects.filter(pk=ending.pk).update(
            duration=Duration.TEMPORARY, end_date=datetime.date(2026, 12, 31)
        )
        bodies = {f.body_id for f in self.found(datetime.date(2026, 12, 1))}
        self.assertNotIn(free.pk, bodies)
        self.assertNotIn(ending.pk, bodies)
        self.assertIn(self.body.pk, bodies)

    def test_it_names_the_chair_where_the_chair_convenes(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(convener=Convener.CHAIR)
        [finding] = self.of(datetime.date(2026, 12, 1))
        assert finding.responsible is not None
        self.assertEqual(finding.responsible.text(), "ordförande (Alice Berg)")

    def test_it_names_the_chair_and_secretary_where_both_convene(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(convener=Convener.CHAIR_AND_SECRETARY)
        Membership.objects.create(
            body=self.body,
            person=self.bo,
            role=Role.SECRETARY,
            principal=self.region,
            start=datetime.date(2026, 1, 1),
        )
        [finding] = self.of(datetime.date(2026, 12, 1))
        assert finding.responsible is not None
        self.assertEqual(
            finding.responsible.text(), "ordförande och sekreterare (Alice Berg, Bo Lind)"
        )
        self.assertEqual(finding.responsible.user_ids, (self.member_user.pk,))

    def test_it_keeps_to_the_structures_asked_for(self) -> None:
        self.assertEqual(
            self.found(datetime.date(2026, 12, 1), structure_ids=[self.other_structure.pk]), []
        )


class PerYearTests(RuleTestCase):
    rule = findings.PER_YEAR

    def test_a_year_that_ended_short_of_the_minimum_is_overdue(self) -> None:
        meet(self.body, datetime.date(2025, 3, 11), MeetingStatus.HELD)
        meet(self.body, datetime.date(2025, 9, 9), MeetingStatus.CANCELLED)
        [finding] = self.of(datetime.date(2026, 2, 1))
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(finding.due_on, datetime.date(2025, 12, 31))
        self.assertEqual(finding.citation, LSG_MEETINGS)
        self.assertEqual(
            finding.message,
            "Länssamverkansgruppen hade 1 möte 2025; uppdragsbeskrivningen kräver minst 3 om året.",
        )

    def test_it_does_not_judge_a_year_before_the_body_was_in_the_system(self) -> None:
        meet(self.body, datetime.date(2026, 3, 11), MeetingStatus.HELD)
        self.assertEqual(self.of(datetime.date(2026, 2, 1)), [])

    def test_it_warns_in_the_years_last_weeks_when_held_and_booked_cannot_reach_the_minimum(
        self,
    ) -> None:
        meet(self.body, datetime.date(2026, 3, 11), MeetingStatus.HELD)
        meet(self.body, datetime.date(2026, 12, 8))
        self.assertEqual(self.of(datetime.date(2026, 9, 1)), [])
        [finding] = self.of(datetime.date(2026, 11, 30))
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertEqual(finding.due_on, datetime.date(2026, 12, 31))
        self.assertIn("har 2 möten hållna eller bokade 2026", finding.message)
        self.assertIn("Boka 1 möte", finding.message)
        meet(self.body, datetime.date(2026, 12, 10))
        self.assertEqual(self.of(datetime.date(2026, 11, 30)), [])

    def test_more_than_the_maximum_is_noted(self) -> None:
        body = self.group(
            "operativ",
            meetings_min_per_year=4,
            meetings_max_per_year=8,
            citations={"meetings": "mötesfrekvens 4–8 möte årligen"},
        )
        for week in range(9):
            meet(body, datetime.date(2026, 2, 3) + datetime.timedelta(weeks=week))
        [finding] = self.of(datetime.date(2026, 4, 1), body)
        self.assertEqual(finding.severity, Severity.NOTED)
        self.assertIsNone(finding.due_on)
        self.assertEqual(finding.citation, "mötesfrekvens 4–8 möte årligen")
        self.assertIn(
            "9 möten bokade 2026, men uppdragsbeskrivningen säger högst 8", finding.message
        )

    def test_a_charter_without_a_frequency_gives_nothing(self) -> None:
        body = self.group("utan-frekvens")
        meet(body, datetime.date(2025, 3, 11), MeetingStatus.HELD)
        self.assertEqual(self.of(datetime.date(2026, 2, 1), body), [])
        self.assertEqual(self.of(datetime.date(2026, 12, 1), body), [])

    def test_a_year_before_the_charter_was_decided_is_not_judged(self) -> None:
        meet(self.body, datetime.date(2025, 3, 11), MeetingStatus.HELD)
        Charter.objects.filter(pk=self.charter.pk).update(decided_on=datetime.date(2025, 6, 1))
        self.assertEqual(self.of(datetime.date(2026, 2, 1)), [])


class PerQuarterTests(RuleTestCase):
    rule = findings.PER_QUARTER

    def setUp(self) -> None:
        self.arena = self.group(
            "lokal-arena",
            meetings_min_per_quarter=1,
            meetings_planned_per_year=True,
            citations={"meetings": QUARTERLY},
        )
        meet(self.arena, datetime.date(2026, 2, 10), MeetingStatus.HELD)

    def test_a_quarter_that_ended_without_a_meeting_is_overdue(self) -> None:
        meet(self.arena, datetime.date(2026, 5, 12), MeetingStatus.HELD)
        [finding] = self.of(datetime.date(2026, 10, 5), self.arena)
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(finding.due_on, datetime.date(2026, 9, 30))
        self.assertEqual(finding.citation, QUARTERLY)
        self.assertEqual(
            finding.message,
            "Grupp lokal-arena hade inga möten under kvartal 3 2026; uppdragsbeskrivningen "
            "kräver minst 1 per kvartal.",
        )
        self.assertEqual(finding.about, f"body:{self.arena.pk}:2026-K3")

    def test_the_current_quarter_is_due_soon_in_its_last_weeks(self) -> None:
        meet(self.arena, datetime.date(2026, 9, 8), MeetingStatus.HELD)
        self.assertEqual(self.of(datetime.date(2026, 11, 1), self.arena), [])
        [finding] = self.of(datetime.date(2026, 12, 7), self.arena)
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertEqual(finding.due_on, datetime.date(2026, 12, 31))
        meet(self.arena, datetime.date(2026, 12, 15))
        self.assertEqual(self.of(datetime.date(2026, 12, 7), self.arena), [])


class LeadTimeTests(RuleTestCase):
    """Documents "10 arbetsdagar innan sammanträdet", counted past Swedish holidays."""

    rule = findings.DOCUMENTS

    def lead(self, rule: str, meeting: Meeting, today: datetime.date) -> list[Finding]:
        self.rule = rule
        return [f for f in self.found(today) if f.about == f"meeting:{meeting.pk}"]

    def test_the_deadline_skips_easter(self) -> None:
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        meeting = meet(self.body, datetime.date(2027, 4, 8))
        self.assertEqual(self.lead(findings.DOCUMENTS, meeting, datetime.date(2027, 3, 8)), [])
        [soon] = self.lead(findings.DOCUMENTS, meeting, datetime.date(2027, 3, 23))
        self.assertEqual(soon.severity, Severity.DUE_SOON)
        self.assertEqual(soon.due_on, datetime.date(2027, 3, 23))
        self.assertEqual(soon.citation, LSG_DOCUMENTS)
        self.assertIn("senast tisdag 23 mars 2027 (tio arbetsdagar före mötet)", soon.message)
        [late] = self.lead(findings.DOCUMENTS, meeting, datetime.date(2027, 3, 24))
        self.assertEqual(late.severity, Severity.OVERDUE)
        self.assertEqual(late.url, reverse("meetings:meeting", args=[meeting.pk]) + "#handlingar")

    def test_the_deadline_skips_midsummer_eve(self) -> None:
        meeting = meet(self.body, datetime.date(2027, 7, 1))
        [late] = self.lead(findings.NOTICE, meeting, datetime.date(2027, 6, 17))
        self.assertEqual(late.severity, Severity.OVERDUE)
        self.assertEqual(late.due_on, datetime.date(2027, 6, 16))
        self.assertEqual(
            late.message,
            "Kallelsen till Länssamverkansgruppens möte torsdag 1 juli 2027 skulle ha nått "
            "ledamöterna senast onsdag 16 juni 2027 (tio arbetsdagar före mötet) men har inte "
            "skickats.",
        )
        self.assertEqual(late.url, reverse("meetings:meeting", args=[meeting.pk]) + "#kallelse")

    def test_the_deadline_skips_christmas_to_epiphany(self) -> None:
        meeting = meet(self.body, datetime.date(2027, 1, 14))
        [soon] = self.lead(findings.NOTICE, meeting, datetime.date(2026, 12, 28))
        self.assertEqual(soon.severity, Severity.DUE_SOON)
        self.assertEqual(soon.due_on, datetime.date(2026, 12, 28))
        [late] = self.lead(findings.NOTICE, meeting, datetime.date(2026, 12, 29))
        self.assertEqual(late.severity, Severity.OVERDUE)

    def test_a_notice_sent_and_documents_in_place_end_the_findings(self) -> None:
        meeting = meet(self.body, datetime.date(2027, 4, 8))
        today = datetime.date(2027, 3, 30)
        self.assertEqual(len(self.lead(findings.NOTICE, meeting, today)), 1)
        Notice.objects.create(meeting=meeting, subject="Kallelse", body="…")
        self.assertEqual(self.lead(findings.NOTICE, meeting, today), [])
        self.assertEqual(len(self.lead(findings.DOCUMENTS, meeting, today)), 1)
        Document.objects.create(
            meeting=meeting,
            title="Underlag",
            file="moten/underlag.pdf",
            original_name="underlag.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
        )
        self.assertEqual(self.lead(findings.DOCUMENTS, meeting, today), [])

    def test_a_called_cancelled_or_past_meeting_is_not_reminded_of(self) -> None:
        called = meet(self.body, datetime.date(2027, 4, 8), MeetingStatus.CALLED)
        cancelled = meet(self.body, datetime.date(2027, 4, 13), MeetingStatus.CANCELLED)
        past = meet(self.body, datetime.date(2027, 3, 25))
        today = datetime.date(2027, 3, 30)
        for meeting in (called, cancelled, past):
            self.assertEqual(self.lead(findings.NOTICE, meeting, today), [])

    def test_a_charter_without_a_lead_time_gives_nothing(self) -> None:
        body = self.group("utan-frist", meetings_min_per_year=2)
        meeting = meet(body, datetime.date(2027, 4, 8))
        self.assertEqual(self.lead(findings.NOTICE, meeting, datetime.date(2027, 4, 7)), [])

    def test_a_lead_time_in_weeks_counts_calendar_days(self) -> None:
        body = self.group(
            "arena",
            document_lead_value=1,
            document_lead_unit="weeks",
            citations={
                "documents": "Dagordning med aktuella bilagor skickas senast en vecka före mötet."
            },
        )
        meeting = meet(body, datetime.date(2027, 4, 8))
        [late] = self.lead(findings.DOCUMENTS, meeting, datetime.date(2027, 4, 2))
        self.assertEqual(late.due_on, datetime.date(2027, 4, 1))
        self.assertIn("(en vecka före mötet)", late.message)


class TemporaryBodyTests(RuleTestCase):
    rule = findings.TEMPORARY_ENDED

    def setUp(self) -> None:
        self.group_body = self.group(
            "ag-ledningsseminariet",
            citations={
                "working_groups": "Länsamverkansgruppen utser en arbetsgrupp som […] bereder "
                "underlagen till ledningsseminariet."
            },
        )
        Body.objects.filter(pk=self.group_body.pk).update(
            duration=Duration.TEMPORARY, end_date=datetime.date(2027, 3, 31)
        )
        meet(self.group_body, datetime.date(2027, 3, 9))

    def test_meetings_booked_after_the_end_date_are_overdue_once_it_has_passed(self) -> None:
        meet(self.group_body, datetime.date(2027, 5, 11))
        meet(self.group_body, datetime.date(2027, 9, 14))
        meet(self.group_body, datetime.date(2027, 10, 12), MeetingStatus.CANCELLED)
        [finding] = self.of(datetime.date(2027, 4, 1), self.group_body)
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(finding.due_on, datetime.date(2027, 3, 31))
        self.assertEqual(
            finding.message,
            "Grupp ag-ledningsseminariet är en tillfällig grupp som avslutades 31 mars 2027, "
            "men har 2 möten bokade efter det (det första tisdag 11 maj 2027). Ställ in dem "
            "eller ändra slutdatumet.",
        )
        self.assertIn("arbetsgrupp", finding.citation)
        [noted] = self.of(datetime.date(2027, 1, 10), self.group_body)
        self.assertEqual(noted.severity, Severity.NOTED)

    def test_meetings_within_the_groups_time_give_nothing(self) -> None:
        self.assertEqual(self.of(datetime.date(2027, 4, 1), self.group_body), [])


class FormsRevisedTests(RuleTestCase):
    rule = findings.FORMS_REVISED

    def setUp(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(meeting_forms_revised_yearly=True)

    def test_a_year_after_the_last_known_revision_it_is_overdue(self) -> None:
        [finding] = self.of(datetime.date(2026, 3, 1))
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(finding.due_on, datetime.date(2021, 1, 1))
        self.assertEqual(finding.citation, LSG_FORMS)
        self.assertIn("1 januari 2020, då uppdragsbeskrivningen beslutades", finding.message)
        self.assertEqual(
            finding.url, reverse("work:body", args=["vasterbotten", "lsg"]) + "#motesformer"
        )

    def test_a_change_of_the_meeting_forms_counts_as_the_revision(self) -> None:
        charter_update(
            by=self.coordinator,
            charter=self.charter,
            expected_version=None,
            meeting_form="video",
        )
        self.assertEqual(self.of(datetime.date.today()), [])
        [finding] = self.of(datetime.date.today() + datetime.timedelta(days=340))
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertIn("mötesformerna ändrades", finding.message)

    def test_without_a_revision_date_there_is_nothing_to_judge_by(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(decided_on=None)
        self.assertEqual(self.of(datetime.date(2026, 3, 1)), [])


class QueryCountTests(BaseTestCase):
    """Every meetings rule reads the whole installation in a fixed number of queries."""

    def add_bodies(self, start: int, count: int) -> None:
        for i in range(start, start + count):
            body = Body.objects.create(
                structure=self.structure,
                key=f"grupp-{i}",
                name=f"Grupp {i}",
                kind="local_group",
                level="local",
                mandate="decides",
                duration=Duration.TEMPORARY,
                end_date=datetime.date(2027, 6, 30),
            )
            Charter.objects.create(
                body=body,
                version="1",
                decided_on=datetime.date(2020, 1, 1),
                meetings_min_per_year=6,
                meetings_max_per_year=1 if i % 2 else None,
                meetings_min_per_quarter=2,
                booking_deadline_month=11,
                booking_deadline_day=30,
                document_lead_value=10,
                document_lead_unit="working_days",
                meeting_forms_revised_yearly=True,
                convener=Convener.CHAIR if i % 2 else "",
            )
            person = Person.objects.create(key=f"ordf-{i}", first_name="Ordf", last_name=str(i))
            Membership.objects.create(
                body=body, person=person, role=Role.CHAIR, principal=self.umea
            )
            for day in (
                datetime.date(2025, 3, 11),
                datetime.date(2026, 5, 12),
                datetime.date(2026, 10, 6),
                datetime.date(2026, 12, 10),
                datetime.date(2026, 12, 15),
                datetime.date(2027, 9, 14),
            ):
                meet(body, day)

    def count(self, today: datetime.date) -> tuple[int, list[Finding]]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        run_findings(today=today, structure_ids=[])  # collect the rules first
        codes = [r.code for r in registry.rules() if r.code.startswith("meetings.")]
        with CaptureQueriesContext(connection) as ctx:
            found = run_findings(today=today, codes=codes)
        return len(ctx.captured_queries), found

    def test_the_query_count_does_not_grow_with_the_bodies(self) -> None:
        today = datetime.date(2026, 12, 1)
        self.add_bodies(0, 2)
        small, small_found = self.count(today)
        self.add_bodies(2, 8)
        large, large_found = self.count(today)
        self.assertGreater(len(large_found), len(small_found))
        self.assertEqual(
            {f.rule for f in small_found},
            {
                findings.PER_YEAR,
                findings.PER_QUARTER,
                findings.NEXT_YEAR_BOOKED,
                findings.DOCUMENTS,
                findings.NOTICE,
                findings.FORMS_REVISED,
                findings.TEMPORARY_ENDED,
            },
        )
        self.assertEqual(large, small)
