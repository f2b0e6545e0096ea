"""What approved minutes do to the cases handled under their items.

`steps_from_minutes` is registered with `samverkan.minutes.approved.when_approved` (see
`CasesConfig.ready()`) and runs inside the transaction that approves the minutes. For each
item whose agenda item is a case's step, the step gets the minutes, the meeting day and
the entries' text, and the outcome the entries give (`outcome_of`):

- a recommendation to the principals: the case is recommended and stays with the body;
- a decision: the case is resolved; in a preparing body (or one asked for its opinion)
  the preparation is done and the case goes back to the body that asked;
- a proposal or feedback to the commissioning body: lifted there (the body's parent);
- only information: nothing is settled, and the body holds the case again.

It reads and writes in a fixed number of queries however many items the minutes have, and
it never stops the minutes from being approved: a failure is rolled back to a savepoint
and logged, and the cases can still be moved by hand.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from auditlog.cid import get_cid
from auditlog.models import AbstractLogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from samverkan.audit.models import Change
from samverkan.audit.registry import field_label, tracked
from samverkan.audit.values import Snapshot, snapshot, text_of
from samverkan.cases.models import Case, CaseStatus, CaseStep, StepOutcome, StepRole
from samverkan.cases.services.cases_steps import ASKED_ROLES, apply_outcome
from samverkan.lib.localtime import local_today, meeting_day
from samverkan.lib.swedish import date_text
from samverkan.minutes.models import EntryKind, Minutes, MinutesEntry, MinutesItem

logger = logging.getLogger(__name__)

SETTLING = frozenset(
    {EntryKind.DECISION, EntryKind.RECOMMENDATION, EntryKind.PROPOSAL, EntryKind.FEEDBACK}
)


def outcome_of(kinds: Iterable[str], step: CaseStep) -> str:
    """The outcome that entries of `kinds` under the item give the step."""
    found = set(kinds)
    if step.role in ASKED_ROLES:
        return StepOutcome.PREPARED if found & SETTLING else StepOutcome.PENDING
    if EntryKind.RECOMMENDATION in found:
        return StepOutcome.RECOMMENDED
    if EntryKind.DECISION in found:
        return StepOutcome.RESOLVED
    if found & {EntryKind.PROPOSAL, EntryKind.FEEDBACK} and step.body.parent_id is not None:
        return StepOutcome.LIFTED
    return StepOutcome.PENDING


def outcome_text(entries: Iterable[MinutesEntry]) -> str:
    return "\n\n".join(f"{e.get_kind_display()}: {e.text}" for e in entries)


def steps_from_minutes(
    minutes: Minutes, by: User | None, *, today: datetime.date | None = None
) -> None:
    """Record approved minutes on the case steps handled under their items (see above)."""
    try:
        with transaction.atomic():
            _record(minutes, by, today or local_today())
    except Exception:
        # Approving the minutes must not fail because of a case: the minutes are the record.
        logger.exception("Ärendena under minnesanteckningarna %s uppdaterades inte.", minutes.pk)


def _record(minutes: Minutes, by: User | None, today: datetime.date) -> None:
    linked = dict(
        CaseStep.objects.filter(
            agenda_item__meeting_id=minutes.meeting_id, minutes__isnull=True
        ).values_list("agenda_item_id", "pk")
    )
    if not linked:
        return
    items = list(
        MinutesItem.objects.filter(minutes=minutes, agenda_item_id__in=linked).prefetch_related(
            "entries"
        )
    )
    if not items:
        return
    handled = {linked[item.agenda_item_id]: item for item in items if item.agenda_item_id}
    case_ids = CaseStep.objects.filter(pk__in=handled).values("case_id")
    cases = {
        case.pk: case
        for case in Case.objects.select_for_update(of=("self",))
        .select_related("structure", "current_body")
        .filter(pk__in=case_ids)
    }
    steps_by_case: dict[int, list[CaseStep]] = {case_id: [] for case_id in cases}
    for step in (
        CaseStep.objects.filter(case_id__in=cases)
        .select_related("body", "body__parent", "meeting")
        .order_by("case_id", "position", "pk")
    ):
        step.case = cases[step.case_id]
        steps_by_case[step.case_id].append(step)
    day = meeting_day(minutes.meeting)
    befores = {case_id: snapshot(case) for case_id, case in cases.items()}
    changed: list[CaseStep] = []
    created: list[CaseStep] = []
    notes: dict[int, str] = {}
    for case_id, steps in steps_by_case.items():
        case = cases[case_id]
        for step in [s for s in steps if s.pk in handled]:
            entries = list(handled[step.pk].entries.all())
            step.minutes, step.handled_on = minutes, day
            step.outcome_text = outcome_text(entries)
            changed.append(step)
            if step.outcome:
                continue  # already moved on by hand; the minutes are recorded all the same
            outcome = outcome_of((e.kind for e in entries), step)
            if case.current_body_id != step.body_id:
                continue  # not where the case is now: record, but do not move it
            if outcome == StepOutcome.PENDING and case.status != CaseStatus.ON_AGENDA:
                continue
            new = apply_outcome(
                case,
                step,
                steps,
                outcome,
                day=day,
                by=by,
                text=step.outcome_text,
                to_body=step.body.parent,
                role=StepRole.DECIDE,
            )
            if new is not None:
                new.received_on = today
                created.append(new)
            notes[case_id] = _note(step, outcome, day)
    CaseStep.objects.bulk_update(changed, ["minutes", "handled_on", "outcome_text", "outcome"])
    CaseStep.objects.bulk_create(created)
    moved = [cases[case_id] for case_id in notes]
    now = timezone.now()
    for case in moved:
        case.lock_version += 1
        case.updated_at = now
    Case.objects.bulk_update(
        moved, ["status", "current_body", "closed_on", "lock_version", "updated_at"]
    )
    _record_updates(by, [(case, befores[case.pk], notes[case.pk]) for case in moved])


def _note(step: CaseStep, outcome: str, day: datetime.date) -> str:
    where = f"Behandlat i {step.body.name} {date_text(day)}; minnesanteckningarna är justerade"
    if outcome == StepOutcome.PENDING:
        return f"{where}. Bara information: ärendet är kvar hos gruppen."
    label = StepOutcome(outcome).label
    return f"{where}. Utfall: {str(label).lower()}."


def _record_updates(by: User | None, rows: list[tuple[Case, Snapshot, str]]) -> None:
    """The audit rows of `audit.services.record_update`, for many cases in one insert (that
    function writes one row a query)."""
    if not rows:
        return
    spec = tracked(Case)
    content_type = ContentType.objects.get_for_model(Case)
    actor = by if isinstance(by, User) and by.pk else None
    cid = get_cid()
    entries = []
    for case, before, note in rows:
        after = snapshot(case)
        changes = {
            name: [
                text_of(Case, name, before.values.get(name), known=before.names.get(name)),
                text_of(Case, name, value, known=after.names.get(name)),
            ]
            for name, value in after.values.items()
            if before.values.get(name) != value
        }
        scope_type, scope_id = spec.scope(case)
        entries.append(
            Change(
                content_type=content_type,
                object_pk=str(case.pk),
                object_id=case.pk,
                object_repr=spec.name(case),
                action=AbstractLogEntry.Action.UPDATE,
                changes=changes,
                changes_text="\n".join(
                    f"{field_label(spec.key, name)}: {old or '–'} → {new or '–'}"
                    for name, (old, new) in changes.items()
                ),
                actor=actor,
                actor_email=(actor.email or actor.get_username()) if actor else None,
                object_type=spec.key,
                scope_type=scope_type,
                scope_id=scope_id,
                structure_id=spec.structure(case),
                note=note,
                cid=cid,
            )
        )
    Change.objects.bulk_create(entries)
