"""The statistics demo: in each of the demo's own structures, the indicators a local group
follows (SIPs held and followed up, utskrivningsklara care episodes and their days) and a
Kolada key figure, with a few years of values for every municipality of the county.

Values are pseudo-random but the same on every run (seeded by structure, indicator and
municipality), scaled by the municipality's size where it has a known one. A structure
that has indicators already (the demo ran, or someone defined their own) is left alone, so
loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from samverkan.lib.localtime import local_today
from samverkan.statistics import services
from samverkan.statistics.models import (
    Indicator,
    IndicatorLevel,
    IndicatorSource,
    IndicatorValue,
    PeriodKind,
    ValueSource,
)
from samverkan.structure.demo import demo_mark, demo_structures
from samverkan.structure.models import DemoPart, Principal, PrincipalKind, Structure
from samverkan.structure.selectors import participating_principals


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit: str
    description: str
    period_kind: str
    public: bool
    base: tuple[float, float]  # a small municipality's monthly (or yearly) range
    source: str = IndicatorSource.IMPORT
    kolada_kpi: str = ""
    decimals: int = 0
    scales: bool = True
    # Counts of people: the public sees "färre än N" for the smallest values.
    suppress_below: int | None = None


INDICATORS = [
    DemoIndicator(
        "Genomförda SIP",
        "antal",
        "Samordnade individuella planer som hållits under månaden, från huvudmännens "
        "journalsystem.",
        PeriodKind.MONTHLY,
        True,
        (2, 9),
        suppress_below=5,
    ),
    DemoIndicator(
        "Uppföljda SIP",
        "antal",
        "SIP som följts upp under månaden; uppföljningen visar hur samverkan kring planen "
        "fungerat.",
        PeriodKind.MONTHLY,
        False,
        (1, 6),
    ),
    DemoIndicator(
        "Vårdtillfällen med utskrivningsklara patienter",
        "antal",
        "Vårdtillfällen i slutenvården där patienten blev utskrivningsklar och skulle vidare "
        "till kommunen.",
        PeriodKind.MONTHLY,
        True,
        (3, 14),
    ),
    DemoIndicator(
        "Utskrivningsklara dagar",
        "dagar",
        "Summa dagar som patienter låg kvar efter att ha blivit utskrivningsklara.",
        PeriodKind.MONTHLY,
        False,
        (2, 30),
    ),
    DemoIndicator(
        "Invånare 65+ i särskilt boende eller med hemtjänst",
        "procent",
        "Kolada N20891: andel av invånarna 65 år och äldre som bor i särskilt boende eller "
        "har hemtjänst i ordinärt boende, den 31 december.",
        PeriodKind.YEARLY,
        True,
        (9.5, 16.5),
        source=IndicatorSource.KOLADA,
        kolada_kpi="N20891",
        decimals=1,
        scales=False,
    ),
]
MONTHS = 24
YEARS = 6


def _size(principal: Principal) -> int:
    """A rough size factor: the county's main town (code ending 80) is the largest."""
    code = principal.scb_code
    return 5 if code.endswith("80") else 2 if code.endswith(("81", "82", "83")) else 1


def _periods(spec: DemoIndicator, today: datetime.date) -> list[datetime.date]:
    if spec.period_kind == PeriodKind.YEARLY:
        return [datetime.date(today.year - YEARS + i, 1, 1) for i in range(YEARS)]
    first = datetime.date(today.year, today.month, 1)
    months = []
    for back in range(MONTHS, 0, -1):
        month_index = first.year * 12 + first.month - 1 - back
        months.append(datetime.date(month_index // 12, month_index % 12 + 1, 1))
    return months


def _values(
    structure: Structure, indicator: Indicator, spec: DemoIndicator, today: datetime.date
) -> list[IndicatorValue]:
    now = timezone.now()
    made = []
    for principal in participating_principals(structure=structure):
        if principal.kind != PrincipalKind.MUNICIPALITY:
            continue
        seeded = random.Random(f"{structure.slug}/{spec.name}/{principal.scb_code}")
        low, high = spec.base
        factor = _size(principal) if spec.scales else 1
        level = seeded.uniform(low, high)
        for period in _periods(spec, today):
            # A slow drift with some noise, never below zero.
            level = max(low * 0.5, level + seeded.uniform(-0.08, 0.1) * (high - low))
            value = Decimal(str(round(level * factor, spec.decimals)))
            made.append(
                IndicatorValue(
                    indicator=indicator,
                    principal=principal,
                    period=period,
                    value=value,
                    source=ValueSource.DEMO,
                    entered_at=now,
                )
            )
    return made


def load_demo_statistics(*, today: datetime.date | None = None) -> list[str]:
    """Load the demo in each demo structure without indicators; returns a line for each."""
    today = today or local_today()
    lines = []
    waiting = demo_structures(not_yet=DemoPart.STATISTICS)
    for structure in waiting.select_related("region").order_by("name"):
        count = 0
        with transaction.atomic():
            demo_mark(DemoPart.STATISTICS, structures=[structure])
            # An installation whose demo ran before the marks: its indicators are the demo's.
            if Indicator.objects.filter(structure=structure).exists():
                continue
            for spec in INDICATORS:
                indicator = services.define_indicator(
                    structure=structure,
                    by=None,
                    name=spec.name,
                    unit=spec.unit,
                    description=spec.description,
                    source=spec.source,
                    kolada_kpi=spec.kolada_kpi,
                    public=spec.public,
                    level=IndicatorLevel.MUNICIPALITY,
                    period_kind=spec.period_kind,
                    suppress_below=spec.suppress_below,
                )
                values = _values(structure, indicator, spec, today)
                IndicatorValue.objects.bulk_create(values, batch_size=2000)
                count += len(values)
        lines.append(f"{structure.name}: {len(INDICATORS)} indikatorer, {count} värden.")
    return lines
