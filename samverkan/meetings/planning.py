"""Yearly planning: propose next year's meetings so that the charter is met by default.

The proposal spreads the charter's number of meetings over the working year,
keeps clear of Swedish holidays and the summer break, and, for a body whose
commissioning body's calendar steers it, places each meeting ahead of one of the
commissioning body's meetings. It proposes nothing where the charter sets no frequency
(it says so instead), nothing after a temporary body's end date, and never a day on which
a body that shares members or a commissioning body with it already meets, or is proposed
to meet when several bodies are planned at once.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import STOCKHOLM, local
from samverkan.lib.swedish import date_text, month_name
from samverkan.lib.workdays import is_working_day, non_working_reason, working_days_before
from samverkan.meetings.bulk import Planned, meetings_create_many
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.structure.models import SEAT_ROLES, Body, Charter, Membership

# No meetings from midsummer to mid-August, nor between Christmas and Epiphany.
SUMMER_BREAK = ((6, 21), (8, 14))
WINTER_BREAK_FROM = (12, 18)
WINTER_BREAK_UNTIL = (1, 9)
# Where a charter sets only a maximum, this many (or the maximum, if fewer) are proposed.
DEFAULT_MEETINGS = 4
DEFAULT_WEEKDAY = 1  # tisdag
DEFAULT_START = (13, 0)
DEFAULT_HOURS = 2
# A preparing body meets this many working days before its commissioning body.
PARENT_LEAD_WORKING_DAYS = 10
# Groups under one commissioning body are kept on different days only up to this many: a
# year has some 230 working days, so hundreds of local groups meeting four times each
# cannot be kept apart, and comparing each with every other made planning a structure of
# 841 groups take seconds (O(n²)). Groups that share a member are always kept apart.
SIBLINGS_KEPT_APART = 40
# The working year the proposals are spread over.
SPREAD_FROM = (1, 15)
SPREAD_UNTIL = (12, 10)
# When the preferred weekday is taken, the other days of the same week are tried in this
# order (days from the preferred one) before the next week: Tuesday, then Wednesday,
# Thursday, Monday. Fridays are left free.
WEEK_SHIFTS = (0, 1, 2, -1)

NO_FREQUENCY = "Uppdragsbeskrivningen anger inte hur ofta gruppen ska mötas"


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


def has_frequency(charter: Charter | None) -> bool:
    """Whether the charter says how often the body meets at all."""
    return charter is not None and bool(
        charter.meetings_min_per_year
        or charter.meetings_max_per_year
        or charter.meetings_min_per_quarter
    )


def meetings_needed(charter: Charter | None) -> int:
    """How many meetings a year the charter asks for, within its maximum; none where it
    does not say how often the body meets."""
    if charter is None or not has_frequency(charter):
        return 0
    wanted = max(charter.meetings_min_per_year or 0, 4 * (charter.meetings_min_per_quarter or 0))
    if not wanted:
        wanted = min(DEFAULT_MEETINGS, charter.meetings_max_per_year or DEFAULT_MEETINGS)
    if charter.meetings_max_per_year:
        wanted = min(wanted, charter.meetings_max_per_year)
    return wanted


def meetings_word(n: int) -> str:
    """'1 möte', '4 möten'."""
    return f"{n} möte" if n == 1 else f"{n} möten"


def booked_text(n: int, year: int) -> str:
    """'Inga möten är bokade för 2027.', '1 möte är bokat för 2027.'"""
    if n == 0:
        return f"Inga möten är bokade för {year}."
    return f"{meetings_word(n)} är {'bokat' if n == 1 else 'bokade'} för {year}."


def _quarter(day: datetime.date) -> int:
    return (day.month - 1) // 3


@dataclass(frozen=True)
class PlanningFacts:
    """What planning needs to know of one body for one year."""

    charter: Charter | None
    booked_days: list[datetime.date]
    parent_days: list[datetime.date]
    # Days on which a body that shares members or a commissioning body with this one meets.
    related_days: list[datetime.date] = field(default_factory=list)
    # Those bodies' ids, so that proposals for several bodies at once stay apart too.
    related_ids: frozenset[int] = frozenset()


def _related(
    bodies: Sequence[Body], year: int, named: Sequence[Body] | QuerySet[Body, Any]
) -> dict[int, set[int]]:
    """For each body, the bodies that share a member (a seat held during `year`) or a
    commissioning body with it (one with at most SIBLINGS_KEPT_APART groups). Two queries,
    whatever the number of bodies."""
    related: dict[int, set[int]] = {b.pk: set() for b in bodies}
    parents = {b.parent_id for b in bodies if b.parent_id}
    children: dict[int, set[int]] = {}
    for pk, parent_id in Body.objects.filter(parent_id__in=parents).values_list("pk", "parent_id"):
        children.setdefault(parent_id, set()).add(pk)
    for b in bodies:
        siblings = children.get(b.parent_id, set()) if b.parent_id else set()
        if len(siblings) <= SIBLINGS_KEPT_APART:
            related[b.pk] |= siblings
    seats = (
        Membership.objects.filter(role__in=SEAT_ROLES)
        .filter(Q(start__isnull=True) | Q(start__lte=datetime.date(year, 12, 31)))
        .filter(Q(end__isnull=True) | Q(end__gte=datetime.date(year, 1, 1)))
    )
    by_person: dict[int, set[int]] = {}
    for person_id, body_id in (
        seats.filter(person_id__in=seats.filter(body__in=named).values("person_id"))
        .order_by()
        .values_list("person_id", "body_id")
    ):
        by_person.setdefault(person_id, set()).add(body_id)
    for body_ids in by_person.values():
        for body_id in body_ids & related.keys():
            related[body_id] |= body_ids
    for pk, ids in related.items():
        ids.discard(pk)
    return related


CHARTER_TEXTS = ("assignment_headings", "implementation_plan", "duties", "citations", "notes")


def planning_facts(
    bodies: Sequence[Body], year: int, *, among: QuerySet[Body, Any] | None = None
) -> dict[int, PlanningFacts]:
    """The facts for many bodies in five queries, whatever their number. `among`, the query
    the bodies were read with, names them in SQL by a subquery instead of one parameter each
    (psycopg spent 30 ms splitting a query that named 841 bodies)."""
    named = among if among is not None else bodies
    # Without the long texts planning never reads (a national structure's 841 charters
    # with their citations took 29 ms to read and more to decode).
    charters = {
        c.body_id: c
        for c in Charter.objects.in_force()
        .filter(body__in=named)
        .defer(*CHARTER_TEXTS)
        .order_by()  # unsorted: the default order joins every body to sort by it
    }
    related = _related(bodies, year, named)
    planned = {b.pk for b in bodies}
    others = (
        {b.parent_id for b in bodies if b.parent_id}
        | {pk for ids in related.values() for pk in ids}
    ) - planned
    days: dict[int, list[datetime.date]] = {}
    for body_id, starts_at in (
        Meeting.objects.filter(Q(body__in=named) | Q(body_id__in=others), starts_at__year=year)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .values_list("body_id", "starts_at")
    ):
        days.setdefault(body_id, []).append(timezone.localtime(starts_at, STOCKHOLM).date())
    return {
        b.pk: PlanningFacts(
            charter=charters.get(b.pk),
            booked_days=days.get(b.pk, []),
            parent_days=days.get(b.parent_id, []) if b.parent_id else [],
            related_days=sorted({d for pk in related[b.pk] for d in days.get(pk, [])}),
            related_ids=frozenset(related[b.pk]),
        )
        for b in bodies
    }


def active_window(
    body: Body, year: int, *, after: datetime.date | None = None
) -> tuple[datetime.date, datetime.date] | None:
    """The part of `year` in which the body can meet: after `after` (today, for a year that
    has begun) and until the body's end date; None when nothing of the year is left."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if body.end_date is not None:
        last = min(last, body.end_date)
    if after is not None:
        first = max(first, after + datetime.timedelta(days=1))
    return (first, last) if first <= last else None


