"""Generating, editing, approving, reopening and delivering a periodic report, and the charter
check's reporting duty once a report is delivered."""

from __future__ import annotations

import datetime

from django.utils import timezone

from samverkan.followup.models import PeriodicReport, ReportPeriod, ReportStatus
from samverkan.followup.services import reports as services
from samverkan.followup.tests.reports_base import ReportTestCase
from samverkan.lib.errors import ConflictError, DomainError
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from samverkan.structure.findings import reporting_due


class GenerateTests(ReportTestCase):
    def test_a_term_report_goes_to_the_duty_receiver_with_the_facts_of_the_term(self) -> None:
        report = self.generate()
        self.assertEqual(report.to_body, self.body)
        self.assertEqual(report.duty, self.duty)
        self.assertEqual(report.period, ReportPeriod.TERM)
        self.assertEqual(
            (report.period_start, report.period_end),
            (datetime.date(self.year, 1, 1), datetime.date(self.year, 6, 30)),
        )
        self.assertEqual(report.status, ReportStatus.DRAFT)
        self.assertFalse(report.public)
        self.assertEqual(
            report.title, f"Rapport från {self.local.name} till {self.body.name}, VT {self.year}"
        )
        sections = {s["key"]: s for s in report.sections}
        self.assertEqual(
            list(sections),
            [
                "meetings",
                "decisions",
                "cases",
                "assignments",
                "deviations",
                "statistics",
                "governing",
                "plan",
            ],
        )
        meetings = sections["meetings"]["facts_html"]
        self.assertIn("höll 1 möte", meetings)
        # The chair's municipality attended the one meeting; the region's member was absent.
        self.assertIn("Umeå", meetings)
        self.assertIn("100 %", meetings)
        self.assertIn("Inga avvikelser rapporterades", sections["deviations"]["facts_html"])

    def test_a_ht_report_covers_july_to_december(self) -> None:
        if timezone.localdate().month < 7:
            self.skipTest("Höstterminen har inte börjat.")
        report = self.generate(period="ht")
        self.assertEqual(report.period_start, datetime.date(self.year, 7, 1))
        self.assertEqual(report.period_end, datetime.date(self.year, 12, 31))

    def test_a_per_term_duty_refuses_a_year_report(self) -> None:
        with self.assertRaisesMessage(DomainError, "en rapport per termin"):
            self.generate(period="year")

    def test_a_second_report_for_the_same_period_is_refused_with_a_link(self) -> None:
        first = self.generate()
        with self.assertRaises(services.ReportExists) as caught:
            self.generate(by=self.secretary_user)
        self.assertEqual(caught.exception.existing, first)
        self.assertIn(f"/arbeta/rapporter/{first.pk}/", caught.exception.message)
        self.assertEqual(PeriodicReport.objects.count(), 1)

    def test_a_yearly_public_duty_makes_a_public_year_report(self) -> None:
        self.duty.frequency = "yearly"
        self.duty.public = True
        self.duty.save()
        report = self.generate(period="year", year=self.year - 1)
        self.assertEqual(report.period, ReportPeriod.YEAR)
        self.assertTrue(report.public)
        self.assertEqual(report.title[-4:], str(self.year - 1))

    def test_regenerating_keeps_the_texts_and_refreshes_the_facts(self) -> None:
        report = self.generate()
        services.report_texts_update(
            by=self.chair_user,
            report=report,
            expected_version=report.lock_version,
            texts={"meetings": "Bra uppslutning."},
        )
        self.held.status = MeetingStatus.CANCELLED
        self.held.save()
        services.report_regenerate(
            by=self.chair_user, report=report, expected_version=report.lock_version
        )
        meetings = report.sections[0]
        self.assertEqual(meetings["text"], "Bra uppslutning.")
        self.assertIn("höll inga möten", meetings["facts_html"])


