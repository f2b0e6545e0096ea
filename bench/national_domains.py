"""The later domains for `national.py`, in proportion to the bodies: cases with steps,
deviations, indicators with values, governing documents with implementations, reporting
duties, activity plans and periodic reports. All through `bulk_create`; imports inside the
functions because Django is set up by the caller."""

from __future__ import annotations

import datetime
import random
import secrets
import time
from decimal import Decimal
from typing import Any

from national_world import BATCH, timed
from search_bench import sentence

CASE_TITLES = [
    "Gemensam rutin för läkemedelshantering i hemsjukvården",
    "Brister i informationsöverföringen vid utskrivning",
    "Behov av samordnad individuell plan för barn",
    "Tillgång till läkare i särskilt boende",
    "Hjälpmedel vid hemgång",
    "Fallprevention i ordinärt boende",
    "Suicidprevention i skolan",
    "Tolkförmedling vid vårdplanering",
]
DOCUMENTS = [
    ("Överenskommelse om samverkan vid utskrivning", "agreement"),
    ("Hälso- och sjukvårdsavtal", "contract"),
    ("Riktlinje för samordnad individuell plan", "guideline"),
    ("Rutin för läkemedelsgenomgångar", "routine"),
    ("Kunskapsstöd psykisk hälsa barn och unga", "knowledge_support"),
    ("Målbild nära vård", "plan"),
    ("Riktlinje för hjälpmedel", "guideline"),
    ("Rutin för avvikelsehantering mellan huvudmännen", "routine"),
]
INDICATORS = [
    ("Utskrivningsklara dagar per 1 000 invånare", "dagar"),
    ("Andel SIP inom 30 dagar", "%"),
    ("Undvikbar slutenvård", "per 100 000"),
    ("Andel äldre med läkemedelsgenomgång", "%"),
    ("Återinskrivningar inom 30 dagar", "%"),
]
CATEGORIES = ["Utskrivning", "Läkemedel", "Informationsöverföring", "Hjälpmedel", "Övrigt"]


def bodies_by_kind(structures: list[Any]) -> tuple[dict[int, Any], list[Any], list[Any]]:
    """Per structure its county group, and all local groups and working groups."""
    from samverkan.structure.models import Body

    lsg: dict[int, Any] = {}
    local: list[Any] = []
    groups: list[Any] = []
    for body in Body.objects.filter(structure__in=structures).order_by("pk"):
        if body.kind == "county_group":
            lsg[body.structure_id] = body
        elif body.kind == "local_group":
            local.append(body)
        elif body.kind == "working_group":
            groups.append(body)
    return lsg, local, groups


def add_cases(rng: random.Random, structures: list[Any], today: datetime.date) -> None:
    """One case a year for every third local group, raised there and lifted to the county
    group in half of them, with the meeting it was handled at."""
    from samverkan.cases.models import Case, CaseNumbering, CaseStatus, CaseStep
    from samverkan.meetings.models import Meeting

    started = time.perf_counter()
    lsg, local, _ = bodies_by_kind(structures)
    CaseNumbering.objects.bulk_create(
        [CaseNumbering(structure=s, pattern="SV {år}-{nr}") for s in structures]
    )
    meetings: dict[int, list[tuple[int, datetime.datetime]]] = {}
    for pk, body_id, starts_at in Meeting.objects.filter(
        body__in=[*local, *lsg.values()], status="held", starts_at__year__gte=today.year - 3
    ).values_list("pk", "body_id", "starts_at"):
        meetings.setdefault(body_id, []).append((pk, starts_at))
    cases = []
    steps: list[tuple[int, Any, str, datetime.date, int | None, str]] = []
    numbers: dict[int, int] = {}
    for body in local[::3]:
        held = meetings.get(body.pk, [])
        for year in range(today.year - 3, today.year + 1):
            raised = datetime.date(year, rng.randint(1, 11 if year < today.year else 1), 5)
            lifted = rng.random() < 0.5
            done = year < today.year
            status = (
                (CaseStatus.LIFTED if lifted else CaseStatus.RESOLVED)
                if done
                else CaseStatus.PREPARING
            )
            numbers[body.structure_id] = numbers.get(body.structure_id, 0) + 1
            cases.append(
                Case(
                    structure_id=body.structure_id,
                    number=f"SV {year}-{numbers[body.structure_id]}",
                    title=rng.choice(CASE_TITLES),
                    description=sentence(rng),
                    proposal=sentence(rng),
                    raised_in=body,
                    raised_on=raised,
                    status=status,
                    current_body=lsg[body.structure_id] if lifted and done else body,
                )
            )
            meeting = next((m for m in held if m[1].date() > raised), None)
            index = len(cases) - 1
            steps.append((index, body, "prepare", raised, meeting[0] if meeting else None, ""))
            if lifted and done:
                steps.append((index, lsg[body.structure_id], "decide", raised, None, "resolved"))
    made = Case.objects.bulk_create(cases, batch_size=BATCH)
    if made and made[0].pk is None:
        made = list(Case.objects.order_by("pk"))
    CaseStep.objects.bulk_create(
        [
            CaseStep(
                case=made[index],
                position=n,
                body=body,
                role=role,
                received_on=received,
                meeting_id=meeting_id,
                outcome=outcome,
                handled_on=received + datetime.timedelta(days=30) if outcome else None,
            )
            for n, (index, body, role, received, meeting_id, outcome) in enumerate(steps)
        ],
        batch_size=BATCH,
    )
    timed(f"ärenden ({len(cases)})", started)


