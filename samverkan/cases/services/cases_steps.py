"""The rules of a case's way between the bodies, without writing anything: which actions
its state allows, which step is open, where it goes by default when lifted or answered, and
what each outcome does to the case and its steps (`apply_outcome`), shared by the actions in
`cases.py` and by approved minutes (`cases_minutes.py`).

A case is handled in one body after another, one `CaseStep` per handling. The *open step* is
the one in the body that holds the case now (`Case.current_body`); while a preparing body
prepares the case, the step of the body that sent it stays open too, and the case goes back
there when it is prepared.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from samverkan.cases.models import (
    FINAL_CASE_STATUSES,
    Case,
    CaseStatus,
    CaseStep,
    StepOutcome,
    StepRole,
)
from samverkan.lib.errors import DomainError
from samverkan.meetings.models import MeetingStatus
from samverkan.structure.models import Body, BodyKind, Charter, Mandate

# The bodies a case may be sent to for preparation (beredning).
PREPARING_KINDS = frozenset(
    {BodyKind.WORKING_COMMITTEE, BodyKind.PREPARATION_COMMITTEE, BodyKind.WORKING_GROUP}
)
# Roles whose step ends by going back to the body that asked.
ASKED_ROLES = frozenset({StepRole.PREPARE, StepRole.OPINION})


# --- What may be done now ----------------------------------------------------------------

EDIT, PREPARE, AGENDA, LIFT, ANSWER, RESOLVE, CLOSE = (
    "edit",
    "prepare",
    "agenda",
    "lift",
    "answer",
    "resolve",
    "close",
)
_WHILE_HELD = frozenset({EDIT, PREPARE, AGENDA, LIFT, ANSWER, RESOLVE, CLOSE})
ACTIONS_BY_STATUS: dict[str, frozenset[str]] = {
    CaseStatus.RAISED: _WHILE_HELD,
    CaseStatus.LIFTED: _WHILE_HELD,
    CaseStatus.PREPARING: frozenset({EDIT, AGENDA, RESOLVE, CLOSE}),
    CaseStatus.ON_AGENDA: frozenset({EDIT, LIFT, ANSWER, RESOLVE, CLOSE}),
    # The recommendation goes on to the principals; the case may still be answered or closed.
    CaseStatus.RECOMMENDED: frozenset({ANSWER, CLOSE}),
}


def effective_status(case: Case, step: CaseStep | None) -> str:
    """The case's status, except that a case whose agenda item was removed, or whose meeting
    was cancelled, is held again (`step.meeting` loaded)."""
    if case.status == CaseStatus.ON_AGENDA and (
        step is None
        or step.agenda_item_id is None
        or (step.meeting is not None and step.meeting.status == MeetingStatus.CANCELLED)
    ):
        return CaseStatus.PREPARING if step and step.role == StepRole.PREPARE else CaseStatus.RAISED
    return case.status


def case_actions(case: Case, step: CaseStep | None) -> frozenset[str]:
    """The actions the case's state allows (who may do them is for `access`)."""
    if case.status in FINAL_CASE_STATUSES:
        return frozenset()
    return ACTIONS_BY_STATUS.get(effective_status(case, step), frozenset())


# --- Reading the case's steps --------------------------------------------------------------


def open_step(case: Case, steps: list[CaseStep]) -> CaseStep | None:
    """The step being handled now: the latest unfinished one in the body that holds it."""
    pending = [s for s in steps if not s.outcome and s.role != StepRole.INFORMATION]
    here = [s for s in pending if s.body_id == case.current_body_id]
    found = here or pending
    return found[-1] if found else None


def _sender_of(step: CaseStep, steps: list[CaseStep]) -> tuple[CaseStep | None, Body | None]:
    """Who asked for this preparation or opinion: the earlier step still waiting for it, or
    else the body the case came from."""
    earlier = [s for s in steps if s.position < step.position and s.body_id != step.body_id]
    waiting = [s for s in earlier if not s.outcome and s.role != StepRole.INFORMATION]
    if waiting:
        return waiting[-1], waiting[-1].body
    return None, earlier[-1].body if earlier else None


def answer_target(case: Case, steps: list[CaseStep]) -> Body | None:
    """Where an answer goes by default: the body the case came from, else where it was raised."""
    step = open_step(case, steps)
    earlier = [s for s in steps if step is None or s.position < step.position]
    for found in reversed(earlier):
        if found.body_id != case.current_body_id and found.role != StepRole.INFORMATION:
            return found.body
    return case.raised_in if case.raised_in_id != case.current_body_id else None


