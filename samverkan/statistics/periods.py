"""Periods of an indicator: a month, a tertial (four months) or a year, stored as the
period's first day, read from the ways people write them and shown the Swedish way."""

from __future__ import annotations

import datetime
import re

from samverkan.statistics.models import PeriodKind

MONTHS = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip
YEAR_RANGE = (1990, 2100)


def normalise(kind: str, day: datetime.date) -> datetime.date:
    """The first day of the period `day` falls in."""
    if kind == PeriodKind.MONTHLY:
        return day.replace(day=1)
    if kind == PeriodKind.TERM:
        return datetime.date(day.year, 1 + 4 * ((day.month - 1) // 4), 1)
    return datetime.date(day.year, 1, 1)


def label(kind: str, start: datetime.date) -> str:
    if kind == PeriodKind.MONTHLY:
        return f"{start:%Y-%m}"
    if kind == PeriodKind.TERM:
        return f"{start.year} T{(start.month - 1) // 4 + 1}"
    return str(start.year)


def _year(text: str) -> int | None:
    year = int(text)
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


def parse(kind: str, raw: object) -> datetime.date | None:
    """The period's first day, or None when `raw` is no period of this kind.

    Takes a date (a spreadsheet's cell), `2024-03-15`, `2024-03` or `2024-3` for any kind
    (normalised), `2024` for a year, `2024 T2`, `2024-T2` or `T2 2024` for a tertial."""
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        return normalise(kind, raw) if YEAR_RANGE[0] <= raw.year <= YEAR_RANGE[1] else None
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        return None
    text = raw.strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text):
        year = _year(m[1])
        try:
            day = datetime.date(year or 0, int(m[2]), int(m[3] or 1)) if year else None
        except ValueError:
            return None
        return normalise(kind, day) if day else None
    if m := re.fullmatch(r"(\d{4})", text):
        year = _year(m[1])
        return datetime.date(year, 1, 1) if year and kind == PeriodKind.YEARLY else None
    if kind == PeriodKind.TERM and (
        m := re.fullmatch(r"(\d{4})\s*[- ]?\s*T([1-3])", text)
        or re.fullmatch(r"T([1-3])\s*[- ]?\s*(\d{4})", text)
    ):
        year_text, term = (m[1], m[2]) if len(m[1]) == 4 else (m[2], m[1])
        year = _year(year_text)
        return datetime.date(year, 1 + 4 * (int(term) - 1), 1) if year else None
    return None


def expected(kind: str) -> str:
    """How a period of this kind is written, for an error message."""
    if kind == PeriodKind.MONTHLY:
        return "ÅÅÅÅ-MM, t.ex. 2024-03"
    if kind == PeriodKind.TERM:
        return "ÅÅÅÅ T1–T3, t.ex. 2024 T2"
    return "ÅÅÅÅ, t.ex. 2024"