def add_deviations(
    rng: random.Random, structures: list[Any], today: datetime.date, per_municipality: int
) -> None:
    """Settings and categories per structure; `per_municipality` deviations a year for three
    years between the region and its municipalities, the older ones answered."""
    from samverkan.deviations.models import Deviation, DeviationCategory, DeviationSettings
    from samverkan.structure.models import Principal

    started = time.perf_counter()
    lsg, _, _ = bodies_by_kind(structures)
    DeviationSettings.objects.bulk_create(
        [
            DeviationSettings(
                structure=s, follow_up_body=lsg[s.pk], report_token=secrets.token_urlsafe(24)
            )
            for s in structures
        ]
    )
    categories = DeviationCategory.objects.bulk_create(
        [
            DeviationCategory(structure=s, name=name, position=n)
            for s in structures
            for n, name in enumerate(CATEGORIES)
        ]
    )
    if categories and categories[0].pk is None:
        categories = list(DeviationCategory.objects.order_by("pk"))
    by_structure: dict[int, list[Any]] = {}
    for category in categories:
        by_structure.setdefault(category.structure_id, []).append(category)
    municipalities = list(Principal.objects.filter(kind="municipality"))
    deviations = []
    for structure in structures:
        region = structure.region
        mine = [m for m in municipalities if m.scb_code[:2] == region.scb_code]
        for day in range(0, 3 * 365, max(1, 365 // max(1, per_municipality))):
            for municipality in mine:
                if rng.random() < 0.5:
                    continue
                reported = today - datetime.timedelta(days=day + rng.randint(0, 6))
                old = day > 60
                reporter, concerned = (
                    (municipality, region) if rng.random() < 0.6 else (region, municipality)
                )
                deviations.append(
                    Deviation(
                        structure=structure,
                        occurred_on=reported - datetime.timedelta(days=2),
                        reported_on=reported,
                        reporting_principal=reporter,
                        reporting_unit="Hemsjukvården",
                        concerned_principal=concerned,
                        concerned_unit="Avdelning 12",
                        category=rng.choice(by_structure[structure.pk]),
                        description=sentence(rng),
                        contact_name="Kontakt Person",
                        status="closed" if old else rng.choice(["received", "answered"]),
                        answer_due=reported + datetime.timedelta(days=30),
                        investigation=sentence(rng) if old else "",
                    )
                )
    Deviation.objects.bulk_create(deviations, batch_size=BATCH)
    timed(f"avvikelser ({len(deviations)})", started)


def add_indicators(rng: random.Random, structures: list[Any], today: datetime.date) -> None:
    """Five public yearly indicators per structure with ten years of values per principal."""
    from django.utils import timezone

    from samverkan.statistics.models import Indicator, IndicatorValue
    from samverkan.structure.models import Principal

    started = time.perf_counter()
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(structure=s, name=name, unit=unit, public=True, level="both")
            for s in structures
            for name, unit in INDICATORS
        ]
    )
    if indicators and indicators[0].pk is None:
        indicators = list(Indicator.objects.select_related("structure").order_by("pk"))
    municipalities = list(Principal.objects.filter(kind="municipality"))
    now = timezone.now()
    values = []
    for indicator in indicators:
        region = indicator.structure.region
        mine = [m for m in municipalities if m.scb_code[:2] == region.scb_code]
        for principal in [region, *mine]:
            level = rng.uniform(10, 90)
            for year in range(today.year - 10, today.year):
                values.append(
                    IndicatorValue(
                        indicator=indicator,
                        principal=principal,
                        period=datetime.date(year, 1, 1),
                        value=Decimal(f"{level + rng.uniform(-5, 5):.2f}"),
                        source="demo",
                        entered_at=now,
                    )
                )
    IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
    timed(f"indikatorvärden ({len(values)})", started)


