"""The charter's rules checked against a body's memberships.

`membership_violations` is the one place where the hard membership rules live;
the importer, the working pages and the API all refuse what it reports.
`composition_status` compares the seats held with the charter's composition
and is shown, not enforced: a vacant seat is a fact to act on, not an error.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from samverkan.structure.models import (
    SEAT_ROLES,
    Charter,
    CompositionRule,
    Membership,
    Principal,
    PrincipalKind,
    Role,
    Substitutes,
)


@dataclass(frozen=True)
class Violation:
    membership: Membership
    field: str
    message: str


def periods_overlap(a: Membership, b: Membership) -> bool:
    a_start = a.start or datetime.date.min
    b_start = b.start or datetime.date.min
    a_end = a.end or datetime.date.max
    b_end = b.end or datetime.date.max
    return a_start <= b_end and b_start <= a_end


def _cite(charter: Charter | None, key: str) -> str:
    if charter is None:
        return ""
    quote = (charter.citations or {}).get(key)
    source = f"uppdragsbeskrivningen för {charter.body.name}"
    if charter.decided_on:
        source += f", beslutad {charter.decided_on.isoformat()}"
    return f" ({source}: ”{quote}”)" if quote else f" (enligt {source})"


def _side_name(principal: Principal) -> str:
    if principal.kind == PrincipalKind.REGION:
        return "regionen"
    if principal.kind == PrincipalKind.MUNICIPALITY:
        return "en kommun"
    return principal.name


def membership_violations(
    *, charter: Charter | None, memberships: Iterable[Membership], changed: Membership
) -> list[Violation]:
    """What the charter forbids in `changed` given the body's other memberships.

    `memberships` are the body's memberships other than `changed`; their
    principal and person must be loaded.
    """
    others = [m for m in memberships if m.pk is None or m.pk != changed.pk]
    found: list[Violation] = []

    if changed.role == Role.SUBSTITUTE:
        if charter is not None and charter.substitutes == Substitutes.NOT_ALLOWED:
            found.append(
                Violation(
                    changed,
                    "role",
                    "Gruppen har inga ersättare vid frånvaro" + _cite(charter, "substitutes") + ".",
                )
            )
        seat = changed.substitute_for
        if seat is None:
            found.append(
                Violation(changed, "substitute_for", "Ange vilken ledamot personen ersätter.")
            )
        elif seat.body_id != changed.body_id or seat.role not in SEAT_ROLES:
            found.append(
                Violation(
                    changed,
                    "substitute_for",
                    "En ersättare ersätter en ledamot, ordförande eller vice ordförande i samma grupp.",
                )
            )
        elif seat.principal_id != changed.principal_id:
            found.append(
                Violation(
                    changed,
                    "principal",
                    f"Ersättaren ska representera samma huvudman som ledamoten "
                    f"({seat.principal.name}).",
                )
            )

    if changed.role in (Role.CHAIR, Role.VICE_CHAIR):
        label = "ordförande" if changed.role == Role.CHAIR else "vice ordförande"
        for other in others:
            if other.role == changed.role and periods_overlap(other, changed):
                found.append(
                    Violation(
                        changed,
                        "role",
                        f"Gruppen har redan {other.person} som {label} under perioden; "
                        f"avsluta det uppdraget först.",
                    )
                )
        if charter is not None and charter.chair_and_vice_chair_from_different_principals:
            counterpart = Role.VICE_CHAIR if changed.role == Role.CHAIR else Role.CHAIR
            for other in others:
                if (
                    other.role == counterpart
                    and periods_overlap(other, changed)
                    and other.principal.kind == changed.principal.kind
                ):
                    other_label = (
                        "vice ordförande" if counterpart == Role.VICE_CHAIR else "ordförande"
                    )
                    found.append(
                        Violation(
                            changed,
                            "principal",
                            f"Ordförande och vice ordförande ska representera olika huvudmän, "
                            f"men både {changed.person} och {other.person} ({other_label}) "
                            f"representerar {_side_name(changed.principal)}"
                            + _cite(charter, "leadership")
                            + ".",
                        )
                    )

    if changed.role != Role.SUBSTITUTE and changed.substitute_for_id is not None:
        found.append(
            Violation(changed, "substitute_for", "Bara en ersättare kan ersätta en ledamot.")
        )
    if changed.ex_officio_for_id is not None and changed.ex_officio_for_id == changed.body_id:
        found.append(
            Violation(
                changed, "ex_officio_for", "Ett uppdrag kan inte vara i egenskap av samma grupp."
            )
        )

    for other in others:
        if (
            other.person_id == changed.person_id
            and other.role == changed.role
            and periods_overlap(other, changed)
        ):
            found.append(
                Violation(
                    changed,
                    "person",
                    f"{changed.person} har redan rollen {changed.get_role_display().lower()} "
                    f"i gruppen under perioden.",
                )
            )
    return found


def principal_outside_structure(principal: Principal, region: Principal) -> str:
    """A member represents the structure's region, a municipality in its county, or an organisation."""
    if principal.kind == PrincipalKind.ORGANISATION or principal.county_code == region.county_code:
        return ""
    return (
        f"{principal.name} hör inte till samverkan med {region.name}; välj regionen, en kommun "
        "i länet eller en organisation."
    )


