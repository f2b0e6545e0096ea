"""Reminders to the principals' registrars about a recommendation's answer date.

For each decision that has been sent (expedierad) and not yet decided, two reminders go to
the decision body's registrar address, with a copy to the structure's coordinators:

- before the answer date, from `BEFORE_WORKING_DAYS` working days before it (only if the
  recommendation was sent before that day: one sent later has just been read);
- after it, on the first working day after the answer date, and then not again for that
  date (a new answer date gets its reminders again).

The daily task records each reminder due as a `DecisionReminder` row, unique per
(decision, kind, answer date), and sends it through `samverkan.lib.outbox`: claimed by one
worker, retried with backoff while the mail server does not take it, never sent twice. A
reminder is written when it is sent: a principal that has decided meanwhile is not
reminded. Reminders are recorded on working days only; a day the worker missed is caught up
on the next working day within the reminder's window.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator

from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

from samverkan.cases.models import (
    DECIDED_STATES,
    DecisionReminder,
    DecisionReminderKind,
    DecisionState,
    PrincipalDecision,
)
from samverkan.cases.services.recommendations import addressee, recommendation_url
from samverkan.lib.localtime import local, local_day
from samverkan.lib.mail import email_text
from samverkan.lib.outbox import needs_attention, send_pending
from samverkan.lib.swedish import date_text
from samverkan.lib.workdays import is_working_day, working_days_after, working_days_before
from samverkan.meetings.reminders import SHOWN_FOR

BEFORE_WORKING_DAYS = 10
# After the answer date the reminder may still go out this many working days after its day,
# should the worker have been down; then it would arrive too late to say anything new.
AFTER_WINDOW_WORKING_DAYS = 5
# Answer dates further from today than this can have no reminder due (ten working days and
# the longest run of holidays fit well within it).
HORIZON = datetime.timedelta(days=40)


def before_day(answer_by: datetime.date) -> datetime.date:
    return working_days_before(answer_by, BEFORE_WORKING_DAYS)


def after_day(answer_by: datetime.date) -> datetime.date:
    return working_days_after(answer_by, 1)


def _after_ends(answer_by: datetime.date) -> datetime.date:
    return working_days_after(after_day(answer_by), AFTER_WINDOW_WORKING_DAYS)


def due_kind(
    *, sent_on: datetime.date, answer_by: datetime.date, today: datetime.date
) -> DecisionReminderKind | None:
    """Which reminder is due today for a decision sent on `sent_on`, if any."""
    if not is_working_day(today):
        return None
    if today < answer_by:
        first = before_day(answer_by)
        if first <= today and sent_on < first:
            return DecisionReminderKind.BEFORE
        return None
    if after_day(answer_by) <= today < _after_ends(answer_by):
        return DecisionReminderKind.AFTER
    return None


def _expires(kind: str, answer_by: datetime.date) -> datetime.datetime:
    if kind == DecisionReminderKind.BEFORE:
        return local(answer_by, 0)
    return local(_after_ends(answer_by), 0)


def _waiting(
    today: datetime.date,
) -> Iterator[tuple[int, datetime.date | None, datetime.date | None]]:
    """Decisions sent to a principal whose answer date is near: (id, sent on, answer by).
    Three columns in chunks, not the recommendations' texts."""
    return (
        PrincipalDecision.objects.filter(
            state__in=[DecisionState.SENT, DecisionState.PREPARING],
            sent_on__isnull=False,
            recommendation__answer_by__range=(today - HORIZON, today + HORIZON),
        )
        .values_list("pk", "sent_on", "recommendation__answer_by")
        .iterator(chunk_size=2000)
    )


def _now_for(today: datetime.date | None, now: datetime.datetime | None) -> datetime.datetime:
    if now is not None:
        return now
    # A test (or a catch-up run) that names the day runs as that day's morning.
    return local(today, 8) if today is not None else timezone.now()


