"""Årsplanering för en hel struktur: the proposal for every body of a structure (a page at
a time), and booking all of it in one request.

Served under `/structures/{slug}/plan`. The booking names the proposal by its checksum,
not by its meetings: a structure of 300 bodies proposes some 1,600, and a proposal that
has changed since it was read (someone booked or moved a meeting) is refused with 409.
"""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, P, QueryEx, Router, Schema
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import READ_ERRORS, WRITE_ERRORS, InputSchema, acting_user
from samverkan.api.meetings.schemas import BookingStatusOut, ProposalOut
from samverkan.lib.localtime import local_today
from samverkan.meetings.planning_structure import structure_plan_book, structure_proposal
from samverkan.structure.access import get_structure_for_edit, get_structure_for_read
from samverkan.structure.models import BodyKind

router = Router(tags=["Årsplanering"])

Kind = Literal[tuple(["", *BodyKind.values])]  # type: ignore[valid-type]


class StructurePlanBodyOut(Schema):
    body: int = Field(validation_alias="body.pk")
    body_name: str = Field(validation_alias="body.name")
    proposals: list[ProposalOut]
    status: BookingStatusOut
    no_proposals: str = Field(description="Varför inga möten föreslås, annars tomt")


class StructurePlanOut(Schema):
    year: int
    kind: str
    checksum: str = Field(description="Skickas med vid bokningen: förslaget som lästes")
    meetings: int = Field(description="Föreslagna möten i alla grupper")
    count: int = Field(description="Grupper med uppdragsbeskrivning")
    items: list[StructurePlanBodyOut] = Field(description="Grupperna från `offset`, högst `limit`")


class StructurePlanBookIn(InputSchema):
    year: int = Field(ge=2000, le=2100)
    kind: Kind = Field("", description="Samma urval av grupper som förslaget lästes med")  # type: ignore[valid-type]
    checksum: str = Field(max_length=64, description="`checksum` från förslaget")
    skip: list[int] = Field(
        default_factory=list, max_length=10_000, description="Grupper som inte ska bokas (id)"
    )
    place: str = Field("", max_length=300)


class StructurePlanBookedOut(Schema):
    year: int
    booked: int = Field(description="Bokade möten")
    bodies: int = Field(description="Grupper som fick möten")


@router.get(
    "/{slug:slug}/plan",
    response={200: StructurePlanOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Förslag till ett års möten för alla grupper i strukturen",
    description="Som `/bodies/{id}/plan` för varje grupp med uppdragsbeskrivning (av sorten "
    "`kind`, om den anges); grupper som har ledamöter eller uppdragsgivare gemensamt får "
    "olika dagar. `year` är nästa år om det utelämnas.",
)
def get_structure_plan(
    request: HttpRequest,
    slug: str,
    year: QueryEx[int | None, P(ge=2000, le=2100, description="Nästa år om det utelämnas")] = None,
    kind: QueryEx[Kind, P(description="Bara grupper av denna sort")] = "",  # type: ignore[valid-type]
    limit: QueryEx[int, P(ge=1, le=500)] = 100,
    offset: QueryEx[int, P(ge=0)] = 0,
) -> dict[str, object]:
    structure = get_structure_for_read(slug)
    proposal = structure_proposal(
        structure=structure, year=year or local_today().year + 1, kind=kind
    )
    return {
        "year": proposal.year,
        "kind": proposal.kind,
        "checksum": proposal.checksum,
        "meetings": proposal.meetings,
        "count": len(proposal.rows),
        "items": proposal.rows[offset : offset + limit],
    }


@router.post(
    "/{slug:slug}/plan",
    response={201: StructurePlanBookedOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Boka förslaget för alla grupper utom de som anges",
    description="Bokar förslaget som lästes (`checksum`) för varje grupp utom dem i `skip`, "
    "allt eller inget. Har förslaget ändrats sedan det lästes (någon har bokat, flyttat "
    "eller ställt in ett möte) bokas inget och svaret är 409; läs förslaget igen.",
)
def book_structure_plan(
    request: HttpRequest, slug: str, payload: StructurePlanBookIn
) -> Status[dict[str, int]]:
    user = acting_user(request)
    structure = get_structure_for_edit(user_of(request), slug)
    booked, bodies = structure_plan_book(
        structure=structure,
        year=payload.year,
        kind=payload.kind,
        checksum=payload.checksum,
        skip=set(payload.skip),
        by=user,
        place=payload.place,
    )
    return Status(201, {"year": payload.year, "booked": len(booked), "bodies": bodies})
