"""Swedish wording with no Django models: dates, times, counts and lead times."""

from __future__ import annotations

import datetime

from samverkan.lib.localtime import local_time

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)

WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")

NUMBER_WORDS = ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio")


def month_name(month: int) -> str:
    return MONTHS[month - 1]


def number_word(n: int) -> str:
    """Swedish style: numbers up to ten in words, larger ones as digits."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def date_text(day: datetime.date) -> str:
    """'3 mars 2026'."""
    return f"{day.day} {month_name(day.month)} {day.year}"


def day_text(day: datetime.date) -> str:
    """'tisdag 3 mars 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {month_name(day.month)} {day.year}"


def clock_text(moment: datetime.datetime | datetime.time) -> str:
    """'13.00', Swedish style."""
    return f"{moment.hour:02d}.{moment.minute:02d}"


def when_text(
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    *,
    end_as_clock: bool = False,
) -> str:
    """'tisdag 3 mars 2026 kl. 13.00–15.00' in Europe/Stockholm.

    An end on a later day is written with its day ('… kl. 22.00 – onsdag 4 mars 2026 kl.
    02.00'), as the public calendars have it; `end_as_clock` writes the end as a time of day
    only ('kl. 22.00–02.00'), as notices, reminders and minutes always have, so that the
    minutes' approved text and its hash never change with the wording.
    """
    start = local_time(starts_at)
    if ends_at is None:
        return f"{day_text(start.date())} kl. {clock_text(start)}"
    end = local_time(ends_at)
    if end_as_clock or end.date() == start.date():
        return f"{day_text(start.date())} kl. {clock_text(start)}–{clock_text(end)}"
    return (
        f"{day_text(start.date())} kl. {clock_text(start)} – "
        f"{day_text(end.date())} kl. {clock_text(end)}"
    )


# A lead time's unit (the charter's `document_lead_unit`) in the singular and plural.
LEAD_UNITS = {
    "working_days": ("arbetsdag", "arbetsdagar"),
    "calendar_days": ("dag", "dagar"),
    "weeks": ("vecka", "veckor"),
}


def count_text(n: int, one: str, many: str) -> str:
    """'en arbetsdag', 'tio arbetsdagar', '12 veckor'."""
    return f"{number_word(n)} {one if n == 1 else many}"


def lead_time_text(value: int, unit: str, approximate: bool = False) -> str:
    """A lead time in words: 'tio arbetsdagar', 'ca två veckor'."""
    one, many = LEAD_UNITS[str(unit)]
    text = count_text(value, one, many)
    return f"ca {text}" if approximate else text
