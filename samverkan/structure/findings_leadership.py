"""The structure's rules about the chair and vice chair (registered with the charter check
from `structure/findings.py`): from different principals, and the yearly rotation."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator

from samverkan.lib.findings import Finding, Responsible, Severity, register
from samverkan.lib.swedish import date_text
from samverkan.structure.findings_support import (
    body_url,
    charters_in_force,
    cite,
    coordinator_of,
    coordinators,
    from_text,
    held_last_in,
    holds_on,
    other_side_text,
    same_side_text,
    side,
)
from samverkan.structure.models import (
    Body,
    ChairRotation,
    Charter,
    Membership,
    PrincipalKind,
    Role,
)
from samverkan.structure.rules import periods_overlap

CHAIR_VICE_PRINCIPALS = "structure.chair_vice_principals"
CHAIR_ROTATION = "structure.chair_rotation"

# A pair appointed to start within this many days is due soon; later ones are noted.
PLANNED_WINDOW = datetime.timedelta(days=60)
# The rotation's proposal for next year is due from 1 November to the turn of the year.
PROPOSAL_FROM = (11, 1)


def leadership(
    charters: list[Charter], *, since: datetime.date
) -> dict[int, dict[str, list[Membership]]]:
    """Per body id and role: the chair and vice chair memberships of these charters' bodies
    that had not ended before `since`, with person and principal: one query."""
    found: dict[int, dict[str, list[Membership]]] = {}
    rows = (
        Membership.objects.filter(
            body_id__in=[c.body_id for c in charters], role__in=[Role.CHAIR, Role.VICE_CHAIR]
        )
        .exclude(end__lt=since)
        .select_related("person", "principal")
        .order_by("start", "pk")
    )
    for m in rows:
        found.setdefault(m.body_id, {}).setdefault(m.role, []).append(m)
    return found


# --- Chair and vice chair from different principals -------------------------------------


@register(CHAIR_VICE_PRINCIPALS)
def chair_vice_principals(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Ordförande och vice ordförande representerar samma huvudman, nu eller i en utsedd period."""
    charters = charters_in_force(
        today=today,
        structure_ids=structure_ids,
        chair_and_vice_chair_from_different_principals=True,
    )
    held = leadership(charters, since=today)
    responsible = coordinators(structure_ids={c.body.structure_id for c in charters})
    for charter in charters:
        roles = held.get(charter.body_id, {})
        for chair in roles.get(Role.CHAIR, []):
            for vice in roles.get(Role.VICE_CHAIR, []):
                if side(chair.principal) != side(vice.principal):
                    continue
                if not periods_overlap(chair, vice):
                    continue
                yield _same_principal(charter, chair, vice, today, responsible)


def _same_principal(
    charter: Charter,
    chair: Membership,
    vice: Membership,
    today: datetime.date,
    responsible: dict[int, Responsible],
) -> Finding:
    body = charter.body
    starts = max(chair.start or datetime.date.min, vice.start or datetime.date.min)
    both = (
        f"både ordföranden {chair.person} ({chair.principal.name}) och vice ordföranden "
        f"{vice.person} ({vice.principal.name}) representerar {_side_name(chair)}"
    )
    rule = "Uppdragsbeskrivningen säger att de ska representera olika huvudmän."
    if starts <= today:
        severity, due = Severity.OVERDUE, (None if starts == datetime.date.min else starts)
        message = f"I {body.name} {both}. {rule}"
    else:
        soon = starts - today <= PLANNED_WINDOW
        severity, due = (Severity.DUE_SOON, starts) if soon else (Severity.NOTED, None)
        message = (
            f"Från {date_text(starts)} {both} i {body.name}. {rule} Utse en av dem från den "
            "andra huvudmannen innan dess."
        )
    return Finding(
        rule=CHAIR_VICE_PRINCIPALS,
        severity=severity,
        message=message,
        structure_id=body.structure_id,
        body_id=body.pk,
        subject=body.name,
        url=body_url(body),
        citation=cite(charter, "leadership"),
        due_on=due,
        responsible=coordinator_of(responsible, body.structure_id),
        about=f"body:{body.pk}:chair:{chair.pk}:vice:{vice.pk}",
    )


def _side_name(m: Membership) -> str:
    return "kommunerna" if m.principal.kind == PrincipalKind.MUNICIPALITY else m.principal.name


# --- The yearly rotation -------------------------------------------------------------------


def extended_into(body: Body, charter: Charter, year: int) -> bool:
    """Whether the group has decided that its chair and vice chair continue into `year`
    (004: "kan efter beslut i gruppen löpa på längre tid än ett år"); only a charter that
    allows it lets the decision stop the rotation."""
    until = body.chair_extended_until
    return (
        charter.chair_rotation_extendable
        and until is not None
        and until >= datetime.date(year, 1, 1)
    )


