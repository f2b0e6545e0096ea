"""Planning a whole structure's year at once: the proposal for every body, and booking it.

A structure at national scale proposes some 1,600 meetings for 300 bodies. The page and
the API show the proposal per body and book it whole with a short request: the year, the
kind of body, the proposal's checksum and the bodies left out. Booking recomputes the
proposal in the same transaction and books it only if it is still the one that was shown
(the checksum): if someone has booked or moved a meeting meanwhile, nothing is booked and
the new proposal is shown instead. Reading and booking take a fixed number of queries
whatever the number of bodies and meetings (`bulk.meetings_create_many`).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.meetings import planning, selectors
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Body, Structure

STALE_PROPOSAL = (
    "Förslaget har ändrats sedan du öppnade sidan: någon har bokat, flyttat eller ställt in "
    "ett möte i någon av grupperna. Inget bokades. Här är det nya förslaget; dina val av "
    "grupper som inte ska bokas finns kvar."
)
NOTHING_TO_BOOK = "Det finns inga föreslagna möten att boka för de grupper som är kvar."


@dataclass(frozen=True)
class YearRow:
    """One body on the page that plans several bodies' year at once."""

    body: Body
    status: planning.BookingStatus
    proposals: list[planning.ProposedMeeting]
    # Why nothing is proposed (no frequency, the body has ended), or "".
    no_proposals: str


@dataclass(frozen=True)
class StructureProposal:
    year: int
    kind: str
    rows: list[YearRow]
    # Changes whenever what would be booked changes: the bodies and every proposed time.
    checksum: str

    @property
    def meetings(self) -> int:
        return sum(len(row.proposals) for row in self.rows)

    @property
    def bodies_with_proposals(self) -> int:
        return sum(1 for row in self.rows if row.proposals)


def _checksum(year: int, kind: str, rows: list[YearRow]) -> str:
    digest = hashlib.sha256(f"{year}|{kind}".encode())
    for row in rows:
        times = ",".join(p.starts_at.isoformat() for p in row.proposals)
        digest.update(f"|{row.body.pk}:{times}".encode())
    return digest.hexdigest()[:24]


def structure_proposal(
    *, structure: Structure, year: int, kind: str = "", today: datetime.date | None = None
) -> StructureProposal:
    """The proposal for every body (of `kind`, if given) with a charter. Six queries,
    whatever the number of bodies. Bodies that share members or a commissioning body get
    different days."""
    today = today or timezone.localdate()
    among = selectors.bodies_to_plan(structure=structure, kind=kind)
    bodies = list(among)
    facts = planning.planning_facts(bodies, year, among=among.order_by().values("pk"))
    planned = [body for body in bodies if facts[body.pk].charter is not None]
    proposed = planning.propose_many(bodies=planned, year=year, facts=facts, after=today)
    rows = [
        YearRow(
            body=body,
            status=planning.booking_status(body=body, year=year, today=today, facts=facts[body.pk]),
            proposals=proposed[body.pk],
            no_proposals=planning.no_proposals_reason(
                body=body, year=year, facts=facts[body.pk], after=today
            ),
        )
        for body in planned
    ]
    return StructureProposal(year, kind, rows, _checksum(year, kind, rows))


@transaction.atomic
def structure_plan_book(
    *,
    structure: Structure,
    year: int,
    checksum: str,
    by: User | None,
    kind: str = "",
    skip: Collection[int] = (),
    place: str = "",
) -> tuple[list[Meeting], int]:
    """Book the proposal that was shown (`checksum`), except the bodies in `skip`; all or
    nothing. Returns the meetings and the number of bodies booked. A proposal that has
    changed since it was shown is refused (ConflictError) and nothing is booked."""
    # Two structure-wide bookings at once wait for each other instead of booking twice.
    list(Structure.objects.select_for_update().filter(pk=structure.pk).values_list("pk"))
    proposal = structure_proposal(structure=structure, year=year, kind=kind)
    if proposal.checksum != checksum:
        raise ConflictError(STALE_PROPOSAL, field="checksum")
    plans = {
        row.body: [p.day for p in row.proposals]
        for row in proposal.rows
        if row.proposals and row.body.pk not in skip
    }
    if not plans:
        raise DomainError(NOTHING_TO_BOOK, field="skip")
    booked = planning.year_plan_book_many(plans=plans, by=by, place=place)
    return booked, len(plans)