class ActionTests(ReportTestCase):
    def test_texts_are_version_checked(self) -> None:
        report = self.generate()
        stale = report.lock_version
        services.report_texts_update(
            by=self.chair_user, report=report, expected_version=stale, summary="Först"
        )
        with self.assertRaises(ConflictError):
            services.report_texts_update(
                by=self.secretary_user,
                report=PeriodicReport.objects.get(pk=report.pk),
                expected_version=stale,
                summary="Sen",
            )
        self.assertEqual(PeriodicReport.objects.get(pk=report.pk).summary, "Först")

    def test_an_approved_report_cannot_be_edited_until_reopened(self) -> None:
        report = self.generate()
        services.report_texts_update(
            by=self.chair_user, report=report, expected_version=report.lock_version, summary="S"
        )
        services.report_approve(by=self.chair_user, report=report, expected_version=None)
        with self.assertRaisesMessage(DomainError, "godkänd och kan inte ändras"):
            services.report_texts_update(
                by=self.chair_user, report=report, expected_version=None, summary="Ny"
            )
        services.report_reopen(by=self.chair_user, report=report, expected_version=None)
        services.report_texts_update(
            by=self.chair_user, report=report, expected_version=None, summary="Ny"
        )
        self.assertEqual((report.status, report.summary), (ReportStatus.DRAFT, "Ny"))

    def test_approval_needs_a_summary(self) -> None:
        report = self.generate()
        with self.assertRaisesMessage(DomainError, "Skriv en sammanfattning"):
            services.report_approve(by=self.chair_user, report=report, expected_version=None)

    def test_delivery_puts_the_report_on_the_next_coming_meeting_and_freezes_the_pdf(self) -> None:
        report = self.delivered()
        self.assertEqual(report.status, ReportStatus.DELIVERED)
        assert report.agenda_item_id is not None
        item = AgendaItem.objects.get(pk=report.agenda_item_id)
        self.assertEqual(item.meeting, self.coming)
        self.assertEqual(item.kind, AgendaItemKind.INFORMATION)
        self.assertEqual(item.title, f"Rapport från {self.local.name}: VT {self.year}")
        # The report is not public; the (public) agenda says only where to read it.
        self.assertEqual(
            item.description,
            f"Rapporten från {self.local.name} för VT {self.year} finns för gruppens "
            "ledamöter under Rapporter.",
        )
        with report.pdf.open("rb") as handle:
            self.assertTrue(handle.read(5).startswith(b"%PDF-"))

    def test_delivery_without_a_coming_meeting_is_refused(self) -> None:
        Meeting.objects.filter(pk=self.coming.pk).update(status=MeetingStatus.CANCELLED)
        report = self.generate()
        services.report_texts_update(
            by=self.chair_user, report=report, expected_version=None, summary="S"
        )
        services.report_approve(by=self.chair_user, report=report, expected_version=None)
        with self.assertRaisesMessage(DomainError, "har inget kommande möte"):
            services.report_deliver(by=self.chair_user, report=report, expected_version=None)
        self.assertEqual(PeriodicReport.objects.get(pk=report.pk).status, ReportStatus.APPROVED)

    def test_a_draft_cannot_be_delivered(self) -> None:
        report = self.generate()
        with self.assertRaisesMessage(DomainError, "behöver godkännas"):
            services.report_deliver(by=self.chair_user, report=report, expected_version=None)


class ReportingDueTests(ReportTestCase):
    def test_a_delivered_term_report_stops_the_reporting_due_finding(self) -> None:
        june = datetime.date(self.year, 6, 20)
        july = datetime.date(self.year, 7, 10)

        def local_findings(today: datetime.date) -> list[datetime.date | None]:
            return [
                f.due_on
                for f in reporting_due(today=today, structure_ids=[self.structure.pk])
                if f.body_id == self.local.pk
            ]

        # Before the report is delivered: due soon in June, overdue after 30 June.
        self.assertIn(datetime.date(self.year, 6, 30), local_findings(june))
        self.assertIn(datetime.date(self.year, 6, 30), local_findings(july))
        self.delivered()
        self.assertNotIn(datetime.date(self.year, 6, 30), local_findings(june))
        self.assertNotIn(datetime.date(self.year, 6, 30), local_findings(july))
        self.assertEqual(
            services.delivered_reports({(self.duty.pk, datetime.date(self.year, 6, 30))}),
            {(self.duty.pk, datetime.date(self.year, 6, 30))},
        )
