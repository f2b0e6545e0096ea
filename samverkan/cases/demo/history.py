"""Cases in meetings already held: raised weeks before, on the agenda, and what the approved
minutes made of them.

A held meeting's agenda cannot be changed through the services (they refuse the past), so
the demo links a case's step to the case item the meetings demo put on the agenda, as
`case_put_on_agenda` would have done, and then runs the real logic the approval of the
minutes runs (`steps_from_minutes`): the outcome is what the system would have recorded.
A body that has no held meeting yet (a county group whose charter sets no meeting rhythm)
gets one here, whose minutes are written and approved through the minutes services, so
that its recommendation is made by the real hook.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from samverkan.audit.services import record_update, snapshot
from samverkan.cases.demo.common import (
    Demo,
    acting_user,
    chair,
    dated,
    member,
    working_day_on_or_before,
)
from samverkan.cases.models import (
    Case,
    CaseStatus,
    CaseStep,
    RaisedVia,
    Recommendation,
    StepRole,
)
from samverkan.cases.services.cases import case_lift, case_raise
from samverkan.cases.services.cases_minutes import steps_from_minutes
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local, local_day, meeting_day
from samverkan.lib.swedish import date_text
from samverkan.meetings.demo import record_demo_attendance
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingStatus,
)
from samverkan.minutes.demo.plans import BodyPlan, people_of, user_for, writer_for
from samverkan.minutes.demo.timestamps import backdate
from samverkan.minutes.demo.writing import write_header, write_items
from samverkan.minutes.models import (
    ApprovalDecision,
    Minutes,
    MinutesEntry,
    MinutesStatus,
)
from samverkan.minutes.services import minutes_approve, minutes_start, minutes_submit
from samverkan.structure.models import Body, Charter

from . import texts


@dataclass
class HeldItem:
    """A case item of a held meeting whose minutes are approved."""

    meeting: Meeting
    item: AgendaItem
    minutes: Minutes
    kinds: frozenset[str]

    @property
    def day(self) -> datetime.date:
        return meeting_day(self.meeting)

    @property
    def approved_on(self) -> datetime.date:
        assert self.minutes.approved_at is not None
        return local_day(self.minutes.approved_at)


def held_items(body: Body) -> list[HeldItem]:
    """The body's case items in held meetings with approved minutes that no case has yet,
    oldest first."""
    items = list(
        AgendaItem.objects.filter(
            meeting__body=body,
            meeting__status=MeetingStatus.HELD,
            kind=AgendaItemKind.CASE,
            case_step__isnull=True,
        )
        .select_related("meeting", "meeting__body")
        .order_by("meeting__starts_at", "position")
    )
    minutes = {
        m.meeting_id: m
        for m in Minutes.objects.filter(
            meeting_id__in={i.meeting_id for i in items},
            addendum_to__isnull=True,
            status=MinutesStatus.APPROVED,
            approved_at__isnull=False,
        )
    }
    kinds: dict[int, set[str]] = {}
    for agenda_id, kind in MinutesEntry.objects.filter(
        item__agenda_item_id__in=[i.pk for i in items], item__minutes__in=minutes.values()
    ).values_list("item__agenda_item_id", "kind"):
        kinds.setdefault(agenda_id, set()).add(kind)
    return [
        HeldItem(i.meeting, i, minutes[i.meeting_id], frozenset(kinds.get(i.pk, ())))
        for i in items
        if i.meeting_id in minutes
    ]


# --- Raising and handling ------------------------------------------------------------------


def raise_for(demo: Demo, held: HeldItem, *, weeks: int, index: int = 0) -> Case:
    """A member raises the question `weeks` before the meeting where it was handled, with the
    agenda item's texts (the item was made from the case)."""
    body = held.meeting.body
    day = working_day_on_or_before(held.day - datetime.timedelta(weeks=weeks))
    person = member(body, day, index)
    with dated(day, 9):
        case = case_raise(
            body=body,
            by=acting_user(person, demo),
            title=held.item.title,
            description=held.item.description,
            proposal=held.item.proposal,
            question=held.item.question,
            # Nobody seated that day (a new term): the coordinator registers it.
            raised_via=RaisedVia.MEMBER if person else RaisedVia.COORDINATOR,
            raised_by=person,
            today=day,
        )
    demo.case_ids.append(case.pk)
    put_on_held_agenda(demo, case, held)
    return case


