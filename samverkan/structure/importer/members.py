"""The bodies' memberships from the file: matched to the ones held, the rest ended, not
deleted. Every body's memberships are read in one query and written in bulk."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from samverkan.structure import schema, selectors
from samverkan.structure.importer.context import ImportContext, Loc
from samverkan.structure.models import SEAT_ROLES, Body, Charter, Membership, Person
from samverkan.structure.rules import membership_violations, periods_overlap


@dataclass
class _BodyMembers:
    """One body's memberships as the file has them, between the two writes."""

    charter: Charter | None
    held: list[Membership]
    matched: list[tuple[Membership, Loc]] = field(default_factory=list)
    seats: dict[tuple[str, int], list[Membership]] = field(default_factory=dict)
    pending_subs: list[tuple[Membership, schema.MembershipSpec, Loc]] = field(default_factory=list)


def write_members(
    ctx: ImportContext, *, people: dict[str, Person], bodies: dict[str, Body]
) -> None:
    """Write every body's memberships: first the memberships themselves (so that new ones
    get ids), then who substitutes for whom and the ones the file no longer holds; then
    check them against the charters' rules."""
    current = selectors.memberships_by_body(bodies=list(bodies.values()))
    by_pk = {m.pk: m for held in current.values() for m in held}
    bodies_by_pk = {b.pk: b for b in bodies.values()}
    for m in by_pk.values():
        # Known without a query, for the rules and the history.
        m.body = bodies_by_pk[m.body_id]
        if m.substitute_for_id in by_pk:
            m.substitute_for = by_pk[m.substitute_for_id]
    found: list[_BodyMembers] = []
    for index, item in enumerate(ctx.spec.bodies):
        body = bodies[item.key]
        members = _BodyMembers(ctx.charters.get(item.key), list(current.get(body.pk, [])))
        _match(ctx, body, item, members, people=people, bodies=bodies, index=index)
        found.append(members)
    ctx.batch.save()
    today = timezone.localdate()
    for members in found:
        _substitutes_and_ended(ctx, members, today)
    ctx.batch.save()
    ctx.batch.record()
    for members in found:
        listed = [m for m, _ in members.matched]
        for membership, loc in members.matched:
            for violation in membership_violations(
                charter=members.charter, memberships=listed, changed=membership
            ):
                ctx.error((*loc, violation.field), violation.message)


def _match(
    ctx: ImportContext,
    body: Body,
    item: schema.BodySpec,
    members: _BodyMembers,
    *,
    people: dict[str, Person],
    bodies: dict[str, Body],
    index: int,
) -> None:
    """Match the file's memberships of one body to the ones it holds (`members.held`,
    which keeps the ones the file no longer has)."""
    held = members.held
    for j, spec in enumerate(item.members):
        loc: Loc = ("bodies", index, "members", j)
        person = people[spec.person]
        principal = ctx.principal(spec.principal, (*loc, "principal"))
        if principal is None:
            continue
        # The same person in the same role for the same principal is the same
        # membership; the start date only tells several such periods apart.
        same = [
            m
            for m in held
            if m.person_id == person.pk and m.role == spec.role and m.principal_id == principal.pk
        ]
        membership = next((m for m in same if m.start == spec.start), None)
        if membership is None and len(same) == 1:
            membership = same[0]
        if membership is not None:
            held.remove(membership)
        else:
            membership = Membership(
                body=body, person=person, role=spec.role, principal=principal, start=spec.start
            )
        ctx.batch.sync(
            membership,
            {
                "start": spec.start,
                "function": spec.function,
                "end": spec.end,
                "nominated_by": spec.nominated_by,
                "ex_officio_for": bodies[spec.ex_officio_for] if spec.ex_officio_for else None,
            },
            "memberships",
        )
        members.matched.append((membership, loc))
        if membership.role in SEAT_ROLES:
            members.seats.setdefault((spec.person, principal.pk), []).append(membership)
        if spec.substitute_for:
            members.pending_subs.append((membership, spec, loc))


def _substitutes_and_ended(ctx: ImportContext, members: _BodyMembers, today: datetime.date) -> None:
    for membership, spec, loc in members.pending_subs:
        # The seat whose period the substitute's overlaps, the latest if several do.
        candidates = [
            seat
            for seat in members.seats.get((spec.substitute_for or "", membership.principal_id), [])
            if periods_overlap(seat, membership)
        ]
        if not candidates:
            ctx.error(
                (*loc, "substitute_for"),
                f"{spec.substitute_for!r} har ingen plats i gruppen för samma huvudman "
                "under ersättarens period",
            )
            continue
        seat = max(candidates, key=lambda m: m.start or datetime.date.min)
        if membership.substitute_for_id != seat.pk:
            ctx.batch.change(membership, {"substitute_for": seat}, "memberships")
        else:
            membership.substitute_for = seat
    # The file is the truth for the bodies it lists: an ongoing membership it no
    # longer holds is ended (and kept in the history), not deleted.
    for gone in members.held:
        if gone.end is None or gone.end >= today:
            ctx.batch.change(
                gone,
                {
                    "end": max(today - datetime.timedelta(days=1), gone.start or datetime.date.min),
                    "end_reason": "Finns inte längre i strukturfilen",
                },
                "memberships",
                counted_as="memberships ended",
            )
