"""Lists as files for spreadsheets: CSV and XLSX, written one way for every export.

- CSV: UTF-8 with a byte order mark and `;` between fields, which is what Excel with
  Swedish settings expects when the file is opened with a double click (with `,` it puts
  each row in one cell, and without the mark it reads å, ä and ö as Latin-1).
- XLSX: the same columns, dates as dates and numbers as numbers, the header row bold and
  frozen.
- Both: a text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`) stays text.

Callers pass the header and the rows as plain values (str, int, Decimal, date or None) and get the
file's bytes (`csv_file`, `xlsx_file`) or a download (`csv_response`, `xlsx_response`).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    # A spreadsheet runs a cell that starts like a formula; an apostrophe keeps it text.
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        # A number is never a formula, a negative one included.
        return str(value)
    if isinstance(value, Decimal):
        # With a decimal comma, as Excel with Swedish settings reads it.
        return f"{value:f}".replace(".", ",")
    return safe_text(str(value))


def csv_file(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_value(v) for v in header])
    for values in rows:
        writer.writerow([csv_value(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_file(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    widths: Sequence[int] = (),
    wrap_header: bool = False,
) -> bytes:
    """One sheet named `title`; `widths` are those of the first columns, in order."""
    # Imported here: openpyxl costs every web worker some 20 MB, and few requests export.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = title
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    for cell in sheet[1]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
        cell.font = Font(bold=True)
        if wrap_header:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    return download(csv_file(header, rows), CSV_TYPE, filename)


def xlsx_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    widths: Sequence[int] = (),
    wrap_header: bool = False,
) -> HttpResponse:
    return download(
        xlsx_file(header, rows, title=title, widths=widths, wrap_header=wrap_header),
        XLSX_TYPE,
        filename,
    )
