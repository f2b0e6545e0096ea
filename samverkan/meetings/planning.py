"""Yearly planning: propose next year's meetings so that the charter is met by default.

The proposal spreads the charter's number of meetings over the working year,
keeps clear of Swedish holidays and the summer break, and, for a body whose
commissioning body's calendar steers it, places each meeting ahead of one of the
commissioning body's meetings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import STOCKHOLM, local
from samverkan.lib.swedish import month_name
from samverkan.lib.workdays import is_working_day, non_working_reason, working_days_before
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.meetings.services import meeting_create
from samverkan.structure.models import Body, Charter

# No meetings from midsummer to mid-August, nor between Christmas and Epiphany.
SUMMER_BREAK = ((6, 21), (8, 14))
WINTER_BREAK_FROM = (12, 18)
WINTER_BREAK_UNTIL = (1, 9)
DEFAULT_MEETINGS = 4
DEFAULT_WEEKDAY = 1  # tisdag
DEFAULT_START = (13, 0)
DEFAULT_HOURS = 2
# A preparing body meets this many working days before its commissioning body.
PARENT_LEAD_WORKING_DAYS = 10


@dataclass(frozen=True)
class ProposedMeeting:
    day: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    reason: str


def in_break(day: datetime.date) -> bool:
    md = (day.month, day.day)
    if SUMMER_BREAK[0] <= md <= SUMMER_BREAK[1]:
        return True
    return md >= WINTER_BREAK_FROM or md <= WINTER_BREAK_UNTIL


def meetings_needed(charter: Charter | None) -> int:
    """How many meetings a year the charter asks for; within its maximum."""
    if charter is None:
        return DEFAULT_MEETINGS
    wanted = max(charter.meetings_min_per_year or 0, 4 * (charter.meetings_min_per_quarter or 0))
    if not wanted:
        wanted = min(DEFAULT_MEETINGS, charter.meetings_max_per_year or DEFAULT_MEETINGS)
    if charter.meetings_max_per_year:
        wanted = min(wanted, charter.meetings_max_per_year)
    return wanted


def _nearest_meeting_day(
    target: datetime.date, weekday: int, taken: set[datetime.date]
) -> datetime.date:
    """The chosen weekday nearest `target` that is a working day outside the breaks."""
    start = target + datetime.timedelta(days=(weekday - target.weekday()) % 7)
    for offset in range(0, 120, 7):
        for candidate in (
            start + datetime.timedelta(days=offset),
            start - datetime.timedelta(days=offset),
        ):
            if (
                candidate.year == target.year
                and is_working_day(candidate)
                and not in_break(candidate)
            ):
                if candidate not in taken:
                    return candidate
    raise DomainError("Det gick inte att hitta en ledig mötesdag.")


def _quarter(day: datetime.date) -> int:
    return (day.month - 1) // 3


@dataclass(frozen=True)
class PlanningFacts:
    """What planning needs to know of one body for one year."""

    charter: Charter | None
    booked_days: list[datetime.date]
    parent_days: list[datetime.date]


def planning_facts(bodies: list[Body], year: int) -> dict[int, PlanningFacts]:
    """The facts for many bodies in three queries, whatever their number."""
    charters = {c.body_id: c for c in Charter.objects.in_force().filter(body__in=bodies)}
    wanted = {b.pk for b in bodies} | {b.parent_id for b in bodies if b.parent_id}
    days: dict[int, list[datetime.date]] = {}
    for body_id, starts_at in (
        Meeting.objects.filter(body_id__in=wanted, starts_at__year=year)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .values_list("body_id", "starts_at")
    ):
        days.setdefault(body_id, []).append(timezone.localtime(starts_at, STOCKHOLM).date())
    return {
        b.pk: PlanningFacts(
            charters.get(b.pk), days.get(b.pk, []), days.get(b.parent_id, []) if b.parent_id else []
        )
        for b in bodies
    }


def propose_year(
    *,
    body: Body,
    year: int,
    weekday: int = DEFAULT_WEEKDAY,
    facts: PlanningFacts | None = None,
) -> list[ProposedMeeting]:
    """Dates for `body`'s meetings in `year` that satisfy its charter's frequency."""
    facts = facts or planning_facts([body], year)[body.pk]
    charter = facts.charter
    # Meetings already booked count towards the charter's number.
    count = max(0, meetings_needed(charter) - len(facts.booked_days))
    hour, minute = DEFAULT_START
    taken = set(facts.booked_days)
    days: list[tuple[datetime.date, str]] = []

    if charter is not None and charter.follows_parent_calendar and body.parent_id:
        parent_days = facts.parent_days
        parent_name = body.parent.name if body.parent else "uppdragsgivaren"
        for parent_day in parent_days[:count]:
            day = working_days_before(parent_day, PARENT_LEAD_WORKING_DAYS)
            while (not is_working_day(day) or in_break(day) or day in taken) and day.year == year:
                day -= datetime.timedelta(days=1)
            if day.year == year:
                taken.add(day)
                days.append(
                    (
                        day,
                        f"{PARENT_LEAD_WORKING_DAYS} arbetsdagar före {parent_name}s möte {parent_day:%-d/%-m}",
                    )
                )

    # Spread the rest evenly over the working year, one period per meeting.
    remaining = count - len(days)
    if remaining > 0:
        first = datetime.date(year, 1, 15)
        last = datetime.date(year, 12, 10)
        span = (last - first).days
        for index in range(remaining):
            target = first + datetime.timedelta(days=round(span * (index + 0.5) / remaining))
            if in_break(target):
                target = (
                    datetime.date(year, 8, 20)
                    if target.month in (6, 7, 8)
                    else datetime.date(year, 12, 10)
                )
            day = _nearest_meeting_day(target, weekday, taken)
            taken.add(day)
            days.append((day, f"jämnt fördelat över året ({month_name(day.month)})"))

    # A charter asking for a meeting per quarter gets one in each quarter.
    if charter is not None and charter.meetings_min_per_quarter:
        quarters = {_quarter(d) for d, _ in days} | {_quarter(d) for d in facts.booked_days}
        for quarter in range(4):
            if quarter not in quarters:
                target = datetime.date(year, quarter * 3 + 2, 15)
                day = _nearest_meeting_day(target, weekday, taken)
                taken.add(day)
                days.append((day, "minst ett möte per kvartal"))

    days.sort()
    return [
        ProposedMeeting(
            day=day,
            starts_at=local(day, hour, minute),
            ends_at=local(day, hour + DEFAULT_HOURS, minute),
            reason=reason,
        )
        for day, reason in days
    ]


@dataclass(frozen=True)
class BookingStatus:
    year: int
    booked: int
    needed: int
    deadline: datetime.date | None
    ok: bool
    message: str


def booking_status(
    *,
    body: Body,
    year: int,
    today: datetime.date | None = None,
    facts: PlanningFacts | None = None,
) -> BookingStatus:
    """Whether `year`'s meetings are booked as the charter asks, and by its deadline."""
    today = today or timezone.localdate()
    facts = facts or planning_facts([body], year)[body.pk]
    charter = facts.charter
    booked = len(facts.booked_days)
    needed = meetings_needed(charter) if charter else 0
    deadline = None
    if charter is not None and charter.booking_deadline_month:
        deadline = datetime.date(
            year - 1, charter.booking_deadline_month, charter.booking_deadline_day or 1
        )
    if needed and booked >= needed:
        ok, message = (
            True,
            f"{booked} möten är bokade för {year}; uppdragsbeskrivningen kräver {needed}.",
        )
    elif deadline and today > deadline:
        ok, message = (
            False,
            (
                f"Bara {booked} av {needed} möten för {year} är bokade, och sista dag var "
                f"{deadline.day} {month_name(deadline.month)} {deadline.year}."
            ),
        )
    elif deadline:
        ok, message = (
            False,
            (
                f"{booked} av {needed} möten för {year} är bokade; resten ska vara bokade senast "
                f"{deadline.day} {month_name(deadline.month)} {deadline.year}."
            ),
        )
    else:
        ok, message = booked >= needed, f"{booked} av {needed} möten för {year} är bokade."
    if charter and charter.meetings_max_per_year and booked > charter.meetings_max_per_year:
        ok, message = (
            False,
            (
                f"{booked} möten är bokade för {year}, men uppdragsbeskrivningen säger högst "
                f"{charter.meetings_max_per_year}."
            ),
        )
    return BookingStatus(year, booked, needed, deadline, ok, message)


