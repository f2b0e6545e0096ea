"""Reads for pages and the API, each a fixed number of queries whatever the size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from samverkan.structure.models import (
    ROLE_ORDER,
    Body,
    Charter,
    CharterStatus,
    Membership,
    Principal,
    PrincipalKind,
    Structure,
)
from samverkan.structure.rules import SeatCount, composition_status
from samverkan.structure.rules_text import RuleGroup, charter_rule_lines, grouped


@dataclass
class TreeNode:
    body: Body
    children: list[TreeNode] = field(default_factory=list)


def structures_overview() -> list[Structure]:
    return list(
        Structure.objects.select_related("region").annotate(
            body_count=Count("bodies", distinct=True)
        )
    )


def structure_tree(structure: Structure) -> list[TreeNode]:
    """The structure's bodies as a forest, roots first, in file order."""
    today = timezone.localdate()
    bodies = list(
        Body.objects.filter(structure=structure)
        .select_related("municipality")
        .annotate(
            member_count=Count(
                "memberships",
                filter=Q(memberships__role__in=["chair", "vice_chair", "member"])
                & (Q(memberships__end__isnull=True) | Q(memberships__end__gte=today)),
            )
        )
    )
    nodes = {b.pk: TreeNode(b) for b in bodies}
    roots: list[TreeNode] = []
    for body in bodies:
        node = nodes[body.pk]
        parent = nodes.get(body.parent_id) if body.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


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
    seats: list[SeatCount]
    composition_ok: bool


def _role_sort(m: Membership) -> tuple[Any, ...]:
    return (ROLE_ORDER.get(m.role, 99), m.person.last_name, m.person.first_name)


def body_page(body: Body, *, today: datetime.date | None = None) -> BodyPage:
    today = today or timezone.localdate()
    charters = list(
        Charter.objects.filter(body=body)
        .select_related("escalates_to")
        .prefetch_related(
            "composition__principal", "standing_items", "reporting__to_body", "role_links__to_body"
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
            kinds = {r.principal_kind for r in composition if r.per_principal}
            principals_of_kind: dict[str, list[Principal]] = {}
            if kinds:
                for p in Principal.objects.filter(
                    kind__in=kinds, county_code=body.structure.region.county_code
                ):
                    principals_of_kind.setdefault(p.kind, []).append(p)
            seats = composition_status(
                charter=charter,
                rules=composition,
                active=active,
                principals_of_kind=principals_of_kind,
            )
    children = list(Body.objects.filter(parent=body))
    return BodyPage(
        body=body,
        charter=charter,
        versions=charters,
        rules=rules,
        groups=list(by_principal.values()),
        former=former,
        children=children,
        seats=seats,
        composition_ok=all(s.ok for s in seats),
    )


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
    active = (Q(memberships__start__isnull=True) | Q(memberships__start__lte=today)) & (
        Q(memberships__end__isnull=True) | Q(memberships__end__gte=today)
    )
    return list(
        Principal.objects.annotate(seat_count=Count("memberships", filter=active))
        .filter(seat_count__gt=0)
        .order_by("kind", "name")
    )


def principal_local_bodies(principal: Principal) -> list[Body]:
    return list(Body.objects.filter(municipality=principal).select_related("structure"))
