"""Cases (ärenden) and their way between the bodies: raise, edit, send for preparation, put on
an agenda, lift, answer back, resolve, close.

Each action locks the case, checks what its state allows and the domain's rules
(`cases_steps.py`: the open step, default targets, what an outcome does), changes it and its
steps, and records the change in the audit trail.

Access is checked by the callers (`samverkan.cases.access`); these functions check the
domain's rules and refuse with a Swedish `DomainError`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.audit.values import Snapshot
from samverkan.cases import history_cases  # noqa: F401  (what the audit trail keeps)
from samverkan.cases.models import (
    Case,
    CaseStatus,
    CaseStep,
    RaisedVia,
    StepOutcome,
    StepRole,
)
from samverkan.cases.services.cases_numbering import take_case_number
from samverkan.cases.services.cases_steps import (
    AGENDA,
    ANSWER,
    ASKED_ROLES,
    CLOSE,
    EDIT,
    LIFT,
    PREPARE,
    PREPARING_KINDS,
    RESOLVE,
    answer_target,
    apply_outcome,
    can_decide,
    case_actions,
    finish_step,
    lift_default,
    new_step,
    open_step,
)
from samverkan.lib.errors import DomainError, refuse_stale, reject_unknown_fields, sync_saved
from samverkan.lib.localtime import local_today, meeting_day
from samverkan.lib.swedish import date_text
from samverkan.lib.textcheck import check_text
from samverkan.meetings.models import OPEN_STATUSES, AgendaItemKind, Meeting
from samverkan.meetings.services import agenda_item_add
from samverkan.structure.access import can_edit_structure
from samverkan.structure.models import Body, Membership, Person

STALE = (
    "Någon annan har ändrat ärendet sedan du öppnade det. Ladda om sidan och försök igen; "
    "inget sparades."
)
CASE_FIELDS = ("title", "description", "proposal", "question", "network_name", "line_manager")
TEXT_LIMITS = {"title": 300, "network_name": 200, "line_manager": 200}


def _require(case: Case, step: CaseStep | None, action: str, what: str) -> None:
    if action not in case_actions(case, step):
        raise DomainError(
            f"Ärendet är {case.get_status_display().lower()} och kan inte {what} nu.",
            field="status",
        )


# --- Loading and saving --------------------------------------------------------------------


@dataclass
class _Locked:
    case: Case
    before: Snapshot
    steps: list[CaseStep]
    step_befores: dict[int, Snapshot]

    @property
    def step(self) -> CaseStep | None:
        return open_step(self.case, self.steps)


def _locked(case: Case, expected_version: int | None) -> _Locked:
    current = (
        Case.objects.select_for_update(of=("self",))
        .select_related("structure", "current_body", "raised_in")
        .get(pk=case.pk)
    )
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE)
    steps = list(
        CaseStep.objects.filter(case=current)
        .select_related("body", "meeting")
        .order_by("position", "pk")
    )
    for step in steps:
        step.case = current
    return _Locked(current, snapshot(current), steps, {s.pk: snapshot(s) for s in steps})


def _save(locked: _Locked, original: Case, *, by: Any, note: str = "") -> Case:
    for step in locked.steps:
        if step.pk is None:
            step.save()
            record_create(by=by, obj=step)
        elif snapshot(step).values != locked.step_befores[step.pk].values:
            step.save()
            record_update(by=by, obj=step, before=locked.step_befores[step.pk])
    case = locked.case
    case.lock_version += 1
    case.save()
    record_update(by=by, obj=case, before=locked.before, note=note)
    sync_saved(original, case)
    return case


def _today(today: datetime.date | None) -> datetime.date:
    return today or local_today()


def _text(value: str, field: str) -> str:
    return check_text(value.strip(), field=field, max_length=TEXT_LIMITS.get(field, 20_000))


def _required_text(value: str, field: str, message: str) -> str:
    cleaned = _text(value, field)
    if not cleaned:
        raise DomainError(message, field=field)
    return cleaned


def _same_structure(case: Case, body: Body, field: str) -> None:
    if body.structure_id != case.structure_id:
        raise DomainError(
            f"{body.name} hör till en annan samverkansstruktur; ärendet kan bara gå till "
            f"grupper i {case.structure.name}.",
            field=field,
        )


# --- Raising and editing -------------------------------------------------------------------


def _person_of(user: Any) -> Person | None:
    if not isinstance(user, User):
        return None
    return Person.objects.filter(user=user).first()


@transaction.atomic
def case_raise(
    *,
    body: Body,
    by: User | None,
    title: str,
    description: str = "",
    proposal: str = "",
    question: str = "",
    raised_via: str = RaisedVia.MEMBER,
    raised_by: Person | None = None,
    network_name: str = "",
    line_manager: str = "",
    today: datetime.date | None = None,
) -> Case:
    """Raise a case in `body`: by a member, by a coordinator, or for a network outside the
    structure through its line manager. It gets the structure's next registry number and a
    first step in `body`, which decides on it."""
    day = _today(today)
    title = _required_text(title, "title", "Ärendet behöver en rubrik.")
    texts = {
        name: _text(value, name)
        for name, value in (
            ("description", description),
            ("proposal", proposal),
            ("question", question),
        )
    }
    network_name, line_manager = (
        _text(network_name, "network_name"),
        _text(line_manager, "line_manager"),
    )
    if raised_via == RaisedVia.MEMBER:
        raised_by = raised_by or _person_of(by)
        if raised_by is None:
            raise DomainError(
                f"Välj vilken ledamot i {body.name} som väcker ärendet.", field="raised_by"
            )
        if not Membership.objects.active_on(day).filter(body=body, person=raised_by).exists():
            raise DomainError(
                f"{raised_by.full_name} sitter inte i {body.name} och kan inte väcka ärenden "
                "där. Ett ärende från någon utanför gruppen registreras av koordinatorn, eller "
                "för ett nätverk via dess linjechef.",
                field="raised_by",
            )
        network_name = line_manager = ""
    elif raised_via == RaisedVia.COORDINATOR:
        if by is not None and not can_edit_structure(by, body.structure):
            raise DomainError(
                f"Bara koordinatorerna för {body.structure.name} kan väcka ärenden som samordnare.",
                field="raised_via",
            )
        raised_by = raised_by or _person_of(by)
        network_name = line_manager = ""
    elif raised_via == RaisedVia.NETWORK:
        if not network_name:
            raise DomainError("Ange vilket nätverk ärendet kommer från.", field="network_name")
        if not line_manager:
            raise DomainError(
                "Ange linjechefen som registrerar ärendet för nätverket.", field="line_manager"
            )
    else:
        raise DomainError("Välj hur ärendet väcks.", field="raised_via")
    case = Case.objects.create(
        structure=body.structure,
        number=take_case_number(body.structure, today=day),
        title=title,
        **texts,
        raised_in=body,
        raised_via=raised_via,
        raised_by=raised_by,
        network_name=network_name,
        line_manager=line_manager,
        raised_on=day,
        status=CaseStatus.RAISED,
        current_body=body,
        created_by=by,
    )
    step = CaseStep.objects.create(
        case=case, position=0, body=body, role=StepRole.DECIDE, received_on=day, by=by
    )
    record_create(by=by, obj=case)
    record_create(by=by, obj=step)
    return case


@transaction.atomic
def case_update(
    *, case: Case, by: User | None, expected_version: int | None, **changes: Any
) -> Case:
    """Change the case's texts while it is not finally handled."""
    reject_unknown_fields(changes, CASE_FIELDS)
    locked = _locked(case, expected_version)
    _require(locked.case, locked.step, EDIT, "ändras")
    for name, value in changes.items():
        setattr(locked.case, name, _text(value or "", name))
    if not locked.case.title:
        raise DomainError("Ärendet behöver en rubrik.", field="title")
    if locked.case.raised_via == RaisedVia.NETWORK and not (
        locked.case.network_name and locked.case.line_manager
    ):
        field = "network_name" if not locked.case.network_name else "line_manager"
        raise DomainError(
            "Ett ärende från ett nätverk behöver nätverket och linjechefen.", field=field
        )
    return _save(locked, case, by=by)


