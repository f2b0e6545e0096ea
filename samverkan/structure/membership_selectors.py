"""Reads of a body's appointments over time: who sits now, who is planned, who has left, who
sits on a coming day seat by seat, and whom the person picker offers. Each is a fixed number
of queries whatever the number of memberships."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from samverkan.lib.users import AnyUser
from samverkan.structure.access import with_visible_end_reasons
from samverkan.structure.models import (
    SEAT_ROLES,
    Body,
    Charter,
    CompositionRule,
    Membership,
    Person,
    PrincipalKind,
    Role,
    Structure,
)
from samverkan.structure.rules import SeatCount
from samverkan.structure.selectors import (
    PrincipalGroup,
    _role_sort,
    body_seat_counts,
)


def _body_memberships(body: Body) -> list[Membership]:
    return list(
        Membership.objects.filter(body=body).select_related(
            "person",
            "person__employer",
            "principal",
            "substitute_for__person",
            "ex_officio_for",
        )
    )


def _by_principal(memberships: list[Membership]) -> list[PrincipalGroup]:
    """The region first, then the others by name; in each, chair, vice chair, members…"""
    groups: dict[int, PrincipalGroup] = {}
    for m in sorted(
        memberships, key=lambda m: (m.principal.kind != PrincipalKind.REGION, m.principal.name)
    ):
        groups.setdefault(m.principal_id, PrincipalGroup(m.principal, [])).memberships.append(m)
    for group in groups.values():
        group.memberships.sort(key=_role_sort)
    return list(groups.values())


@dataclass
class MembershipsOverTime:
    today: datetime.date
    current: list[PrincipalGroup]
    planned: list[Membership]  # starts after today, the first first
    ended: list[Membership]  # the latest first
    # Substitutes still in place whose member's appointment ends before theirs: each needs
    # a decision (end it, or stand in for the successor), never a silent "Ersättare för …".
    orphaned: list[Membership]

    @property
    def current_count(self) -> int:
        return sum(len(g.memberships) for g in self.current)

    @property
    def first_planned_start(self) -> datetime.date | None:
        return self.planned[0].start if self.planned else None

    @property
    def planned_starts_differ(self) -> bool:
        return len({m.start for m in self.planned}) > 1

    def rows(self) -> list[Membership]:
        """Current and planned appointments, as the exports list them."""
        return [m for g in self.current for m in g.memberships] + self.planned


def memberships_over_time(
    *, body: Body, today: datetime.date, memberships: list[Membership] | None = None
) -> MembershipsOverTime:
    """The body's appointments in three parts, on `today`: one query, none when the caller
    passes the body's `memberships` read as `_body_memberships` reads them (`body_page`)."""
    if memberships is None:
        memberships = _body_memberships(body)
    current = [m for m in memberships if m.is_active(today)]
    planned = sorted(
        (m for m in memberships if m.start is not None and m.start > today),
        key=lambda m: (m.start, *_role_sort(m)),
    )
    ended = sorted(
        (m for m in memberships if m.end is not None and m.end < today),
        key=lambda m: (m.end, m.pk),
        reverse=True,
    )
    orphaned = [
        m
        for m in current + planned
        if m.role == Role.SUBSTITUTE
        and m.substitute_for is not None
        and m.substitute_for.end is not None
        and (m.end is None or m.end > m.substitute_for.end)
    ]
    return MembershipsOverTime(
        today=today,
        current=_by_principal(current),
        planned=planned,
        ended=ended,
        orphaned=orphaned,
    )


# --- The API's list ----------------------------------------------------------------------


def memberships_listed(
    *,
    viewer: AnyUser,
    body: int | None = None,
    person: int | None = None,
    principal: int | None = None,
    structure: str | None = None,
    role: str | None = None,
    active: bool | None = None,
    state: str | None = None,
) -> QuerySet[Membership]:
    """With body, person, principal and `with_visible_end_reasons`; `active`: hold today;
    `state`: current, planned (start after today) or ended (before today)."""
    found = with_visible_end_reasons(
        Membership.objects.select_related("body", "body__structure", "person", "principal"),
        viewer,
    )
    if body is not None:
        found = found.filter(body_id=body)
    if person is not None:
        found = found.filter(person_id=person)
    if principal is not None:
        found = found.filter(principal_id=principal)
    if structure:
        found = found.filter(body__structure__slug=structure)
    if role:
        found = found.filter(role=role)
    if active is not None:
        today = timezone.localdate()
        current = (Q(start__isnull=True) | Q(start__lte=today)) & (
            Q(end__isnull=True) | Q(end__gte=today)
        )
        found = found.filter(current) if active else found.exclude(current)
    if state:
        today = timezone.localdate()
        found = found.filter(
            {
                "planned": Q(start__gt=today),
                "ended": Q(end__lt=today),
                "current": (Q(start__isnull=True) | Q(start__lte=today))
                & (Q(end__isnull=True) | Q(end__gte=today)),
            }[state]
        )
    return found.order_by("body__name", "body_id", "role", "person__last_name", "pk")


# --- Who sits on a coming day ---------------------------------------------------------------


