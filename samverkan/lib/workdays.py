"""Swedish working days, for deadlines such as "10 arbetsdagar före mötet".

A working day is Monday to Friday except Swedish public holidays (Lag 1989:253 om
allmänna helgdagar, from the `holidays` package) and the three eves that are not working
days in practice (midsommarafton, julafton, nyårsafton; cf. semesterlagen and Lag
1930:173). No Django models here.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

from samverkan.lib.swedish import WEEKDAYS


@lru_cache(maxsize=64)
def _days_off(year: int) -> dict[datetime.date, str]:
    public = holidays.Sweden(years=year, include_sundays=False)
    eves = holidays.Sweden(years=year, include_sundays=False, categories=("de_facto",))
    return {**dict(public.items()), **dict(eves.items())}


def non_working_reason(day: datetime.date) -> str:
    """Why `day` is not a working day ("lördag", "Midsommarafton"), or "" if it is one."""
    name = _days_off(day.year).get(day)
    if name:
        return name
    if day.weekday() >= 5:
        return WEEKDAYS[day.weekday()]
    return ""


def is_working_day(day: datetime.date) -> bool:
    return not non_working_reason(day)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days before `day`, not counting `day` itself.

    Documents due "10 arbetsdagar före mötet" on a Thursday meeting are due this day.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    current = day
    remaining = count
    while remaining:
        current -= datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    if count < 1:
        raise ValueError("count must be at least 1")
    current = day
    remaining = count
    while remaining:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in [start, end)."""
    days = (end - start).days
    return sum(1 for i in range(max(days, 0)) if is_working_day(start + datetime.timedelta(days=i)))


def lead_deadline(meeting_day: datetime.date, value: int, unit: str) -> datetime.date:
    """The last day documents may reach the members for a meeting on `meeting_day`.

    `unit` is a charter's lead-time unit: working_days, calendar_days or weeks.
    """
    if unit == "working_days":
        return working_days_before(meeting_day, value)
    if unit == "calendar_days":
        return meeting_day - datetime.timedelta(days=value)
    if unit == "weeks":
        return meeting_day - datetime.timedelta(weeks=value)
    raise ValueError(f"unknown lead-time unit {unit!r}")