def send_decision_reminders(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> int:
    """Record the reminders due today and send every pending one; returns how many went out."""
    now = _now_for(today, now)
    today = today or local_day(now)
    rows = []
    for decision_id, sent_on, answer_by in _waiting(today):
        assert answer_by is not None and sent_on is not None  # filtered above
        kind = due_kind(sent_on=sent_on, answer_by=answer_by, today=today)
        if kind is not None:
            rows.append(
                DecisionReminder(
                    decision_id=decision_id,
                    kind=kind,
                    for_day=answer_by,
                    next_attempt_at=now,
                    expires_at=_expires(kind, answer_by),
                )
            )
    DecisionReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return send_pending(DecisionReminder, _compose, now=now)


def retry_decision_reminders(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> int:
    """Send the reminders due for another try. Returns the number sent."""
    return send_pending(DecisionReminder, _compose, now=_now_for(today, now))


def _addresses(emails: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for email in emails:
        if email and email.lower() not in {s.lower() for s in seen}:
            seen.append(email)
    return seen


def _compose(row: DecisionReminder, now: datetime.datetime) -> EmailMessage | None:
    """The reminder as things are now; None if it is no longer needed (decided, a new
    answer date, no address)."""
    decision = PrincipalDecision.objects.select_related(
        "principal", "decision_body", "recommendation__body", "recommendation__structure"
    ).get(pk=row.decision_id)
    recommendation = decision.recommendation
    if decision.state in DECIDED_STATES or recommendation.answer_by != row.for_day:
        return None
    body = decision.decision_body
    to = (body.registrar_email if body else "") or decision.sent_to
    if not to:
        return None
    coordinators = _addresses(
        recommendation.structure.coordinators.filter(is_active=True).values_list("email", flat=True)
    )
    after = row.kind == DecisionReminderKind.AFTER
    answer_by = date_text(row.for_day)
    subject = (
        f"Påminnelse: svaret på rekommendationen ”{recommendation.title}” har inte kommit"
        if after
        else f"Påminnelse: svar senast {answer_by} på rekommendationen ”{recommendation.title}”"
    )
    text = email_text(
        "recommendation_reminder",
        {
            "recommendation": recommendation,
            "principal": decision.principal,
            "addressee": addressee(body.name, decision.principal)
            if body
            else decision.principal.name,
            "after": after,
            "answer_by": answer_by,
            "decided_on": date_text(recommendation.decided_on),
            "sent_on": date_text(decision.sent_on) if decision.sent_on else "",
            "url": recommendation_url(recommendation),
        },
    )
    copies = [c for c in coordinators if c.lower() != to.lower()]
    return EmailMessage(
        subject=subject[:250],
        body=text,
        to=[to],
        cc=copies,
        reply_to=copies or None,
    )


def reminders_by_decision(*, decision_ids: list[int]) -> dict[int, list[DecisionReminder]]:
    """The reminders of these decisions, newest first, by decision: one query."""
    found: dict[int, list[DecisionReminder]] = {}
    if not decision_ids:
        return found
    for row in DecisionReminder.objects.filter(decision_id__in=decision_ids).order_by(
        "-for_day", "-pk"
    ):
        found.setdefault(row.decision_id, []).append(row)
    return found


def reminders_needing_attention(
    *, structure_ids: Collection[int] | None, now: datetime.datetime | None = None
) -> list[DecisionReminder]:
    """Reminders to registrars in these structures (all, for None) that failed, are
    uncertain or are being retried, newest first; a failure stays listed for `SHOWN_FOR`.
    One query."""
    now = now or timezone.now()
    rows = DecisionReminder.objects.filter(needs_attention(), expires_at__gte=now - SHOWN_FOR)
    if structure_ids is not None:
        rows = rows.filter(decision__recommendation__structure_id__in=structure_ids)
    return list(
        rows.select_related(
            "decision__principal", "decision__decision_body", "decision__recommendation"
        ).order_by("-expires_at", "pk")[:50]
    )


# --- Tasks (listed in `samverkan/cases/tasks.py`) ----------------------------------------


@task()
def recommendation_reminders() -> int:
    """Remind registrars before and after the answer date of a recommendation they have
    not answered."""
    return send_decision_reminders()


@task()
def recommendation_reminders_retry() -> int:
    """Send again the recommendation reminders the mail server did not take."""
    return retry_decision_reminders()
