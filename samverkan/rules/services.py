"""Accepting a finding as a deviation, and withdrawing that.

A finding is accepted when the body has decided to do otherwise than the charter says (004:
the chair "kan efter beslut i gruppen löpa på längre tid än ett år"), with the reason. It
then shows as acknowledged, not as something to act on, and no reminder goes out for it,
until what it is about changes (another subject or another due date is another finding) or
the acknowledgement is withdrawn. Both are kept in the history. The caller has checked
that the user may do this (`samverkan.rules.access`); the services check the finding.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.lib.errors import DomainError
from samverkan.lib.textcheck import check_text
from samverkan.rules import history  # noqa: F401  (tracks Acknowledgement)
from samverkan.rules.models import Acknowledgement
from samverkan.rules.stored import stored_findings

REASON_MAX = 2000
GONE = (
    "Avvikelsen finns inte längre i regelkontrollen: den kan redan vara åtgärdad eller ha "
    "fått ett nytt datum. Ladda om sidan."
)


@transaction.atomic
def finding_acknowledge(
    *,
    finding_key: str,
    reason: str,
    by: User | None,
    today: datetime.date,
    structure_ids: Collection[int] | None = None,
) -> Acknowledgement:
    """Accept the finding `finding_key` (one of these structures' findings at their last
    check) as a deviation, for the reason given. `today` is kept for the callers' sake: the
    stored check judged the finding by its own day."""
    reason = check_text((reason or "").strip(), field="reason", max_length=REASON_MAX)
    if not reason:
        raise DomainError(
            "Skriv varför avvikelsen accepteras, till exempel gruppens beslut.", field="reason"
        )
    finding = stored_findings(structure_ids=structure_ids).filter(key=finding_key).first()
    if finding is None:
        raise DomainError(GONE)
    if finding.ack_id is not None:  # type: ignore[attr-defined]
        raise DomainError("Avvikelsen är redan accepterad.")
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(
                key=finding.key,
                rule=finding.rule,
                structure_id=finding.structure_id,
                body_id=finding.body_id,
                due_on=finding.due_on,
                subject=finding.subject[:300],
                message=finding.message,
                reason=reason,
                by=by,
            )
    except IntegrityError:
        # Someone accepted it at the same moment.
        raise DomainError("Avvikelsen är redan accepterad.") from None
    record_create(by=by, obj=ack)
    return ack


@transaction.atomic
def acknowledgement_withdraw(
    *, acknowledgement: Acknowledgement, by: User | None
) -> Acknowledgement:
    """Withdraw an acceptance: the finding is listed to act on again (and reminded of)."""
    current = Acknowledgement.objects.select_for_update().get(pk=acknowledgement.pk)
    if current.withdrawn_at is not None:
        raise DomainError("Accepterandet är redan återkallat.")
    before = snapshot(current)
    current.withdrawn_at = timezone.now()
    current.withdrawn_by = by
    current.save(update_fields=["withdrawn_at", "withdrawn_by"])
    record_update(by=by, obj=current, before=before)
    return current
