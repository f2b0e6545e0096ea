"""The balanslista as CSV, XLSX and PDF/A: what the page shows, openable where it is used."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pikepdf
import pypdf
from django.urls import reverse

from samverkan.cases.tests.test_balance_base import BalanceData


class BalanceExportTests(BalanceData):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_case("Internt ärende i AU", body=cls.au)
        cls.make_case('=HYPERLINK("http://example.com") fråga i LSG')
        cls.make_recommendation("Samverkansavtal om hemsjukvård", decided=2)

    def get(self, name: str, **query: str | int) -> bytes:
        response = self.client.get(reverse(name, args=[self.structure.slug]), query)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        return response.content

    def test_the_csv_opens_in_swedish_excel_and_holds_the_rows(self) -> None:
        self.login(self.coordinator)
        data = self.get("cases:balance_list_csv")
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))  # UTF-8 with BOM
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        header, *lines = rows
        self.assertEqual(header[:3], ["Typ", "Diarienummer", "Rubrik"])
        self.assertIn("Umeå", header)
        by_title = {line[2]: dict(zip(header, line, strict=True)) for line in lines}
        self.assertEqual(len(lines), 3)
        recommendation = by_title["Samverkansavtal om hemsjukvård"]
        self.assertEqual(recommendation["Huvudmän som har beslutat"], "2 av 6")
        self.assertEqual(
            recommendation["Huvudmän som inte har beslutat"],
            "Lycksele, Nordmaling, Skellefteå, Umeå",
        )
        self.assertEqual(recommendation["Västerbotten"], "Antagen 2026-03-30")
        self.assertEqual(recommendation["Umeå"], "Expedierad")
        self.assertEqual(recommendation["Väckt eller beslutad"], "2026-03-10")
        # A title that looks like a formula stays text.
        self.assertIn('\'=HYPERLINK("http://example.com") fråga i LSG', by_title)

    def test_the_xlsx_reads_back_with_the_rows_and_dates(self) -> None:
        self.login(self.coordinator)
        data = self.get("cases:balance_list_xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet is not None
        values = list(sheet.iter_rows(values_only=True))
        header, *lines = values
        self.assertEqual(header[2], "Rubrik")
        titles = [line[2] for line in lines]
        self.assertIn("Internt ärende i AU", titles)
        self.assertIn("Samverkansavtal om hemsjukvård", titles)
        self.assertIn('=HYPERLINK("http://example.com") fråga i LSG', titles)
        row = lines[titles.index("Samverkansavtal om hemsjukvård")]
        self.assertEqual(row[5], datetime.datetime(2026, 3, 10))
        self.assertEqual(row[8], "2 av 6")
        self.assertIsInstance(row[6], int)
        # No cell became a formula.
        for line in sheet.iter_rows():
            for cell in line:
                self.assertNotEqual(cell.data_type, "f")

    def test_the_pdf_is_a_tagged_pdfa_with_the_list(self) -> None:
        self.login(self.coordinator)
        data = self.get("cases:balance_list_pdf")
        self.assertTrue(data.startswith(b"%PDF"))
        with pikepdf.open(io.BytesIO(data)) as pdf:
            meta = pdf.open_metadata()
            self.assertEqual(str(meta["pdfaid:part"]), "2")
            self.assertEqual(str(meta["pdfaid:conformance"]).upper(), "A")
            self.assertIn("/StructTreeRoot", pdf.Root)
            self.assertEqual(str(pdf.Root.Lang), "sv")
        pages = pypdf.PdfReader(io.BytesIO(data)).pages
        text = " ".join(" ".join(page.extract_text() for page in pages).split())
        self.assertIn("Samverkansavtal om hemsjukvård", text)
        self.assertIn("2 av 6 huvudmän har beslutat", text)

    def test_exports_honour_the_filters_and_the_viewers_scope(self) -> None:
        self.login(self.coordinator)
        data = self.get("cases:balance_list_csv", body=self.au.pk)
        text = data.decode("utf-8-sig")
        self.assertIn("Internt ärende i AU", text)
        self.assertNotIn("Samverkansavtal", text)
        self.login(self.member_user)  # sits in LSG, not in the AU
        for name in ("cases:balance_list_csv", "cases:balance_list_xlsx"):
            with self.subTest(name=name):
                data = self.get(name)
                if name.endswith("xlsx"):
                    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
                    assert sheet is not None
                    text = " ".join(
                        str(c) for row in sheet.iter_rows(values_only=True) for c in row
                    )
                else:
                    text = data.decode("utf-8-sig")
                self.assertNotIn("Internt ärende i AU", text)
                self.assertIn("fråga i LSG", text)

    def test_exports_need_a_login(self) -> None:
        for name in ("cases:balance_list_csv", "cases:balance_list_xlsx", "cases:balance_list_pdf"):
            with self.subTest(name=name):
                response = self.client.get(reverse(name, args=[self.structure.slug]))
                self.assertEqual(response.status_code, 302)