def needed_in_year(body: Body, charter: Charter | None, year: int) -> int:
    """The charter's number of meetings for `year`, in proportion for a body that ends
    during the year (a working group that ends in March needs March's share)."""
    return prorated(meetings_needed(charter), body, year)


def prorated(needed: int, body: Body, year: int) -> int:
    """`needed` meetings a year, in proportion to the part of `year` before the body ends;
    at least one while any of the working year is left."""
    window = active_window(body, year)
    if not needed or window is None:
        return 0
    spread_from = datetime.date(year, *SPREAD_FROM)
    spread_until = datetime.date(year, *SPREAD_UNTIL)
    if window[1] >= spread_until:
        return needed
    share = max((window[1] - spread_from).days, 0) / (spread_until - spread_from).days
    return max(1, math.ceil(needed * share))


def no_proposals_reason(
    *, body: Body, year: int, facts: PlanningFacts, after: datetime.date | None = None
) -> str:
    """Why nothing is proposed for `year` whatever is booked, or "" when the charter asks
    for meetings that can be proposed."""
    if facts.charter is None:
        return "Gruppen har ingen gällande uppdragsbeskrivning, så inga möten föreslås."
    if not has_frequency(facts.charter):
        return f"{NO_FREQUENCY}, så inga möten föreslås."
    if body.end_date is not None and body.end_date < datetime.date(year, 1, 1):
        return f"Gruppen avslutas {date_text(body.end_date)}, så inga möten föreslås för {year}."
    window = active_window(body, year, after=after)
    if window is None:
        return f"Det finns inga dagar kvar av {year} att föreslå."
    # A working group that ends on 10 January has only the Christmas break left.
    if not any(window[0] <= day <= window[1] for day in _meeting_days(year)):
        return (
            f"Det finns inga mötesdagar kvar av {year} före gruppens slutdatum "
            "(helgdagar och uppehåll undantagna)."
        )
    return ""


