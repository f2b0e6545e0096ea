"""Assignments and working groups: given through the services on the day a meeting decided
them, then started, reported and closed on their own days.

- Sörmland: a local arena gives an assignment under seed 001's eight headings, with the
  people responsible for it, due in the spring.
- Blekinge: the county group gives each of its local groups the same assignment, which
  shows under "Aktuella uppdrag från länsamverkansgrupp" on their next agenda; one group
  has reported back, so it shows on the county group's next meeting.
- Västerbotten: the county group's assignments to the preparation committees, one closed,
  one overdue, one for which a committee creates a temporary working group; the working
  group that prepares the leadership seminar (004) is registered.
- Skåne: the operative group's lasting working group with someone from a user organisation
  (002 allows it), whose yearly review is due.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from samverkan.audit.services import record_create
from samverkan.cases.demo.common import (
    Demo,
    chair,
    dated,
    member,
    members_of,
    working_day_on_or_after,
    working_day_on_or_before,
)
from samverkan.cases.demo.stories import Made
from samverkan.cases.models import Assignment, Case, WorkingGroup
from samverkan.cases.services.assignments import (
    assignment_close,
    assignment_give,
    assignment_headings,
    assignment_report,
    assignment_start,
)
from samverkan.cases.services.working_groups import (
    add_months,
    working_group_add_member,
    working_group_add_outsider,
    working_group_create,
)
from samverkan.lib.localtime import local, meeting_day
from samverkan.lib.workdays import working_days_after
from samverkan.meetings.models import MeetingStatus
from samverkan.meetings.services import meeting_create
from samverkan.minutes.models import Minutes, MinutesStatus
from samverkan.structure.models import Body, BodyKind, Duration, Role

from . import texts
from .texts import AssignmentText, fill_sections


def _spring(today: datetime.date) -> datetime.date:
    """The end of April in the coming spring."""
    return datetime.date(today.year + (today.month >= 4), 4, 30)


def _approved(body: Body) -> list[Minutes]:
    return list(
        Minutes.objects.filter(
            meeting__body=body,
            meeting__status=MeetingStatus.HELD,
            addendum_to__isnull=True,
            status=MinutesStatus.APPROVED,
        )
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )


def _give(
    demo: Demo,
    given_by: Body,
    text: AssignmentText,
    *,
    day: datetime.date,
    due: datetime.date,
    minutes: Minutes | None,
    to_body: Body | None = None,
    to_person: object = None,
    responsible: list[object] | None = None,
    case: Case | None = None,
) -> Assignment:
    with dated(day, 16):
        assignment = assignment_give(
            by=demo.coordinator,
            given_by=given_by,
            title=text.title,
            due_on=due,
            to_body=to_body,
            to_person=to_person,  # type: ignore[arg-type]
            sections=fill_sections(assignment_headings(given_by), text),
            responsible=[p for p in responsible or [] if p is not None],  # type: ignore[misc]
            given_on=day,
            minutes=minutes,
            case=case,
        )
    Assignment.objects.filter(pk=assignment.pk).update(created_at=local(day, 16))
    return assignment


def _start(demo: Demo, assignment: Assignment, day: datetime.date) -> None:
    with dated(min(day, demo.today), 9):
        assignment_start(by=demo.coordinator, assignment=assignment)


def _report(demo: Demo, assignment: Assignment, day: datetime.date, text: str) -> None:
    with dated(day, 14):
        assignment_report(by=demo.coordinator, assignment=assignment, text=text, today=day)


# --- Sörmland -------------------------------------------------------------------------------


def sormland(demo: Demo, made: Made) -> None:
    arenas = Body.objects.filter(structure=demo.structure, kind=BodyKind.LOCAL_GROUP)
    latest = [(m[-1], a) for a in arenas.order_by("position") if (m := _approved(a))]
    if not latest:
        return
    minutes, arena = max(latest, key=lambda pair: (pair[0].meeting.starts_at, -pair[1].position))
    day = meeting_day(minutes.meeting)
    seated = members_of(arena, day)
    secretary = next((m.person for m in seated if m.role == Role.SECRETARY), None)
    receiver = member(arena, day, 1)
    _give(
        demo,
        arena,
        texts.SORMLAND_ASSIGNMENT,
        day=day,
        due=_spring(demo.today),
        minutes=minutes,
        to_person=receiver,
        responsible=[secretary or member(arena, day, 0), receiver],
    )


# --- Blekinge -------------------------------------------------------------------------------


def blekinge(demo: Demo, made: Made) -> None:
    for county_id, minutes in made.county_minutes.items():
        county = Body.objects.get(pk=county_id)
        day = meeting_day(minutes.meeting)
        groups = list(
            Body.objects.filter(parent=county, kind=BodyKind.LOCAL_GROUP).order_by("position")
        )
        for n, group in enumerate(groups):
            assignment = _give(
                demo,
                county,
                texts.BLEKINGE_ASSIGNMENT,
                day=day,
                due=_spring(demo.today),
                minutes=minutes,
                to_body=group,
                responsible=[chair(group, day)],
            )
            if n in (1, 2, 3):
                _start(demo, assignment, working_days_after(day, 10 + n))
            if n == 3:
                reported = working_day_on_or_before(demo.today - datetime.timedelta(days=8))
                _report(demo, assignment, reported, texts.BLEKINGE_ASSIGNMENT.report)
        _plan_next(demo, county)


def _plan_next(demo: Demo, body: Body) -> None:
    """The county group's next meeting, where the report-back is taken up."""
    if body.meetings.filter(starts_at__gt=timezone.now()).exists():
        return
    day = working_day_on_or_after(demo.today + datetime.timedelta(days=35))
    with dated(demo.today, 9):
        meeting_create(
            body=body,
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            by=demo.coordinator,
            place="Regionens hus",
        )


