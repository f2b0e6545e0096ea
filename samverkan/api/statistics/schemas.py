"""Request and response shapes of indicators and their values."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, Schema

from samverkan.api.base import InputSchema
from samverkan.statistics import periods
from samverkan.statistics.models import (
    IndicatorLevel,
    IndicatorSource,
    IndicatorValue,
    PeriodKind,
    ValueSource,
)


class IndicatorOut(Schema):
    id: int
    structure: str = Field(validation_alias="structure.slug", description="Strukturens slug")
    name: str
    unit: str
    description: str
    source: IndicatorSource = Field(
        description="`manual` för hand, `import` från fil, `kolada` från Koladas API"
    )
    kolada_kpi: str = Field(description="Koladas nyckeltals-id, t.ex. N20891")
    public: bool = Field(description="Visas på den publika webbplatsen")
    level: IndicatorLevel = Field(
        description="`municipality` per kommun, `region` för regionen, `both` båda"
    )
    period_kind: PeriodKind = Field(description="`monthly` månad, `term` tertial, `yearly` år")
    suppress_below: int | None = Field(
        description="Värden från 1 och under talet visas inte publikt (`null`: alla visas)"
    )


class IndicatorIn(InputSchema):
    structure: str = Field(max_length=80, description="Strukturens slug")
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field("", max_length=60)
    description: str = Field("", max_length=5000)
    source: IndicatorSource = IndicatorSource.MANUAL
    kolada_kpi: str = Field("", max_length=20)
    public: bool = False
    level: IndicatorLevel = IndicatorLevel.MUNICIPALITY
    period_kind: PeriodKind = PeriodKind.YEARLY
    suppress_below: int | None = Field(None, ge=2, le=100)


class ValueOut(Schema):
    principal: int = Field(validation_alias="principal_id")
    principal_name: str = Field(validation_alias="principal.name")
    scb_code: str = Field(validation_alias="principal.scb_code", description="SCB:s kod")
    period: datetime.date = Field(description="Periodens första dag")
    period_label: str = Field(description="T.ex. 2024, 2024-03 eller 2024 T2")
    value: Decimal
    source: ValueSource

    @staticmethod
    def resolve_period_label(obj: IndicatorValue) -> str:
        return periods.label(obj.indicator.period_kind, obj.period)


class ValueIn(InputSchema):
    principal: str = Field(
        max_length=200, description="Kommunkod (2480), regionens kod (24) eller namnet"
    )
    period: str = Field(max_length=20, description="2024, 2024-03 eller 2024 T2 efter periodtyp")
    value: Decimal = Field(max_digits=18, decimal_places=4)


class ValuesIn(InputSchema):
    values: list[ValueIn] = Field(min_length=1, max_length=10_000)


class StoredOut(Schema):
    added: int = Field(description="Nya värden")
    changed: int = Field(description="Värden som ersattes")
