"""A local group's term report in a browser: the chair takes it forth, writes the summary and
a comment, the secretary approves it and delivers it to the county group's next meeting,
and the PDF downloads. axe finds nothing at 1280 and 390 px, and no page is wider than the
screen."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pikepdf
from django.urls import reverse
from django.utils import timezone

from samverkan.followup.models import PeriodicReport, ReportStatus
from samverkan.followup.tests.reports_base import ReportWorld
from samverkan.governing.models import GoverningDocument, Implementation, ImplementationStatus
from samverkan.meetings.models import AgendaItem
from samverkan.statistics.models import Indicator, IndicatorValue, PeriodKind
from samverkan.testing.base import PASSWORD
from samverkan.testing.browser import BrowserTestCase

WIDE, NARROW = 1280, 390


class ReportBrowserTests(ReportWorld, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.make_report_world()
        indicator = Indicator.objects.create(
            structure=self.structure,
            name="Genomförda SIP",
            unit="antal",
            period_kind=PeriodKind.MONTHLY,
        )
        for month, value in ((1, 12), (2, 15), (3, 9)):
            for principal in (self.umea, self.region):
                IndicatorValue.objects.create(
                    indicator=indicator,
                    principal=principal,
                    period=datetime.date(self.year, month, 1),
                    value=Decimal(value),
                    source="manual",
                    entered_at=timezone.now(),
                )
        # Long titles and dates in the styrdokument table: at 390 px the table scrolls in
        # its own region, never the page.
        for title in (
            "Överenskommelse om samarbete kring personer med psykisk funktionsnedsättning",
            "Länsgemensam riktlinje för samordnad individuell plan (SIP) för barn och unga",
        ):
            Implementation.objects.create(
                document=GoverningDocument.objects.create(
                    structure=self.structure, title=title, kind="agreement", version="2024:1"
                ),
                body=self.local,
                status=ImplementationStatus.FOLLOWED_UP,
                followed_up_on=datetime.date(self.year, 8, 12),
            )

    def check(self, name: str) -> None:
        for width in (WIDE, NARROW):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.assert_accessible()
            scroll = self.page.evaluate("document.documentElement.scrollWidth")
            self.assertLessEqual(scroll, width, f"{name} is {scroll} px wide at {width} px")
            self.screenshot(f"reports-{name}-{width}")
        self.page.set_viewport_size({"width": WIDE, "height": 900})

    def test_a_term_report_is_generated_edited_approved_delivered_and_downloaded(self) -> None:
        page = self.page
        self.log_in("ordforande", PASSWORD)
        page.goto(
            self.url(reverse("followup:report_list", args=[self.structure.slug, self.local.key]))
        )
        self.check("lista")
        page.get_by_role("link", name="Ta fram rapport").click()
        page.get_by_label("Period").select_option("vt")
        page.get_by_label("År").fill(str(self.year))
        self.check("ny")
        page.get_by_role("button", name="Ta fram utkast").click()
        page.get_by_text("Ett utkast är framtaget").wait_for()
        report = PeriodicReport.objects.get()
        self.assertEqual(report.to_body, self.body)
        page.get_by_label("Sammanfattning").fill("Gruppen har mötts en gång och följt upp SIP.")
        page.get_by_label("Kommentar: Möten och närvaro").fill("Regionens ledamot var frånvarande.")
        self.check("utkast")
        page.get_by_role("button", name="Spara texterna").click()
        page.get_by_text("Texterna är sparade.").wait_for()

        # A second report for the same term is refused with a link to the first.
        page.goto(
            self.url(reverse("followup:report_new", args=[self.structure.slug, self.local.key]))
        )
        page.get_by_label("Period").select_option("vt")
        page.get_by_label("År").fill(str(self.year))
        page.get_by_role("button", name="Ta fram utkast").click()
        page.get_by_role("link", name=f"Öppna den befintliga rapporten: {report.title}").wait_for()
        self.check("finns-redan")

        # The secretary approves and delivers.
        page.context.clear_cookies()
        self.log_in("sekreterare", PASSWORD)
        page.goto(self.url(reverse("followup:report", args=[report.pk])))
        # What the secretary types and then approves without saving first is kept.
        page.get_by_label("Kommentar: Statistik").fill("Antalet SIP sjönk i mars.")
        page.get_by_role("button", name="Godkänn rapporten").click()
        page.get_by_text("rapporten är godkänd").wait_for()
        report.refresh_from_db()
        self.assertEqual(report.sections[5]["text"], "Antalet SIP sjönk i mars.")
        self.check("godkand")
        page.get_by_role("button", name="Lämna rapporten").click()
        page.get_by_text("Rapporten är lämnad").wait_for()
        self.check("lamnad")
        page.get_by_text("av sekreterare").first.wait_for()
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.DELIVERED)
        assert report.agenda_item_id is not None
        item = AgendaItem.objects.get(pk=report.agenda_item_id)
        self.assertEqual(item.meeting, self.coming)
        page.get_by_role("link", name="Ladda ner rapporten som PDF").wait_for()
        with page.expect_download() as download:
            page.get_by_role("link", name="Ladda ner rapporten som PDF").click()
        path = download.value.path()
        with pikepdf.open(io.BytesIO(path.read_bytes())) as pdf:
            with pdf.open_metadata() as meta:
                self.assertEqual(meta.get("pdfaid:part"), "2")
            self.assertIn("/StructTreeRoot", pdf.Root)

        page.goto(
            self.url(reverse("followup:report_list", args=[self.structure.slug, self.local.key]))
        )
        self.check("lista-lamnad")
        page.goto(self.url(reverse("followup:report_overview", args=[self.structure.slug])))
        self.check("oversikt")

        # The county group's meeting page shows the report under its item, to its members.
        page.context.clear_cookies()
        self.log_in("ledamot", PASSWORD)
        page.goto(self.url(reverse("followup:report", args=[report.pk])))
        self.check("mottagare")
        page.get_by_role("link", name=f"mötet i {self.body.name}").click()
        page.get_by_role("link", name="läs rapporten").wait_for()
        self.check("motet")
        page.goto(
            self.url(reverse("followup:report_received", args=[self.structure.slug, self.body.key]))
        )
        page.get_by_role("link", name=report.title).wait_for()
        self.check("mottagna")
