"""Demo meetings: this year's held meetings and next year's plan for the demo's own bodies.

Past meetings cannot be planned through `meeting_create` (it refuses the past), so
the demo writes this year's history directly, as a coordinator would have
produced it, and books next year through the planning service like a user.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingStatus,
)
from samverkan.meetings.planning import propose_year, year_plan_book
from samverkan.meetings.selectors import notice_recipients
from samverkan.structure.demo import demo_bodies, demo_mark
from samverkan.structure.models import Body, Charter, DemoPart, Membership, Role

CASES = [
    (
        "Samverkan vid utskrivning från slutenvård",
        "Antalet utskrivningsklara patienter som väntar mer än tre dagar har ökat under hösten.",
        "Att en arbetsgrupp tar fram förslag på gemensam rutin till nästa möte.",
    ),
    (
        "Uppföljning av samordnade individuella planer (SIP)",
        "Andelen SIP där brukaren deltagit har minskat; underlaget visar stora skillnader mellan kommunerna.",
        "Att varje huvudman redovisar sina siffror och åtgärder vid nästa möte.",
    ),
    (
        "Gemensam riktlinje för hemsjukvård",
        "Riktlinjen ska revideras; remissversionen har tagits fram av beredningen.",
        "Att remissversionen skickas till huvudmännen för synpunkter.",
    ),
]


def _has_meetings(body: Body) -> bool:
    return Meeting.objects.filter(body=body).exists()


LEADERS = frozenset({Role.CHAIR, Role.VICE_CHAIR})


@transaction.atomic
def record_demo_attendance(meeting: Meeting, *, absent_every: int) -> None:
    """Those called took part, except now and then a member who reported absence.

    The chair and the vice chair always attend: they lead the meeting and approve its
    minutes, and minutes approved by someone recorded as absent would not be believable.
    So do the people with a login (the demo's personas), who may be asked to approve.
    """
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=r.person,
            membership=r.membership,
            role=r.attendance_role,
            status=AttendanceStatus.ABSENT
            if r.attendance_role == AttendanceRole.MEMBER
            and (r.membership is None or r.membership.role not in LEADERS)
            and r.person.user_id is None
            and n % absent_every == 1
            else AttendanceStatus.ATTENDED,
        )
        for n, r in enumerate(notice_recipients(meeting))
    )


def demo_meetings(*, today: datetime.date | None = None, refused: list[str] | None = None) -> int:
    """Give the demo's own bodies their meetings, once; returns how many were made.

    Only the bodies the demo's structure files made are planned, and each only once (a
    demo body that has meetings already is left as it is): `make run` loads the demo on
    every start, and what users create or change is not the demo's. Should the planning
    refuse a body (a charter asking for more meetings than there are days, say), nothing
    is made for it and why is added to `refused`: the demo never stops the start.
    """
    today = today or timezone.localdate()
    made = 0
    charters = {c.body_id: c for c in Charter.objects.in_force().prefetch_related("standing_items")}
    todo = set(demo_bodies(not_yet=DemoPart.MEETINGS).values_list("pk", flat=True))
    # Every body counts in the index, so the demo's weekdays and hours stay as they were.
    for index, body in enumerate(
        Body.objects.select_related("parent", "structure").order_by("structure", "position")
    ):
        if body.pk not in todo:
            continue
        charter = charters.get(body.id)
        if charter is not None and not _has_meetings(body):
            try:
                with transaction.atomic():
                    made += _body_meetings(body, charter, index=index, today=today)
            except DomainError as exc:
                if refused is not None:
                    refused.append(f"{body.name} i {body.structure.name}: {exc.message}")
        demo_mark(DemoPart.MEETINGS, bodies=[body])
    return made


def _body_meetings(body: Body, charter: Charter, *, index: int, today: datetime.date) -> int:
    """This year's held meetings and next year's plan for one body; how many were made."""
    made = 0
    if not (
        charter.meetings_min_per_year
        or charter.meetings_min_per_quarter
        or charter.meetings_max_per_year
    ):
        return 0
    owner = (
        Membership.objects.active_on(today)
        .filter(body=body, role__in=["chair", "coordinator", "secretary", "process_leader"])
        .select_related("person")
        .first()
    )
    # Bodies meet on different weekdays and at different hours, as in real life.
    weekday = index % 4
    start = (9, 0) if index % 2 else (13, 0)
    place = "Digitalt (Teams)" if charter.meeting_form in ("digital", "video") else "Regionens hus"
    for proposal in propose_year(body=body, year=today.year, weekday=weekday):
        if proposal.day >= today:
            continue
        meeting = Meeting.objects.create(
            body=body,
            starts_at=proposal.starts_at.replace(hour=start[0]),
            ends_at=proposal.ends_at.replace(hour=start[0] + 2),
            place=place,
            form=charter.meeting_form,
            status=MeetingStatus.HELD,
            sequence=1,
        )
        items = [
            AgendaItem(
                meeting=meeting,
                position=i,
                kind=AgendaItemKind.STANDING,
                title=s.title,
                standing_item=s,
            )
            for i, s in enumerate(charter.standing_items.all())
        ]
        title, description, proposal_text = CASES[(index + proposal.day.month) % len(CASES)]
        items.append(
            AgendaItem(
                meeting=meeting,
                position=len(items),
                kind=AgendaItemKind.CASE,
                title=title,
                description=description,
                proposal=proposal_text,
                planned_minutes=30,
                owner=owner.person if owner else None,
            )
        )
        AgendaItem.objects.bulk_create(items)
        record_demo_attendance(meeting, absent_every=3 + index % 3)
        MeetingEvent.objects.bulk_create(
            [
                MeetingEvent(
                    meeting=meeting,
                    kind=MeetingEventKind.PLANNED,
                    new_starts_at=meeting.starts_at,
                ),
                MeetingEvent(meeting=meeting, kind=MeetingEventKind.HELD),
            ]
        )
        made += 1
    # Next year is booked by the charter's deadline, as the coordinator would.
    next_year = [p.day for p in propose_year(body=body, year=today.year + 1, weekday=weekday)]
    if next_year:
        made += len(year_plan_book(body=body, days=next_year, by=None, place=place, start=start))
    return made
