"""The reports' lists run the same number of queries at two sizes, and the meeting page shows
the delivered report under its agenda item and this period's status under the reporting
body's standing item."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.followup.models import PeriodicReport, ReportPeriod, ReportStatus
from samverkan.followup.tests.reports_base import ReportTestCase
from samverkan.lib.localtime import local
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from samverkan.meetings.tests.lazy_parts import get_with_parts


class ListQueryTests(ReportTestCase):
    def fill(self, count: int) -> None:
        have = PeriodicReport.objects.count()
        PeriodicReport.objects.bulk_create(
            PeriodicReport(
                body=self.local,
                to_body=self.body,
                duty=self.duty,
                period=ReportPeriod.TERM,
                period_start=datetime.date(2000 + n, 1, 1),
                period_end=datetime.date(2000 + n, 6, 30),
                title=f"Rapport VT {2000 + n}",
                status=(ReportStatus.DRAFT, ReportStatus.DELIVERED)[n % 2],
                agenda_item=AgendaItem.objects.filter(meeting=self.coming).first(),
            )
            for n in range(have, count)
        )

    def count(self, url: str, **params: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def test_the_lists_and_the_api_do_not_grow_with_the_reports(self) -> None:
        own = reverse("followup:report_list", args=[self.structure.slug, self.local.key])
        received = reverse("followup:report_received", args=[self.structure.slug, self.body.key])
        overview = reverse("followup:report_overview", args=[self.structure.slug])
        self.client.force_login(self.coordinator)
        counts = []
        for size in (2, 12):
            self.fill(size)
            counts.append(
                (
                    self.count(own),
                    self.count(received),
                    self.count(overview),
                    self.count("/api/v1/reports", body=self.local.pk),
                )
            )
        self.assertEqual(counts[0], counts[1])


class OverviewTests(ReportTestCase):
    def test_the_structure_overview_shows_each_reader_what_they_may_read(self) -> None:
        report = self.generate()
        url = reverse("followup:report_overview", args=[self.structure.slug])
        self.client.force_login(self.coordinator)
        self.assertContains(self.client.get(url), reverse("followup:report", args=[report.pk]))
        self.assertContains(self.client.get(url, {"status": "draft"}), "VT ")
        self.assertNotContains(
            self.client.get(url, {"status": "delivered"}),
            reverse("followup:report", args=[report.pk]),
        )
        for user in (self.local_member, self.other_coordinator):
            self.client.force_login(user)
            self.assertNotContains(
                self.client.get(url), reverse("followup:report", args=[report.pk])
            )


class MeetingPanelTests(ReportTestCase):
    def test_the_receiving_meeting_links_the_delivered_report_and_its_pdf(self) -> None:
        report = self.delivered()
        self.client.force_login(self.member_user)
        page = get_with_parts(self.client, reverse("meetings:meeting", args=[self.coming.pk]))
        self.assertContains(page, f"Rapport från {self.local.name}: VT {self.year}")
        self.assertContains(page, reverse("followup:report", args=[report.pk]))
        self.assertContains(page, reverse("followup:report_pdf", args=[report.pk]))

    def test_the_reporting_body_meeting_shows_this_period_status(self) -> None:
        day = datetime.date(self.year, 5, 12)
        meeting = Meeting.objects.create(
            body=self.local,
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            status=MeetingStatus.HELD if day < timezone.localdate() else MeetingStatus.PLANNED,
        )
        AgendaItem.objects.create(
            meeting=meeting,
            position=0,
            kind=AgendaItemKind.STANDING,
            title="Rapportering till länsamverkansgrupp",
        )
        url = reverse("meetings:meeting", args=[meeting.pk])
        self.client.force_login(self.chair_user)
        self.assertContains(get_with_parts(self.client, url), "Ta fram rapport")
        report = self.generate()
        page = get_with_parts(self.client, url)
        self.assertContains(page, reverse("followup:report", args=[report.pk]))
        self.assertContains(page, "utkast")
        # A member sees no draft, and no way to make one.
        self.client.force_login(self.local_member)
        page = get_with_parts(self.client, url)
        self.assertNotContains(page, reverse("followup:report", args=[report.pk]))
        self.assertContains(page, "Ingen rapport för den här perioden som du kan läsa ännu.")
