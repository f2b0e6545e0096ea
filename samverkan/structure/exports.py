"""A body's member and contact lists as files, for spreadsheets: CSV and XLSX.

Made from the same `MembershipsOverTime` as the body's working page, current and planned
appointments only, and with no personal data the page does not show: the member list has
name, role, principal, function, title and period; the contact list name, role, principal,
email and phone.

Written by `samverkan.lib.exports`, as every list export is: CSV in UTF-8 with a byte order
mark and `;` between fields, XLSX with dates as dates and the header row frozen, and a text
a spreadsheet would take for a formula kept text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from samverkan.lib.exports import csv_file, xlsx_file
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
MEMBER_WIDTHS = (26, 18, 24, 28, 24, 28, 12, 12, 12)


def _role(m: Membership) -> str:
    return m.get_role_display()


def _rows(over_time: MembershipsOverTime, *, contacts: bool) -> Iterator[list[Any]]:
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


def members_csv(over_time: MembershipsOverTime, *, contacts: bool) -> bytes:
    header = CONTACT_HEADINGS if contacts else MEMBER_HEADINGS
    return csv_file(header, _rows(over_time, contacts=contacts))


def members_xlsx(over_time: MembershipsOverTime, *, contacts: bool) -> bytes:
    return xlsx_file(
        CONTACT_HEADINGS if contacts else MEMBER_HEADINGS,
        _rows(over_time, contacts=contacts),
        title="Kontaktlista" if contacts else "Ledamöter",
        widths=MEMBER_WIDTHS,
    )
