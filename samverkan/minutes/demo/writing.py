"""Writing one set of minutes as the secretary would: the header, then item by item."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from samverkan.lib.localtime import meeting_day
from samverkan.lib.swedish import day_text
from samverkan.meetings.models import AgendaItemKind, Attendance, AttendanceStatus, Meeting
from samverkan.minutes.demo.plans import HELD, HELD_NUMBER, MASKED, MASKED_NUMBER, PENDING, BodyPlan
from samverkan.minutes.demo.texts import (
    CANCELLED_NOTE,
    CASE_TEXTS,
    CONTINUES_NOTES,
    DONE_NOTES,
    GENERIC_CASE,
    NO_NOTES,
    OTHER_QUESTIONS,
    STANDING_NOTES,
    CaseTexts,
    sensitive_sentence,
)
from samverkan.minutes.models import (
    ActionFollowUp,
    EntryKind,
    FollowUpOutcome,
    Minutes,
    MinutesItem,
    MinutesStatus,
)
from samverkan.minutes.services import (
    ActionIn,
    EntryIn,
    FollowUpIn,
    allowed_entry_kinds,
    minutes_item_add,
    minutes_item_save,
    minutes_update,
)
from samverkan.structure.models import Body, Mandate, MinutesApproval, Person, Role


def _standing_notes(title: str, variant: int) -> str:
    lowered = title.lower()
    for needle, texts in STANDING_NOTES:
        if needle in lowered:
            return texts[variant % len(texts)]
    return NO_NOTES


def parent_name(body: Body) -> str:
    return body.parent.name if body.parent_id and body.parent else "uppdragsgivaren"


def _case_entries(body: Body, texts: CaseTexts, variant: int) -> list[EntryIn]:
    allowed = allowed_entry_kinds(body)
    parent = parent_name(body)
    if body.mandate == Mandate.NOT_DECISION_MAKING or EntryKind.DECISION not in allowed:
        entries = [EntryIn(EntryKind.PROPOSAL, texts.proposal.format(parent=parent))]
        if variant % 2:
            entries.append(EntryIn(EntryKind.FEEDBACK, texts.feedback.format(parent=parent)))
    elif body.mandate == Mandate.RECOMMENDS:
        entries = [
            EntryIn(EntryKind.RECOMMENDATION, texts.recommendation),
            EntryIn(EntryKind.DECISION, texts.decision),
        ]
    else:
        entries = [EntryIn(EntryKind.DECISION, texts.decision)]
        if variant % 3 == 1:
            entries.append(EntryIn(EntryKind.RECOMMENDATION, texts.recommendation))
    return [e for e in entries if e.kind in allowed]


def _case_actions(
    meeting: Meeting,
    texts: CaseTexts,
    people: dict[str, list[Person]],
    owner: Person | None,
    n: int,
    next_day: datetime.date | None,
) -> list[ActionIn]:
    day = meeting_day(meeting)
    # Six weeks, or the week before the next meeting if that comes sooner.
    first_due = day + datetime.timedelta(days=42)
    if next_day and day + datetime.timedelta(days=14) < next_day - datetime.timedelta(days=7):
        first_due = min(first_due, next_day - datetime.timedelta(days=7))
    seated = people.get(Role.MEMBER, []) + people.get(Role.VICE_CHAIR, [])
    writers = (
        people.get(Role.SECRETARY, [])
        + people.get(Role.COORDINATOR, [])
        + people.get(Role.PROCESS_LEADER, [])
    )
    first_owner = owner or (writers[0] if writers else None) or (seated[0] if seated else None)
    actions = [
        ActionIn(
            text=texts.actions[0],
            due_on=first_due,
            owner=first_owner,
            owner_name="" if first_owner else "Gruppens sekreterare",
        )
    ]
    if n % 2 == 0:
        second_owner = seated[n % len(seated)] if seated else None
        actions.append(
            ActionIn(
                text=texts.actions[1],
                due_on=day + datetime.timedelta(days=28),
                owner=second_owner,
                owner_name="" if second_owner else "Respektive huvudman",
            )
        )
    return actions


def _follow_ups(item: MinutesItem, day: datetime.date, n: int) -> list[FollowUpIn]:
    follow_ups = []
    rows = item.follow_ups.select_related("action").order_by("action__due_on", "action_id")
    for j, row in enumerate(rows):
        action = row.action
        earlier = ActionFollowUp.objects.filter(
            action=action, item__minutes__status=MinutesStatus.APPROVED
        ).count()
        if earlier >= 2 and action.pk % 3 == 0:
            outcome, note = FollowUpOutcome.CANCELLED, CANCELLED_NOTE
        elif earlier >= 2:
            outcome, note = FollowUpOutcome.DONE, "Klart, efter förlängd tid."
        elif action.due_on <= day and (j + n) % 3 != 2:
            outcome, note = FollowUpOutcome.DONE, DONE_NOTES[(j + n) % len(DONE_NOTES)]
        else:
            outcome = FollowUpOutcome.CONTINUES
            note = CONTINUES_NOTES[(j + n) % len(CONTINUES_NOTES)]
        follow_ups.append(FollowUpIn(action_id=action.pk, outcome=outcome, note=note))
    return follow_ups


def write_items(
    minutes: Minutes,
    plan: BodyPlan,
    people: dict[str, list[Person]],
    by: User | None,
    n: int,
    *,
    state: str,
    partial: bool = False,
) -> None:
    meeting = minutes.meeting
    body = meeting.body
    day = meeting_day(meeting)
    next_day = plan.next_day(meeting)
    items = list(minutes.items.select_related("agenda_item").order_by("position", "pk"))
    number = {HELD: HELD_NUMBER, MASKED: MASKED_NUMBER}.get(state, "")
    sensitive_done = False
    for index, item in enumerate(items):
        if partial and index >= max(2, len(items) // 2):
            break  # the secretary has not got further yet
        agenda = item.agenda_item
        entries: list[EntryIn] | None = None
        actions: list[ActionIn] | None = None
        follow_ups: list[FollowUpIn] | None = None
        if item.follows_up_previous:
            follow_ups = _follow_ups(item, day, n)
            notes = "Föregående mötesanteckningar gicks igenom och lades till handlingarna."
            if follow_ups:
                notes += " Åtgärderna följdes upp enligt nedan."
        elif agenda is not None and agenda.kind == AgendaItemKind.CASE:
            texts = CASE_TEXTS.get(agenda.title, GENERIC_CASE)
            presenter = agenda.owner.full_name if agenda.owner else "Ordföranden"
            notes = f"{presenter} föredrog ärendet. {texts.notes}"
            entries = _case_entries(body, texts, n)
            actions = _case_actions(meeting, texts, people, agenda.owner, n, next_day)
        else:
            notes = _standing_notes(item.title, n + index)
            if number and "avvikelse" in item.title.lower():
                notes = f"{notes}\n{sensitive_sentence(number)}"
                sensitive_done = True
            if "senaste protokollen" in item.title.lower() and n % 2:
                entries = [
                    EntryIn(EntryKind.INFORMATION, "Protokollen finns i gruppens dokumentarkiv.")
                ]
        minutes_item_save(
            item=item,
            expected_version=item.lock_version,
            by=by,
            notes=notes,
            entries=entries,
            actions=actions,
            follow_ups=follow_ups,
        )
    if partial:
        return
    other = minutes_item_add(minutes=minutes, by=by, title="Övriga frågor")
    notes = OTHER_QUESTIONS[n % len(OTHER_QUESTIONS)]
    if number and not sensitive_done:
        notes = f"{notes}\n{sensitive_sentence(number)}"
    minutes_item_save(item=other, expected_version=other.lock_version, by=by, notes=notes)
    if next_day is not None:
        last = minutes_item_add(minutes=minutes, by=by, title="Nästa möte")
        minutes_item_save(
            item=last,
            expected_version=last.lock_version,
            by=by,
            notes=f"Nästa möte hålls {day_text(next_day)}.",
        )


def write_header(
    minutes: Minutes,
    plan: BodyPlan,
    people: dict[str, list[Person]],
    n: int,
    state: str,
    by: User | None,
) -> None:
    """Who wrote the minutes, who chaired and, where the charter asks for it, who adjusts."""
    changes: dict[str, object] = {}
    # Who leads and who approves took part in the meeting: nobody recorded as absent.
    absent = set(
        Attendance.objects.filter(
            meeting_id=minutes.meeting_id, status=AttendanceStatus.ABSENT
        ).values_list("person_id", flat=True)
    )
    if minutes.taken_by is None:
        writers = people.get(Role.COORDINATOR, []) + people.get(Role.PROCESS_LEADER, [])
        if writers:
            changes["taken_by"] = writers[n % len(writers)]
    chair = minutes.chaired_by
    if (chair is None or chair.pk in absent) and plan.approvers:
        chair = next((p for p in people.get(Role.VICE_CHAIR, []) if p.pk not in absent), None)
        if chair is not None:
            changes["chaired_by"] = chair
    rule = plan.charter.minutes_approval if plan.charter else ""
    if rule == MinutesApproval.CHAIR_AND_ADJUSTER:
        members = [
            p
            for p in people.get(Role.MEMBER, [])
            if (chair is None or p.pk != chair.pk) and p.pk not in absent
        ]
        if state == PENDING:
            # The approver still to answer has a demo login, so the approval can be tried.
            with_login = [p for p in members if p.user and p.user.has_usable_password()]
            members = with_login or members
            adjuster = members[0] if members else None
        else:
            adjuster = members[n % len(members)] if members else None
        if adjuster is not None:
            changes["adjuster"] = adjuster
    if changes:
        minutes_update(minutes=minutes, expected_version=minutes.lock_version, by=by, **changes)
