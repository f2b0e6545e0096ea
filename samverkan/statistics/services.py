"""Defining indicators and storing their values: by hand, from a file or from Kolada.

Every action is one transaction with one audit row (the values as one part: how many were
added and changed, and from where). Storing values is an upsert on (indicator, principal,
period): a value given again replaces the one stored. A file or a Kolada answer with any
problem stores nothing.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from samverkan.audit.services import record_create, record_parts, record_update, snapshot
from samverkan.lib.errors import DomainError
from samverkan.statistics import kolada
from samverkan.statistics.models import (
    Indicator,
    IndicatorLevel,
    IndicatorSource,
    IndicatorValue,
    PeriodKind,
    ValueSource,
)
from samverkan.statistics.rows import (
    Row,
    RowProblems,
    check_rows,
    read_table,
)
from samverkan.structure.models import PrincipalKind, Structure
from samverkan.structure.selectors import participating_principals

KPI_PATTERN = re.compile(r"[A-Z]\d{5}")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "description",
    "source",
    "kolada_kpi",
    "public",
    "level",
    "period_kind",
    "suppress_below",
)
FILE_FIELD = "file"


@dataclass(frozen=True)
class Stored:
    added: int
    changed: int

    @property
    def text(self) -> str:
        return f"{self.added} nya och {self.changed} ändrade värden"


def _check_indicator(structure: Structure, fields: dict[str, Any], pk: int) -> None:
    errors: dict[str, list[str]] = {}
    name = str(fields.get("name", "")).strip()
    if not name:
        errors["name"] = ["Ange ett namn."]
    elif Indicator.objects.filter(structure=structure, name__iexact=name).exclude(pk=pk).exists():
        errors["name"] = ["Strukturen har redan en indikator med det namnet."]
    kpi = str(fields.get("kolada_kpi", "")).strip().upper()
    if fields.get("source") == IndicatorSource.KOLADA:
        if not KPI_PATTERN.fullmatch(kpi):
            errors["kolada_kpi"] = [
                "Ange Koladas nyckeltals-id, en bokstav och fem siffror (N20891)."
            ]
        if fields.get("period_kind") != PeriodKind.YEARLY:
            errors["period_kind"] = ["Koladas nyckeltal är årsvärden: välj År."]
    elif kpi and not KPI_PATTERN.fullmatch(kpi):
        errors["kolada_kpi"] = ["Ange Koladas nyckeltals-id, en bokstav och fem siffror (N20891)."]
    for field, choices in (
        ("source", IndicatorSource),
        ("level", IndicatorLevel),
        ("period_kind", PeriodKind),
    ):
        if fields.get(field) not in choices.values:
            errors[field] = ["Ogiltigt val."]
    below = fields.get("suppress_below")
    if below is not None and not (isinstance(below, int) and 2 <= below <= 100):
        errors["suppress_below"] = ["Ange ett heltal från 2 till 100, eller lämna tomt."]
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError(first, errors=errors)


@transaction.atomic
def define_indicator(
    *,
    structure: Structure,
    by: Any,
    name: str,
    unit: str = "",
    description: str = "",
    source: str = IndicatorSource.MANUAL,
    kolada_kpi: str = "",
    public: bool = False,
    level: str = IndicatorLevel.MUNICIPALITY,
    period_kind: str = PeriodKind.YEARLY,
    suppress_below: int | None = None,
) -> Indicator:
    fields = {
        "name": name.strip(),
        "unit": unit.strip(),
        "description": description.strip(),
        "source": source,
        "kolada_kpi": kolada_kpi.strip().upper(),
        "public": public,
        "level": level,
        "period_kind": period_kind,
        "suppress_below": suppress_below,
    }
    _check_indicator(structure, fields, 0)
    indicator = Indicator.objects.create(structure=structure, **fields)
    record_create(by=by, obj=indicator)
    return indicator


@transaction.atomic
def update_indicator(*, indicator: Indicator, by: Any, **changes: Any) -> Indicator:
    unknown = set(changes) - set(INDICATOR_FIELDS)
    if unknown:
        raise DomainError("Okända fält: " + ", ".join(sorted(unknown)))
    if (
        "period_kind" in changes
        and changes["period_kind"] != indicator.period_kind
        and indicator.values.exists()
    ):
        raise DomainError(
            "Perioden kan inte ändras när indikatorn har värden.", field="period_kind"
        )
    fields = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    for name, value in changes.items():
        fields[name] = value.strip() if isinstance(value, str) else value
    fields["kolada_kpi"] = str(fields["kolada_kpi"]).upper()
    _check_indicator(indicator.structure, fields, indicator.pk)
    before = snapshot(indicator)
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.save()
    record_update(by=by, obj=indicator, before=before)
    return indicator


def _store(indicator: Indicator, rows: Iterable[Row], *, by: Any, source: str) -> Stored:
    """Upsert the rows' values; the caller holds the transaction."""
    rows = list(rows)
    now = timezone.now()
    user = by if getattr(by, "pk", None) else None
    existing = {
        (v.principal_id, v.period): v
        for v in IndicatorValue.objects.filter(
            indicator=indicator,
            principal_id__in={r.principal.pk for r in rows},
            period__in={r.period for r in rows},
        )
    }
    new: list[IndicatorValue] = []
    changed: list[IndicatorValue] = []
    for row in rows:
        current = existing.get((row.principal.pk, row.period))
        if current is None:
            new.append(
                IndicatorValue(
                    indicator=indicator,
                    principal=row.principal,
                    period=row.period,
                    value=row.value,
                    source=source,
                    entered_at=now,
                    entered_by=user,
                )
            )
        elif current.value != row.value:
            current.value, current.source = row.value, source
            current.entered_at, current.entered_by = now, user
            changed.append(current)
    IndicatorValue.objects.bulk_create(new, batch_size=1000)
    IndicatorValue.objects.bulk_update(
        changed, ["value", "source", "entered_at", "entered_by"], batch_size=1000
    )
    return Stored(len(new), len(changed))


