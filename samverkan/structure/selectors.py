"""Reads for pages and the API, each a fixed number of queries whatever the size."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from samverkan.lib.users import AnyUser
from samverkan.structure.access import (
    with_visible_contacts,
)
from samverkan.structure.models import (
    ROLE_ORDER,
    Body,
    Charter,
    CharterStatus,
    CompositionRule,
    Membership,
    Person,
    Principal,
    PrincipalKind,
    ReportingDuty,
    RoleLink,
    Structure,
)
from samverkan.structure.rules import SeatCount, composition_status
from samverkan.structure.rules_text import RuleGroup, charter_rule_lines, grouped


@dataclass
class TreeNode:
    body: Body
    children: list[TreeNode] = field(default_factory=list)


def structures_overview() -> list[Structure]:
    # Counted per structure from the index on the body's structure: grouping the join of
    # every body in the country by every structure column took 20 ms of the start page.
    counted = (
        Body.objects.filter(structure=OuterRef("pk"))
        .order_by()
        .values("structure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Structure.objects.select_related("region").annotate(
            body_count=Coalesce(Subquery(counted), 0)
        )
    )


@dataclass
class PrincipalGroup:
    principal: Principal
    memberships: list[Membership]


@dataclass
class BodyPage:
    body: Body
    charter: Charter | None
    versions: list[Charter]
    rules: list[RuleGroup]
    groups: list[PrincipalGroup]
    former: list[Membership]
    children: list[Body]
    # More groups than `children` holds; the organisation chart shows them all.
    more_children: bool
    seats: list[SeatCount]
    composition_ok: bool
    # Every membership of the body, past and planned too (`memberships_over_time` reuses them).
    memberships: list[Membership] = field(default_factory=list)


def _role_sort(m: Membership) -> tuple[Any, ...]:
    return (ROLE_ORDER.get(m.role, 99), m.person.last_name, m.person.first_name)


CHILDREN_SHOWN = 40


def body_page(body: Body, *, today: datetime.date | None = None) -> BodyPage:
    today = today or timezone.localdate()
    # The parts with what they point to joined in (one query each, not two).
    charters = list(
        Charter.objects.filter(body=body)
        .select_related("escalates_to")
        .prefetch_related(
            Prefetch("composition", CompositionRule.objects.select_related("principal")),
            "standing_items",
            Prefetch("reporting", ReportingDuty.objects.select_related("to_body")),
            Prefetch("role_links", RoleLink.objects.select_related("to_body")),
        )
    )
    charter = next((c for c in charters if c.status == CharterStatus.IN_FORCE), None)
    memberships = list(
        Membership.objects.filter(body=body).select_related(
            "person", "person__employer", "principal", "substitute_for__person", "ex_officio_for"
        )
    )
    active = [m for m in memberships if m.is_active(today)]
    former = sorted(
        (m for m in memberships if m.end and m.end < today),
        key=lambda m: m.end or today,
        reverse=True,
    )
    by_principal: dict[int, PrincipalGroup] = {}
    for m in sorted(
        active, key=lambda m: (m.principal.kind != PrincipalKind.REGION, m.principal.name)
    ):
        by_principal.setdefault(m.principal_id, PrincipalGroup(m.principal, [])).memberships.append(
            m
        )
    for group in by_principal.values():
        group.memberships.sort(key=_role_sort)
    rules: list[RuleGroup] = []
    seats: list[SeatCount] = []
    if charter is not None:
        composition = list(charter.composition.all())
        rules = grouped(
            charter_rule_lines(
                charter,
                composition=composition,
                standing_items=list(charter.standing_items.all()),
                reporting=list(charter.reporting.all()),
                role_links=list(charter.role_links.all()),
            )
        )
        if composition:
            seats = body_seat_counts(body, charter, composition, active)
    # A county group may commission hundreds of groups (841 at national scale, 79 kB of
    # links): the page names the first ones and leads to the organisation chart for the rest.
    children = list(Body.objects.filter(parent=body)[: CHILDREN_SHOWN + 1])
    return BodyPage(
        body=body,
        charter=charter,
        versions=charters,
        rules=rules,
        groups=list(by_principal.values()),
        former=former,
        children=children[:CHILDREN_SHOWN],
        more_children=len(children) > CHILDREN_SHOWN,
        seats=seats,
        composition_ok=all(s.ok for s in seats),
        memberships=memberships,
    )


def _principals_per_seat(
    compositions: Iterable[list[CompositionRule]], *, county_codes: Collection[str]
) -> list[Principal]:
    """The principals that per-principal rules count seats for, in the given counties."""
    kinds = {r.principal_kind for rules in compositions for r in rules if r.per_principal}
    if not kinds:
        return []
    return list(Principal.objects.filter(kind__in=kinds, county_code__in=county_codes))


def _seat_counts(
    charter: Charter,
    composition: list[CompositionRule],
    active: list[Membership],
    *,
    principals: list[Principal],
    county_code: str,
) -> list[SeatCount]:
    """Seats held against the composition, each per-principal rule counted for the principals
    of its kind in the structure's county."""
    principals_of_kind: dict[str, list[Principal]] = {}
    for p in principals:
        if p.county_code == county_code:
            principals_of_kind.setdefault(p.kind, []).append(p)
    return composition_status(
        charter=charter, rules=composition, active=active, principals_of_kind=principals_of_kind
    )