@register(CHAIR_ROTATION)
def chair_rotation(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Ordförandeskapet ska växla mellan huvudmännen varje kalenderår: förslag inför årsskiftet,
    eller en ordförande från samma huvudman två år i rad."""
    charters = charters_in_force(
        today=today, structure_ids=structure_ids, chair_rotation=ChairRotation.YEARLY
    )
    held = leadership(charters, since=datetime.date(today.year - 1, 1, 1))
    responsible = coordinators(structure_ids={c.body.structure_id for c in charters})
    in_window = (today.month, today.day) >= PROPOSAL_FROM
    for charter in charters:
        body = charter.body
        roles = held.get(body.pk, {})
        chairs = roles.get(Role.CHAIR, [])
        who = coordinator_of(responsible, body.structure_id)
        # This year's chair against last year's: the rotation that should have happened.
        this_year = holds_on(chairs, today)
        last_year = held_last_in(chairs, today.year - 1)
        if (
            this_year is not None
            and last_year is not None
            and side(this_year.principal) == side(last_year.principal)
            and not extended_into(body, charter, today.year)
        ):
            yield _not_rotated(charter, today.year, this_year, last_year, who)
        if not in_window or extended_into(body, charter, today.year + 1):
            continue
        # From 1 November: next year's chair and vice chair, from the other principal.
        current = held_last_in(chairs, today.year)
        if current is None:
            continue
        new_year = datetime.date(today.year + 1, 1, 1)
        next_chair = holds_on(chairs, new_year)
        if next_chair is not None and side(next_chair.principal) == side(current.principal):
            yield _not_rotated(charter, today.year + 1, next_chair, current, who)
            continue
        vices = roles.get(Role.VICE_CHAIR, [])
        wants_vice = held_last_in(vices, today.year) is not None
        next_vice = holds_on(vices, new_year)
        if next_chair is None or (wants_vice and next_vice is None):
            yield _proposal(
                charter,
                today.year,
                current,
                next_chair=next_chair,
                vice_missing=wants_vice and next_vice is None,
                responsible=who,
            )


def _not_rotated(
    charter: Charter, year: int, chair: Membership, before: Membership, responsible: Responsible
) -> Finding:
    """The chair for `year` comes from the same side as the chair the year before."""
    body = charter.body
    region = body.structure.region
    continues = chair.pk == before.pk
    if continues:
        what = (
            f"{chair.person} ({chair.principal.name}) är ordförande i {body.name} även "
            f"{year}, utan att gruppen har beslutat att förlänga uppdraget"
        )
    else:
        what = (
            f"En ordförande för {year} {from_text(chair.principal)} är utsedd i {body.name} "
            f"({chair.person}), fast ordföranden {year - 1} ({before.person}) också är "
            f"{same_side_text(before.principal)}"
        )
    fix = f"utse en ordförande {other_side_text(before.principal, region)} för {year}"
    if charter.chair_rotation_extendable:
        fix += ", eller registrera gruppens beslut att låta uppdraget löpa vidare"
    return Finding(
        rule=CHAIR_ROTATION,
        severity=Severity.OVERDUE,
        message=f"{what}. Ordförandeskapet växlar mellan huvudmännen varje kalenderår: {fix}.",
        structure_id=body.structure_id,
        body_id=body.pk,
        subject=body.name,
        url=body_url(body),
        citation=cite(charter, "leadership"),
        due_on=datetime.date(year - 1, 12, 31),
        responsible=responsible,
        about=f"body:{body.pk}:chair-rotation:{year}",
    )


def _proposal(
    charter: Charter,
    year: int,
    current: Membership,
    *,
    next_chair: Membership | None,
    vice_missing: bool,
    responsible: Responsible,
) -> Finding:
    """Propose next year's chair from the other principal and the vice chair from this one
    (or, when next year's chair is appointed, from the principal other than theirs)."""
    body = charter.body
    region = body.structure.region
    following = year + 1
    asks = []
    if next_chair is None:
        asks.append(f"ordförande för {following} {other_side_text(current.principal, region)}")
    if vice_missing:
        vice_from = (
            same_side_text(current.principal)
            if next_chair is None
            else other_side_text(next_chair.principal, region)
        )
        asks.append(f"vice ordförande för {following} {vice_from}")
    message = (
        f"Ordförandeskapet i {body.name} växlar mellan huvudmännen varje kalenderår och "
        f"ordföranden {year} är {same_side_text(current.principal)} ({current.person}). "
        f"Föreslå {' och '.join(asks)} före årsskiftet."
    )
    return Finding(
        rule=CHAIR_ROTATION,
        severity=Severity.DUE_SOON,
        message=message,
        structure_id=body.structure_id,
        body_id=body.pk,
        subject=body.name,
        url=body_url(body),
        citation=cite(charter, "leadership"),
        due_on=datetime.date(year, 12, 31),
        responsible=responsible,
        about=f"body:{body.pk}:chair-proposal:{following}",
    )
