"""The numbers behind each chart as tables: shown beside the chart and written to its CSV
file, from the same rows so that the page, the chart and the file always agree.

CSV: written by `samverkan.lib.exports` like every other export (UTF-8 with a byte order
mark, `;` between fields, decimal comma).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from samverkan.lib.exports import csv_file
from samverkan.statistics.charts import number_text
from samverkan.statistics.selectors import IndicatorData

CHARTS = ("serie", "jamforelse", "summa")


@dataclass(frozen=True)
class Table:
    caption: str
    headings: list[str]
    rows: list[list[Decimal | str | None]]  # first cell the row's heading

    def shown_rows(self) -> list[tuple[str, list[str]]]:
        return [
            (str(row[0]), [number_text(v) if not isinstance(v, str) else v for v in row[1:]])
            for row in self.rows
        ]


def series_table(data: IndicatorData, *, every_period: bool = False) -> Table:
    shown = data.periods if every_period else data.shown_periods
    return Table(
        caption=f"{data.indicator.name} per huvudman och period",
        headings=["Period", *(s.name for s in data.series)],
        rows=[[data.label(p), *(data.shown_value(s, p) for s in data.series)] for p in shown],
    )


def comparison_table(data: IndicatorData) -> Table:
    latest = data.latest
    label = data.label(latest) if latest else ""
    return Table(
        caption=f"{data.indicator.name}, {label}",
        headings=["Huvudman", label],
        rows=[
            [s.name, data.shown_value(s, latest)]
            for s in data.series
            if latest and data.shown_value(s, latest) is not None
        ],
    )


def total_table(data: IndicatorData, *, every_period: bool = False) -> Table:
    shown = data.periods if every_period else data.shown_periods
    return Table(
        caption=f"{data.indicator.name}: {data.total_label.lower()}",
        headings=["Period", data.total_label],
        rows=[
            [data.label(p), "visas inte" if data.total_hidden(p) else data.total(p)] for p in shown
        ],
    )


def table_for(chart: str, data: IndicatorData, *, every_period: bool = False) -> Table:
    if chart == "jamforelse":
        return comparison_table(data)
    if chart == "summa":
        return total_table(data, every_period=every_period)
    return series_table(data, every_period=every_period)


def table_csv(table: Table) -> bytes:
    return csv_file(table.headings, table.rows)
