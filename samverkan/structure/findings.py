"""The structure's rules for the charter check (collected by `samverkan.lib.findings`)."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator

from django.urls import reverse

from samverkan.lib.findings import Finding, Severity, register
from samverkan.lib.swedish import count_text
from samverkan.structure import selectors
from samverkan.structure.models import CompositionRole, PrincipalKind
from samverkan.structure.rules import SeatCount

COMPOSITION = "structure.composition"

# A seat's noun by the composition rule's role, in the singular and plural.
SEAT_NOUNS: dict[str, tuple[str, str]] = {
    CompositionRole.MEMBER: ("ledamot", "ledamöter"),
    CompositionRole.PERMANENTLY_CO_OPTED: ("ständigt adjungerad", "ständigt adjungerade"),
    CompositionRole.CO_OPTED: ("adjungerad", "adjungerade"),
}
# Who holds the seats of a rule for a kind of principal taken together.
KIND_TOGETHER: dict[str, str] = {
    PrincipalKind.REGION: "regionen",
    PrincipalKind.MUNICIPALITY: "kommunerna tillsammans",
    PrincipalKind.ORGANISATION: "andra organisationer tillsammans",
}


def _deviation(seat: SeatCount) -> str:
    """What is off with one rule's seats: "Skellefteå kommun saknar en ledamot"."""
    who = seat.principal.name if seat.principal else KIND_TOGETHER[seat.rule.principal_kind]
    one, many = SEAT_NOUNS[seat.rule.role]
    if not seat.rule.optional and seat.low is not None and seat.held < seat.low:
        return f"{who} saknar {count_text(seat.low - seat.held, one, many)}"
    return f"{who} har {count_text(seat.held - (seat.high or 0), one, many)} för mycket"


def _and_list(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


@register(COMPOSITION)
def composition(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Sammansättningen avviker från uppdragsbeskrivningen: platser vakanta eller för många."""
    for item in selectors.composition_seats(today=today, structure_ids=structure_ids):
        off = [seat for seat in item.seats if not seat.ok]
        if not off:
            continue
        body = item.body
        yield Finding(
            rule=COMPOSITION,
            severity=Severity.NOTED,
            message=f"{body.name} har inte den sammansättning som uppdragsbeskrivningen anger: "
            + _and_list([_deviation(seat) for seat in off])
            + ".",
            structure_id=body.structure_id,
            body_id=body.pk,
            subject=body.name,
            url=reverse("work:body", args=[body.structure.slug, body.key]),
            citation=(item.charter.citations or {}).get("composition", ""),
        )
