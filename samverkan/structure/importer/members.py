"""A body's memberships from the file: matched to the ones held, the rest ended, not deleted."""

from __future__ import annotations

import datetime

from django.utils import timezone

from samverkan.audit.services import record_update, snapshot
from samverkan.structure import schema
from samverkan.structure.importer.context import IMPORTED, ImportContext, Loc, sync
from samverkan.structure.models import SEAT_ROLES, Body, Charter, Membership, Person
from samverkan.structure.rules import membership_violations, periods_overlap


def write_members(
    ctx: ImportContext,
    body: Body,
    item: schema.BodySpec,
    charter: Charter | None,
    *,
    current: list[Membership],
    people: dict[str, Person],
    bodies: dict[str, Body],
    index: int,
) -> None:
    """Write the body's memberships; `current` are the ones it holds now (person, principal loaded)."""
    current = list(current)
    matched: list[tuple[Membership, Loc]] = []
    seats: dict[tuple[str, int], list[Membership]] = {}
    pending_subs: list[tuple[Membership, schema.MembershipSpec, Loc]] = []
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
            for m in current
            if m.person_id == person.pk and m.role == spec.role and m.principal_id == principal.pk
        ]
        membership = next((m for m in same if m.start == spec.start), None)
        if membership is None and len(same) == 1:
            membership = same[0]
        if membership is not None:
            current.remove(membership)
        else:
            membership = Membership(
                body=body, person=person, role=spec.role, principal=principal, start=spec.start
            )
        sync(
            membership,
            {
                "start": spec.start,
                "function": spec.function,
                "end": spec.end,
                "nominated_by": spec.nominated_by,
                "ex_officio_for": bodies[spec.ex_officio_for] if spec.ex_officio_for else None,
            },
            ctx.report,
            "memberships",
        )
        matched.append((membership, loc))
        if membership.role in SEAT_ROLES:
            seats.setdefault((spec.person, principal.pk), []).append(membership)
        if spec.substitute_for:
            pending_subs.append((membership, spec, loc))
    for membership, spec, loc in pending_subs:
        # The seat whose period the substitute's overlaps, the latest if several do.
        candidates = [
            seat
            for seat in seats.get((spec.substitute_for or "", membership.principal_id), [])
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
            before = snapshot(membership)
            membership.substitute_for = seat
            membership.lock_version += 1
            membership.save(update_fields=["substitute_for", "lock_version", "updated_at"])
            record_update(by=None, obj=membership, before=before, note=IMPORTED)
            ctx.report.counts["memberships updated"] += 1
    # The file is the truth for the bodies it lists: an ongoing membership it no
    # longer holds is ended (and kept in the history), not deleted.
    today = timezone.localdate()
    for gone in current:
        if gone.end is None or gone.end >= today:
            before = snapshot(gone)
            gone.end = max(today - datetime.timedelta(days=1), gone.start or datetime.date.min)
            gone.end_reason = "Finns inte längre i strukturfilen"
            gone.lock_version += 1
            gone.save(update_fields=["end", "end_reason", "lock_version", "updated_at"])
            record_update(by=None, obj=gone, before=before, note=IMPORTED)
            ctx.report.counts["memberships ended"] += 1
    members = [m for m, _ in matched]
    for membership, loc in matched:
        for violation in membership_violations(
            charter=charter, memberships=members, changed=membership
        ):
            ctx.error((*loc, violation.field), violation.message)
