"""A public report (published once delivered) holds only what the public may read: public
indicators without their small counts, public governing documents, assignments and activities
as counts. An internal report, read by the structure's own people, shows everything."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from samverkan.cases.models import Assignment
from samverkan.followup.models import Activity, ActivityPlan, PeriodicReport
from samverkan.followup.tests.reports_base import ReportTestCase
from samverkan.governing.models import GoverningDocument, Implementation
from samverkan.statistics.models import Indicator, IndicatorValue, PeriodKind, ValueSource


class PublicReportStatisticsTests(ReportTestCase):
    def add_indicator(self, name: str, *, public: bool, value: str) -> None:
        indicator = Indicator.objects.create(
            structure=self.structure,
            name=name,
            unit="antal",
            public=public,
            period_kind=PeriodKind.YEARLY,
            suppress_below=5,
        )
        IndicatorValue.objects.create(
            indicator=indicator,
            principal=self.umea,
            period=datetime.date(self.year - 1, 1, 1),
            value=Decimal(value),
            source=ValueSource.MANUAL,
            entered_at=timezone.now(),
        )

    def statistics_html(self, report: PeriodicReport) -> str:
        return next(s["facts_html"] for s in report.sections if s["key"] == "statistics")

    def test_a_public_report_shows_public_indicators_without_small_counts(self) -> None:
        self.add_indicator("Personer i tvångsvård", public=True, value="3")
        self.add_indicator("Interna avvikelseärenden", public=False, value="40")
        self.duty.frequency = "yearly"
        self.duty.public = True
        self.duty.save()
        public = self.generate(period="year", year=self.year - 1)
        html = self.statistics_html(public)
        self.assertIn("Personer i tvångsvård", html)
        self.assertIn("färre än 5", html)
        self.assertNotIn("Interna avvikelseärenden", html)

    def test_an_internal_report_shows_every_indicator_and_value(self) -> None:
        self.add_indicator("Personer i tvångsvård", public=True, value="3")
        self.add_indicator("Interna avvikelseärenden", public=False, value="40")
        self.duty.frequency = "yearly"
        self.duty.save()
        internal = self.generate(period="year", year=self.year - 1)
        html = self.statistics_html(internal)
        self.assertIn("Interna avvikelseärenden", html)
        self.assertNotIn("färre än", html)


class PublicReportContentTests(ReportTestCase):
    """What the public never reads elsewhere stays out of a public report's text."""

    def setUp(self) -> None:
        super().setUp()
        self.duty.frequency = "yearly"
        self.duty.save()
        last = datetime.date(self.year - 1, 3, 1)
        internal = GoverningDocument.objects.create(
            structure=self.structure,
            title="Intern arbetsrutin för utskrivning",
            kind="routine",
            public=False,
        )
        agreed = GoverningDocument.objects.create(
            structure=self.structure, title="Överenskommelse om utskrivning", kind="agreement"
        )
        for document in (internal, agreed):
            Implementation.objects.create(document=document, body=self.local)
        Assignment.objects.create(
            structure=self.structure,
            given_by=self.body,
            to_body=self.local,
            report_to=self.body,
            title="Kartlägg hemgångsteamens bemanning",
            given_on=last,
            due_on=last + datetime.timedelta(days=90),
        )
        plan = ActivityPlan.objects.create(body=self.local, year=self.year - 1, title="Plan")
        Activity.objects.create(plan=plan, title="Utbilda personalen i SIP-mallen")

    def html(self, report: PeriodicReport, key: str) -> str:
        return next(s["facts_html"] for s in report.sections if s["key"] == key)

    def test_a_public_report_counts_assignments_and_activities_and_shows_public_documents(
        self,
    ) -> None:
        self.duty.public = True
        self.duty.save()
        report = self.generate(period="year", year=self.year - 1)
        self.assertIn("Överenskommelse om utskrivning", self.html(report, "governing"))
        self.assertNotIn("Intern arbetsrutin", self.html(report, "governing"))
        self.assertNotIn("Kartlägg hemgångsteamens", self.html(report, "assignments"))
        self.assertIn("Mottagna uppdrag, givet: 1", self.html(report, "assignments"))
        self.assertNotIn("Utbilda personalen", self.html(report, "plan"))
        self.assertIn("Planerad: 1 aktivitet", self.html(report, "plan"))

    def test_an_internal_report_names_them_all(self) -> None:
        report = self.generate(period="year", year=self.year - 1)
        self.assertIn("Intern arbetsrutin", self.html(report, "governing"))
        self.assertIn("Kartlägg hemgångsteamens", self.html(report, "assignments"))
        self.assertIn("Utbilda personalen", self.html(report, "plan"))
