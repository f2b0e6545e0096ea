"""Reading values from a file or a form: every row checked, every problem named.

A row is (principal, period, value). The principal is an SCB code (four digits for a
municipality, two for the region; Kolada's `0024` for a region too) or a name (`Umeå`,
`Umeå kommun`, `Region Västerbotten`), among the structure's own principals and at the
indicator's level. Nothing is stored here: `services.import_values` stores all rows or,
when any row is wrong, none.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from samverkan.statistics import periods
from samverkan.statistics.models import Indicator, IndicatorLevel
from samverkan.structure.models import Principal, PrincipalKind

MAX_ROWS = 50_000
MAX_VALUE = Decimal("99999999999999")


@dataclass(frozen=True)
class Row:
    number: int  # the row in the file, the heading being row 1
    principal: Principal
    period: datetime.date
    value: Decimal


class RowProblems(Exception):
    """One or more rows are wrong; `problems` names each with its row number."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class PrincipalFinder:
    def __init__(self, indicator: Indicator, principals: list[Principal]) -> None:
        self.level = indicator.level
        self.by_key: dict[str, Principal] = {}
        for p in principals:
            keys = {p.scb_code, p.name, p.short_name, p.slug}
            if p.kind == PrincipalKind.REGION:
                keys.add(f"00{p.scb_code}")
            for key in keys:
                if key:
                    self.by_key[key.casefold()] = p

    def find(self, raw: object) -> tuple[Principal | None, str]:
        text = str(raw if raw is not None else "").strip()
        if not text:
            return None, "kommun eller region saknas"
        principal = self.by_key.get(text.casefold())
        if principal is None:
            return None, f"okänd kommunkod eller kommun ”{text}” (tar inte del i strukturen)"
        if (
            self.level == IndicatorLevel.MUNICIPALITY
            and principal.kind != PrincipalKind.MUNICIPALITY
        ):
            return None, f"indikatorn gäller kommunerna, inte {principal.name}"
        if self.level == IndicatorLevel.REGION and principal.kind != PrincipalKind.REGION:
            return None, f"indikatorn gäller regionen, inte {principal.name}"
        return principal, ""


def parse_value(raw: object) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float, Decimal)):
        text = str(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    else:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) > MAX_VALUE:
        return None
    return number.quantize(Decimal("0.0001"))


def check_rows(
    indicator: Indicator, raw_rows: list[tuple[int, list[object]]], principals: list[Principal]
) -> list[Row]:
    """The rows as values, or `RowProblems` naming every wrong row."""
    finder = PrincipalFinder(indicator, principals)
    problems: list[str] = []
    rows: list[Row] = []
    seen: dict[tuple[int, datetime.date], int] = {}
    for number, cells in raw_rows:
        cells = [*cells, None, None, None][:3]
        reasons: list[str] = []
        principal, why = finder.find(cells[0])
        if principal is None:
            reasons.append(why)
        period = periods.parse(indicator.period_kind, cells[1])
        if period is None:
            shown = "" if cells[1] is None else str(cells[1]).strip()
            reasons.append(
                f"ogiltig period ”{shown}” (skriv {periods.expected(indicator.period_kind)})"
            )
        value = parse_value(cells[2])
        if value is None:
            shown = "" if cells[2] is None else str(cells[2]).strip()
            reasons.append(f"värdet ”{shown}” är inget tal")
        if principal is not None and period is not None:
            earlier = seen.get((principal.pk, period))
            if earlier is not None:
                reasons.append(
                    f"{principal.short_name or principal.name} "
                    f"{periods.label(indicator.period_kind, period)} finns redan på rad {earlier}"
                )
            else:
                seen[(principal.pk, period)] = number
        if reasons:
            problems.append(f"Rad {number}: {'; '.join(reasons)}.")
        elif principal is not None and period is not None and value is not None:
            rows.append(Row(number, principal, period, value))
    if problems:
        raise RowProblems(problems)
    if not rows:
        raise RowProblems(["Filen har inga rader med värden (den första raden är rubriker)."])
    return rows


def _blank(cells: list[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def read_table(name: str, data: bytes) -> list[tuple[int, list[object]]]:
    """The data rows (numbered as in the file, headings on row 1 skipped) of a CSV file
    (`;`, `,` or tab, UTF-8 with or without BOM, or Windows-1252) or an XLSX workbook's
    first sheet; empty rows are left out."""
    if name.lower().endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    if not name.lower().endswith((".csv", ".txt")):
        raise RowProblems(["Filen måste vara CSV eller XLSX (Excel)."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first.count)
    table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return _numbered([list(r) for r in table])


# An XLSX file is a zip archive: a small file may unpack to gigabytes. No part may unpack to
# more than this, as for the documents' text extraction.
MAX_UNPACKED_PART = 10 * 1024 * 1024


def _check_unpacked(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            too_big = [i.filename for i in archive.infolist() if i.file_size > MAX_UNPACKED_PART]
    except zipfile.BadZipFile as exc:
        raise RowProblems(["Excel-filen kunde inte läsas (den är inte en XLSX-fil)."]) from exc
    if too_big:
        raise RowProblems(
            [
                "Excel-filen är för stor packad upp (mer än 10 MB i en del); spara den som "
                "CSV eller dela upp den."
            ]
        )


def _read_xlsx(data: bytes) -> list[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    _check_unpacked(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise RowProblems([f"Excel-filen kunde inte läsas ({type(exc).__name__})."]) from exc
    sheet = workbook.worksheets[0]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    workbook.close()
    return _numbered(table)


def _numbered(table: list[list[object]]) -> list[tuple[int, list[object]]]:
    if len(table) > MAX_ROWS:
        raise RowProblems([f"Filen har fler än {MAX_ROWS} rader; dela upp den."])
    return [(i + 1, cells) for i, cells in enumerate(table) if i > 0 and not _blank(cells)]
