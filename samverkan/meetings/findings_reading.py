"""What the meetings' charter rules (`findings.py`) read and how they word it: the charters
and meetings in bulk, a fixed number of queries whatever the number of bodies, and who is
responsible for a body's finding."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace

from django.contrib.auth.models import User
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.urls import reverse

from samverkan.lib.findings import Finding, Responsible
from samverkan.lib.localtime import STOCKHOLM, local, local_day
from samverkan.lib.workdays import lead_deadline
from samverkan.meetings.models import OPEN_STATUSES, Document, Meeting, MeetingStatus, Notice
from samverkan.structure.models import Body, Charter, Convener, Membership, Role, Structure

# A document or notice deadline is due soon two weeks ahead.
LEAD_WARNING = datetime.timedelta(days=14)
# Coming meetings far enough ahead for any charter's lead time and its warning.
LEAD_HORIZON = datetime.timedelta(days=120)


# --- Reading in bulk -----------------------------------------------------------------------


def charters_in_force(structure_ids: Collection[int] | None, condition: Q) -> QuerySet[Charter]:
    """The charters in force that the rule applies to, with their bodies. One query."""
    charters = (
        Charter.objects.in_force().filter(condition).select_related("body", "body__structure")
    )
    if structure_ids is not None:
        charters = charters.filter(body__structure_id__in=list(structure_ids))
    return charters.order_by("body__structure_id", "body__position", "body__name")


def meeting_counts(
    charters: QuerySet[Charter], first: datetime.date, until: datetime.date
) -> dict[tuple[int, int, int], int]:
    """Meetings that count, per (body, year, quarter) from `first` up to `until`. One query."""
    rows = (
        Meeting.objects.filter(
            body_id__in=charters.values("body_id"),
            starts_at__gte=local(first, 0),
            starts_at__lt=local(until, 0),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .annotate(
            year=ExtractYear("starts_at", tzinfo=STOCKHOLM),
            quarter=ExtractQuarter("starts_at", tzinfo=STOCKHOLM),
        )
        .values("body_id", "year", "quarter")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["body_id"], r["year"], r["quarter"]): r["n"] for r in rows}


def first_meetings(charters: QuerySet[Charter]) -> dict[int, datetime.date]:
    """The day each body's first meeting in the system was planned for. One query.

    A period before it is one the system was not used for, and is not judged."""
    rows = (
        Meeting.objects.filter(body_id__in=charters.values("body_id"))
        .values("body_id")
        .annotate(first=Min("starts_at"))
        .order_by()
    )
    return {r["body_id"]: local_day(r["first"]) for r in rows}


# --- Who is responsible ----------------------------------------------------------------------


def _user_name(user: User) -> str:
    person = getattr(user, "person", None)
    return user.get_full_name() or (person.full_name if person else "") or user.get_username()


@dataclass(frozen=True)
class _People:
    names: tuple[str, ...] = ()
    user_ids: tuple[int, ...] = ()

    def __add__(self, other: _People) -> _People:
        return _People(self.names + other.names, self.user_ids + other.user_ids)


class Responsibles:
    """Who puts a body's finding right: the structure's coordinators, or the chair (and
    secretary) or process leaders where the charter says they convene. Two queries for all
    the bodies given, whatever their number."""

    def __init__(self, charters: Iterable[Charter], today: datetime.date) -> None:
        charters = list(charters)
        self.coordinators: dict[int, _People] = {}
        self.holders: dict[tuple[int, str], _People] = {}
        if not charters:
            return
        through = Structure.coordinators.through
        for link in (
            through.objects.filter(
                structure_id__in={c.body.structure_id for c in charters}, user__is_active=True
            )
            .select_related("user", "user__person")
            .order_by("user__last_name", "user__first_name", "user__username")
        ):
            self.coordinators[link.structure_id] = self.coordinators.get(
                link.structure_id, _People()
            ) + _People((_user_name(link.user),), (link.user_id,))
        for membership in (
            # By structure rather than by body: a fixed-size query however many bodies.
            Membership.objects.active_on(today)
            .filter(
                body__structure_id__in={c.body.structure_id for c in charters},
                role__in=[Role.CHAIR, Role.SECRETARY, Role.PROCESS_LEADER],
            )
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
        ):
            key = (membership.body_id, membership.role)
            user_ids = (membership.person.user_id,) if membership.person.user_id else ()
            self.holders[key] = self.holders.get(key, _People()) + _People(
                (membership.person.full_name,), user_ids
            )

    def of(self, charter: Charter) -> Responsible:
        body = charter.body
        chair = self.holders.get((body.pk, Role.CHAIR), _People())
        if charter.convener == Convener.CHAIR_AND_SECRETARY:
            people = chair + self.holders.get((body.pk, Role.SECRETARY), _People())
            role = "ordförande och sekreterare"
        elif charter.convener == Convener.CHAIR or charter.chair_owns_agenda:
            people, role = chair, "ordförande"
        elif charter.convener == Convener.PROCESS_LEADERS:
            people = self.holders.get((body.pk, Role.PROCESS_LEADER), _People())
            role = "processledare"
        else:
            people = _People()
            role = ""
        if not people.names:
            # Nobody holds the convening role now: the coordinators see to it.
            people, role = self.coordinators.get(body.structure_id, _People()), "koordinator"
        return Responsible(role=role, names=people.names, user_ids=people.user_ids)


def with_responsible(
    pending: list[tuple[Charter, Finding]], today: datetime.date
) -> Iterator[Finding]:
    """The findings, each with who is responsible (loaded once for all of them)."""
    if not pending:
        return
    responsibles = Responsibles((charter for charter, _ in pending), today)
    for charter, finding in pending:
        yield replace(finding, responsible=responsibles.of(charter))


# --- Wording ---------------------------------------------------------------------------------


def meetings_text(n: int) -> str:
    """'inga möten', '1 möte', '3 möten'."""
    if n == 0:
        return "inga möten"
    return f"{n} möte" if n == 1 else f"{n} möten"


def booked_text(n: int) -> str:
    """'inga möten bokade', '1 möte bokat', '3 möten bokade'."""
    return f"{meetings_text(n)} {'bokat' if n == 1 else 'bokade'}"


def plan_url(body: Body) -> str:
    return reverse("meetings:body_meetings", args=[body.structure.slug, body.key])


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of `quarter` (1–4) of `year`."""
    first = datetime.date(year, 3 * quarter - 2, 1)
    after = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    )
    return first, after - datetime.timedelta(days=1)