def body_seat_counts(
    body: Body, charter: Charter, composition: list[CompositionRule], holding: list[Membership]
) -> list[SeatCount]:
    """One body's seats held by `holding` against its charter's composition."""
    county = body.structure.region.county_code
    return _seat_counts(
        charter,
        composition,
        holding,
        principals=_principals_per_seat([composition], county_codes={county}),
        county_code=county,
    )


@dataclass
class BodySeats:
    body: Body
    charter: Charter
    seats: list[SeatCount]


def composition_seats(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> list[BodySeats]:
    """Seats held on `today` against the composition of every charter in force that sets one
    out (in `structure_ids`, or everywhere), in structure and body order: four queries
    whatever the number of bodies."""
    charters = Charter.objects.in_force()
    if structure_ids is not None:
        charters = charters.filter(body__structure_id__in=structure_ids)
    loaded = [
        c
        for c in charters.select_related("body__structure__region")
        .prefetch_related(
            Prefetch(
                "composition",
                queryset=CompositionRule.objects.select_related("principal").order_by("position"),
            )
        )
        .order_by("body__structure__name", "body__position", "body__name")
        if c.composition.all()
    ]
    active: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.active_on(today)
        .filter(body__in=[c.body_id for c in loaded])
        .select_related("principal")
    ):
        active.setdefault(m.body_id, []).append(m)
    principals = _principals_per_seat(
        [list(c.composition.all()) for c in loaded],
        county_codes={c.body.structure.region.county_code for c in loaded},
    )
    return [
        BodySeats(
            body=c.body,
            charter=c,
            seats=_seat_counts(
                c,
                list(c.composition.all()),
                active.get(c.body_id, []),
                principals=principals,
                county_code=c.body.structure.region.county_code,
            ),
        )
        for c in loaded
    ]


def principal_memberships(
    principal: Principal, *, today: datetime.date | None = None
) -> list[Membership]:
    today = today or timezone.localdate()
    rows = (
        Membership.objects.active_on(today)
        .filter(principal=principal)
        .select_related("body", "body__structure", "person")
        .order_by("body__structure__name", "body__position", "body__name")
    )
    return sorted(
        rows, key=lambda m: (m.body.structure.name, m.body.position, m.body_id, _role_sort(m))
    )


def principals_with_seats(*, today: datetime.date | None = None) -> list[Principal]:
    """Principals with someone in a body today, each with how many assignments they hold."""
    today = today or timezone.localdate()
    # Two queries: the memberships counted per principal (one pass over narrow rows), then
    # those principals. Grouping the join by every principal column took 110 ms at national
    # scale (43,000 memberships).
    counted = dict(
        Membership.objects.active_on(today)
        .order_by()
        .values_list("principal")
        # COUNT(*), not of a column: the index on (principal, end, start) answers it alone.
        .annotate(n=Count("*"))
        .values_list("principal", "n")
    )
    principals = list(
        Principal.objects.filter(pk__in=list(counted))
        .only("kind", "name", "slug")
        .order_by("kind", "name")
    )
    for principal in principals:
        principal.seat_count = counted[principal.pk]  # type: ignore[attr-defined]
    return principals


def principal_local_bodies(principal: Principal) -> list[Body]:
    return list(Body.objects.filter(municipality=principal).select_related("structure"))


def current_charter(body: Body) -> Charter | None:
    """The charter in force for one body, if it has one."""
    return body.charters.in_force().first()


def structure_principals(structure: Structure) -> list[Principal]:
    """The region and the municipalities of its county, then other organisations in use."""
    region = structure.region
    in_county = list(
        Principal.objects.filter(county_code=region.county_code).exclude(
            kind=PrincipalKind.ORGANISATION
        )
    )
    used_orgs = list(
        Principal.objects.filter(
            kind=PrincipalKind.ORGANISATION, memberships__body__structure=structure
        ).distinct()
    )
    return in_county + used_orgs


