"""A body's member and contact lists as files, for spreadsheets: CSV and XLSX.

Made from the same `MembershipsOverTime` as the body's working page, current and planned
appointments only, and with no personal data the page does not show: the member list has
name, role, principal, function, title and period; the contact list name, role, principal,
email and phone.

- CSV: UTF-8 with a byte order mark and `;` between fields, as Excel with Swedish settings
  expects (like the balanslista's export).
- XLSX: the same columns, dates as dates, the header row frozen.
- A text a spreadsheet would take for a formula (`=`, `+`, `-`, `@`) stays text.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from samverkan.structure.membership_selectors import MembershipsOverTime
from samverkan.structure.models import Membership

MEMBER_HEADINGS = [
    "Namn",
    "Roll",
    "Ersättare för",
    "Representerar",
    "Funktion",
    "Befattning",
    "Från",
    "Till och med",
    "Läge",
]
CONTACT_HEADINGS = ["Namn", "Roll", "Representerar", "E-post", "Telefon"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _role(m: Membership) -> str:
    return m.get_role_display()


def _rows(over_time: MembershipsOverTime, *, contacts: bool) -> Iterator[list[Any]]:
    yield CONTACT_HEADINGS if contacts else MEMBER_HEADINGS
    for m in over_time.rows():
        if contacts:
            yield [m.person.full_name, _role(m), m.principal.name, m.person.email, m.person.phone]
            continue
        yield [
            m.person.full_name,
            _role(m),
            m.substitute_for.person.full_name if m.substitute_for else "",
            m.principal.name,
            m.function,
            m.person.title,
            m.start,
            m.end,
            m.state_on(over_time.today).label,
        ]


def _safe_text(value: str) -> str:
    # A spreadsheet runs a cell that starts like a formula; an apostrophe keeps it text.
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _safe_text(str(value))


def members_csv(over_time: MembershipsOverTime, *, contacts: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for values in _rows(over_time, contacts=contacts):
        writer.writerow([_csv_value(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")


def members_xlsx(over_time: MembershipsOverTime, *, contacts: bool) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Kontaktlista" if contacts else "Ledamöter"
    for index, values in enumerate(_rows(over_time, contacts=contacts)):
        sheet.append(values)
        for cell in sheet[index + 1]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (26, 18, 24, 28, 24, 28, 12, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