def judged(
    charter: Charter,
    first: datetime.date,
    last: datetime.date,
    first_meeting: datetime.date | None,
) -> bool:
    """Whether the period from `first` to `last` can be held against the charter: the charter
    governed all of it, the body existed to its end, and the system was in use for it."""
    body = charter.body
    if charter.decided_on is not None and charter.decided_on > first:
        return False
    if body.end_date is not None and body.end_date < last:
        return False
    return first_meeting is not None and first_meeting <= last


def booking_deadline(charter: Charter, year: int) -> datetime.date:
    """The charter's deadline in `year` for booking the following year's meetings."""
    month = charter.booking_deadline_month or 12
    after = datetime.date(year + 1, 1, 1) if month == 12 else datetime.date(year, month + 1, 1)
    last_of_month = (after - datetime.timedelta(days=1)).day
    # A day past the month's end ("sista februari" stored as 30) means its last day.
    return datetime.date(year, month, min(charter.booking_deadline_day or 1, last_of_month))


def yearly_minimum(charter: Charter) -> int:
    """The fewest meetings a year the charter allows: its yearly or quarterly minimum, or one
    where it asks for the year to be planned or booked without saying how many."""
    least = max(charter.meetings_min_per_year or 0, 4 * (charter.meetings_min_per_quarter or 0))
    return least or 1


# --- Documents and notice by the lead time -----------------------------------------------------


@dataclass(frozen=True)
class Coming:
    meeting: Meeting
    charter: Charter
    day: datetime.date
    deadline: datetime.date


def coming_meetings(
    today: datetime.date, structure_ids: Collection[int] | None, missing: Q
) -> list[Coming]:
    """Coming meetings missing what `missing` says, whose lead-time deadline is within the
    warning or past. Two queries."""
    applying = charters_in_force(
        structure_ids,
        Q(document_lead_value__isnull=False, document_lead_value__gt=0) & ~Q(document_lead_unit=""),
    )
    charters = {c.body_id: c for c in applying}
    meetings = (
        Meeting.objects.filter(
            body_id__in=applying.values("body_id"),
            status__in=OPEN_STATUSES,
            starts_at__gte=local(today, 0),
            starts_at__lt=local(today + LEAD_HORIZON, 0),
        )
        .annotate(
            has_notice=Exists(Notice.objects.filter(meeting_id=OuterRef("pk"))),
            has_documents=Exists(Document.objects.filter(meeting_id=OuterRef("pk"))),
        )
        .filter(missing)
        .only("id", "body_id", "title", "starts_at", "status")
        .order_by("starts_at")
    )
    found = []
    for meeting in meetings:
        charter = charters[meeting.body_id]
        meeting.body = charter.body
        day = local_day(meeting.starts_at)
        assert charter.document_lead_value is not None
        deadline = lead_deadline(day, charter.document_lead_value, charter.document_lead_unit)
        if today >= deadline - LEAD_WARNING:
            found.append(Coming(meeting, charter, day, deadline))
    return found


def a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
