"""The shared spreadsheet writers: what Excel with Swedish settings needs, formulas kept text."""

from __future__ import annotations

import datetime
import io

from django.test import SimpleTestCase
from openpyxl import load_workbook

from samverkan.lib.exports import csv_file, csv_response, xlsx_file, xlsx_response

HEADER = ["Namn", "Från", "Antal"]
ROWS: list[list[object]] = [["=SUMMA(A1)", datetime.date(2026, 1, 2), -3], ["Åsa Öberg", None, 7]]


class ExportsTests(SimpleTestCase):
    def test_it_writes_csv_with_a_byte_order_mark_semicolons_and_formulas_as_text(self) -> None:
        content = csv_file(HEADER, ROWS)
        self.assertTrue(content.startswith(b"\xef\xbb\xbf"))
        self.assertEqual(
            content.decode("utf-8-sig").split("\r\n"),
            ["Namn;Från;Antal", "'=SUMMA(A1);2026-01-02;-3", "Åsa Öberg;;7", ""],
        )

    def test_it_writes_xlsx_with_dates_numbers_a_frozen_header_and_formulas_as_text(self) -> None:
        content = xlsx_file(HEADER, ROWS, title="Lista", widths=(20, 12), wrap_header=True)
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet is not None
        self.assertEqual(sheet.title, "Lista")
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet["A1"].font.bold)
        self.assertTrue(sheet["A1"].alignment.wrap_text)
        self.assertEqual(sheet["A2"].value, "=SUMMA(A1)")
        self.assertEqual(sheet["A2"].data_type, "s")
        self.assertEqual(sheet["B2"].value, datetime.datetime(2026, 1, 2))
        self.assertEqual(sheet["C2"].value, -3)
        self.assertEqual(sheet.column_dimensions["A"].width, 20)

    def test_it_answers_with_a_download(self) -> None:
        response = csv_response("lista.csv", HEADER, ROWS)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="lista.csv"')
        response = xlsx_response("lista.xlsx", HEADER, ROWS, title="Lista")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="lista.xlsx"')
        self.assertTrue(response.content.startswith(b"PK"))