def participating_principals(*, structure: Structure) -> list[Principal]:
    """The region and every municipality that takes part in the structure: a body of the
    structure belongs to it or one of its members sits for it (a sub-region's structure has
    only its own municipalities, not the whole county's). Region first, then by name."""
    principals = Principal.objects.filter(
        Q(pk=structure.region_id)
        | Q(kind=PrincipalKind.MUNICIPALITY, local_bodies__structure=structure)
        | Q(kind=PrincipalKind.MUNICIPALITY, memberships__body__structure=structure)
    ).distinct()
    return sorted(principals, key=lambda p: (p.pk != structure.region_id, p.name))


# --- What a structure file's import reads -------------------------------------


def principals_by_scb_code() -> dict[tuple[str, str], Principal]:
    """The regions and municipalities from SCB's register, by (kind, SCB code)."""
    return {
        (p.kind, p.scb_code): p
        for p in Principal.objects.exclude(scb_code="").exclude(kind=PrincipalKind.ORGANISATION)
    }


def registered_principal_names(*, slugs: Collection[str]) -> dict[str, str]:
    """Name by slug of the regions and municipalities that already use one of `slugs`."""
    return dict(
        Principal.objects.filter(slug__in=slugs)
        .exclude(kind=PrincipalKind.ORGANISATION)
        .values_list("slug", "name")
    )


def organisations_by_slug(*, slugs: Collection[str]) -> dict[str, Principal]:
    return {
        p.slug: p for p in Principal.objects.filter(slug__in=slugs, kind=PrincipalKind.ORGANISATION)
    }


def person_keys_by_username(*, usernames: Collection[str]) -> dict[str, str | None]:
    """For each account among `usernames`: the key of its person, None if it has none."""
    return {
        u.username: getattr(getattr(u, "person", None), "key", None)
        for u in User.objects.filter(username__in=usernames).select_related("person")
    }


def people_by_key(*, keys: Collection[str]) -> dict[str, Person]:
    return {p.key: p for p in Person.objects.filter(key__in=keys)}


def bodies_by_key(*, structure: Structure) -> dict[str, Body]:
    return {b.key: b for b in Body.objects.filter(structure=structure)}


def memberships_by_body(*, bodies: Collection[Body]) -> dict[int, list[Membership]]:
    """Every membership of `bodies`, past ones too, with person and principal."""
    found: dict[int, list[Membership]] = {}
    for m in Membership.objects.filter(body__in=[b.pk for b in bodies if b.pk]).select_related(
        "person", "principal"
    ):
        found.setdefault(m.body_id, []).append(m)
    return found


# --- What the demo reads -------------------------------------------------------


def structure_slugs() -> set[str]:
    return set(Structure.objects.values_list("slug", flat=True))


def structures_with_coordinators() -> list[Structure]:
    """Every structure by name, its coordinators loaded."""
    return list(Structure.objects.prefetch_related("coordinators").order_by("name"))


def first_role_holders(
    *, today: datetime.date, roles: Collection[str]
) -> dict[tuple[int, str], Membership]:
    """Per (structure id, role): the active membership of a person with an email that comes
    first in body order (then by last name), the person's account loaded."""
    found: dict[tuple[int, str], Membership] = {}
    for m in (
        Membership.objects.active_on(today)
        .filter(role__in=roles)
        .exclude(person__email="")
        .select_related("person__user", "body")
        .order_by("body__position", "person__last_name", "pk")
    ):
        found.setdefault((m.body.structure_id, m.role), m)
    return found


def memberships_with_accounts(*, today: datetime.date) -> dict[int, list[Membership]]:
    """Per structure id: the active memberships of people with an account, in body order."""
    found: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.active_on(today)
        .filter(person__user__isnull=False)
        .select_related("person__user", "body")
        .order_by("body__position", "pk")
    ):
        found.setdefault(m.body.structure_id, []).append(m)
    return found


# --- The coordinator's working pages ---------------------------------------------


def other_bodies(*, body: Body) -> list[Body]:
    """The structure's other bodies: those a body may report to or hold roles in."""
    return list(Body.objects.filter(structure=body.structure).exclude(pk=body.pk))


def membership_row(*, membership_id: int) -> Membership:
    """One membership as a row of the body's member table shows it."""
    return Membership.objects.select_related("person", "principal", "substitute_for__person").get(
        pk=membership_id
    )