def _open_step(case: Case) -> CaseStep:
    return (
        CaseStep.objects.filter(case=case, body=case.current_body, outcome="")
        .exclude(role=StepRole.INFORMATION)
        .select_related("case")
        .order_by("-position", "-pk")
        .first()
    ) or CaseStep.objects.filter(case=case).order_by("-position", "-pk").first()  # type: ignore[return-value]


def put_on_held_agenda(demo: Demo, case: Case, held: HeldItem) -> None:
    """What `case_put_on_agenda` did before the meeting: the open step is this item's, and
    the case is on the agenda (set when the agenda went out, ten days before)."""
    case.refresh_from_db()
    step = _open_step(case)
    day = held.day - datetime.timedelta(days=10)
    with dated(max(day, step.received_on), 11):
        before = snapshot(step)
        step.meeting, step.agenda_item = held.meeting, held.item
        step.save(update_fields=["meeting", "agenda_item"])
        record_update(by=demo.coordinator, obj=step, before=before)
        before = snapshot(case)
        case.status = CaseStatus.ON_AGENDA
        case.lock_version += 1
        case.save(update_fields=["status", "lock_version", "updated_at"])
        record_update(
            by=demo.coordinator,
            obj=case,
            before=before,
            note=f"Satte på dagordningen för {held.meeting}, {date_text(held.day)}.",
        )


def record_minutes(demo: Demo, minutes: Minutes) -> None:
    """What approving the minutes does to the cases handled under their items, on the day
    they were approved; a recommendation made from an item gets its case."""
    assert minutes.approved_at is not None
    day = local_day(minutes.approved_at)
    with dated(day, 16):
        steps_from_minutes(minutes, demo.coordinator, today=day)
        link_recommendations(demo, minutes)


def link_recommendations(demo: Demo, minutes: Minutes) -> None:
    """The recommendation made from a case's item belongs to the case (the hook links it
    when the case was on the agenda at approval; these minutes were approved before)."""
    for recommendation in Recommendation.objects.filter(
        minutes=minutes, case__isnull=True
    ).select_related("entry__item"):
        step = (
            CaseStep.objects.filter(agenda_item_id=recommendation.entry.item.agenda_item_id)
            .select_related("case")
            .first()
        )
        if step is None:
            continue
        before = snapshot(recommendation)
        recommendation.case, recommendation.number = step.case, step.case.number
        recommendation.lock_version += 1
        recommendation.save(update_fields=["case", "number", "lock_version"])
        record_update(by=demo.coordinator, obj=recommendation, before=before)


def lift_at_meeting(demo: Demo, case: Case, held: HeldItem) -> Case:
    """The group decided at the meeting to lift the question (003: "Lyfta frågor av
    länsövergripande karaktär"); the minutes are recorded on the step all the same."""
    case.refresh_from_db()
    with dated(held.day, 15):
        case = case_lift(case=case, by=demo.coordinator, today=held.day)
        target = case.current_body
        step = CaseStep.objects.filter(case=case, body=target).order_by("-position").first()
        if step is not None:
            step.note = texts.LIFT_NOTE.format(to=target.name)
            step.save(update_fields=["note"])
    record_minutes(demo, held.minutes)
    return case


def follow_up(demo: Demo, case: Case, body: Body, used: set[int]) -> HeldItem | None:
    """Where the case went next: a later held meeting of `body` with the same case on its
    agenda, at least a week after the case got there."""
    case.refresh_from_db()
    if case.current_body_id != body.pk:
        return None
    arrived = _open_step(case).received_on
    for held in held_items(body):
        if held.item.pk in used or held.item.title != case.title:
            continue
        if held.day < arrived + datetime.timedelta(days=7):
            continue
        used.add(held.item.pk)
        put_on_held_agenda(demo, case, held)
        record_minutes(demo, held.minutes)
        return held
    return None


