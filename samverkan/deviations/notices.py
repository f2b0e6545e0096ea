"""The email that tells the concerned principal's handler a deviation has arrived, sent
through `samverkan.lib.outbox`: recorded with the deviation, sent after the commit, retried
by the worker (`tasks.py`) while the mail server does not take it, and its state shown on the
deviation's page."""

from __future__ import annotations

import datetime

from django.core.mail import EmailMessage
from django.utils import timezone

from samverkan.deviations.models import Deviation, DeviationNotice
from samverkan.deviations.selectors import concerned_handler
from samverkan.lib.mail import absolute_url, email_message, email_text
from samverkan.lib.outbox import send_pending

# A notice not taken by the mail server within this long is marked failed and shown on the
# deviation's page; the answer-date reminder (`deviations.answer_overdue`) still comes.
NOTICE_VALID_FOR = datetime.timedelta(days=7)


def queue_handler_notice(deviation: Deviation) -> DeviationNotice | None:
    """Record that the concerned principal's handler is to be told (sent after commit)."""
    handler = concerned_handler(deviation)
    if handler is None or not handler.user.email:
        return None
    return DeviationNotice.objects.create(
        deviation=deviation,
        address=handler.user.email,
        expires_at=timezone.now() + NOTICE_VALID_FOR,
    )


def _compose_notice(row: DeviationNotice, now: datetime.datetime) -> EmailMessage:
    deviation = row.deviation
    text = email_text(
        "deviation_received",
        {"deviation": deviation, "url": absolute_url("deviations:deviation", deviation.pk)},
    )
    return email_message(
        f"Ny avvikelse i samverkan till {deviation.concerned_principal.name}", text, row.address
    )


def send_deviation_notices(
    *, deviation_id: int | None = None, now: datetime.datetime | None = None
) -> int:
    """Send the handler notices due (of one deviation, if given); returns how many went."""
    scope = {"deviation_id": deviation_id} if deviation_id is not None else None
    return send_pending(DeviationNotice, _compose_notice, now=now, scope=scope)