# --- Moving the case -----------------------------------------------------------------------


@transaction.atomic
def case_send_for_preparation(
    *,
    case: Case,
    to_body: Body,
    by: User | None,
    note: str = "",
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Case:
    """Send the case to an AU, a preparation committee or a working group to prepare; it
    comes back to the body that holds it now once it is prepared."""
    locked = _locked(case, expected_version)
    current = locked.case
    _require(current, locked.step, PREPARE, "skickas för beredning")
    _same_structure(current, to_body, "body")
    if to_body.pk == current.current_body_id:
        raise DomainError(f"Ärendet är redan hos {to_body.name}.", field="body")
    if to_body.kind not in PREPARING_KINDS:
        raise DomainError(
            f"{to_body.name} är inte ett arbetsutskott, en beredning eller en arbetsgrupp och "
            "kan inte bereda ärenden.",
            field="body",
        )
    holder = current.current_body
    new = new_step(
        current, locked.steps, body=to_body, role=StepRole.PREPARE, day=_today(today), by=by
    )
    new.note = _text(note, "note")
    current.current_body, current.status = to_body, CaseStatus.PREPARING
    return _save(
        locked, case, by=by, note=f"Skickade från {holder.name} till {to_body.name} för beredning."
    )


@transaction.atomic
def case_put_on_agenda(
    *,
    case: Case,
    meeting: Meeting,
    by: User | None,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Case:
    """Put the case on a coming meeting of the body that holds it, as an agenda item of kind
    case with its texts: the charter's demands on a case (a description, a proposal) apply
    to the item, and their refusal is this action's."""
    locked = _locked(case, expected_version)
    current, step = locked.case, locked.step
    _require(current, step, AGENDA, "sättas på en dagordning")
    if step is None:
        raise DomainError("Ärendet har ingen öppen behandling att sätta på dagordningen.")
    if meeting.body_id != current.current_body_id:
        raise DomainError(
            f"Mötet hör till en annan grupp; ärendet är hos {current.current_body.name} och "
            "sätts på ett av dess möten.",
            field="meeting",
        )
    if meeting.status not in OPEN_STATUSES or meeting.starts_at <= timezone.now():
        raise DomainError(
            "Välj ett kommande möte: mötet har redan hållits eller är inställt.", field="meeting"
        )
    if step.minutes_id is not None:
        # Handled at an earlier meeting without an outcome: a new handling, so the timeline
        # keeps both meetings.
        finish_step(step, StepOutcome.NOTED, step.handled_on or _today(today), "")
        step = new_step(
            current, locked.steps, body=step.body, role=step.role, day=_today(today), by=by
        )
    item = agenda_item_add(
        by=by,
        meeting=meeting,
        kind=AgendaItemKind.CASE,
        title=current.title,
        description=current.description,
        proposal=current.proposal,
        question=current.question,
    )
    step.meeting, step.agenda_item = meeting, item
    current.status = CaseStatus.ON_AGENDA
    return _save(
        locked,
        case,
        by=by,
        note=f"Satte på dagordningen för {meeting}, {date_text(meeting_day(meeting))}.",
    )


@transaction.atomic
def case_lift(
    *,
    case: Case,
    by: User | None,
    to_body: Body | None = None,
    role: str = StepRole.DECIDE,
    note: str = "",
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Case:
    """Lift the case to another body: by default where the charter says questions go
    (`escalates_to`), else to the commissioning body."""
    locked = _locked(case, expected_version)
    current = locked.case
    _require(current, locked.step, LIFT, "lyftas")
    if role not in StepRole.values or role == StepRole.INFORMATION:
        raise DomainError("Välj vad gruppen ska göra med ärendet.", field="role")
    target = to_body or lift_default(current.current_body).body
    if target is None:
        raise DomainError(
            f"{current.current_body.name} har ingen uppdragsgivare; välj vart ärendet ska lyftas.",
            field="body",
        )
    _same_structure(current, target, "body")
    if target.pk == current.current_body_id:
        raise DomainError(
            f"Ärendet är redan hos {target.name}; välj en annan grupp att lyfta det till.",
            field="body",
        )
    holder = current.current_body
    new = apply_outcome(
        current,
        locked.step,
        locked.steps,
        StepOutcome.LIFTED,
        day=_today(today),
        by=by,
        to_body=target,
        role=role,
    )
    if new is not None:
        new.note = _text(note, "note")
    return _save(locked, case, by=by, note=f"Lyfte från {holder.name} till {target.name}.")


@transaction.atomic
def case_answer(
    *,
    case: Case,
    by: User | None,
    text: str,
    to_body: Body | None = None,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Case:
    """Answer the case back down to the body it came from (or where it was raised); it shows
    there for information and is finally handled."""
    text = _required_text(text, "text", "Skriv svaret.")
    locked = _locked(case, expected_version)
    current = locked.case
    _require(current, locked.step, ANSWER, "besvaras")
    target = to_body or answer_target(current, locked.steps)
    if target is None or target.pk == current.current_body_id:
        raise DomainError(
            "Ärendet har inte kommit från någon annan grupp att svara; avgör eller avsluta det "
            "i stället.",
            field="body",
        )
    _same_structure(current, target, "body")
    holder = current.current_body
    apply_outcome(
        current,
        locked.step,
        locked.steps,
        StepOutcome.ANSWERED,
        day=_today(today),
        by=by,
        text=text,
        to_body=target,
    )
    return _save(locked, case, by=by, note=f"Besvarade från {holder.name} till {target.name}.")


@transaction.atomic
def case_resolve(
    *,
    case: Case,
    by: User | None,
    text: str,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Case:
    """Resolve the case in the body that holds it; in a preparing body, the preparation is
    done and the case goes back to the body that asked for it."""
    text = _required_text(text, "text", "Skriv vad som bestämdes.")
    locked = _locked(case, expected_version)
    current, step = locked.case, locked.step
    _require(current, step, RESOLVE, "avgöras")
    if step is None:
        raise DomainError("Ärendet har ingen öppen behandling att avgöra.")
    if step.role in ASKED_ROLES:
        outcome = StepOutcome.PREPARED
    elif not can_decide(current.current_body):
        raise DomainError(
            f"{current.current_body.name} är inte beslutsfattande och kan inte avgöra ärendet; "
            "lyft det till uppdragsgivaren.",
            field="status",
        )
    else:
        outcome = StepOutcome.RESOLVED
    apply_outcome(current, step, locked.steps, outcome, day=_today(today), by=by, text=text)
    return _save(locked, case, by=by)


@transaction.atomic
def case_close(
    *,
    case: Case,
    by: User | None,
    text: str,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Case:
    """Close the case without a decision (withdrawn, settled elsewhere), saying why."""
    text = _required_text(text, "text", "Skriv varför ärendet avslutas.")
    locked = _locked(case, expected_version)
    _require(locked.case, locked.step, CLOSE, "avslutas")
    apply_outcome(
        locked.case,
        locked.step,
        locked.steps,
        StepOutcome.CLOSED,
        day=_today(today),
        by=by,
        text=text,
    )
    return _save(locked, case, by=by, note=f"Avslutade ärendet: {text}")
