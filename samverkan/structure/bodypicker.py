"""A bounded choice of a body: the lists and forms of cases, assignments, working groups,
the balanslista, the deviations summary and the public minutes archive offer at most `LIMIT`
of a structure's bodies, with a search field beside the list, instead of every body of the
structure (798 in the largest one at national scale, half the page).

The list holds the bodies whose name contains the search (`<field>_sok` in the query string),
tree order first (the regional groups before the local ones), and always the body already
chosen, so a chosen filter or a form sent back with an error keeps its value. One query,
whatever the size of the structure. The template `structure/_body_search.html` shows the
search field; with htmx it fetches the same page and swaps in the new list as one types
(without JavaScript, the form's button sends the search).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, Value, When

from samverkan.structure.models import Body, Structure

# Enough for every body of a small structure (the demo's largest has 20) and the regional
# groups of a large one; a longer list is what the search is for.
LIMIT = 40


def search_name(field: str) -> str:
    return f"{field}_sok"


def search_of(data: Mapping[str, Any] | None, field: str) -> str:
    """The search typed for `field`, trimmed (empty when none)."""
    if not data:
        return ""
    return str(data.get(search_name(field)) or "").strip()[:100]


@dataclass(frozen=True)
class BodyChoice:
    """The bodies one field offers: `bodies` by tree order, and whether more match. (Also
    used for other bounded lists, such as a form's open assignments: `noun` names them.)"""

    field: str
    bodies: list[Any]
    search: str
    more: bool
    limit: int = LIMIT
    noun: str = "grupper"

    @property
    def ids(self) -> list[int]:
        return [b.pk for b in self.bodies]

    @property
    def search_name(self) -> str:
        return search_name(self.field)

    @property
    def searchable(self) -> bool:
        """Whether the page shows the search field: the list is cut, or a search was made."""
        return self.more or bool(self.search)


def body_choice(
    *,
    structure: Structure | int,
    field: str,
    data: Mapping[str, Any] | None = None,
    keep: Collection[Any] = (),
    only: Collection[int] | None = None,
    limit: int = LIMIT,
) -> BodyChoice:
    """At most `limit` bodies of `structure` (of those in `only`, when given) whose name
    contains the search typed for `field` in `data`, plus the bodies in `keep` (ids or keys
    already chosen). One query."""
    search = search_of(data, field)
    kept_ids = [int(k) for k in keep if isinstance(k, int) or (str(k).isdigit() and k)]
    kept_keys = [str(k) for k in keep if k and not str(k).isdigit()]
    bodies = Body.objects.filter(
        structure_id=structure if isinstance(structure, int) else structure.pk
    )
    if only is not None:
        bodies = bodies.filter(pk__in=list(only))
    kept = Q(pk__in=kept_ids) | Q(key__in=kept_keys)
    wanted = (Q(name__icontains=search) | kept) if search else Q()
    first = (
        Case(When(kept, then=Value(0)), default=Value(1), output_field=IntegerField())
        if kept_ids or kept_keys
        else Value(1, output_field=IntegerField())
    )
    rows = list(
        bodies.filter(wanted)
        .annotate(picker_first=first)
        .order_by("picker_first", "position", "name", "pk")[: limit + 1 + len(keep)]
    )
    chosen = [b for b in rows if b.picker_first == 0]  # type: ignore[attr-defined]
    others = [b for b in rows if b.picker_first != 0]  # type: ignore[attr-defined]
    listed = chosen + others[: max(0, limit - len(chosen))]
    listed.sort(key=lambda b: (b.position, b.name, b.pk))
    return BodyChoice(
        field=field,
        bodies=listed,
        search=search,
        more=len(chosen) + len(others) > len(listed),
        limit=limit,
    )