# --- A meeting held by a body that had none ------------------------------------------------


def hold_meeting(demo: Demo, body: Body, day: datetime.date, cases: list[Case]) -> Minutes | None:
    """A meeting of `body` held on `day` with `cases` on its agenda, written, approved and
    dated like the minutes demo's, so the hooks make its recommendations."""
    charter = (
        Charter.objects.in_force().filter(body=body).prefetch_related("standing_items").first()
    )
    starts = local(day, 13)
    owner = chair(body, day)
    meeting = Meeting.objects.create(
        body=body,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Regionens hus",
        form=charter.meeting_form if charter else "",
        status=MeetingStatus.HELD,
        sequence=1,
    )
    Meeting.objects.filter(pk=meeting.pk).update(created_at=starts - datetime.timedelta(days=40))
    standing = list(charter.standing_items.all()) if charter else []
    items = [
        AgendaItem(
            meeting=meeting,
            position=i,
            kind=AgendaItemKind.STANDING,
            title=s.title,
            standing_item=s,
        )
        for i, s in enumerate(standing)
    ]
    for case in cases:
        items.append(
            AgendaItem(
                meeting=meeting,
                position=len(items),
                kind=AgendaItemKind.CASE,
                title=case.title,
                description=case.description,
                proposal=case.proposal,
                question=case.question,
                planned_minutes=30,
                owner=owner,
            )
        )
    created = AgendaItem.objects.bulk_create(items)
    record_demo_attendance(meeting, absent_every=4)
    MeetingEvent.objects.bulk_create(
        [
            MeetingEvent(meeting=meeting, kind=MeetingEventKind.PLANNED, new_starts_at=starts),
            MeetingEvent(meeting=meeting, kind=MeetingEventKind.HELD),
        ]
    )
    case_items = [i for i in created if i.kind == AgendaItemKind.CASE]
    for case, item in zip(cases, case_items, strict=True):
        put_on_held_agenda(demo, case, HeldItem(meeting, item, Minutes(), frozenset()))
    return _write_minutes(demo, meeting, charter)


def _write_minutes(demo: Demo, meeting: Meeting, charter: Charter | None) -> Minutes | None:
    body = meeting.body
    day = meeting_day(meeting)
    starts = list(
        Meeting.objects.filter(body=body)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
    )
    plan = BodyPlan(body=body, charter=charter, meetings=[meeting], fresh=True, starts=starts)
    people = people_of(body, day)
    with dated(day + datetime.timedelta(days=1), 14):
        minutes = minutes_start(meeting=meeting, by=writer_for(None, body))
        by = writer_for(minutes.taken_by, body)
        # Variant 1: a deciding body both decides and recommends (minutes demo's texts).
        write_header(minutes, plan, people, 1, "", by)
        write_items(minutes, plan, people, by, 1, state="")
    approved_on = day + datetime.timedelta(days=2)
    with dated(approved_on, 10), contextlib.suppress(DomainError):
        minutes.refresh_from_db()
        minutes_submit(minutes=minutes, expected_version=minutes.lock_version, by=by)
        for approver in minutes.approvers.filter(decision=ApprovalDecision.PENDING).select_related(
            "person", "person__user"
        ):
            minutes_approve(minutes=minutes, by=user_for(approver.person))
    minutes.refresh_from_db()
    backdate(minutes, timezone.now(), state="")
    minutes.refresh_from_db()
    return minutes if minutes.status == MinutesStatus.APPROVED else None


def open_in(body: Body, *, status: str = CaseStatus.LIFTED) -> list[Case]:
    """Cases held by `body` in `status`, oldest first."""
    return list(
        Case.objects.filter(Q(current_body=body) & Q(status=status)).order_by("raised_on", "pk")
    )
