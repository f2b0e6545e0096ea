"""Swedish local time: every day and hour the charters speak of is in Europe/Stockholm."""

from __future__ import annotations

import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class Scheduled(Protocol):
    """Anything that starts at a moment, such as a meeting."""

    starts_at: datetime.datetime


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """The aware moment `hour:minute` on `day` in Swedish time."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)


def local_time(moment: datetime.datetime) -> datetime.datetime:
    """`moment` as Swedish wall-clock time."""
    return timezone.localtime(moment, STOCKHOLM)


def local_day(moment: datetime.datetime) -> datetime.date:
    """The Swedish calendar day `moment` falls on."""
    return local_time(moment).date()


def local_today(now: datetime.datetime | None = None) -> datetime.date:
    return local_day(now or timezone.now())


def local_start(meeting: Scheduled) -> datetime.datetime:
    return local_time(meeting.starts_at)


def meeting_day(meeting: Scheduled) -> datetime.date:
    """The day a meeting is held, as the members know it (Swedish time)."""
    return local_day(meeting.starts_at)
