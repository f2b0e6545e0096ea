"""The organisation chart, bounded by what it shows.

A structure at national scale has a few county-level bodies and hundreds of local groups
(Västra Götaland: 49 municipalities, 17 groups each). The chart shows every body up to
`INLINE` local groups; past that it shows the county-level bodies as a tree and the local
groups as one line per municipality, each opening that municipality's own chart (a page, or
loaded into the line by htmx). The same three queries either way, whatever the size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from samverkan.structure.models import Body, Membership, Principal, Structure
from samverkan.structure.selectors import TreeNode

# Local groups shown in the chart itself; a structure with more shows them per municipality.
INLINE = 150
# Bodies a search of the chart lists (the page says when there are more).
FOUND = 50


@dataclass
class MunicipalityLine:
    name: str
    slug: str
    count: int


@dataclass
class OrgChart:
    tree: list[TreeNode]
    # The local groups per municipality when there are too many to show in the tree.
    municipalities: list[MunicipalityLine]

    @property
    def collapsed(self) -> bool:
        return bool(self.municipalities)


def _with_member_counts(bodies: QuerySet[Body]) -> QuerySet[Body]:
    """Each body's current chair and members, counted through the body's own memberships
    (the body_id index): a join grouped by body read every membership in the installation."""
    today = timezone.localdate()
    seated = (
        Membership.objects.filter(
            Q(end__isnull=True) | Q(end__gte=today),
            body=OuterRef("pk"),
            role__in=["chair", "vice_chair", "member"],
        )
        .order_by()
        .values("body")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return bodies.select_related("municipality").annotate(
        member_count=Coalesce(Subquery(seated), 0)
    )


def _forest(bodies: list[Body]) -> list[TreeNode]:
    """The bodies as a forest in the order given; a body whose parent is not among them is
    a root."""
    nodes = {b.pk: TreeNode(b) for b in bodies}
    roots: list[TreeNode] = []
    for body in bodies:
        parent = nodes.get(body.parent_id) if body.parent_id else None
        (parent.children if parent else roots).append(nodes[body.pk])
    return roots


def _file_order(body: Body) -> tuple[int, str]:
    return (body.position, body.name)


def org_chart(structure: Structure) -> OrgChart:
    """The chart: three queries (county-level bodies, the local groups if they are few, the
    local groups counted per municipality)."""
    bodies = Body.objects.filter(structure=structure)
    county = list(_with_member_counts(bodies.filter(municipality__isnull=True)))
    # The local groups if there are at most `INLINE` of them, else none: the query asks the
    # index once whether there is one more, instead of reading (and counting the members of)
    # the first `INLINE` + 1 only to find that the chart collapses. Asked even when the chart
    # collapses, so that the page's queries do not depend on the structure's size.
    local_groups = bodies.filter(municipality__isnull=False)
    one_too_many = local_groups.order_by()[INLINE : INLINE + 1]
    local = list(_with_member_counts(local_groups.filter(~Exists(one_too_many))))
    lines = [
        MunicipalityLine(row["municipality__name"], row["municipality__slug"], row["n"])
        for row in bodies.filter(municipality__isnull=False)
        .order_by("municipality__name")
        .values("municipality__name", "municipality__slug")
        .annotate(n=Count("pk"))
    ]
    if local or not lines:
        return OrgChart(tree=_forest(sorted(county + local, key=_file_order)), municipalities=[])
    return OrgChart(tree=_forest(county), municipalities=lines)


def municipality_chart(structure: Structure, municipality: Principal) -> list[TreeNode]:
    """One municipality's local groups as a forest, in file order: one query."""
    return _forest(
        list(
            _with_member_counts(
                Body.objects.filter(structure=structure, municipality=municipality)
            ).select_related("parent")
        )
    )


def find_bodies(structure: Structure, q: str) -> tuple[list[Body], bool]:
    """The structure's bodies whose name, short name or municipality matches every word of
    `q`, at most `FOUND`, and whether there are more: one query."""
    found = _with_member_counts(Body.objects.filter(structure=structure))
    for word in q.split()[:4]:
        found = found.filter(
            Q(name__icontains=word)
            | Q(short_name__icontains=word)
            | Q(municipality__name__icontains=word)
        )
    bodies = list(found[: FOUND + 1])
    return bodies[:FOUND], len(bodies) > FOUND
