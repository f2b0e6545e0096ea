"""An indicator's charts as the pages show them: each chart's SVG, its data table and the
address of its CSV file, for the indicator's pages and the meeting page's panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from samverkan.statistics.charts import COLOURS, comparison_svg, time_series_svg, total_svg
from samverkan.statistics.selectors import IndicatorData
from samverkan.statistics.tables import CHARTS, table_for

HEADINGS = {
    "serie": "Över tid per huvudman",
    "jamforelse": "Jämförelse mellan huvudmännen, senaste perioden",
    "summa": "Strukturen som helhet",
}


def chart_blocks(
    data: IndicatorData,
    csv_url: Callable[[str], str],
    *,
    only: tuple[str, ...] = CHARTS,
    prefix: str = "",
) -> list[dict[str, Any]]:
    """The charts of an indicator, each with its table and CSV address; `prefix` keeps the
    ids apart when the same indicator is shown twice on a page."""
    prefix = f"chart{prefix}-{data.indicator.pk}"
    draw = {"serie": time_series_svg, "jamforelse": comparison_svg, "summa": total_svg}
    blocks = []
    for chart in only:
        if chart == "summa" and not data.has_municipal_series:
            continue
        blocks.append(
            {
                "id": f"{prefix}-{chart}",
                "heading": HEADINGS[chart] if chart != "summa" else data.total_label,
                "svg": draw[chart](data, f"{prefix}-{chart}"),
                "table": table_for(chart, data),
                "csv_url": csv_url(chart),
                # The time series has a column per principal: its table goes below it.
                "wide": chart == "serie",
                # The lines' colours, named beside the chart (the table has the numbers).
                "legend": [(s.name, i % len(COLOURS)) for i, s in enumerate(data.series)]
                if chart == "serie" and len(data.series) > 1
                else [],
            }
        )
    return blocks
