"""The balanslista as files: CSV and XLSX for spreadsheets, a tagged PDF/A for the archive.

Every export is made from a `BalanceList` that the caller built with the same filters and
the same viewer scope as the page it is linked from, so a file never holds more than the
page showed.

- CSV and XLSX: written by `samverkan.lib.exports` (`;` and a byte order mark for Excel
  with Swedish settings; dates as dates and numbers as numbers; formulas kept text), with
  one column per principal with its decision after the common columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string

from samverkan.cases.selectors.balance import BalanceList, BalanceRow
from samverkan.lib.exports import csv_file, xlsx_file
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
WIDTHS = (16, 16, 50, 30, 28, 14, 10, 14)


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


def _header(balance: BalanceList) -> list[str]:
    return HEADINGS + [name for _pk, name in balance.principal_columns]


def _rows(balance: BalanceList) -> Iterator[list[Any]]:
    """One list of values per row; dates as dates, counts as numbers."""
    columns = balance.principal_columns
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


def balance_csv(balance: BalanceList) -> bytes:
    return csv_file(_header(balance), _rows(balance))


def balance_xlsx(balance: BalanceList) -> bytes:
    return xlsx_file(
        _header(balance), _rows(balance), title="Balanslista", widths=WIDTHS, wrap_header=True
    )


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