def person_memberships(*, person: Person) -> list[Membership]:
    """All the person's memberships, past ones too, the latest first."""
    return list(
        person.memberships.select_related("body", "body__structure", "principal").order_by("-start")
    )


def charter_rules(*, charter: Charter) -> list[RuleGroup]:
    """The charter's rules in words, from the parts `get_charter_for_read` loads."""
    return grouped(
        charter_rule_lines(
            charter,
            composition=list(charter.composition.all()),
            standing_items=list(charter.standing_items.all()),
            reporting=list(charter.reporting.all()),
            role_links=list(charter.role_links.all()),
        )
    )


# --- The API's lists, and what its answers show ----------------------------------------


def principals_listed(
    *, kind: str | None = None, county_code: str | None = None, q: str | None = None
) -> QuerySet[Principal]:
    found = Principal.objects.all()
    if kind:
        found = found.filter(kind=kind)
    if county_code:
        found = found.filter(county_code=county_code)
    if q:
        found = found.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    return found.order_by("kind", "name", "pk")


def structures_listed() -> QuerySet[Structure]:
    return Structure.objects.select_related("region").order_by("name", "pk")


def _charter_in_force() -> Prefetch[Any]:
    """A body's charter in force, as a list (empty or one) in `in_force_charters`."""
    return Prefetch(
        "charters",
        queryset=Charter.objects.in_force().only("id", "body_id"),
        to_attr="in_force_charters",
    )


def bodies_listed(
    *, structure: str | None = None, kind: str | None = None, parent: int | None = None
) -> QuerySet[Body]:
    """Bodies with their charter in force (`in_force_charters`), in tree order."""
    found = Body.objects.select_related("structure").prefetch_related(_charter_in_force())
    if structure:
        found = found.filter(structure__slug=structure)
    if kind:
        found = found.filter(kind=kind)
    if parent is not None:
        found = found.filter(parent_id=parent)
    return found.order_by("structure__name", "position", "name", "pk")


def load_charter_in_force(*, bodies: list[Body]) -> None:
    """Add `in_force_charters` to bodies loaded elsewhere, in one query."""
    prefetch_related_objects(bodies, _charter_in_force())


def _charter_parts() -> list[str | Prefetch[Any]]:
    return [
        Prefetch(
            "composition",
            queryset=CompositionRule.objects.select_related("principal").order_by("position", "pk"),
        ),
        "standing_items",
        Prefetch(
            "reporting", queryset=ReportingDuty.objects.select_related("to_body").order_by("pk")
        ),
        Prefetch("role_links", queryset=RoleLink.objects.select_related("to_body").order_by("pk")),
    ]


def charters_listed(
    *,
    charters: QuerySet[Charter],
    body: int | None = None,
    status: str | None = None,
    structure: str | None = None,
) -> QuerySet[Charter]:
    """Of `charters` (those the caller may read), each body's versions, the latest first."""
    found = charters.select_related("body")
    if body is not None:
        found = found.filter(body_id=body)
    if status:
        found = found.filter(status=status)
    if structure:
        found = found.filter(body__structure__slug=structure)
    return found.order_by("body__position", "body__name", "body_id", "-decided_on", "-pk")


def load_charter_parts(*, charters: list[Charter]) -> None:
    """Add the composition, standing items, reporting and role links, in four queries."""
    prefetch_related_objects(charters, *_charter_parts())


def people_listed(
    *, viewer: AnyUser, q: str | None = None, employer: int | None = None, body: int | None = None
) -> QuerySet[Person]:
    """People with their employer, and contact data as `with_visible_contacts` shows it."""
    found = with_visible_contacts(Person.objects.select_related("employer"), viewer)
    if q:
        found = found.filter(
            Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(title__icontains=q)
        )
    if employer is not None:
        found = found.filter(employer_id=employer)
    if body is not None:
        # The ids of the body's members, not a join: one row per person without DISTINCT.
        found = found.filter(pk__in=Membership.objects.filter(body_id=body).values("person_id"))
    return found.order_by("last_name", "first_name", "pk")


def person_of_user(*, user: AnyUser) -> Person | None:
    """The person record the user's account is linked to, if any."""
    return Person.objects.filter(user_id=user.pk).first() if user.is_authenticated else None


def coordinated_structures(*, user: User) -> list[Structure]:
    return list(user.coordinated_structures.order_by("name"))  # type: ignore[attr-defined]


def bodies_in_tree_order(*, ids: Collection[int]) -> list[Body]:
    """The bodies with their structure, by structure and then as the tree orders them."""
    return list(
        Body.objects.select_related("structure")
        .filter(pk__in=ids)
        .order_by("structure__name", "position", "name")
    )
