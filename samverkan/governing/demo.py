"""The governing documents demo: Samverkan Blekinge's eight governing documents (Bilaga 1
of the local groups' charter, seed 003), each commissioned by one of the three county
groups (länssamverkansgrupperna Att växa upp, Mitt i livet, Att åldras) and implemented by
its five local groups, one per municipality, in varied states with dates relative to
`today`; and the local groups' charter entries linked to the records.

It acts only on the demo's own Blekinge structure, once (`DemoPart.GOVERNING`): loading
twice changes nothing, and a Blekinge that has documents of its own already is left alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from samverkan.governing import services
from samverkan.governing.models import DocumentKind, GoverningDocument, ImplementationStatus
from samverkan.lib.localtime import local_today
from samverkan.structure.demo import demo_mark, demo_structures
from samverkan.structure.models import Body, DemoPart, Structure

SLUG = "blekinge"
MUNICIPALITIES = ("karlshamn", "karlskrona", "olofstrom", "ronneby", "solvesborg")
VAXA = "lsg-att-vaxa-upp"
MITT = "lsg-mitt-i-livet"
ALDRAS = "lsg-att-aldras"
LOCAL = {VAXA: "lokal-att-vaxa-upp", MITT: "lokal-mitt-i-livet", ALDRAS: "lokal-att-aldras"}


@dataclass(frozen=True)
class DemoDocument:
    title: str  # exactly as Bilaga 1 lists it
    kind: str
    owner: str
    decided_by: str
    decided_days_ago: int
    version: str
    # Days from today to the next revision: negative has passed.
    revision_in_days: int
    commissioned_by: str
    parent: int | None  # index in DOCUMENTS
    summary: str
    public: bool = True


DOCUMENTS = (
    DemoDocument(
        "Samverkan Blekinge - Samverkan mellan Region Blekinge och länets kommuner inom "
        "hälsa, vård, lärande och social välfärd",
        DocumentKind.AGREEMENT,
        "Samverkan Blekinge",
        "Region Blekinge och kommunerna i Blekinge",
        1100,
        "2.0",
        45,
        VAXA,
        None,
        "Den övergripande överenskommelsen om samverkansstrukturen: LSVO, "
        "länssamverkansgrupperna och de lokala samverkansgrupperna.",
    ),
    DemoDocument(
        "Samverkan Blekinges verksamhetsplan och Tillika färdplan för jämlik hälsa, nära vård, "
        "stöd och omsorg 2023 - 2026.",
        DocumentKind.PLAN,
        "Samverkan Blekinge",
        "LSVO",
        1000,
        "1.2",
        -20,
        MITT,
        0,
        "Verksamhetsplanen och färdplanen för perioden 2023–2026, med länsgemensamma "
        "aktiviteter för varje målgrupp.",
    ),
    DemoDocument(
        "Blekinges målbild för jämlik hälsa, nära vård, stöd och omsorg",
        DocumentKind.PLAN,
        "Samverkan Blekinge",
        "LSVO",
        900,
        "1.0",
        300,
        MITT,
        1,
        "Målbilden som verksamhetsplanen och färdplanen arbetar mot.",
    ),
    DemoDocument(
        "Samverkansgruppernas aktivitetsplaner",
        DocumentKind.PLAN,
        "LSVO",
        "Respektive länssamverkansgrupp",
        200,
        "2025",
        50,
        VAXA,
        1,
        "Varje samverkansgrupps aktivitetsplan, som revideras varje år.",
        public=False,
    ),
    DemoDocument(
        "Hemsjukvårdsavtalet",
        DocumentKind.CONTRACT,
        "LSVO",
        "Regionstyrelsen och kommunstyrelserna i Blekinge",
        700,
        "3.1",
        240,
        ALDRAS,
        6,
        "Avtalet om ansvaret för hälso- och sjukvård i hemmet mellan regionen och kommunerna.",
    ),
    DemoDocument(
        "Överenskommelse om samverkan vid utskrivning från slutna hälso- och sjukvård",
        DocumentKind.AGREEMENT,
        "LSVO",
        "LSVO",
        500,
        "2.0",
        180,
        ALDRAS,
        6,
        "Hur regionen och kommunerna samverkar när en patient skrivs ut från slutenvården.",
    ),
    DemoDocument(
        "Överenskommelse om samarbete mellan Region Blekinge och kommunerna i Blekinge",
        DocumentKind.AGREEMENT,
        "LSVO",
        "LSVO",
        800,
        "1.1",
        400,
        MITT,
        0,
        "Samarbetet kring personer med behov av insatser från både region och kommun.",
    ),
    DemoDocument(
        "Överenskommelse om kunskapsstyrning i samverkan",
        DocumentKind.AGREEMENT,
        "LSVO",
        "LSVO",
        400,
        "1.0",
        365,
        VAXA,
        0,
        "Hur nationella och regionala kunskapsstöd tas emot och implementeras lokalt.",
    ),
)

# The states cycle through the local groups, shifted per document, so that every matrix
# has each state and every group is at a different place with different documents.
CYCLE = (
    ImplementationStatus.FOLLOWED_UP,
    ImplementationStatus.IMPLEMENTED,
    ImplementationStatus.PLANNED,
    ImplementationStatus.NOT_STARTED,
    ImplementationStatus.IMPLEMENTED,
)
# One planned implementation whose day has passed, for the charter check to show:
# (document index, municipality index).
OVERDUE = (5, 1)


def _state(
    index: int, place: int, today: datetime.date
) -> tuple[str, dict[str, datetime.date | None]]:
    if (index, place) == OVERDUE:
        return ImplementationStatus.PLANNED, {"planned_on": today - datetime.timedelta(days=21)}
    status = CYCLE[(index + place) % len(CYCLE)]
    days = datetime.timedelta
    if status == ImplementationStatus.FOLLOWED_UP:
        done = today - days(200 + 10 * place + 5 * index)
        return status, {"implemented_on": done, "followed_up_on": done + days(90)}
    if status == ImplementationStatus.IMPLEMENTED:
        return status, {"implemented_on": today - days(40 + 7 * place + 3 * index)}
    if status == ImplementationStatus.PLANNED:
        return status, {"planned_on": today + days(30 + 14 * place + 2 * index)}
    return status, {}


def _load(structure: Structure, today: datetime.date) -> str:
    bodies = {b.key: b for b in Body.objects.filter(structure=structure)}
    made: list[GoverningDocument] = []
    for spec in DOCUMENTS:
        decided_on = today - datetime.timedelta(days=spec.decided_days_ago)
        document = services.document_create(
            by=None,
            structure=structure,
            title=spec.title,
            kind=spec.kind,
            version=spec.version,
            owner=spec.owner,
            decided_by=spec.decided_by,
            decided_on=decided_on,
            next_revision=today + datetime.timedelta(days=spec.revision_in_days),
            summary=spec.summary,
            public=spec.public,
            commissioned_by=bodies.get(spec.commissioned_by),
        )
        made.append(document)
    for index, spec in enumerate(DOCUMENTS):
        document = made[index]
        if spec.parent is not None:
            services.document_update(
                by=None, document=document, expected_version=None, parent=made[spec.parent]
            )
        local = [
            bodies[key]
            for key in (f"{LOCAL[spec.commissioned_by]}-{m}" for m in MUNICIPALITIES)
            if key in bodies
        ]
        rows = {
            row.body_id: row
            for row in services.implementing_bodies_set(by=None, document=document, bodies=local)
        }
        for place, body in enumerate(local):
            status, dates = _state(index, place, today)
            if status != ImplementationStatus.NOT_STARTED:
                services.implementation_update(
                    by=None,
                    implementation=rows[body.pk],
                    status=status,
                    planned_on=dates.get("planned_on"),
                    implemented_on=dates.get("implemented_on"),
                    followed_up_on=dates.get("followed_up_on"),
                    today=today,
                )
    linked = services.link_charter_entries_by_title(structure=structure)
    return (
        f"{structure.name}: {len(made)} styrdokument, implementering i "
        f"{sum(1 for key in bodies if key.startswith('lokal-'))} lokala grupper, "
        f"{linked} rader i uppdragsbeskrivningarna kopplade."
    )


def load_demo_governing(*, today: datetime.date | None = None) -> list[str]:
    """Load the demo in the demo's own Blekinge, once; returns a line for what was made."""
    today = today or local_today()
    lines = []
    for structure in demo_structures(not_yet=DemoPart.GOVERNING).filter(slug=SLUG):
        with transaction.atomic():
            if GoverningDocument.objects.filter(structure=structure).exists():
                lines.append(f"{structure.name} har redan styrdokument och lämnades som det var.")
            else:
                lines.append(_load(structure, today))
            demo_mark(DemoPart.GOVERNING, structures=[structure])
    return lines
