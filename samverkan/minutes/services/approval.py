"""Approval (justering): the draft goes to the approvers the charter names, or is adopted.

The last approval freezes the minutes (`publication.freeze`); a return ends the round and
gives the draft back to the secretary.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from samverkan.audit.services import record_update, snapshot
from samverkan.lib.errors import DomainError, refuse_stale, sync_saved
from samverkan.minutes import notify
from samverkan.minutes.models import ApprovalDecision, Minutes, MinutesApprover, MinutesStatus
from samverkan.minutes.services.history import approval_text, outcome_note
from samverkan.minutes.services.preview import refuse_changed_text
from samverkan.minutes.services.publication import freeze
from samverkan.minutes.services.rules import (
    STALE,
    approval_rule_of,
    approver_slots,
    ensure_editable,
    locked,
)
from samverkan.structure.selectors import current_charter


@transaction.atomic
def minutes_submit(
    *,
    minutes: Minutes,
    expected_version: int | None,
    by: User | None,
    expected_text: str | None = None,
) -> Minutes:
    """Send the draft for approval by the charter's rule, or adopt it where there is none.

    `expected_text` is the SHA-256 of the text the preview showed (`minutes_preview`): if the
    minutes' text has changed since, nothing happens (a conflict).
    """
    current = locked(minutes)
    ensure_editable(current)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE)
    refuse_changed_text(current, expected_text)
    if not current.items.exists():
        raise DomainError("Minnesanteckningarna har inga punkter.")
    if current.meeting.starts_at > timezone.now():
        raise DomainError(
            "Mötet har inte ägt rum än. Minnesanteckningarna kan förberedas, men skickas för "
            "justering eller fastställs först efter mötet."
        )
    charter = current_charter(current.meeting.body)
    current.approval_rule = approval_rule_of(charter)
    slots = approver_slots(current, current.approval_rule)
    missing = [slot.missing for slot in slots if slot.person is None]
    if missing:
        raise DomainError(" ".join(missing), field="adjuster")
    if len({slot.person.pk for slot in slots if slot.person}) < len(slots):
        raise DomainError(
            "Samma person kan inte justera två gånger; utse en annan justeringsperson.",
            field="adjuster",
        )
    now = timezone.now()
    before = snapshot(current)
    current.submitted_at = now
    current.lock_version += 1
    if not slots:
        # Seeds 001 and 002: minutes go out without approval, as soon as they are done.
        current.save()
        freeze(current, charter, by)
        record_update(by=by, obj=current, before=before, note=outcome_note(current, "Fastställde"))
    else:
        round_no = (
            current.approvers.order_by("-round").values_list("round", flat=True).first() or 0
        ) + 1
        current.status = MinutesStatus.PENDING
        current.save()
        approvers = MinutesApprover.objects.bulk_create(
            MinutesApprover(minutes=current, round=round_no, role=slot.role, person=slot.person)
            for slot in slots
            if slot.person is not None
        )
        record_update(
            by=by,
            obj=current,
            before=before,
            note="Skickade för justering till "
            + ", ".join(f"{a.get_role_display().lower()} {a.person}" for a in approvers)
            + ".",
        )
        transaction.on_commit(lambda: notify.approval_requested(current, approvers))
    sync_saved(minutes, current)
    return current


def _my_part(minutes: Minutes, by: User) -> MinutesApprover:
    part = (
        minutes.approvers.select_for_update()
        .filter(person__user=by, decision=ApprovalDecision.PENDING)
        .select_related("person")
        .first()
    )
    if minutes.status != MinutesStatus.PENDING or part is None:
        raise DomainError(
            "Du har inga minnesanteckningar att justera här: antingen är du inte justerare "
            "för dem, eller så har du redan svarat."
        )
    return part


@transaction.atomic
def minutes_approve(
    *,
    minutes: Minutes,
    by: User,
    expected_version: int | None = None,
    expected_text: str | None = None,
) -> Minutes:
    """The approver's justering; the last one freezes and publishes the minutes.

    With `expected_version` and `expected_text` (the preview's), an approval of minutes that
    were returned, changed or sent again since the approver read them is refused.
    """
    current = locked(minutes)
    part = _my_part(current, by)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE)
    refuse_changed_text(current, expected_text)
    before = snapshot(current)
    answer_before = approval_text(part)
    part.decision = ApprovalDecision.APPROVED
    part.decided_at = timezone.now()
    part.save(update_fields=["decision", "decided_at"])
    note = f"Justerade som {part.get_role_display().lower()}."
    if not current.approvers.filter(round=part.round, decision=ApprovalDecision.PENDING).exists():
        freeze(current, current_charter(current.meeting.body), by)
        note += " " + outcome_note(current, "Alla har justerat")
    record_update(
        by=by,
        obj=current,
        before=before,
        parts={"approval": (answer_before, approval_text(part))},
        note=note,
    )
    sync_saved(minutes, current)
    return current


@transaction.atomic
def minutes_return(*, minutes: Minutes, by: User, comment: str) -> Minutes:
    """Send the draft back to the secretary with what must change; the round ends."""
    if not comment.strip():
        raise DomainError("Skriv vad som behöver ändras.", field="comment")
    current = locked(minutes)
    part = _my_part(current, by)
    before = snapshot(current)
    answer_before = approval_text(part)
    now = timezone.now()
    part.decision = ApprovalDecision.RETURNED
    part.comment = comment.strip()
    part.decided_at = now
    part.save(update_fields=["decision", "comment", "decided_at"])
    current.approvers.filter(round=part.round, decision=ApprovalDecision.PENDING).update(
        decision=ApprovalDecision.WITHDRAWN, decided_at=now
    )
    current.status = MinutesStatus.RETURNED
    current.lock_version += 1
    current.save()
    record_update(
        by=by,
        obj=current,
        before=before,
        parts={"approval": (answer_before, approval_text(part))},
        note=f"Återsände till sekreteraren: {part.comment}",
    )
    transaction.on_commit(lambda: notify.returned(current, part))
    sync_saved(minutes, current)
    return current
