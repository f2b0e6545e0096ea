"""The follow-up pages stay bounded in a large structure: a plan's activity form offers at
most `OFFERED` cases and assignments (the body's own first), and the structure's reports
come 50 a page; both with the same number of queries however many there are."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.cases.models import Assignment, Case
from samverkan.followup.models import PeriodicReport, ReportStatus
from samverkan.followup.selectors.plans import OFFERED
from samverkan.followup.tests.test_plans_base import YEAR_START, PlanTestCase


class PlanChoiceScaleTests(PlanTestCase):
    def grow(self, n: int, start: int) -> None:
        Case.objects.bulk_create(
            Case(
                structure=self.structure,
                number=f"AU {i}",
                title=f"Ärende i AU {i:03d}",
                raised_in=self.au,
                current_body=self.au,
                raised_on=YEAR_START + datetime.timedelta(days=i),
            )
            for i in range(start, start + n)
        )
        Assignment.objects.bulk_create(
            Assignment(
                structure=self.structure,
                given_by=self.au,
                to_body=self.au,
                report_to=self.au,
                title=f"AU:s uppdrag {i:03d}",
                given_on=YEAR_START + datetime.timedelta(days=i),
                due_on=YEAR_START + datetime.timedelta(days=400),
            )
            for i in range(start, start + n)
        )

    def page(self) -> tuple[int, bytes]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("followup:plan", args=[self.plan.pk]))
        self.assertEqual(response.status_code, 200)
        return len(queries), response.content

    def test_it_offers_the_bodys_own_first_and_at_most_a_bounded_number(self) -> None:
        self.login(self.coordinator)
        self.grow(3, 0)
        few, _ = self.page()
        self.grow(OFFERED * 3, 3)
        many, content = self.page()
        self.assertEqual(many, few)
        text = content.decode()
        # The body's own case and assignment are offered whatever else there is.
        self.assertIn("VB 2026/1 Trygg hemgång", text)
        self.assertIn(f'value="{self.assignment.pk}"', text)
        self.assertEqual(text.count("Ärende i AU"), OFFERED - 1)
        # The newest of the others.
        self.assertIn(f"Ärende i AU {OFFERED * 3 + 2:03d}", text)
        self.assertNotIn("Ärende i AU 000<", text)

    def test_it_links_an_older_case_sent_in_the_form(self) -> None:
        self.grow(OFFERED * 2, 0)
        old = Case.objects.get(number="AU 0")
        self.login(self.coordinator)
        response = self.client.post(
            reverse("followup:activity_add", args=[self.plan.pk]),
            {"title": "Följ upp AU", "status": "planned", "case": old.pk},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.plan.activities.filter(case=old).exists())


class ReportOverviewScaleTests(PlanTestCase):
    def reports(self, n: int, start: int) -> None:
        PeriodicReport.objects.bulk_create(
            PeriodicReport(
                body=self.au,
                to_body=self.body,
                period="year",
                period_start=datetime.date(1900 + i, 1, 1),
                period_end=datetime.date(1900 + i, 12, 31),
                title=f"Rapport {1900 + i}",
                status=ReportStatus.DRAFT,
                sections=[{"heading": "Möten", "text": "x" * 2000}],
            )
            for i in range(start, start + n)
        )

    def test_it_pages_the_reports_and_keeps_the_status(self) -> None:
        self.login(self.coordinator)
        url = reverse("followup:report_overview", args=[self.structure.slug])
        self.reports(2, 0)
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get(url).status_code, 200)
        self.reports(70, 2)
        with CaptureQueriesContext(connection) as many:
            first = self.client.get(url, {"status": ReportStatus.DRAFT})
        self.assertEqual(len(many), len(few))
        self.assertContains(first, "(72)")
        self.assertContains(first, "status=draft&amp;sida=2")
        self.assertNotContains(first, "x" * 100)
        second = self.client.get(url, {"status": ReportStatus.DRAFT, "sida": "2"})
        self.assertContains(second, "Sida 2 av 2")
        self.assertContains(second, "Föregående sida")
