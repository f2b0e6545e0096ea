"""The bodies a select offers (a body's commissioner, who it reports or escalates to, where
its roles sit), bounded at national scale.

A structure with Västra Götaland's 798 bodies made every such select list all of them, four
selects and their blank rows on a body's page (a third of a megabyte). Up to `LISTED` bodies
the selects list them all, as before; past that they list the county-level bodies (those
without a municipality), the bodies of the body's own municipality and the current choices,
and the page offers every body on request (`?grupper=alla`). A posted choice is checked
against every body of the structure, so a body from the long list is accepted too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, Subquery

from samverkan.structure.models import Body, Structure

LISTED = 150


def body_options(
    structure: Structure,
    *,
    near: Body | None = None,
    keep: Iterable[int | None] = (),
    every: bool = False,
) -> tuple[list[Body], bool]:
    """The bodies to list, in file order, and whether some are left out. One query whatever
    the size: every body when there are at most `LISTED` (or with `every`), otherwise the
    nearby ones, with the count beside each row; `near` is left out of the list."""
    bodies = Body.objects.filter(structure=structure)
    if near is not None and near.pk:
        bodies = bodies.exclude(pk=near.pk)
    total = Subquery(
        bodies.order_by().values("structure_id").annotate(n=Count("pk")).values("n")[:1]
    )
    nearby = Q(municipality__isnull=True) | Q(pk__in=[pk for pk in keep if pk])
    if near is not None and near.municipality_id:
        nearby |= Q(municipality_id=near.municipality_id)
    listed = bodies.only("pk", "name", "position", "municipality_id", "structure_id").annotate(
        total=total
    )
    if not every:
        listed = listed.filter(Q(total__lte=LISTED) | nearby)
    found: list[Body] = list(listed)
    # A structure too large to list whole has county-level bodies, so `found` is not empty.
    fewer = not every and bool(found) and found[0].total > LISTED  # type: ignore[attr-defined]
    return found, bool(fewer)