@functools.lru_cache(maxsize=8)
def _meeting_days(year: int) -> frozenset[datetime.date]:
    """The year's working days outside the breaks: the days a proposal may use."""
    day, days = datetime.date(year, 1, 1), set()
    while day.year == year:
        if is_working_day(day) and not in_break(day):
            days.add(day)
        day += datetime.timedelta(days=1)
    return frozenset(days)


def _nearest_meeting_day(
    target: datetime.date,
    weekday: int,
    taken: set[datetime.date],
    window: tuple[datetime.date, datetime.date] | None = None,
) -> datetime.date:
    """The working day outside the breaks nearest `target` on the chosen weekday, or on
    another day of that week when it is taken, within `window` (the target's year)."""
    first, last = window or (datetime.date(target.year, 1, 1), datetime.date(target.year, 12, 31))
    # One year's days as they are cached (the window is within a year but for a target near
    # New Year): copying them into a new set for each of a structure's 2,500 proposals, and
    # looking through all of them first, was a third of planning a national structure.
    usable = (
        _meeting_days(first.year)
        if first.year == last.year
        else frozenset().union(*(_meeting_days(y) for y in range(first.year, last.year + 1)))
    )
    start = target + datetime.timedelta(days=(weekday - target.weekday()) % 7)
    for offset in range(0, 371, 7):
        for week in (
            start + datetime.timedelta(days=offset),
            start - datetime.timedelta(days=offset),
        ):
            for shift in WEEK_SHIFTS:
                candidate = week + datetime.timedelta(days=shift)
                if (
                    first <= candidate <= last
                    and (shift == 0 or candidate.weekday() < 4)
                    and candidate in usable
                    and candidate not in taken
                ):
                    return candidate
    raise DomainError("Det gick inte att hitta en ledig mötesdag.")


