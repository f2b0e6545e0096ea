"""What the structure's charter rules share, and the rules of apps above that read the
structure (minutes' `structure.no_chair_for_meeting`): bulk reads of the charters in force
and the coordinators, and the words for principals and their sides."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable

from django.urls import reverse

from samverkan.lib.findings import Responsible
from samverkan.structure.models import (
    Body,
    Charter,
    Membership,
    Person,
    Principal,
    PrincipalKind,
    Structure,
)

COORDINATOR = "koordinator"


def charters_in_force(
    *,
    today: datetime.date,
    structure_ids: Collection[int] | None,
    **conditions: object,
) -> list[Charter]:
    """The charters in force that meet `conditions`, of bodies that have not ended, in
    structure and body order, with their body, structure and region: one query."""
    charters = Charter.objects.in_force().filter(**conditions).exclude(body__end_date__lt=today)
    if structure_ids is not None:
        charters = charters.filter(body__structure_id__in=structure_ids)
    return list(
        charters.select_related("body__structure__region").order_by(
            "body__structure__name", "body__position", "body__name"
        )
    )


def coordinators(*, structure_ids: Iterable[int]) -> dict[int, Responsible]:
    """Per structure id: its coordinators as the ones responsible, one query."""
    through = Structure.coordinators.through
    names: dict[int, list[tuple[str, int]]] = {}
    for row in (
        through.objects.filter(structure_id__in=set(structure_ids))
        .select_related("user__person")
        .order_by("user__last_name", "user__first_name", "user__username")
    ):
        user = row.user
        person = getattr(user, "person", None)
        name = person.full_name if person else (user.get_full_name() or user.username)
        names.setdefault(row.structure_id, []).append((name, user.pk))
    return {
        sid: Responsible(
            role=COORDINATOR,
            names=tuple(name for name, _ in rows),
            user_ids=tuple(pk for _, pk in rows),
        )
        for sid, rows in names.items()
    }


def coordinator_of(found: dict[int, Responsible], structure_id: int) -> Responsible:
    return found.get(structure_id) or Responsible(role=COORDINATOR)


def people_responsible(role: str, people: Iterable[Person]) -> Responsible:
    """The named people (a chair, an approver) as the ones responsible."""
    listed = list(dict.fromkeys(people))
    return Responsible(
        role=role,
        names=tuple(p.full_name for p in listed),
        user_ids=tuple(p.user_id for p in listed if p.user_id),
    )


def body_url(body: Body) -> str:
    """The body's working page: its memberships, its charter and its meetings."""
    return reverse("work:body", args=[body.structure.slug, body.key])


def cite(charter: Charter | None, key: str) -> str:
    return (charter.citations or {}).get(key, "") if charter is not None else ""


# --- Principals and their sides ----------------------------------------------------------


def side(principal: Principal) -> str:
    """Which side of the samverkan a principal is on: the region, the municipalities, or
    (another organisation) itself. "Ordförande representerar den ena huvudmannen, och vice
    ordförande representerar den andra huvudmannen": two municipalities are the same side."""
    if principal.kind in (PrincipalKind.REGION, PrincipalKind.MUNICIPALITY):
        return str(principal.kind)
    return f"organisation:{principal.pk}"


def from_text(principal: Principal) -> str:
    """'från Region Västerbotten', 'från en kommun (Umeå kommun)'."""
    if principal.kind == PrincipalKind.MUNICIPALITY:
        return f"från en kommun ({principal.name})"
    return f"från {principal.name}"


def other_side_text(principal: Principal, region: Principal) -> str:
    """The side the chair should come from next: 'från en av kommunerna'."""
    if principal.kind == PrincipalKind.REGION:
        return "från en av kommunerna"
    if principal.kind == PrincipalKind.MUNICIPALITY:
        return f"från {region.name}"
    return f"från en annan huvudman än {principal.name}"


def same_side_text(principal: Principal) -> str:
    """The side of `principal` in words: 'från Region Västerbotten', 'från en av kommunerna'."""
    if principal.kind == PrincipalKind.MUNICIPALITY:
        return "från en av kommunerna"
    return f"från {principal.name}"


def holds_on(memberships: Iterable[Membership], day: datetime.date) -> Membership | None:
    """The membership in office on `day`, the latest started if several."""
    active = [m for m in memberships if m.is_active(day)]
    return max(active, key=lambda m: m.start or datetime.date.min) if active else None


def held_last_in(memberships: Iterable[Membership], year: int) -> Membership | None:
    """The membership in office at the end of `year`, or the last one that was in it."""
    last_day = datetime.date(year, 12, 31)
    holder = holds_on(memberships, last_day)
    if holder is not None:
        return holder
    within = [
        m
        for m in memberships
        if (m.start is None or m.start <= last_day)
        and m.end is not None
        and m.end >= datetime.date(year, 1, 1)
    ]
    return max(within, key=lambda m: m.end or datetime.date.min) if within else None


def and_list(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def in_sentence(text: str) -> str:
    """A phrase from the charter inside a sentence: 'Kort sammanställning' becomes 'kort
    sammanställning', while 'LSG' stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
