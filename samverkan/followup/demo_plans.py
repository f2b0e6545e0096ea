"""The activity plans demo.

- Skåne, delregion mellersta: the operative working group's local activity plan for God och
  nära vård (002: "operativa gruppen arbetar utifrån den lokalt framtagna aktivitetsplanen
  som bygger på Vårdsamverkans aktivitets- och tidplan"). Last year's plan, revised in the
  spring; this year's plan made from it (the unfinished activities carried over) with seven
  activities, some done, some ongoing, one overdue, trygg hemgång linked to the case about
  aids at discharge where the cases demo raised it; this year's revision falls due in three
  weeks, so the charter check reminds of it, and it is an item on the group's next
  meeting's agenda.
- Blekinge: the county group Att växa upp's plan, from which it gives the local groups their
  assignments (Bilaga 2: "identifierar uppdrag till lokal samverkansgrupp utifrån upprättad
  aktivitetsplan"), linked to the assignments the cases demo gave.

Only the demo's own bodies (those the structure files made, `DemoMark`), and only one
without a plan of its own yet: loading twice changes nothing, and a plan made on the pages
or through the API is never touched. Every plan and activity goes through the services.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction

from samverkan.cases.models import Assignment, Case
from samverkan.followup.models import ActivityPlan, ActivityStatus
from samverkan.followup.services import plans as services
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_today
from samverkan.meetings.models import AgendaItemKind, Meeting, MeetingStatus
from samverkan.meetings.services import agenda_item_add
from samverkan.structure.demo import demo_mark
from samverkan.structure.models import Body, DemoMark, DemoPart, Person

SKANE_TITLE = "Lokal aktivitetsplan delregion mellersta – God och nära vård"
SKANE_DESCRIPTION = (
    "Den lokala aktivitetsplanen för delregion mellersta bygger på Vårdsamverkans aktivitets- "
    "och tidplan (God och nära vård) och Skånes gemensamma målbild i omställningsarbetet – "
    "”Möt personen där den är”. Den operativa arbetsgruppen följer upp planen och deltar "
    "årligen i dess revidering."
)
REVISION_NOTE = (
    "Trygg hemgång efter sjukhusvård lades till som utvecklingsområde; fast vårdkontakt "
    "flyttades fram till hösten. Ansvaret för SIP-uppföljningen gick till arbetsgruppen för "
    "samordnad individuell plan."
)


@dataclass
class DemoPlansReport:
    loaded: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.loaded and not self.refused:
            return "Demons aktivitetsplaner finns redan."
        lines = ["Aktivitetsplaner i demon:", *(f"  {line}" for line in self.loaded)]
        lines += [f"  Gick inte: {why}" for why in self.refused]
        return "\n".join(lines)


def _person(key: str) -> Person | None:
    return Person.objects.filter(key=key).first()


def _coordinator(body: Body) -> User | None:
    return body.structure.coordinators.order_by("username").first()


def _skane(body: Body, today: datetime.date) -> str:
    by = _coordinator(body)
    year = today.year
    camilla, albin = _person("camilla-magnusson"), _person("albin-burman")
    mirela, tove = _person("mirela-hodzic"), _person("tove-lund")
    last = services.plan_create(
        by=by,
        body=body,
        year=year - 1,
        title=SKANE_TITLE,
        description=SKANE_DESCRIPTION,
        revise_by=datetime.date(year - 1, 3, 31),
    )
    earlier = [
        ("Gemensam utbildningsdag om personcentrerat arbetssätt", ActivityStatus.DONE, camilla),
        ("Kartlägga utskrivning till ordinärt boende från SUS", ActivityStatus.DONE, mirela),
        ("Digitala vårdmöten vid SIP: pröva i två kommuner", ActivityStatus.ONGOING, albin),
        ("Fast vårdkontakt: gemensam beskrivning för primärvården", ActivityStatus.POSTPONED, None),
    ]
    for title, status, owner in earlier:
        services.activity_add(
            by=by,
            plan=last,
            title=title,
            owner=owner,
            owner_text="" if owner else "Processledarna",
            due_on=datetime.date(year - 1, 11, 30),
            status=status,
        )
    services.plan_revise(
        by=by,
        plan=last,
        revised_on=datetime.date(year - 1, 3, 14),
        note=REVISION_NOTE,
        expected_version=last.lock_version,
        today=today,
    )
    # This year's revision falls due in three weeks: the charter check reminds of it.
    plan = services.plan_create(
        by=by,
        body=body,
        year=year,
        title=SKANE_TITLE,
        description=SKANE_DESCRIPTION,
        revise_by=today + datetime.timedelta(days=21),
        from_previous=True,
    )
    aids_case = (
        Case.objects.filter(structure=body.structure, title__icontains="hemgång")
        .order_by("pk")
        .first()
    )
    assignment = (
        Assignment.objects.filter(structure=body.structure).order_by("given_on", "pk").first()
    )
    added: list[tuple[str, ActivityStatus, Person | None, str, datetime.date, Case | None]] = [
        (
            "Trygg hemgång efter sjukhusvård: gemensam rutin för de första 72 timmarna",
            ActivityStatus.ONGOING,
            camilla,
            "",
            datetime.date(year + 1, 3, 31),
            aids_case,
        ),
        (
            "Samordnad individuell plan (SIP): följa upp användningen i delregionen",
            ActivityStatus.ONGOING,
            None,
            "Arbetsgrupp samordnad individuell plan (SIP)",
            today - datetime.timedelta(days=21),
            None,
        ),
        (
            "Läkemedelsgenomgångar för personer med kommunal hemsjukvård",
            ActivityStatus.DONE,
            tove,
            "",
            datetime.date(year, 5, 31),
            None,
        ),
        (
            "Mobila team: dialog om en gemensam modell för delregionen",
            ActivityStatus.PLANNED,
            None,
            "Delregional tjänstemannaberedning",
            datetime.date(year, 12, 31),
            None,
        ),
        (
            "Uppföljning av utskrivningsklara patienter per kommun",
            ActivityStatus.CANCELLED,
            mirela,
            "",
            datetime.date(year, 9, 30),
            None,
        ),
    ]
    for title, status, owner, owner_text, due, case in added:
        services.activity_add(
            by=by,
            plan=plan,
            title=title,
            owner=owner,
            owner_text=owner_text if owner is None else "",
            due_on=due,
            status=status,
            case=case,
            assignment=assignment if case is not None else None,
        )
    carried = {a.title: a for a in plan.activities.all()}
    vard = carried.get("Digitala vårdmöten vid SIP: pröva i två kommuner")
    if vard is not None:
        services.activity_update(
            by=by,
            activity=vard,
            expected_version=vard.lock_version,
            status=ActivityStatus.DONE,
            due_on=datetime.date(year, 4, 30),
        )
    fixed = carried.get("Fast vårdkontakt: gemensam beskrivning för primärvården")
    if fixed is not None:
        services.activity_update(
            by=by,
            activity=fixed,
            expected_version=fixed.lock_version,
            status=ActivityStatus.ONGOING,
            due_on=datetime.date(year, 12, 15),
        )
    _revision_on_next_agenda(body, by, today)
    return (
        f"{body.name}: planer för {year - 1} (reviderad) och {year} med "
        f"{plan.activities.count()} aktiviteter."
    )


def _revision_on_next_agenda(body: Body, by: User | None, today: datetime.date) -> None:
    """The revision as an item on the group's next meeting, where the meeting page shows the
    plan in short under it."""
    coming = (
        Meeting.objects.filter(
            body=body,
            starts_at__date__gte=today,
            status__in=[MeetingStatus.PLANNED, MeetingStatus.CALLED],
        )
        .order_by("starts_at")
        .first()
    )
    if coming is None:
        return
    agenda_item_add(
        by=by,
        meeting=coming,
        kind=AgendaItemKind.INFORMATION,
        title="Revidering av den lokala aktivitetsplanen",
        presenter="Processledarna",
        description=(
            "Årets revidering: uppföljning av aktiviteterna och förslag till ändringar inför "
            "nästa år."
        ),
    )


def _blekinge(body: Body, today: datetime.date) -> str:
    by = _coordinator(body)
    plan = services.plan_create(
        by=by,
        body=body,
        year=today.year,
        title=f"Aktivitetsplan {body.name} {today.year}",
        description=(
            "Länssamverkansgruppen identifierar uppdrag till de lokala samverkansgrupperna "
            "utifrån aktivitetsplanen och utformar en tydlig uppdragsbeskrivning (Bilaga 2)."
        ),
        revise_by=datetime.date(today.year, 12, 31),
    )
    given = list(Assignment.objects.filter(given_by=body).order_by("given_on", "pk")[:2])
    rows = [
        ("Tidig samordnad insats för barn och unga (TSI) i alla kommuner", ActivityStatus.ONGOING),
        ("SIP för barn och unga: gemensam utbildning", ActivityStatus.PLANNED),
        ("Implementera länsgemensam rutin för skolhälsovård och BUP", ActivityStatus.DONE),
    ]
    for index, (title, status) in enumerate(rows):
        services.activity_add(
            by=by,
            plan=plan,
            title=title,
            owner_text="Länssamverkansgruppen",
            due_on=datetime.date(today.year, 12, 31),
            status=status,
            assignment=given[index] if index < len(given) else None,
        )
    return f"{body.name}: plan för {today.year} med {len(rows)} aktiviteter."


LOADERS: dict[tuple[str, str], Callable[[Body, datetime.date], str]] = {
    ("skane-mellersta", "operativ-mellersta"): _skane,
    ("blekinge", "lsg-att-vaxa-upp"): _blekinge,
}


def demo_activity_plans(*, today: datetime.date | None = None) -> DemoPlansReport:
    """Load the plans for the demo's own bodies above that have none yet."""
    today = today or local_today()
    report = DemoPlansReport()
    # The demo's own bodies, whether or not the reports' demo (the same part) has marked
    # them: a body's own plans say whether this part is done.
    made = DemoMark.objects.filter(part=DemoPart.STRUCTURE, body__isnull=False)
    bodies = Body.objects.filter(pk__in=made.values("body_id")).select_related("structure")
    for body in bodies.order_by("structure__slug", "key"):
        load = LOADERS.get((body.structure.slug, body.key))
        if load is None:
            continue
        if ActivityPlan.objects.filter(body=body).exists():
            demo_mark(DemoPart.FOLLOWUP, bodies=[body])
            continue
        try:
            with transaction.atomic():
                report.loaded.append(load(body, today))
                demo_mark(DemoPart.FOLLOWUP, bodies=[body])
        except DomainError as error:
            report.refused.append(f"{body.name}: {error.message}")
    return report
