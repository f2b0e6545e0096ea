"""The national-scale installation that `check_rules_bench.py` checks, built with
`bulk_create`: one structure per region, every body with a charter in force, members, ten
years of meetings with minutes, assignments, working groups and recommendations. Run from
the benchmark after Django is set up (the imports are inside the functions for that)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

# Regional bodies of every structure, as (key, name, kind, mandate): a 004-like tree.
REGIONAL = [
    ("samrad", "Samråd vård och omsorg", "political_council", "recommends"),
    ("lsg", "Länssamverkansgruppen", "county_group", "recommends"),
    ("lsg-au", "Länssamverkansgruppens AU", "working_committee", "none"),
    ("barn-unga", "Beredning barn och unga", "preparation_committee", "none"),
    ("vuxna-aldre", "Beredning vuxna och äldre", "preparation_committee", "none"),
    ("patientsakerhet", "Samverkansråd patientsäkerhet", "council", "recommends"),
    ("hjalpmedel", "Hjälpmedelsrådet", "council", "recommends"),
    ("seminarium", "Regionalt ledningsseminarium", "leadership_seminar", "none"),
]
LOCAL_NAMES = ["Att växa upp", "Mitt i livet", "Att åldras"]
MEMBERS_PER_BODY = 8  # chair, vice chair, secretary and five members
CITATIONS = {
    "meetings": "Mötesfrekvens minst 6 gånger per år.",
    "booking": "Möten för nästkommande år bokas senast sista november.",
    "documents": "Kallelse och underlag skickas ut senast 10 arbetsdagar före mötet.",
    "leadership": "Ordförande och vice ordförande representerar olika huvudmän och växlar "
    "mellan huvudmännen varje kalenderår.",
    "composition": "En ledamot per kommun och två från regionen.",
    "working_groups": "Arbetsgruppernas uppdrag och bemanning ska revideras vid behov och "
    "minst en gång per år.",
    "recommendations": "Länssamverkansgruppen ansvarar för att rekommendationer förmedlas "
    "till adekvat instans för beslut.",
}


@dataclass(frozen=True)
class Size:
    """How much of everything: bodies per municipality (local groups and working groups)
    on top of the regional bodies, meetings per body and year, years of meetings."""

    name: str
    locals_per_municipality: int
    groups_per_municipality: int
    meetings_per_year: int = 4
    years: int = 10


# --- Building the installation -------------------------------------------------------------


@dataclass
class World:
    today: datetime.date
    rng: random.Random
    structures: list[Any] = field(default_factory=list)
    # Per structure: its region and municipalities.
    principals: dict[int, tuple[Any, list[Any]]] = field(default_factory=dict)
    # Per structure: the regional bodies by key.
    regional: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Bodies per municipality already made, by kind ("local", "group").
    made: dict[str, int] = field(default_factory=lambda: {"local": 0, "group": 0})
    serial: int = 0

    def next(self) -> int:
        self.serial += 1
        return self.serial


def build_structures(world: World, size: Size) -> None:
    from django.contrib.auth.models import User

    from samverkan.structure.models import Body, Principal, Structure

    regions = list(Principal.objects.filter(kind="region").order_by("scb_code"))
    municipalities = list(Principal.objects.filter(kind="municipality").order_by("scb_code"))
    assert len(regions) == 21 and len(municipalities) == 290, (len(regions), len(municipalities))
    for region in regions:
        structure = Structure.objects.create(
            name=f"Samverkan {region.name}", slug=f"s-{region.scb_code}", region=region
        )
        coordinator = User.objects.create_user(
            f"koordinator-{region.scb_code}", f"k{region.scb_code}@example.se", "bench"
        )
        structure.coordinators.add(coordinator)
        world.structures.append(structure)
        world.principals[structure.pk] = (
            region,
            [m for m in municipalities if m.scb_code[:2] == region.scb_code],
        )
    regional: list[Any] = []
    for structure in world.structures:
        for position, (key, name, kind, mandate) in enumerate(REGIONAL):
            regional.append(
                Body(
                    structure=structure,
                    key=key,
                    name=name,
                    kind=kind,
                    level="regional",
                    mandate=mandate,
                    position=position,
                )
            )
    Body.objects.bulk_create(regional)
    saved = Body.objects.filter(structure__in=world.structures)
    for body in saved:
        world.regional.setdefault(body.structure_id, {})[body.key] = body
    for structure in world.structures:
        tree = world.regional[structure.pk]
        parents = {
            "lsg": "samrad",
            "lsg-au": "lsg",
            "barn-unga": "lsg",
            "vuxna-aldre": "lsg",
            "patientsakerhet": "lsg",
            "hjalpmedel": "lsg",
            "seminarium": "lsg",
        }
        for key, parent in parents.items():
            tree[key].parent = tree[parent]
    Body.objects.bulk_update(
        [b for tree in world.regional.values() for b in tree.values()], ["parent"]
    )
    populate(world, [b for tree in world.regional.values() for b in tree.values()], size)


def grow(world: World, size: Size) -> None:
    """Add local groups and working groups up to `size` in every municipality."""
    from samverkan.structure.models import Body

    new: list[Any] = []
    for structure in world.structures:
        _, municipalities = world.principals[structure.pk]
        lsg = world.regional[structure.pk]["lsg"]
        for municipality in municipalities:
            for n in range(world.made["local"], size.locals_per_municipality):
                name = LOCAL_NAMES[n % len(LOCAL_NAMES)]
                new.append(
                    Body(
                        structure=structure,
                        parent=lsg,
                        key=f"lokal-{municipality.scb_code}-{n}",
                        name=f"Lokal samverkansgrupp {name} – {municipality.short_name or municipality.name}",
                        kind="local_group",
                        level="local",
                        municipality=municipality,
                        mandate="decides",
                    )
                )
            for n in range(world.made["group"], size.groups_per_municipality):
                temporary = n % 3 == 0
                new.append(
                    Body(
                        structure=structure,
                        parent=lsg,
                        key=f"arbetsgrupp-{municipality.scb_code}-{n}",
                        name=f"Arbetsgrupp {n + 1} {municipality.short_name or municipality.name}",
                        kind="working_group",
                        level="local",
                        municipality=municipality,
                        mandate="none",
                        duration="temporary" if temporary else "lasting",
                        end_date=world.today + datetime.timedelta(days=world.rng.randint(-200, 400))
                        if temporary
                        else None,
                    )
                )
    world.made["local"] = max(world.made["local"], size.locals_per_municipality)
    world.made["group"] = max(world.made["group"], size.groups_per_municipality)
    made = Body.objects.bulk_create(new, batch_size=2000)
    if made and made[0].pk is None:  # backends that do not return ids
        made = list(Body.objects.filter(key__in=[b.key for b in new]))
    populate(world, made, size)


def populate(world: World, bodies: list[Any], size: Size) -> None:
    """Charters, members, ten years of meetings with minutes, and the cases of `bodies`."""
    from samverkan.structure.models import Charter, CompositionRule

    rng = world.rng
    charters = []
    for body in bodies:
        local = body.kind == "local_group"
        charters.append(
            Charter(
                body=body,
                version="1.0",
                status="in_force",
                decided_on=datetime.date(world.today.year - rng.randint(1, 6), 1, 1),
                next_revision=world.today + datetime.timedelta(days=rng.randint(-400, 600)),
                meetings_min_per_year=rng.choice([None, 3, 4, 6]),
                meetings_max_per_year=rng.choice([None, 6, 8]),
                meetings_min_per_quarter=1 if local and rng.random() < 0.3 else None,
                meetings_planned_per_year=True,
                booking_deadline_month=11,
                booking_deadline_day=30,
                meeting_forms_revised_yearly=rng.random() < 0.3,
                document_lead_value=rng.choice([5, 7, 10]),
                document_lead_unit="working_days",
                chair_rotation=rng.choice(["yearly", "none"]),
                # As in Blekinge's local groups (the demo): their chair prepares the agenda.
                chair_owns_agenda=local,
                chair_rotation_extendable=rng.random() < 0.5,
                chair_and_vice_chair_from_different_principals=True,
                substitutes=rng.choice(["allowed", "not_allowed", ""]),
                member_term_years=rng.choice([None, 4]),
                minutes_approval=rng.choice(["chair_and_adjuster", "chair", "none"]),
                minutes_public=rng.random() < 0.7,
                keeps_balance_list=body.kind in ("county_group", "political_council"),
                citations=CITATIONS,
            )
        )
    Charter.objects.bulk_create(charters, batch_size=2000)
    charters = list(Charter.objects.filter(body__in=bodies)) if charters[0].pk is None else charters
    rules = []
    for charter in charters:
        rules.append(
            CompositionRule(
                charter=charter,
                position=0,
                principal_kind="municipality",
                per_principal=True,
                min_count=1,
                max_count=2,
            )
        )
        rules.append(
            CompositionRule(
                charter=charter, position=1, principal_kind="region", min_count=2, max_count=4
            )
        )
    CompositionRule.objects.bulk_create(rules, batch_size=5000)
    people = add_members(world, bodies)
    add_meetings(world, bodies, people, size)
    add_cases(world, bodies)


def add_members(world: World, bodies: list[Any]) -> dict[int, list[Any]]:
    """Eight seats per body, the chair from one principal and the vice chair from the other
    (now and then the same, or missing, so the leadership rules have something to say)."""
    from samverkan.structure.models import Membership, Person

    persons: list[Any] = []
    seats: list[tuple[Any, int, str, Any]] = []
    for body in bodies:
        region, municipalities = world.principals[body.structure_id]
        municipality = (
            body.municipality if body.municipality_id else world.rng.choice(municipalities)
        )
        for n in range(MEMBERS_PER_BODY):
            serial = world.next()
            persons.append(
                Person(
                    key=f"p-{serial}",
                    first_name=f"Förnamn{serial % 97}",
                    last_name=f"Efternamn{serial}",
                    email=f"p{serial}@example.se",
                )
            )
            role = {0: "chair", 1: "vice_chair", 2: "secretary"}.get(n, "member")
            if n == 1 and world.rng.random() < 0.05:
                continue  # a vacant vice chair
            principal = region if n % 2 else municipality
            seats.append((body, len(persons) - 1, role, principal))
    made = Person.objects.bulk_create(persons, batch_size=5000)
    if made and made[0].pk is None:
        made = list(Person.objects.filter(key__in=[p.key for p in persons]).order_by("pk"))
    start = datetime.date(world.today.year - 2, 1, 1)
    memberships = [
        Membership(
            body=body,
            person=made[index],
            role=role,
            principal=principal,
            start=start,
            end=datetime.date(world.today.year, 12, 31)
            if role in ("chair", "vice_chair")
            else None,
        )
        for body, index, role, principal in seats
    ]
    Membership.objects.bulk_create(memberships, batch_size=5000)
    by_body: dict[int, list[Any]] = {}
    for body, index, _, _ in seats:
        by_body.setdefault(body.pk, []).append(made[index])
    return by_body


def add_meetings(world: World, bodies: list[Any], people: dict[int, list[Any]], size: Size) -> None:
    """`years` years of meetings per body up to this year, some next year; held ones have
    approved minutes, a few recent ones still wait for approval."""
    from samverkan.lib.localtime import local
    from samverkan.meetings.models import Meeting
    from samverkan.minutes.models import Minutes

    rng = world.rng
    per_year = size.meetings_per_year
    now = local(world.today, 12)
    meetings: list[Any] = []
    for body in bodies:
        for year in range(world.today.year - size.years + 1, world.today.year + 2):
            if year > world.today.year and rng.random() < 0.4:
                continue  # next year not booked yet
            for n in range(per_year):
                day = datetime.date(
                    year, 1 + n * (12 // per_year) + rng.randint(0, 1), rng.randint(2, 27)
                )
                starts = local(day, 13)
                meetings.append(
                    Meeting(
                        body=body,
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(hours=2),
                        place="Regionens hus",
                        status="held" if starts < now else rng.choice(["planned", "called"]),
                    )
                )
    made = Meeting.objects.bulk_create(meetings, batch_size=5000)
    if made and made[0].pk is None:
        made = list(Meeting.objects.filter(body__in=bodies).order_by("pk"))
    minutes = []
    # Two months: with three meetings a year, some of a structure's minutes then await
    # approval on any day (as in the demo), so the coordinator's lists have rows to read.
    recent = now - datetime.timedelta(days=60)
    for meeting in made:
        if meeting.status != "held":
            continue
        members = people.get(meeting.body_id, [])
        waiting = meeting.starts_at > recent and rng.random() < 0.5
        approved = meeting.starts_at + datetime.timedelta(days=rng.randint(5, 20))
        minutes.append(
            Minutes(
                meeting=meeting,
                status="pending" if waiting else "approved",
                approval_rule="chair_and_adjuster",
                taken_by=members[2] if len(members) > 2 else None,
                chaired_by=members[0] if members else None,
                adjuster=members[3] if len(members) > 3 else None,
                submitted_at=meeting.starts_at + datetime.timedelta(days=2),
                approved_at=None if waiting else approved,
                published_at=None if waiting else approved + datetime.timedelta(days=1),
                public=True,
            )
        )
    Minutes.objects.bulk_create(minutes, batch_size=5000)


def add_cases(world: World, bodies: list[Any]) -> None:
    """Assignments to the working groups (some late, some due soon, some reported), their
    review dates, and recommendations from the county groups with one decision per
    principal."""
    from samverkan.cases.models import (
        Assignment,
        DecisionState,
        PrincipalDecision,
        Recommendation,
        WorkingGroup,
    )
    from samverkan.minutes.models import EntryKind, Minutes, MinutesEntry, MinutesItem

    rng = world.rng
    today = world.today
    assignments = []
    groups = []
    for body in bodies:
        if body.kind != "working_group":
            continue
        lsg = world.regional[body.structure_id]["lsg"]
        assignments.append(
            Assignment(
                structure_id=body.structure_id,
                given_by=lsg,
                to_body=body,
                report_to=lsg,
                title=f"Uppdrag till {body.name}",
                given_on=today - datetime.timedelta(days=200),
                due_on=today + datetime.timedelta(days=rng.randint(-60, 120)),
                status=rng.choice(["given", "in_progress", "reported"]),
            )
        )
        groups.append(
            WorkingGroup(
                body=body,
                created_by_body=lsg,
                review_on=today + datetime.timedelta(days=rng.randint(-90, 365)),
            )
        )
    Assignment.objects.bulk_create(assignments, batch_size=5000)
    WorkingGroup.objects.bulk_create(groups, batch_size=5000)
    # Recommendations: from the county groups' approved minutes of the last year.
    county = [b for b in bodies if b.kind == "county_group"]
    if not county:
        return
    approved = list(
        Minutes.objects.filter(
            meeting__body__in=county,
            status="approved",
            meeting__starts_at__year__gte=today.year - 1,
        ).select_related("meeting")
    )
    items = MinutesItem.objects.bulk_create(
        [MinutesItem(minutes=m, position=1, title="Gemensam riktlinje") for m in approved]
    )
    if items and items[0].pk is None:
        items = list(MinutesItem.objects.filter(minutes__in=approved).order_by("minutes_id"))
    entries = MinutesEntry.objects.bulk_create(
        [
            MinutesEntry(
                item=item,
                kind=EntryKind.RECOMMENDATION,
                text="Huvudmännen rekommenderas att anta riktlinjen.",
            )
            for item in items
        ]
    )
    if entries and entries[0].pk is None:
        entries = list(MinutesEntry.objects.filter(item__in=items).order_by("item_id"))
    by_minutes = {item.minutes_id: entry for item, entry in zip(items, entries, strict=True)}
    recommendations = []
    for minutes in approved:
        body = minutes.meeting.body
        routed = rng.random() < 0.7
        recommendations.append(
            Recommendation(
                structure_id=body.structure_id,
                body_id=minutes.meeting.body_id,
                minutes=minutes,
                entry=by_minutes[minutes.pk],
                title="Gemensam riktlinje",
                text="Huvudmännen rekommenderas att anta riktlinjen.",
                decided_on=minutes.meeting.starts_at.date(),
                answer_by=today + datetime.timedelta(days=rng.randint(-60, 60)) if routed else None,
                routed_at=minutes.approved_at if routed else None,
            )
        )
    made = Recommendation.objects.bulk_create(recommendations)
    if made and made[0].pk is None:
        made = list(Recommendation.objects.filter(minutes__in=approved).order_by("pk"))
    decisions = []
    for recommendation in made:
        region, municipalities = world.principals[recommendation.structure_id]
        for principal in [region, *municipalities]:
            state = (
                rng.choice([DecisionState.SENT, DecisionState.PREPARING, DecisionState.ADOPTED])
                if recommendation.routed_at
                else DecisionState.NOT_SENT
            )
            decisions.append(
                PrincipalDecision(recommendation=recommendation, principal=principal, state=state)
            )
    PrincipalDecision.objects.bulk_create(decisions, batch_size=5000)


def counts() -> dict[str, int]:
    from samverkan.cases.models import Assignment, PrincipalDecision, Recommendation
    from samverkan.meetings.models import Meeting
    from samverkan.minutes.models import Minutes
    from samverkan.structure.models import Body, Membership, Principal, Structure

    return {
        "strukturer": Structure.objects.count(),
        "kommuner": Principal.objects.filter(kind="municipality").count(),
        "grupper": Body.objects.count(),
        "uppdrag i grupper": Membership.objects.count(),
        "möten": Meeting.objects.count(),
        "minnesanteckningar": Minutes.objects.count(),
        "uppdrag": Assignment.objects.count(),
        "rekommendationer": Recommendation.objects.count(),
        "huvudmannabeslut": PrincipalDecision.objects.count(),
    }