@dataclass(frozen=True)
class LiftDefault:
    """Where a case is lifted unless someone chooses otherwise, and the charter's words."""

    body: Body | None
    words: str
    by_charter: bool


def lift_default(body: Body) -> LiftDefault:
    """The charter's `escalates_to` of the body, else its commissioning body (parent)."""
    charter = Charter.objects.in_force().filter(body=body).select_related("escalates_to").first()
    return lift_default_of(body, charter)


def lift_default_of(body: Body, charter: Charter | None) -> LiftDefault:
    """`lift_default` with the body's charter in force (and its `escalates_to`) already read."""
    words = str((charter.citations or {}).get("cases", "")) if charter else ""
    target = charter.escalates_to if charter else None
    if target is not None and target.structure_id == body.structure_id and target.pk != body.pk:
        return LiftDefault(target, words, True)
    return LiftDefault(body.parent, words, False)


def can_decide(body: Body) -> bool:
    return body.mandate != Mandate.NOT_DECISION_MAKING


# --- What an outcome does ------------------------------------------------------------------


def new_step(
    case: Case, steps: list[CaseStep], *, body: Body, role: str, day: datetime.date, by: Any
) -> CaseStep:
    step = CaseStep(
        case=case,
        position=max((s.position for s in steps), default=-1) + 1,
        body=body,
        role=role,
        received_on=day,
        by=by if isinstance(by, User) else None,
    )
    steps.append(step)
    return step


def finish_step(step: CaseStep, outcome: str, day: datetime.date, text: str) -> None:
    step.outcome = outcome
    step.handled_on = step.handled_on or day
    if text:
        step.outcome_text = text


def apply_outcome(
    case: Case,
    step: CaseStep | None,
    steps: list[CaseStep],
    outcome: str,
    *,
    day: datetime.date,
    by: Any,
    text: str = "",
    to_body: Body | None = None,
    role: str = StepRole.DECIDE,
) -> CaseStep | None:
    """Change `case`, `step` and `steps` in memory as `outcome` says; the caller saves them.

    Returns the new step, if the case moved to a body that gets one (not saved yet).
    `PENDING` is a handling that settled nothing (only information): the case is held again.
    """
    if outcome == StepOutcome.PENDING:
        case.status = (
            CaseStatus.PREPARING if step and step.role == StepRole.PREPARE else CaseStatus.RAISED
        )
        return None
    if outcome == StepOutcome.CLOSED:
        for pending in steps:
            if not pending.outcome and pending.role != StepRole.INFORMATION:
                finish_step(pending, StepOutcome.CLOSED, day, text if pending is step else "")
        case.status, case.closed_on = CaseStatus.CLOSED, day
        return None
    if outcome == StepOutcome.ANSWERED:
        assert to_body is not None
        if step is not None:
            finish_step(step, StepOutcome.ANSWERED, day, text)
        # The answer shows in the receiving body, for its information.
        new = new_step(case, steps, body=to_body, role=StepRole.INFORMATION, day=day, by=by)
        new.note = text
        case.current_body, case.status, case.closed_on = to_body, CaseStatus.ANSWERED, day
        return new
    if step is None:
        raise DomainError("Ärendet har ingen öppen behandling.", field="status")
    finish_step(step, outcome, day, text)
    if outcome == StepOutcome.RESOLVED:
        case.status, case.closed_on = CaseStatus.RESOLVED, day
        return None
    if outcome == StepOutcome.RECOMMENDED:
        case.status = CaseStatus.RECOMMENDED
        return None
    if outcome == StepOutcome.PREPARED:
        waiting, sender = _sender_of(step, steps)
        case.status = CaseStatus.RAISED
        if waiting is not None and sender is not None:
            case.current_body = sender
            return None
        if sender is not None:
            case.current_body = sender
            return new_step(case, steps, body=sender, role=StepRole.DECIDE, day=day, by=by)
        return None
    if outcome == StepOutcome.LIFTED:
        assert to_body is not None
        case.current_body = to_body
        case.status = CaseStatus.PREPARING if role == StepRole.PREPARE else CaseStatus.LIFTED
        return new_step(case, steps, body=to_body, role=role, day=day, by=by)
    raise ValueError(f"Okänt utfall: {outcome}")