def propose_year(
    *,
    body: Body,
    year: int,
    weekday: int = DEFAULT_WEEKDAY,
    facts: PlanningFacts | None = None,
    after: datetime.date | None = None,
    avoid: Iterable[datetime.date] = (),
) -> list[ProposedMeeting]:
    """Dates for `body`'s meetings in `year` that satisfy its charter's frequency.

    Nothing where the charter sets no frequency, nothing after the body's end date or on
    or before `after` (today, so that a year under way gets no past days), and no day on
    which a related body meets or, in `avoid`, is proposed to meet.
    """
    facts = facts or planning_facts([body], year)[body.pk]
    charter = facts.charter
    window = active_window(body, year, after=after)
    if charter is None or no_proposals_reason(body=body, year=year, facts=facts, after=after):
        return []
    assert window is not None
    # Meetings already booked count towards the charter's number.
    count = max(0, needed_in_year(body, charter, year) - len(facts.booked_days))
    hour, minute = DEFAULT_START
    taken = set(facts.booked_days) | set(facts.related_days) | set(avoid)
    days: list[tuple[datetime.date, str]] = []

    def usable(day: datetime.date) -> bool:
        return (
            window[0] <= day <= window[1]
            and is_working_day(day)
            and not in_break(day)
            and day not in taken
        )

    if charter.follows_parent_calendar and body.parent_id:
        parent_name = body.parent.name if body.parent else "uppdragsgivaren"
        for parent_day in facts.parent_days:
            if len(days) >= count:
                break
            day = working_days_before(parent_day, PARENT_LEAD_WORKING_DAYS)
            while not usable(day) and day >= window[0]:
                day -= datetime.timedelta(days=1)
            if usable(day):
                taken.add(day)
                days.append(
                    (
                        day,
                        f"{PARENT_LEAD_WORKING_DAYS} arbetsdagar före {parent_name}s möte {parent_day:%-d/%-m}",
                    )
                )

    # Spread the rest evenly over what is left of the working year, one period each.
    remaining = count - len(days)
    if remaining > 0:
        first = max(window[0], datetime.date(year, *SPREAD_FROM))
        last = min(window[1], datetime.date(year, *SPREAD_UNTIL))
        if last < first:
            first, last = window
        span = (last - first).days
        for index in range(remaining):
            target = first + datetime.timedelta(days=round(span * (index + 0.5) / remaining))
            if in_break(target):
                target = (
                    datetime.date(year, 8, 20)
                    if target.month in (6, 7, 8)
                    else datetime.date(year, 12, 10)
                )
            day = _nearest_meeting_day(target, weekday, taken, window)
            taken.add(day)
            days.append((day, f"jämnt fördelat över året ({month_name(day.month)})"))

    # A charter asking for a meeting per quarter gets one in each quarter the body meets in.
    if charter.meetings_min_per_quarter:
        quarters = {_quarter(d) for d, _ in days} | {_quarter(d) for d in facts.booked_days}
        for quarter in range(4):
            q_first = datetime.date(year, quarter * 3 + 1, 1)
            q_last = datetime.date(year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1)
            q_last -= datetime.timedelta(days=1)
            if quarter in quarters or q_last < window[0] or q_first > window[1]:
                continue
            target = min(max(datetime.date(year, quarter * 3 + 2, 15), window[0]), window[1])
            day = _nearest_meeting_day(target, weekday, taken, window)
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


def propose_many(
    *,
    bodies: Sequence[Body],
    year: int,
    facts: dict[int, PlanningFacts],
    after: datetime.date | None = None,
) -> dict[int, list[ProposedMeeting]]:
    """Proposals for several bodies at once: a body's proposed days are kept free for the
    bodies that share members or a commissioning body with it."""
    proposed: dict[int, list[ProposedMeeting]] = {}
    for body in bodies:
        mine = facts[body.pk]
        avoid = {p.day for pk in mine.related_ids for p in proposed.get(pk, [])}
        try:
            proposed[body.pk] = propose_year(
                body=body, year=year, facts=mine, after=after, avoid=avoid
            )
        except DomainError:
            # So many related bodies that every free day is someone's: keeping days apart is
            # a courtesy, so share days rather than propose nothing; with hundreds of local
            # groups under one county group even the days they have booked may fill the
            # year, and then the body shares a day with one of them too.
            try:
                proposed[body.pk] = propose_year(body=body, year=year, facts=mine, after=after)
            except DomainError:
                alone = dataclasses.replace(mine, related_days=[])
                proposed[body.pk] = propose_year(body=body, year=year, facts=alone, after=after)
    return proposed


@dataclass(frozen=True)
class BookingStatus:
    year: int
    booked: int
    needed: int
    deadline: datetime.date | None
    ok: bool
    message: str
    # "ok", "warn", or "" where the charter gives nothing to judge by (no frequency): the
    # page shows the message without the colour of a verdict.
    state: str = ""