@transaction.atomic
def year_plan_book(
    *,
    body: Body,
    days: list[datetime.date],
    by: User | None,
    start: tuple[int, int] = DEFAULT_START,
    hours: int = DEFAULT_HOURS,
    place: str = "",
) -> list[Meeting]:
    """Book meetings on the chosen days.

    A day that is not a working day, a day chosen twice and a day the body already meets
    are refused; a day in the summer or Christmas break is allowed when chosen on purpose
    (the proposals avoid them), and a past day is refused by `meeting_create`.
    """
    if not days:
        raise DomainError("Välj minst en dag.", field="days")
    if len(set(days)) != len(days):
        raise DomainError("Samma dag är vald två gånger.", field="days")
    booked = {
        timezone.localtime(m.starts_at, STOCKHOLM).date()
        for m in Meeting.objects.filter(body=body, starts_at__date__in=days).exclude(
            status=MeetingStatus.CANCELLED
        )
    }
    if booked:
        first = min(booked)
        raise DomainError(f"{body.name} har redan ett möte {first:%Y-%m-%d}.", field="days")
    for day in days:
        reason = non_working_reason(day)
        if reason:
            raise DomainError(f"{day:%Y-%m-%d} är ingen arbetsdag ({reason}).", field="days")
    hour, minute = start
    return [
        meeting_create(
            body=body,
            starts_at=local(day, hour, minute),
            ends_at=local(day, hour + hours, minute),
            place=place,
            by=by,
        )
        for day in sorted(days)
    ]


@transaction.atomic
def year_plan_book_many(
    *, plans: dict[Body, list[datetime.date]], by: User | None, place: str = ""
) -> list[Meeting]:
    """Book several bodies' years at once (e.g. all local groups); all or nothing."""
    booked: list[Meeting] = []
    for body, days in plans.items():
        if days:
            try:
                booked += year_plan_book(body=body, days=days, by=by, place=place)
            except DomainError as exc:
                raise DomainError(f"{body.name}: {exc.message}", field="days") from exc
    if not booked:
        raise DomainError("Välj minst en dag.", field="days")
    return booked