@dataclass(frozen=True)
class SeatCount:
    rule: CompositionRule
    principal: Principal | None
    held: int
    substitutes: int
    low: int | None
    high: int | None

    @property
    def ok(self) -> bool:
        if self.rule.optional:
            return self.high is None or self.held <= self.high
        if self.low is not None and self.held < self.low:
            return False
        return self.high is None or self.held <= self.high

    @property
    def wanted(self) -> str:
        """How many seats the rule asks for, in words: "2", "1–3", "minst 1", "högst 4"; the
        count where the charter states none, never a blank or a raw None."""
        low, high = self.low, self.high
        if low is not None and high is not None:
            return str(low) if low == high else f"{low}–{high}"
        if low is not None:
            return f"minst {low}"
        if high is not None:
            return f"högst {high}"
        return "Vid behov" if self.rule.optional else "Antal anges inte"

    @property
    def substitutes_missing(self) -> bool:
        return self.rule.with_substitutes and self.substitutes < self.held


def composition_status(
    *,
    charter: Charter,
    rules: list[CompositionRule],
    active: list[Membership],
    principals_of_kind: dict[str, list[Principal]],
) -> list[SeatCount]:
    """Seats held against each composition rule of the charter, on the day `active` was taken.

    A per-principal rule is counted per principal of the kind in the structure's
    county, except those named by a rule of their own (Umeå's two seats).
    """
    named = {r.principal_id for r in rules if r.principal_id}
    # Seats held by virtue of a role in another body are not the principal's own seats.
    active = [m for m in active if m.ex_officio_for_id is None]
    counts: list[SeatCount] = []

    def held_for(rule: CompositionRule, match: Iterable[Membership]) -> tuple[int, int]:
        role_set = SEAT_ROLES if rule.role == "member" else {rule.role}
        matching = [m for m in match if m.role in role_set]
        seat_ids = {m.pk for m in matching}
        subs = sum(
            1 for m in active if m.role == Role.SUBSTITUTE and m.substitute_for_id in seat_ids
        )
        return len(matching), subs

    for rule in rules:
        low = rule.min_count
        high = rule.max_count
        if rule.principal_id:
            held, subs = held_for(rule, (m for m in active if m.principal_id == rule.principal_id))
            counts.append(SeatCount(rule, rule.principal, held, subs, low, high))
        elif rule.per_principal:
            for principal in principals_of_kind.get(rule.principal_kind, []):
                if principal.pk in named:
                    continue
                held, subs = held_for(rule, (m for m in active if m.principal_id == principal.pk))
                counts.append(SeatCount(rule, principal, held, subs, low, high))
        else:
            held, subs = held_for(
                rule,
                (m for m in active if m.principal.kind == rule.principal_kind),
            )
            counts.append(SeatCount(rule, None, held, subs, low, high))
    return counts