def _booking_deadline(charter: Charter | None, year: int) -> datetime.date | None:
    if charter is None or not charter.booking_deadline_month:
        return None
    return datetime.date(
        year - 1, charter.booking_deadline_month, charter.booking_deadline_day or 1
    )


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
    deadline = _booking_deadline(charter, year)
    ended = body.end_date is not None and body.end_date < datetime.date(year, 1, 1)
    if ended:
        assert body.end_date is not None
        if booked:
            message = (
                f"{booked_text(booked, year)[:-1]}, men gruppen avslutas "
                f"{date_text(body.end_date)}."
            )
            return BookingStatus(year, booked, 0, None, False, message, "warn")
        message = f"Gruppen avslutas {date_text(body.end_date)}; inga möten behövs för {year}."
        return BookingStatus(year, booked, 0, None, True, message, "")
    if charter is None:
        message = f"Gruppen har ingen gällande uppdragsbeskrivning. {booked_text(booked, year)}"
        return BookingStatus(year, booked, 0, None, True, message, "")
    if not has_frequency(charter):
        message = f"{NO_FREQUENCY}. {booked_text(booked, year)}"
        return BookingStatus(year, booked, 0, deadline, True, message, "")
    needed = needed_in_year(body, charter, year)
    # "1 av 3 möten är bokat", "0 av 1 möte är bokat", "0 av 3 möten är bokade".
    singular = booked == 1 or (booked == 0 and needed == 1)
    of = f"{booked} av {meetings_word(needed)} för {year} är {'bokat' if singular else 'bokade'}"
    if charter.meetings_max_per_year and booked > charter.meetings_max_per_year:
        ok, message = (
            False,
            f"{booked_text(booked, year)[:-1]}, men uppdragsbeskrivningen säger högst "
            f"{charter.meetings_max_per_year}.",
        )
    elif booked >= needed:
        ok, message = (
            True,
            f"{booked_text(booked, year)[:-1]}; uppdragsbeskrivningen kräver {needed}.",
        )
    elif deadline and today > deadline:
        ok, message = (
            False,
            f"{'Bara ' if booked else ''}{of}, och sista dag var {date_text(deadline)}.",
        )
    elif deadline:
        ok, message = False, f"{of}; resten ska vara bokade senast {date_text(deadline)}."
    else:
        ok, message = False, f"{of}."
    message = message[0].upper() + message[1:]
    return BookingStatus(year, booked, needed, deadline, ok, message, "ok" if ok else "warn")


def _booked_days(plans: dict[Body, list[datetime.date]]) -> dict[int, set[datetime.date]]:
    """The days among `plans` on which each body already meets. One query."""
    days = {day for chosen in plans.values() for day in chosen}
    booked: dict[int, set[datetime.date]] = {}
    for body_id, starts_at in (
        Meeting.objects.filter(body_id__in=[b.pk for b in plans], starts_at__date__in=days)
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("body_id", "starts_at")
    ):
        booked.setdefault(body_id, set()).add(timezone.localtime(starts_at, STOCKHOLM).date())
    return booked


def _check_days(body: Body, days: list[datetime.date], booked: set[datetime.date]) -> None:
    if len(set(days)) != len(days):
        raise DomainError("Samma dag är vald två gånger.", field="days")
    taken = booked & set(days)
    if taken:
        raise DomainError(f"{body.name} har redan ett möte {min(taken):%Y-%m-%d}.", field="days")
    for day in days:
        reason = non_working_reason(day)
        if reason:
            raise DomainError(f"{day:%Y-%m-%d} är ingen arbetsdag ({reason}).", field="days")


def _planned(
    plans: dict[Body, list[datetime.date]], start: tuple[int, int], hours: int
) -> list[Planned]:
    hour, minute = start
    return [
        (body, local(day, hour, minute), local(day, hour + hours, minute))
        for body, days in plans.items()
        for day in sorted(days)
    ]


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
    (the proposals avoid them), and a past day is refused as `meeting_create` refuses it.
    """
    if not days:
        raise DomainError("Välj minst en dag.", field="days")
    _check_days(body, days, _booked_days({body: days}).get(body.pk, set()))
    return meetings_create_many(planned=_planned({body: days}, start, hours), by=by, place=place)


@transaction.atomic
def year_plan_book_many(
    *,
    plans: dict[Body, list[datetime.date]],
    by: User | None,
    place: str = "",
    start: tuple[int, int] = DEFAULT_START,
    hours: int = DEFAULT_HOURS,
) -> list[Meeting]:
    """Book several bodies' years at once (e.g. all local groups); all or nothing, in a
    fixed number of queries whatever the number of bodies and meetings."""
    plans = {body: days for body, days in plans.items() if days}
    if not plans:
        raise DomainError("Välj minst en dag.", field="days")
    booked = _booked_days(plans)
    for body, days in plans.items():
        try:
            _check_days(body, days, booked.get(body.pk, set()))
        except DomainError as exc:
            raise DomainError(f"{body.name}: {exc.message}", field="days") from exc
    return meetings_create_many(planned=_planned(plans, start, hours), by=by, place=place)