# --- Västerbotten ---------------------------------------------------------------------------


def vasterbotten(demo: Demo, made: Made) -> None:
    lsg = demo.body("lsg")
    committees = list(
        Body.objects.filter(
            structure=demo.structure, kind=BodyKind.PREPARATION_COMMITTEE, parent=lsg
        ).order_by("position")
    )
    if lsg is None or not committees:
        return
    adults = next((b for b in committees if "vuxna" in b.key), committees[-1])
    children = next((b for b in committees if b.pk != adults.pk), adults)
    held = _approved(lsg)
    if held:
        _closed(demo, lsg, adults, held)
        given = held[min(1, len(held) - 1)]
        day = meeting_day(given.meeting)
        due = working_day_on_or_before(demo.today - datetime.timedelta(days=17))
        if due > day:
            overdue = _give(
                demo,
                lsg,
                texts.OVERDUE_ASSIGNMENT,
                day=day,
                due=due,
                minutes=given,
                to_body=children,
                responsible=[chair(children, day)],
            )
            _start(demo, overdue, working_days_after(day, 15))
    _working_group(demo, lsg, adults, held[-1] if held else None)
    seminar = Body.objects.filter(
        structure=demo.structure, kind=BodyKind.WORKING_GROUP, parent=lsg
    ).exclude(Q(working_group__isnull=False))
    for body in seminar:
        _register_existing(demo, body, lsg)


def _closed(demo: Demo, lsg: Body, committee: Body, held: list[Minutes]) -> None:
    """Given at the county group's first meeting, reported before it was due, accepted at a
    later meeting."""
    first = held[0]
    day = meeting_day(first.meeting)
    due = day + datetime.timedelta(days=90)
    later = [m for m in held if meeting_day(m.meeting) > due]
    if not later or meeting_day(later[0].meeting) >= demo.today:
        return
    case = (
        Case.objects.filter(structure=demo.structure, title__icontains="utskrivning")
        .order_by("raised_on")
        .first()
    )
    assignment = _give(
        demo,
        lsg,
        texts.CLOSED_ASSIGNMENT,
        day=day,
        due=due,
        minutes=first,
        to_body=committee,
        responsible=[chair(committee, day)],
        case=case,
    )
    _start(demo, assignment, working_days_after(day, 5))
    _report(
        demo,
        assignment,
        working_day_on_or_before(due - datetime.timedelta(days=6)),
        texts.CLOSED_ASSIGNMENT.report,
    )
    closed_on = meeting_day(later[0].meeting)
    with dated(closed_on, 15):
        assignment_close(by=demo.coordinator, assignment=assignment, today=closed_on)


