"""Each structure's cases, as stories: raised on a day, then handled.

The stories run in the order they were raised, so registry numbers follow the calendar.
Cases in held meetings follow `history.py`; the cases of the last weeks (raised today,
sent for preparation, on a coming agenda, answered, closed, from a network) go through the
case services with their own dates.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from samverkan.cases.demo.common import (
    Demo,
    acting_user,
    dated,
    member,
    members_of,
    working_day_on_or_after,
    working_day_on_or_before,
)
from samverkan.cases.demo.history import (
    HeldItem,
    follow_up,
    held_items,
    hold_meeting,
    lift_at_meeting,
    open_in,
    raise_for,
    record_minutes,
)
from samverkan.cases.models import Case, CaseStatus, RaisedVia, Recommendation
from samverkan.cases.services.cases import (
    case_answer,
    case_close,
    case_put_on_agenda,
    case_raise,
    case_send_for_preparation,
)
from samverkan.lib.workdays import working_days_after
from samverkan.meetings.models import OPEN_STATUSES, Meeting
from samverkan.minutes.models import EntryKind, Minutes
from samverkan.structure.models import Body, BodyKind

from . import texts
from .texts import CaseText


@dataclass
class Story:
    day: datetime.date  # when the case is raised
    run: Callable[[], object]


@dataclass
class Made:
    """What later parts of the demo build on."""

    exactly_two: set[int]  # recommendations with exactly two principals decided
    county_minutes: dict[int, Minutes]  # body id -> minutes of the meeting held here


def raise_day(held: HeldItem, weeks: int) -> datetime.date:
    return working_day_on_or_before(held.day - datetime.timedelta(weeks=weeks))


def _raise_new(
    demo: Demo,
    body: Body,
    day: datetime.date,
    text: CaseText,
    *,
    index: int = 0,
    via: str = RaisedVia.MEMBER,
    network: tuple[str, str] = ("", ""),
) -> Case:
    person = member(body, day, index)
    with dated(day, 9):
        case = case_raise(
            body=body,
            by=acting_user(person, demo) if via == RaisedVia.MEMBER else demo.coordinator,
            title=text.title,
            description=text.description,
            proposal=text.proposal,
            question=text.question,
            raised_via=via if person or via != RaisedVia.MEMBER else RaisedVia.COORDINATOR,
            raised_by=person if via == RaisedVia.MEMBER else None,
            network_name=network[0],
            line_manager=network[1],
            today=day,
        )
    demo.case_ids.append(case.pk)
    return case


def _next_meeting(body: Body) -> Meeting | None:
    return (
        Meeting.objects.filter(body=body, status__in=OPEN_STATUSES, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )


def _handled_locally(demo: Demo, bodies: list[Body], *, limit: int) -> list[Story]:
    """In deciding local groups: a case per group on one of its held meetings, two of three
    turned into a recommendation by the minutes, the others resolved there."""
    stories = []
    for n, body in enumerate(bodies[:limit]):
        held = held_items(body)
        want = n % 3 != 2
        fitting = [h for h in held if (EntryKind.RECOMMENDATION in h.kinds) == want] or held
        if not fitting:
            continue
        pick = fitting[n % len(fitting)]
        weeks = 3 + n % 3

        def run(pick: HeldItem = pick, weeks: int = weeks, n: int = n) -> None:
            raise_for(demo, pick, weeks=weeks, index=n)
            record_minutes(demo, pick.minutes)

        stories.append(Story(raise_day(pick, weeks), run))
    return stories


def _to_lift(body: Body, today: datetime.date, *, oldest: int, newest: int) -> HeldItem | None:
    """The latest held item of `body` with only a decision, between `oldest` and `newest`
    days ago: the question the group lifted instead of settling."""
    found = [
        h
        for h in held_items(body)
        if EntryKind.RECOMMENDATION not in h.kinds
        and today - datetime.timedelta(days=oldest)
        <= h.day
        <= today - datetime.timedelta(days=newest)
    ]
    return found[-1] if found else None


# --- Blekinge -------------------------------------------------------------------------------


def blekinge(demo: Demo, made: Made) -> list[Story]:
    local = list(
        Body.objects.filter(structure=demo.structure, kind=BodyKind.LOCAL_GROUP).order_by(
            "position"
        )
    )
    # The county-wide question comes from an "Att åldras" group: lifted, prepared in the
    # county group's meeting and recommended to the region and all five municipalities.
    lifted: tuple[Body, HeldItem] | None = None
    for body in sorted(local, key=lambda b: (not b.key.startswith("lokal-att-aldras"), b.position)):
        held = _to_lift(body, demo.today, oldest=140, newest=45)
        if held is not None and body.parent is not None:
            lifted = (body, held)
            break
    others = [b for b in local if lifted is None or b.pk != lifted[0].pk]
    stories = _handled_locally(demo, others[::2], limit=6)
    if lifted is not None:
        body, held = lifted

        def run() -> None:
            case = raise_for(demo, held, weeks=4, index=1)
            case = lift_at_meeting(demo, case, held)
            county = case.current_body
            day = working_day_on_or_after(held.day + datetime.timedelta(days=21))
            if day >= demo.today - datetime.timedelta(days=21):
                return
            minutes = hold_meeting(demo, county, day, [case])
            if minutes is None:
                return
            made.county_minutes[county.pk] = minutes
            made.exactly_two.update(
                Recommendation.objects.filter(minutes=minutes).values_list("pk", flat=True)
            )

        stories.append(Story(raise_day(held, 4), run))
    group = next((b for b in local if "mitt-i-livet" in b.key), local[0] if local else None)
    if group is not None:
        stories.append(
            Story(demo.today, lambda: _raise_new(demo, group, demo.today, texts.RAISED_TODAY))
        )
    return stories


# --- Sörmland -------------------------------------------------------------------------------


def sormland(demo: Demo, made: Made) -> list[Story]:
    arenas = list(
        Body.objects.filter(structure=demo.structure, kind=BodyKind.LOCAL_GROUP).order_by(
            "position"
        )
    )
    stories = _handled_locally(demo, arenas[::2], limit=5)
    # A county-wide question lifted to Fredagsgruppen (001), waiting there.
    for body in reversed(arenas[1::2]):
        held = _to_lift(body, demo.today, oldest=75, newest=10)
        if held is None:
            continue

        def lift(held: HeldItem = held) -> None:
            lift_at_meeting(demo, raise_for(demo, held, weeks=3, index=2), held)

        stories.append(Story(raise_day(held, 3), lift))
        break
    if len(arenas) > 1:
        raised = working_day_on_or_before(demo.today - datetime.timedelta(days=40))

        def closed(body: Body = arenas[1], raised: datetime.date = raised) -> None:
            case = _raise_new(demo, body, raised, texts.CLOSED, index=1)
            day = working_days_after(raised, 12)
            with dated(day, 14):
                case_close(case=case, by=demo.coordinator, text=texts.CLOSED_WHY, today=day)

        stories.append(Story(raised, closed))
    return stories


# --- Västerbotten ---------------------------------------------------------------------------


def vasterbotten(demo: Demo, made: Made) -> list[Story]:
    lsg, au = demo.body("lsg"), demo.body("lsg-au")
    preparing = list(
        Body.objects.filter(structure=demo.structure, kind=BodyKind.PREPARATION_COMMITTEE).order_by(
            "position"
        )
    )
    used: set[int] = set()
    stories = []
    for n, body in enumerate(preparing):
        # Not decision-making: the minutes' proposal to the county group lifts the case there.
        for k, held in enumerate(held_items(body)):

            def run(held: HeldItem = held, index: int = n + k) -> None:
                case = raise_for(demo, held, weeks=4, index=index)
                record_minutes(demo, held.minutes)
                case.refresh_from_db()
                if lsg is not None and case.status == CaseStatus.LIFTED:
                    follow_up(demo, case, lsg, used)

            stories.append(Story(raise_day(held, 4), run))
    if lsg is None:
        return stories
    answered_on = working_day_on_or_before(demo.today - datetime.timedelta(days=6))

    def answer(lsg: Body = lsg) -> None:
        waiting = [c for c in open_in(lsg) if c.raised_in.kind == BodyKind.PREPARATION_COMMITTEE]
        if not waiting:
            return
        case = waiting[-1]
        with dated(answered_on, 15):
            case_answer(case=case, by=demo.coordinator, text=texts.ANSWER, today=answered_on)

    stories.append(Story(answered_on, answer))
    if au is not None:
        raised = working_day_on_or_before(demo.today - datetime.timedelta(days=9))

        def prepare(raised: datetime.date = raised, au: Body = au) -> None:
            case = _raise_new(demo, lsg, raised, texts.FOR_PREPARATION, index=3)
            with dated(demo.today, 10):
                case_send_for_preparation(
                    case=case, to_body=au, by=demo.coordinator, today=demo.today
                )

        stories.append(Story(raised, prepare))
    coming = _next_meeting(lsg)
    if coming is not None:
        raised = working_day_on_or_before(demo.today - datetime.timedelta(days=5))

        def on_agenda(raised: datetime.date = raised, coming: Meeting = coming) -> None:
            case = _raise_new(demo, lsg, raised, texts.ON_AGENDA, index=5)
            with dated(demo.today, 11):
                case_put_on_agenda(case=case, meeting=coming, by=demo.coordinator, today=demo.today)

        stories.append(Story(raised, on_agenda))
    network_body = next(iter(preparing[1:2] or preparing), None)
    if network_body is not None:
        raised = working_day_on_or_before(demo.today - datetime.timedelta(days=3))
        seated = members_of(network_body, raised)
        manager = seated[-1].person if seated else None
        line_manager = f"{manager.full_name}, verksamhetschef" if manager else "Verksamhetschef"
        stories.append(
            Story(
                raised,
                lambda: _raise_new(
                    demo,
                    network_body,
                    raised,
                    texts.NETWORK,
                    via=RaisedVia.NETWORK,
                    network=(texts.NETWORK_NAME, line_manager),
                ),
            )
        )
    return stories


# --- Skåne ----------------------------------------------------------------------------------


def skane(demo: Demo, made: Made) -> list[Story]:
    operative = (
        demo.body("operativ-mellersta")
        or Body.objects.filter(structure=demo.structure, kind=BodyKind.OPERATIVE_GROUP).first()
    )
    if operative is None:
        return []
    stories = []
    for k, held in enumerate(held_items(operative)):

        def run(held: HeldItem = held, k: int = k) -> None:
            case = raise_for(demo, held, weeks=3, index=k)
            record_minutes(demo, held.minutes)
            case.refresh_from_db()
            board = case.current_body
            # The officials' board takes up the first question lifted to it (002: the group
            # reports back to its commissioning body), and recommends it to the principals.
            if k != 0 or case.status != CaseStatus.LIFTED or board.pk == operative.pk:
                return
            day = working_day_on_or_after(held.approved_on + datetime.timedelta(days=28))
            if day < demo.today - datetime.timedelta(days=45):
                minutes = hold_meeting(demo, board, day, [case])
                if minutes is not None:
                    made.county_minutes[board.pk] = minutes

        stories.append(Story(raise_day(held, 3), run))
    coming = _next_meeting(operative)
    if coming is not None:
        raised = working_day_on_or_before(demo.today - datetime.timedelta(days=5))

        def on_agenda(raised: datetime.date = raised, coming: Meeting = coming) -> None:
            case = _raise_new(demo, operative, raised, texts.SKANE_AGENDA, index=2)
            with dated(demo.today, 11):
                case_put_on_agenda(case=case, meeting=coming, by=demo.coordinator, today=demo.today)

        stories.append(Story(raised, on_agenda))
    return stories


STORIES: dict[str, Callable[[Demo, Made], list[Story]]] = {
    "blekinge": blekinge,
    "sormland-lokala-arenor": sormland,
    "vasterbotten": vasterbotten,
    "skane-mellersta": skane,
}
