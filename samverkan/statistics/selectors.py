"""Reading an indicator's values for its charts and tables: one query per page, however
many values (the values of several indicators together for the meeting page's panel)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from samverkan.statistics import periods
from samverkan.statistics.models import Indicator, IndicatorValue
from samverkan.structure.models import PrincipalKind

# A chart shows the latest periods; the CSV file holds them all.
CHART_PERIODS = {"monthly": 24, "term": 12, "yearly": 10}
RATE_WORDS = ("%", "procent", "andel", "per ", "snitt", "medel", "index")


@dataclass(frozen=True)
class Series:
    principal_id: int
    name: str
    kind: str
    values: dict[datetime.date, Decimal]


@dataclass
class IndicatorData:
    indicator: Indicator
    periods: list[datetime.date] = field(default_factory=list)  # all, in order
    series: list[Series] = field(default_factory=list)  # region first, then by name
    # Values left out for the public (small-count suppression): (principal id, period).
    suppressed: set[tuple[int, datetime.date]] = field(default_factory=set)

    @property
    def kind(self) -> str:
        return self.indicator.period_kind

    def label(self, period: datetime.date) -> str:
        return periods.label(self.kind, period)

    @property
    def shown_periods(self) -> list[datetime.date]:
        return self.periods[-CHART_PERIODS.get(self.kind, 12) :]

    @property
    def latest(self) -> datetime.date | None:
        return self.periods[-1] if self.periods else None

    @property
    def is_rate(self) -> bool:
        """A rate or a share is averaged over the municipalities, a count is summed."""
        text = f" {self.indicator.unit} {self.indicator.name} ".casefold()
        return any(word in text for word in RATE_WORDS)

    @property
    def total_label(self) -> str:
        return "Medelvärde för kommunerna" if self.is_rate else "Summa för kommunerna"

    @property
    def suppressed_text(self) -> str:
        """What a left-out value shows instead: "färre än 5"."""
        return f"färre än {self.indicator.suppress_below}"

    def shown_value(self, series: Series, period: datetime.date) -> Decimal | str | None:
        """The value as a table shows it: the number, "färre än N" or nothing."""
        if (series.principal_id, period) in self.suppressed:
            return self.suppressed_text
        return series.values.get(period)

    def total_hidden(self, period: datetime.date) -> bool:
        """A sum or an average with a left-out value in it would give that value away."""
        return any(p == period for _, p in self.suppressed)

    def total(self, period: datetime.date) -> Decimal | None:
        if self.total_hidden(period):
            return None
        found = [
            s.values[period]
            for s in self.series
            if s.kind == PrincipalKind.MUNICIPALITY and period in s.values
        ]
        if not found:
            return None
        total = sum(found, Decimal(0))
        return (total / len(found)).quantize(Decimal("0.01")) if self.is_rate else total

    @property
    def has_municipal_series(self) -> bool:
        return any(s.kind == PrincipalKind.MUNICIPALITY for s in self.series)


def is_suppressed(indicator: Indicator, value: Decimal) -> bool:
    """Whether the public may not see `value`: from 1 up to the indicator's threshold."""
    below = indicator.suppress_below
    return below is not None and 0 < value < below


def indicators_data(
    indicators: Sequence[Indicator], *, public: bool = False
) -> list[IndicatorData]:
    """Each indicator's values in one query; for the `public`, without the small counts the
    indicator suppresses (recorded in `suppressed`, so tables say "färre än N")."""
    by_indicator = {i.pk: IndicatorData(i) for i in indicators}
    if not by_indicator:
        return []
    rows = (
        IndicatorValue.objects.filter(indicator_id__in=by_indicator)
        .order_by()
        .values_list(
            "indicator_id",
            "principal_id",
            "principal__name",
            "principal__short_name",
            "principal__kind",
            "period",
            "value",
        )
    )
    series: dict[int, dict[int, Series]] = defaultdict(dict)
    period_sets: dict[int, set[datetime.date]] = defaultdict(set)
    for indicator_id, pid, name, short, kind, period, value in rows.iterator(chunk_size=5000):
        found = series[indicator_id].get(pid)
        if found is None:
            shown = name if kind == PrincipalKind.REGION else (short or name)
            found = series[indicator_id][pid] = Series(pid, shown, kind, {})
        period_sets[indicator_id].add(period)
        if public and is_suppressed(by_indicator[indicator_id].indicator, value):
            by_indicator[indicator_id].suppressed.add((pid, period))
            continue
        found.values[period] = (
            value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
        )
    for pk, data in by_indicator.items():
        data.periods = sorted(period_sets[pk])
        data.series = sorted(
            series[pk].values(), key=lambda s: (s.kind != PrincipalKind.REGION, s.name)
        )
    return [by_indicator[i.pk] for i in indicators]


def indicator_data(indicator: Indicator, *, public: bool = False) -> IndicatorData:
    return indicators_data([indicator], public=public)[0]
