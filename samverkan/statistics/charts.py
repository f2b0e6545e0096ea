"""Charts as accessible SVG drawn on the server, no JavaScript.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` that says what it shows
in words, and the page puts a real `<table>` of the same numbers beside it. Three charts
per indicator: the time series per principal (lines), the comparison between the
municipalities in the latest period (horizontal bars, which stay readable on a phone) and
the structure's total over time (a line). Colours are told apart by a marker shape too,
and the table says the exact values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from samverkan.statistics.selectors import IndicatorData

# Eight colours with at least 3:1 contrast against white, distinguishable in colour blindness
# (Okabe–Ito, darkened), then repeated with another marker.
COLOURS = ["#0b5cad", "#b34700", "#00795a", "#a3007d", "#5b4b00", "#0072a3", "#a8002a", "#4b4b4b"]
MARKERS = ["circle", "square", "diamond", "triangle"]
WIDTH, HEIGHT = 520, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 30, 16, 48


def number_text(value: Decimal | None) -> str:
    """A number the Swedish way: `1 234,5`, with a narrow space for thousands."""
    if value is None:
        return "–"
    sign = "−" if value < 0 else ""
    text = f"{abs(value):f}"
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    fraction = fraction.rstrip("0")
    return sign + "\u202f".join(groups) + (f",{fraction}" if fraction else "")


def colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def marker(index: int) -> str:
    return MARKERS[(index // len(COLOURS)) % len(MARKERS)]


@dataclass(frozen=True)
class Scale:
    low: Decimal
    high: Decimal

    @classmethod
    def of(cls, values: list[Decimal]) -> Scale:
        low = min([Decimal(0), *values])
        high = max([Decimal(0), *values])
        if high == low:
            high = low + 1
        return cls(low, _nice(high) if high > 0 else high)

    def ticks(self) -> list[Decimal]:
        step = (self.high - self.low) / 4
        return [self.low + step * i for i in range(5)]

    def y(self, value: Decimal) -> float:
        span = float(self.high - self.low)
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(value - self.low) / span)


def _nice(value: Decimal) -> Decimal:
    """A round upper end for the axis: a power of ten times 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8."""
    magnitude = Decimal(10) ** (len(str(int(value))) - 1) if value >= 1 else Decimal("0.1")
    for factor in (1, Decimal("1.2"), Decimal("1.5"), 2, Decimal("2.5"), 3, 4, 5, 6, 8, 10):
        if value <= magnitude * factor:
            return magnitude * factor
    return value


def _marker_svg(shape: str, x: float, y: float, fill: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{fill}"/>'
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} '
            f'{x - 5:.1f},{y:.1f}" fill="{fill}"/>'
        )
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} '
            f'{x - 5:.1f},{y + 4:.1f}" fill="{fill}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{fill}"/>'


def _safe(svg: str) -> SafeString:
    # Every text in the SVG is escaped where it is put in (names, labels, numbers).
    return mark_safe(svg)  # noqa: S308 - built from escaped parts only


def _frame(chart_id: str, title: str, desc: str, body: list[str], height: int = HEIGHT) -> str:
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _y_axis(scale: Scale) -> list[str]:
    parts = []
    for tick in scale.ticks():
        y = scale.y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="13" '
            f'fill="#333">{escape(number_text(tick.quantize(Decimal("0.01")).normalize()))}</text>'
        )
    return parts


def _x_positions(count: int) -> list[float]:
    inner = WIDTH - LEFT - RIGHT
    if count == 1:
        return [LEFT + inner / 2]
    return [LEFT + 8 + (inner - 16) * i / (count - 1) for i in range(count)]


def _x_labels(data: IndicatorData, shown: list[datetime.date], xs: list[float]) -> list[str]:
    every = max(1, -(-len(shown) // 6))  # at most six labels, so they never overlap
    return [
        f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="13" '
        f'fill="#333">{escape(data.label(period))}</text>'
        for i, (period, x) in enumerate(zip(shown, xs, strict=True))
        # Counted from the latest period, which is always labelled.
        if (len(shown) - 1 - i) % every == 0
    ]


def _range_text(data: IndicatorData, shown: list[datetime.date]) -> str:
    if not shown:
        return ""
    first, last = data.label(shown[0]), data.label(shown[-1])
    return first if first == last else f"{first}–{last}"


def time_series_svg(data: IndicatorData, chart_id: str) -> SafeString:
    shown = data.shown_periods
    name = data.indicator.name
    unit = f" ({data.indicator.unit})" if data.indicator.unit else ""
    title = f"{name}{unit} per huvudman, {_range_text(data, shown)}"
    values = [v for s in data.series for p, v in s.values.items() if p in shown]
    if not values:
        return _safe(_frame(chart_id, title, "Inga värden ännu.", []))
    scale = Scale.of(values)
    xs = _x_positions(len(shown))
    body = _y_axis(scale) + _x_labels(data, shown, xs)
    for index, series in enumerate(data.series):
        points = [
            (x, scale.y(series.values[p]))
            for p, x in zip(shown, xs, strict=True)
            if p in series.values
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash = ' stroke-dasharray="6 3"' if (index // len(COLOURS)) % 2 else ""
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour(index)}" '
                f'stroke-width="2"{dash}/>'
            )
        body += [_marker_svg(marker(index), x, y, colour(index)) for x, y in points]
    desc = (
        f"Linjediagram med en linje per huvudman ({len(data.series)} st). "
        f"Lägsta värde {number_text(min(values))}, högsta {number_text(max(values))}. "
        "Alla värden står i tabellen intill."
    )
    return _safe(_frame(chart_id, title, desc, body))


def comparison_svg(data: IndicatorData, chart_id: str) -> SafeString:
    latest = data.latest
    period = data.label(latest) if latest else ""
    title = f"{data.indicator.name}: jämförelse mellan huvudmännen, {period}"
    bars = [(s, s.values[latest]) for s in data.series if latest and latest in s.values]
    if not bars:
        return _safe(_frame(chart_id, title, "Inga värden ännu.", []))
    row, label_width = 22, 150
    height = TOP + row * len(bars) + 28
    scale = Scale.of([v for _s, v in bars])
    inner = WIDTH - label_width - RIGHT - 70
    body: list[str] = []

    def x_of(value: Decimal) -> float:
        return label_width + inner * float(value - scale.low) / float(scale.high - scale.low)

    zero = x_of(Decimal(0))
    for i, (series, value) in enumerate(bars):
        y = TOP + row * i
        x = x_of(value)
        left, width = (min(x, zero), abs(x - zero))
        body.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="13" '
            f'fill="#333">{escape(series.name[:24])}</text>'
            f'<rect x="{left:.1f}" y="{y + 3}" width="{max(width, 1):.1f}" height="16" '
            f'fill="{colour(0)}"/>'
            f'<text x="{max(x, zero) + 4:.1f}" y="{y + 15}" font-size="13" fill="#333">'
            f"{escape(number_text(value))}</text>"
        )
    body.append(
        f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{TOP}" y2="{height - 24}" stroke="#333"/>'
    )
    top = max(bars, key=lambda b: b[1])
    desc = (
        f"Liggande staplar, en per huvudman ({len(bars)} st), för {period}. "
        f"Högst: {top[0].name} med {number_text(top[1])}. Alla värden står i tabellen intill."
    )
    return _safe(_frame(chart_id, title, desc, body, height=height))


def total_svg(data: IndicatorData, chart_id: str) -> SafeString:
    shown = data.shown_periods
    title = f"{data.indicator.name}: {data.total_label.lower()}, {_range_text(data, shown)}"
    totals = [(p, data.total(p)) for p in shown]
    points_data = [(p, t) for p, t in totals if t is not None]
    if not points_data:
        return _safe(_frame(chart_id, title, "Inga värden från kommunerna ännu.", []))
    scale = Scale.of([t for _p, t in points_data])
    xs = dict(zip(shown, _x_positions(len(shown)), strict=True))
    body = _y_axis(scale) + _x_labels(data, shown, list(xs.values()))
    points = [(xs[p], scale.y(t)) for p, t in points_data]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{colour(2)}" stroke-width="3"/>'
        )
    body += [_marker_svg("circle", x, y, colour(2)) for x, y in points]
    last = points_data[-1]
    desc = (
        f"Linjediagram över {data.total_label.lower()} per period. Senast "
        f"{data.label(last[0])}: {number_text(last[1])}. Alla värden står i tabellen intill."
    )
    return _safe(_frame(chart_id, title, desc, body))
