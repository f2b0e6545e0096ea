"""A periodic report's PDF is a tagged PDF/A-2a with every font embedded and the statistics'
charts in it; a draft is marked "Utkast", a delivered report's file never changes."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pikepdf
from django.urls import reverse
from django.utils import timezone

from samverkan.followup.tests.reports_base import ReportTestCase
from samverkan.lib.tests.test_pdf import fonts_in, structure_types
from samverkan.statistics.models import Indicator, IndicatorValue, PeriodKind


class ReportPdfTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        indicator = Indicator.objects.create(
            structure=cls.structure,
            name="Genomförda SIP",
            unit="antal",
            period_kind=PeriodKind.MONTHLY,
        )
        for month, value in ((1, 12), (2, 15), (3, 9)):
            IndicatorValue.objects.create(
                indicator=indicator,
                principal=cls.umea,
                period=datetime.date(cls.year, month, 1),
                value=Decimal(value),
                source="manual",
                entered_at=timezone.now(),
            )

    def download(self, report_id: int) -> bytes:
        self.client.force_login(self.chair_user)
        response = self.client.get(reverse("followup:report_pdf", args=[report_id]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        return b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]

    def assert_pdfa(self, data: bytes) -> pikepdf.Pdf:
        pdf = pikepdf.open(io.BytesIO(data))
        with pdf.open_metadata() as meta:
            self.assertEqual(meta.get("pdfaid:part"), "2")
            self.assertEqual(meta.get("pdfaid:conformance"), "A")
        self.assertTrue(bool(pdf.Root.MarkInfo.Marked))
        self.assertIn("/StructTreeRoot", pdf.Root)
        checked = 0
        for page in pdf.pages:
            for font in fonts_in(page.Resources):
                if font.Subtype in ("/Type0", "/Type3"):
                    continue
                descriptor: Any = font.FontDescriptor
                self.assertTrue(
                    {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()),
                    f"{font.get('/BaseFont')} is not embedded",
                )
                checked += 1
        self.assertGreater(checked, 0)
        return pdf

    def test_a_draft_downloads_as_tagged_pdfa_marked_as_draft(self) -> None:
        report = self.generate()
        self.assertIn("Genomförda SIP", report.sections[5]["facts_html"])
        self.assertIn("<svg", report.sections[5]["facts_html"])
        pdf = self.assert_pdfa(self.download(report.pk))
        with pdf.open_metadata() as meta:
            self.assertIn("(utkast)", str(meta.get("dc:title")))
        types = set(structure_types(pdf.Root.StructTreeRoot.K))
        self.assertLessEqual({"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"}, types)

    def test_a_delivered_report_downloads_its_frozen_file(self) -> None:
        report = self.delivered()
        with report.pdf.open("rb") as handle:
            frozen = handle.read()
        # Later data does not change what was delivered.
        IndicatorValue.objects.all().delete()
        served = self.download(report.pk)
        self.assertEqual(served, frozen)
        pdf = self.assert_pdfa(served)
        with pdf.open_metadata() as meta:
            self.assertEqual(str(meta.get("dc:title")), report.title)
