"""The balanslista as files: CSV and XLSX for spreadsheets, a tagged PDF/A for the archive.

Every export is made from a `BalanceList` that the caller built with the same filters and
the same viewer scope as the page it is linked from, so a file never holds more than the
page showed.

- CSV: UTF-8 with a byte order mark and `;` between fields, which is what Excel with
  Swedish settings expects when the file is opened with a double click (with `,` it puts
  each row in one cell, and without the mark it reads å, ä and ö as Latin-1).
- XLSX: the same columns, dates as dates and numbers as numbers, the header row frozen.
- Both: one column per principal with its decision, after the common columns. A text that
  a spreadsheet would take for a formula (`=`, `+`, `-`, `@`) stays text.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from samverkan.cases.selectors.balance import BalanceList, BalanceRow
from samverkan.lib.pdf import html_to_pdfa
from samverkan.lib.swedish import date_text
from samverkan.structure.models import Body

HEADINGS = [
    "Typ",
    "Diarienummer",
    "Rubrik",
    "Organ",
    "Läge",
    "Väckt eller beslutad",
    "Ålder (dagar)",
    "Avslutad",
    "Huvudmän som har beslutat",
    "Huvudmän som inte har beslutat",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def file_stem(balance: BalanceList, body: Body | None) -> str:
    stem = f"balanslista-{balance.structure.slug}"
    if body is not None:
        stem += f"-{body.key}"
    return f"{stem}-{balance.today:%Y-%m-%d}"


def _decision_text(row: BalanceRow, principal_id: int) -> str:
    cell = next((c for c in row.decisions if c.principal_id == principal_id), None)
    if cell is None:
        return ""
    if cell.decided and cell.decided_on:
        return f"{cell.state_label} {cell.decided_on:%Y-%m-%d}"
    return cell.state_label


def _rows(balance: BalanceList) -> Iterator[list[Any]]:
    """The header and one list of values per row; dates as dates, counts as numbers."""
    columns = balance.principal_columns
    yield HEADINGS + [name for _pk, name in columns]
    for row in balance.rows:
        decided = (
            f"{row.decided_count} av {row.principal_count}" if row.kind == "recommendation" else ""
        )
        yield [
            row.kind_label,
            row.number,
            row.title,
            row.body_name,
            row.state_label,
            row.date,
            row.age_days,
            row.finished_on,
            decided,
            row.open_principal_names,
            *(_decision_text(row, pk) for pk, _name in columns),
        ]


def _safe_text(value: str) -> str:
    # A spreadsheet runs a cell that starts like a formula; an apostrophe keeps it text.
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return _safe_text(str(value))


def balance_csv(balance: BalanceList) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for values in _rows(balance):
        writer.writerow([_csv_value(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")


def balance_xlsx(balance: BalanceList) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Balanslista"
    for index, values in enumerate(_rows(balance)):
        sheet.append(values)
        for cell in sheet[index + 1]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    widths = {"A": 16, "B": 16, "C": 50, "D": 30, "E": 28, "F": 14, "G": 10, "H": 14}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def balance_pdf(balance: BalanceList, *, body: Body | None, page_url: str) -> bytes:
    """A tagged PDF/A-2a of the list as shown, with the filters it was made with."""
    html = render_to_string(
        "pdf/balance.html",
        {
            "balance": balance,
            "structure": balance.structure,
            "body": body,
            "page_url": page_url,
            "today_text": date_text(balance.today),
            "for_pdf": True,
        },
    )
    return html_to_pdfa(html)