def _working_group(demo: Demo, lsg: Body, committee: Body, minutes: Minutes | None) -> None:
    """The committee creates a temporary working group for the county group's assignment."""
    day = meeting_day(minutes.meeting) if minutes else demo.today - datetime.timedelta(days=30)
    due = _spring(demo.today)
    assignment = _give(
        demo,
        lsg,
        texts.WORKING_GROUP_ASSIGNMENT,
        day=day,
        due=due,
        minutes=minutes,
        to_body=committee,
        responsible=[chair(committee, day)],
    )
    created = min(working_days_after(day, 10), demo.today)
    _start(demo, assignment, created)
    with dated(created, 13):
        group = working_group_create(
            by=demo.coordinator,
            created_by=committee,
            name=texts.WORKING_GROUP_NAME,
            kind=BodyKind.WORKING_GROUP,
            duration=Duration.TEMPORARY,
            end_date=due + datetime.timedelta(days=31),
            review_on=due - datetime.timedelta(days=30),
            assignment=assignment,
            description=texts.WORKING_GROUP_ASSIGNMENT.main,
            today=created,
        )
        seated = members_of(committee, created)
        region = [m for m in seated if m.principal.kind == "region"][:2]
        municipal = [m for m in seated if m.principal.kind == "municipality"][:2]
        for membership in region + municipal:
            working_group_add_member(
                by=demo.coordinator,
                working_group=group,
                person=membership.person,
                principal=membership.principal,
                start=created,
            )


def _register_existing(demo: Demo, body: Body, created_by: Body) -> None:
    """A working group the seed already has: what it has beyond its body (004: reviewed at
    least yearly), as the coordinator registers it."""
    review_on = add_months(demo.today, 3)
    if body.end_date is not None:
        review_on = min(review_on, body.end_date - datetime.timedelta(days=30))
    review_on = max(review_on, demo.today + datetime.timedelta(days=14))
    with dated(demo.today, 8):
        group = WorkingGroup.objects.create(
            body=body, created_by_body=created_by, review_on=review_on
        )
        record_create(by=demo.coordinator, obj=group)


# --- Skåne ----------------------------------------------------------------------------------


def skane(demo: Demo, made: Made) -> None:
    operative = (
        demo.body("operativ-mellersta")
        or Body.objects.filter(structure=demo.structure, kind=BodyKind.OPERATIVE_GROUP).first()
    )
    if operative is None:
        return
    # Created thirteen months ago: its yearly review was due a month ago.
    created = working_day_on_or_before(add_months(demo.today, -13))
    with dated(created, 13):
        group = working_group_create(
            by=demo.coordinator,
            created_by=operative,
            name=texts.SKANE_WORKING_GROUP,
            kind=BodyKind.WORKING_GROUP,
            duration=Duration.LASTING,
            description=(
                "Följer upp hur samordnade individuella planer används i delregionen och "
                "sprider arbetssätt där brukaren deltar."
            ),
            today=created,
        )
        for membership in members_of(operative, created)[:3]:
            working_group_add_member(
                by=demo.coordinator,
                working_group=group,
                person=membership.person,
                principal=membership.principal,
                start=created,
            )
        first, last, organisation = texts.SKANE_OUTSIDER
        working_group_add_outsider(
            by=demo.coordinator,
            working_group=group,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}@brukarradet.example.se",
            organisation_name=organisation,
            function="Brukarföreträdare",
            start=created,
        )
    for body in Body.objects.filter(
        structure=demo.structure, kind=BodyKind.WORKING_GROUP, parent=operative
    ).exclude(Q(working_group__isnull=False)):
        _register_existing(demo, body, operative)


ASSIGNMENTS = {
    "blekinge": blekinge,
    "sormland-lokala-arenor": sormland,
    "vasterbotten": vasterbotten,
    "skane-mellersta": skane,
}