def _record_values(indicator: Indicator, *, by: Any, stored: Stored, where: str) -> None:
    record_parts(by=by, obj=indicator, parts={"values": ("", f"{stored.text} ({where})")})


def _refuse(problems: list[str], field: str) -> DomainError:
    count = len(problems)
    summary = (
        "En rad är fel" if count == 1 else f"{count} rader är fel"
    ) + "; inget sparades. Rätta raderna och försök igen."
    return DomainError(summary, errors={field: problems})


@transaction.atomic
def enter_values(
    *, indicator: Indicator, by: Any, values: list[tuple[str, object, object]]
) -> Stored:
    """Values from the form or the API, as (principal code or name, period, value); row
    numbers in errors count from 1."""
    principals = participating_principals(structure=indicator.structure)
    try:
        rows = check_rows(
            indicator,
            [(i + 1, list(cells)) for i, cells in enumerate(values)],
            principals,
        )
    except RowProblems as exc:
        raise _refuse(exc.problems, "values") from exc
    stored = _store(indicator, rows, by=by, source=ValueSource.MANUAL)
    _record_values(indicator, by=by, stored=stored, where="registrerade för hand")
    return stored


@transaction.atomic
def import_values(*, indicator: Indicator, by: Any, file_name: str, data: bytes) -> Stored:
    """Every row of a CSV or XLSX file (kommun; period; värde, headings on the first row),
    or nothing when any row is wrong: then every wrong row is named with its reason."""
    principals = participating_principals(structure=indicator.structure)
    try:
        rows = check_rows(indicator, read_table(file_name, data), principals)
    except RowProblems as exc:
        raise _refuse(exc.problems, FILE_FIELD) from exc
    stored = _store(indicator, rows, by=by, source=ValueSource.IMPORT)
    _record_values(indicator, by=by, stored=stored, where=f"importerade från {file_name}")
    return stored


def year_range(text: str) -> list[int]:
    """`2020-2025`, `2020,2022` or `2024` as a list of years."""
    years: set[int] = set()
    for part in text.replace(" ", "").split(","):
        if m := re.fullmatch(r"(\d{4})(?:-(\d{4}))?", part):
            first, last = int(m[1]), int(m[2] or m[1])
            if not 1990 <= first <= last <= 2100 or last - first > 40:
                raise DomainError(f"Ogiltigt årsintervall ”{part}”.", field="years")
            years.update(range(first, last + 1))
        else:
            raise DomainError(f"Ogiltiga år ”{part}” (skriv t.ex. 2020-2025).", field="years")
    return sorted(years)


def default_years(today: datetime.date) -> list[int]:
    return list(range(today.year - 6, today.year))


def fetch_from_kolada(*, indicator: Indicator, by: Any, years: list[int]) -> Stored:
    """The indicator's KPI for the structure's principals (at its level) and `years`,
    read whole from Kolada, then stored in one transaction; a failure stores nothing."""
    if not indicator.kolada_kpi:
        raise DomainError("Indikatorn har inget Kolada-nyckeltal.", field="kolada_kpi")
    principals = [
        p
        for p in participating_principals(structure=indicator.structure)
        if indicator.level == IndicatorLevel.BOTH
        or (indicator.level == IndicatorLevel.REGION) == (p.kind == PrincipalKind.REGION)
    ]
    by_id = {
        (f"00{p.scb_code}" if p.kind == PrincipalKind.REGION else p.scb_code): p for p in principals
    }
    try:
        found = kolada.fetch_values(indicator.kolada_kpi, sorted(by_id), years)
    except kolada.KoladaError as exc:
        raise DomainError(str(exc), field="kolada") from exc
    rows: dict[tuple[int, datetime.date], Row] = {}
    for number, item in enumerate(found, start=1):
        principal = by_id.get(item.municipality)
        # Kolada answers only for what was asked; anything else is not stored.
        if principal is None or item.kpi.upper() != indicator.kolada_kpi or item.year not in years:
            continue
        period = datetime.date(item.year, 1, 1)
        rows[(principal.pk, period)] = Row(
            number, principal, period, item.value.quantize(Decimal("0.0001"))
        )
    with transaction.atomic():
        stored = _store(indicator, rows.values(), by=by, source=ValueSource.KOLADA)
        indicator.kolada_fetched_at = timezone.now()
        indicator.save(update_fields=["kolada_fetched_at"])
        _record_values(
            indicator,
            by=by,
            stored=stored,
            where=f"hämtade från Kolada, {indicator.kolada_kpi}, {years[0]}–{years[-1]}",
        )
    return stored
