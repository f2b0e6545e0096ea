"""What a body's working page reads, in a number of queries that depends neither on the body
(with a charter or not, its parts, its members) nor on the installation.

The body comes with its charter in force (`get_body_for_edit(..., charter=True)`); then one
query each for the charter's composition and standing items, the body's memberships and the
principals every select of the page offers (`principal_rows`: the structure's, the employers,
the municipalities and the principals that per-principal seats count). Who the body reports
to and its roles in other bodies are a section of their own (`charter_links`), loaded after
the page (htmx) or on its own page without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from samverkan.structure.access import CHARTER_IN_FORCE
from samverkan.structure.models import (
    SEAT_ROLES,
    Body,
    Charter,
    CharterStatus,
    CompositionRule,
    Membership,
    Principal,
    PrincipalKind,
    ReportingDuty,
    RoleLink,
    StandingAgendaItem,
)
from samverkan.structure.rules import SeatCount, composition_status
from samverkan.structure.selectors import current_charter


def charter_of(body: Body) -> Charter | None:
    """The charter in force read with the body (`get_body_for_edit(..., charter=True)`), or
    read now for a body read without it."""
    if hasattr(body, CHARTER_IN_FORCE):
        return getattr(body, CHARTER_IN_FORCE)
    return current_charter(body)


def _attach(charter: Charter | None, name: str, rows: Iterable[Model]) -> None:
    """Leave `rows` as `prefetch_related` would: `charter.<name>.all()` reads no more."""
    if charter is None:
        return
    cached: Any = getattr(charter, name).get_queryset()
    cached._result_cache = list(rows)
    cached._prefetch_done = True
    charter.__dict__.setdefault("_prefetched_objects_cache", {})[name] = cached


def _in_force(model: type[Model], body: Body) -> QuerySet[Any]:
    # By the body, not the charter's id: asked also of a body without a charter.
    return model._default_manager.filter(charter__body=body, charter__status=CharterStatus.IN_FORCE)


@dataclass
class Principals:
    """The principals the page's selects offer, from one query, each list in file order."""

    structure: list[Principal]  # `structure_principals`: the county's, then organisations in use
    employers: list[Principal]  # `forms.people.employers`: those and every organisation
    municipalities: list[Principal]  # the county's municipalities (a local group's)
    county_code: str = ""

    def of_kinds(self, kinds: set[str]) -> dict[str, list[Principal]]:
        found: dict[str, list[Principal]] = {}
        for p in self.employers:
            if p.kind in kinds and p.county_code == self.county_code:
                found.setdefault(p.kind, []).append(p)
        return found


def principal_rows(body: Body) -> Principals:
    structure = body.structure
    county = structure.region.county_code
    used = Membership.objects.filter(principal=OuterRef("pk"), body__structure=structure)
    rows: list[Principal] = list(
        Principal.objects.filter(Q(county_code=county) | Q(kind=PrincipalKind.ORGANISATION))
        .annotate(used=Exists(used))
        .order_by("kind", "name")
    )
    in_county = [p for p in rows if p.county_code == county]
    return Principals(
        structure=[p for p in in_county if p.kind != PrincipalKind.ORGANISATION]
        + [p for p in rows if p.kind == PrincipalKind.ORGANISATION and p.used],  # type: ignore[attr-defined]
        employers=rows,
        municipalities=[p for p in in_county if p.kind == PrincipalKind.MUNICIPALITY],
        county_code=county,
    )


@dataclass
class BodyWorkPage:
    charter: Charter | None
    memberships: list[Membership]
    principals: Principals
    seats: list[SeatCount] = field(default_factory=list)
    # Seats held today, in the order the "substitute for" select lists them.
    held_seats: list[Membership] = field(default_factory=list)

    @property
    def composition_ok(self) -> bool:
        return all(s.ok for s in self.seats)


def body_work_page(body: Body) -> BodyWorkPage:
    """Four queries besides the body's, with a charter or without."""
    today = timezone.localdate()
    charter = charter_of(body)
    composition = list(_in_force(CompositionRule, body).select_related("principal"))
    standing = list(_in_force(StandingAgendaItem, body))
    _attach(charter, "composition", composition)
    _attach(charter, "standing_items", standing)
    memberships = list(
        Membership.objects.filter(body=body).select_related(
            "person", "person__employer", "principal", "substitute_for__person", "ex_officio_for"
        )
    )
    principals = principal_rows(body)
    active = [m for m in memberships if m.is_active(today)]
    page = BodyWorkPage(
        charter=charter,
        memberships=memberships,
        principals=principals,
        held_seats=[m for m in active if m.role in SEAT_ROLES],
    )
    if charter is not None and composition:
        kinds = {r.principal_kind for r in composition if r.per_principal}
        page.seats = composition_status(
            charter=charter,
            rules=composition,
            active=active,
            principals_of_kind=principals.of_kinds(kinds),
        )
    return page


def charter_links(body: Body) -> Charter | None:
    """The charter's reporting duties and roles in other bodies, two queries, attached to the
    charter read with the body."""
    charter = charter_of(body)
    _attach(charter, "reporting", _in_force(ReportingDuty, body).select_related("to_body"))
    _attach(charter, "role_links", _in_force(RoleLink, body).select_related("to_body"))
    return charter