def add_governing(rng: random.Random, structures: list[Any], today: datetime.date) -> None:
    """Eight governing documents per structure, the first three implemented by every local
    group, at different stages."""
    from samverkan.governing.models import GoverningDocument, Implementation

    started = time.perf_counter()
    lsg, local, _ = bodies_by_kind(structures)
    documents = GoverningDocument.objects.bulk_create(
        [
            GoverningDocument(
                structure=s,
                title=title,
                kind=kind,
                version="2.0",
                owner="Länssamverkansgruppen",
                decided_by="Samråd vård och omsorg",
                decided_on=today - datetime.timedelta(days=400),
                next_revision=today + datetime.timedelta(days=rng.randint(-30, 700)),
                summary=sentence(rng),
                file=SHARED_GOVERNING_FILE,
                commissioned_by=lsg[s.pk] if n < 3 else None,
            )
            for s in structures
            for n, (title, kind) in enumerate(DOCUMENTS)
        ]
    )
    if documents and documents[0].pk is None:
        documents = list(GoverningDocument.objects.order_by("pk"))
    implemented = {}
    for document in documents:
        if document.commissioned_by_id:
            implemented.setdefault(document.structure_id, []).append(document)
    rows = []
    for body in local:
        for document in implemented.get(body.structure_id, []):
            status = rng.choice(["not_started", "planned", "implemented", "followed_up"])
            rows.append(
                Implementation(
                    document=document,
                    body=body,
                    status=status,
                    planned_on=today + datetime.timedelta(days=60) if status == "planned" else None,
                    implemented_on=today - datetime.timedelta(days=90)
                    if status in ("implemented", "followed_up")
                    else None,
                    followed_up_on=today - datetime.timedelta(days=10)
                    if status == "followed_up"
                    else None,
                )
            )
    Implementation.objects.bulk_create(rows, batch_size=BATCH)
    timed(f"styrdokument ({len(documents)}) och implementeringar ({len(rows)})", started)


SHARED_GOVERNING_FILE = "bench/styrdokument.pdf"


def add_followup(
    rng: random.Random, structures: list[Any], today: datetime.date, sections: list[Any]
) -> None:
    """A yearly reporting duty from every local group to its county group; an activity plan
    with six activities and a delivered, public report for each of the last three years."""
    from django.utils import timezone

    from samverkan.followup.models import Activity, ActivityPlan, PeriodicReport
    from samverkan.structure.models import Charter, ReportingDuty

    started = time.perf_counter()
    lsg, local, _ = bodies_by_kind(structures)
    charters = dict(
        Charter.objects.filter(body__in=local, status="in_force").values_list("body_id", "pk")
    )
    duties = ReportingDuty.objects.bulk_create(
        [
            ReportingDuty(
                charter_id=charters[b.pk],
                to_body=lsg[b.structure_id],
                frequency="yearly",
                what="Verksamhetsberättelse",
                public=True,
            )
            for b in local
            if b.pk in charters
        ],
        batch_size=BATCH,
    )
    duty_of = {}
    if duties and duties[0].pk is not None:
        body_of_charter = {pk: body_id for body_id, pk in charters.items()}
        duty_of = {body_of_charter[d.charter_id]: d.pk for d in duties}
    years = range(today.year - 3, today.year + 1)
    plans = ActivityPlan.objects.bulk_create(
        [
            ActivityPlan(body=b, year=y, title="Aktivitetsplan", description=sentence(rng))
            for b in local
            for y in years
        ],
        batch_size=BATCH,
    )
    if plans and plans[0].pk is None:
        plans = list(ActivityPlan.objects.order_by("pk"))
    Activity.objects.bulk_create(
        [
            Activity(
                plan=plan,
                position=n,
                title=sentence(rng)[:300],
                owner_text="Processledaren",
                due_on=datetime.date(plan.year, 2 * n + 1, 28),
                status=rng.choice(["planned", "ongoing", "done"])
                if plan.year >= today.year
                else "done",
            )
            for plan in plans
            for n in range(6)
        ],
        batch_size=BATCH,
    )
    now = timezone.now()
    reports = [
        PeriodicReport(
            body=b,
            duty_id=duty_of.get(b.pk),
            to_body=lsg[b.structure_id],
            period="year",
            period_start=datetime.date(y, 1, 1),
            period_end=datetime.date(y, 12, 31),
            title=f"Rapport från {b.name} till {lsg[b.structure_id].name}, helår {y}",
            summary=sentence(rng),
            sections=sections,
            status="delivered",
            public=True,
            generated_at=now,
            approved_at=now,
            delivered_at=now,
        )
        for b in local
        for y in years
        if y < today.year
    ]
    PeriodicReport.objects.bulk_create(reports, batch_size=BATCH)
    timed(f"aktivitetsplaner ({len(plans)}) och rapporter ({len(reports)})", started)