def next_term_start(today: datetime.date) -> datetime.date:
    """The first day of the next calendar year: terms and chair years start on 1 January."""
    return datetime.date(today.year + 1, 1, 1)


@dataclass
class SeatOn:
    seat: SeatCount
    members: list[Membership]
    substitutes: list[Membership]

    @property
    def status(self) -> str:
        """The seat against the rule, in words: what is missing or too many."""
        seat = self.seat
        if seat.low is not None and seat.held < seat.low and not seat.rule.optional:
            missing = seat.low - seat.held
            return f"Saknar {missing} {'ledamot' if missing == 1 else 'ledamöter'}"
        if seat.high is not None and seat.held > seat.high:
            return f"{seat.held - seat.high} för många"
        if seat.substitutes_missing:
            return "Ersättare saknas"
        return "Enligt uppdragsbeskrivningen"

    @property
    def who(self) -> str:
        """The seat's principal, or the kind of principal the rule counts together."""
        if self.seat.principal is not None:
            return self.seat.principal.name
        if self.seat.rule.principal_kind == PrincipalKind.REGION:
            return "Regionen"
        return f"{self.seat.rule.get_principal_kind_display()} totalt"


@dataclass
class BodyOnDay:
    day: datetime.date
    charter: Charter | None
    seats: list[SeatOn]
    uncounted: list[Membership]  # functions, secretaries, seats ex officio: no rule counts them
    leaving: list[Membership]  # sit today, no longer on `day`
    arriving: list[Membership]  # start after today, sit on `day`

    @property
    def gaps(self) -> list[SeatOn]:
        return [s for s in self.seats if not s.seat.ok or s.seat.substitutes_missing]


def body_on_day(*, body: Body, day: datetime.date, today: datetime.date) -> BodyOnDay:
    """Who sits in the body on `day`, seat by seat against the charter in force: four queries."""
    charter = (
        Charter.objects.in_force()
        .filter(body=body)
        .prefetch_related("composition__principal")
        .first()
    )
    memberships = _body_memberships(body)
    holding = [m for m in memberships if m.is_active(day)]
    composition: list[CompositionRule] = list(charter.composition.all()) if charter else []
    seats: list[SeatOn] = []
    counted: set[int] = set()
    if charter is not None and composition:
        counts = body_seat_counts(body, charter, composition, holding)
        for seat in counts:
            roles = SEAT_ROLES if seat.rule.role == "member" else {seat.rule.role}
            members = [
                m
                for m in holding
                if m.role in roles
                and m.ex_officio_for_id is None
                and (
                    m.principal_id == seat.principal.pk
                    if seat.principal is not None
                    else m.principal.kind == seat.rule.principal_kind
                )
            ]
            seat_ids = {m.pk for m in members}
            subs = [
                m for m in holding if m.role == Role.SUBSTITUTE and m.substitute_for_id in seat_ids
            ]
            counted |= seat_ids | {m.pk for m in subs}
            seats.append(SeatOn(seat, sorted(members, key=_role_sort), subs))
    return BodyOnDay(
        day=day,
        charter=charter,
        seats=seats,
        uncounted=sorted((m for m in holding if m.pk not in counted), key=_role_sort),
        leaving=sorted(
            (m for m in memberships if m.is_active(today) and not m.is_active(day)),
            key=_role_sort,
        ),
        arriving=sorted(
            (
                m
                for m in memberships
                if m.start is not None and today < m.start <= day and m.is_active(day)
            ),
            key=_role_sort,
        ),
    )


# --- The person picker -------------------------------------------------------------------------

PICKER_LIMIT = 200


@dataclass
class PickerPeople:
    own: list[Person]  # sit in the structure, or work for one of its principals
    others: list[Person]  # everyone else, only when asked for
    more: bool  # more matched than are shown


def picker_people(*, structure: Structure, q: str = "", others: bool = False) -> PickerPeople:
    """The people a membership may be given to, the structure's own first: one query."""
    county = Q(employer__county_code=structure.region.county_code)
    if others:
        in_structure = Membership.objects.filter(person=OuterRef("pk"), body__structure=structure)
        found = Person.objects.select_related("employer").annotate(
            own=Exists(in_structure) | county
        )
    else:
        # Only the structure's own: a condition, not a column to sort by as well (computed
        # twice, which made PostgreSQL compile the plan; 400 → 45 ms at national scale).
        members = Membership.objects.filter(body__structure=structure).values("person_id")
        found = (
            Person.objects.select_related("employer")
            .filter(Q(pk__in=members) | county)
            .annotate(own=Value(True, output_field=BooleanField()))
        )
    for word in q.split()[:4]:
        found = found.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(title__icontains=word)
            | Q(employer__name__icontains=word)
        )
    people = list(found.order_by("-own", "last_name", "first_name", "pk")[: PICKER_LIMIT + 1])
    shown = people[:PICKER_LIMIT]
    return PickerPeople(
        own=[p for p in shown if p.own],  # type: ignore[attr-defined]
        others=[p for p in shown if not p.own],  # type: ignore[attr-defined]
        more=len(people) > PICKER_LIMIT,
    )
