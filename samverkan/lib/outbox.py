"""Email that must go out once, whatever fails: claimed rows with states, retries, doubts.

A reminder is a row (a model inheriting `Delivery`, unique per what it is about) that moves
through these states, each move a conditional UPDATE so that two workers never both win:

    pending ──claim──▶ sending ──handover──▶ handed_over ──answer──▶ sent
       ▲                  │                       │
       └── retry later ◀──┴── certain failure ◀───┤  (refused, down, stalled before the end)
                                                  └── answer lost ──▶ uncertain
    pending past `expires_at` ──▶ failed;  address refused for good ──▶ failed

- **Claim.** A worker takes one due row by `UPDATE … SET state='sending', attempts=n+1
  WHERE pk=… AND state='pending' AND attempts=n`: of two workers only one updates it, on
  SQLite (no row locks) as on PostgreSQL. On PostgreSQL the row is also picked with
  `SELECT … FOR UPDATE SKIP LOCKED`, so workers pass each other instead of waiting. The
  attempt number is the claim's token: every later move names it, so a worker that lost its
  claim (see the lease below) can change nothing.
- **Handover.** Just before the message's content goes to the server, the row becomes
  `handed_over` (committed; see `samverkan.lib.smtp`). Everything that fails before this is
  certain not to have arrived and is retried with backoff (10, 20, 40 minutes, then every
  hour) until sent or until the moment has passed (`expires_at`, set by the app: the meeting's
  start, the end of the deadline day, the next approval reminder), when the row is `failed`.
- **Doubt.** If the server took the whole message and its answer was lost (a timeout, a
  dropped connection), the message has probably arrived: the row becomes `uncertain` with
  the reason and is not sent again, because a retry would be a second copy more often than
  a first one. The app shows it to the coordinator, who can ask the recipient.
- **A killed worker** leaves its row `sending` or `handed_over`. After `LEASE` the next run
  puts a `sending` row back in line (nothing had left) and marks a `handed_over` row
  `uncertain` (something may have left). A live worker past the lease loses its claim: its
  handover is refused and the server never gets the message's end.

Backends without the handover hook (console, locmem, others) are marked handed over just
before `send_messages`, so with them any failure other than a refusal counts as uncertain.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage, mailers
from django.db import connection, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from samverkan.lib.localtime import local_time
from samverkan.lib.smtp import DeliveryUncertain, HandoverRefused, before_handover
from samverkan.lib.swedish import clock_text, date_text

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died: far longer than a send can take
# (Django's SMTP timeout is 30 seconds per step).
LEASE = datetime.timedelta(minutes=15)
FIRST_RETRY = datetime.timedelta(minutes=10)
LONGEST_RETRY = datetime.timedelta(hours=1)

KILLED_BEFORE = "arbetaren avbröts innan påminnelsen lämnades till e-postservern"
KILLED_DURING = (
    "arbetaren avbröts medan e-postservern tog emot påminnelsen, så den kan ha kommit fram"
)
EXPIRED = "ingen arbetare hann skicka den innan tiden gick ut"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Väntar på att skickas"
    SENDING = "sending", "Skickas"
    HANDED_OVER = "handed_over", "Lämnas till e-postservern"
    SENT = "sent", "Skickad"
    UNCERTAIN = "uncertain", "Osäkert om den kom fram"
    FAILED = "failed", "Kom inte fram"


class Delivery(models.Model):
    """One email that must go out once; the concrete model adds what it is about."""

    state = models.CharField(
        max_length=12, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # When sending stops making sense (the meeting has started, the deadline is past).
    expires_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)  # why the latest attempt failed, in Swedish

    class Meta:
        abstract = True
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="%(app_label)s_%(class)s_due")
        ]

    @property
    def needs_attention(self) -> bool:
        """Failed, uncertain, or not gone out at the first attempt: worth a coordinator's look."""
        return self.state in (DeliveryState.FAILED, DeliveryState.UNCERTAIN) or (
            self.state == DeliveryState.PENDING and self.attempts > 0
        )

    def status_text(self) -> str:
        """The state as a sentence for the working pages."""
        tries = f" ({self.attempts} försök)" if self.attempts > 1 else ""
        match self.state:
            case DeliveryState.SENT:
                return f"Skickad {_moment(self.sent_at)}."
            case DeliveryState.UNCERTAIN:
                return (
                    f"Osäkert om den kom fram: {self.error}. Den skickas inte igen av sig "
                    "själv, så att ingen får den två gånger; fråga mottagaren."
                )
            case DeliveryState.FAILED:
                return f"Kom inte fram{tries}: {self.error}."
            case DeliveryState.PENDING if self.attempts:
                return (
                    f"Inte skickad ännu{tries}: {self.error}. "
                    f"Nästa försök {_moment(self.next_attempt_at)}."
                )
            case DeliveryState.PENDING:
                return "Väntar på att skickas."
        return "Skickas just nu."


def needs_attention() -> Q:
    """The rows `Delivery.needs_attention` is true of, as a filter."""
    return Q(state__in=[DeliveryState.FAILED, DeliveryState.UNCERTAIN]) | Q(
        state=DeliveryState.PENDING, attempts__gt=0
    )


def _moment(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    local = local_time(moment)
    return f"{date_text(local.date())} kl. {clock_text(local)}"


# Builds the message for a claimed row as things are now, or None if it is no longer needed
# (the meeting was cancelled, the approver has answered): the row is then removed.
type Compose[D: Delivery] = Callable[[D, datetime.datetime], EmailMessage | None]


@dataclass(frozen=True)
class Claim:
    pk: int
    token: int  # the attempt number: every later move of the row must name it


def recover(model: type[Delivery], *, now: datetime.datetime) -> None:
    """Rows left by a worker that died go back in line or become uncertain; expired ones fail."""
    rows = model._default_manager
    stale = now - LEASE
    rows.filter(state=DeliveryState.SENDING, claimed_at__lte=stale).update(
        state=DeliveryState.PENDING, next_attempt_at=now, error=KILLED_BEFORE
    )
    rows.filter(state=DeliveryState.HANDED_OVER, claimed_at__lte=stale).update(
        state=DeliveryState.UNCERTAIN, error=KILLED_DURING
    )
    rows.filter(state=DeliveryState.PENDING, expires_at__lte=now).update(
        state=DeliveryState.FAILED,
        error=Case(
            When(error="", then=Value(EXPIRED)), default=F("error"), output_field=models.TextField()
        ),
    )


def claim_next(
    model: type[Delivery], *, now: datetime.datetime, scope: Mapping[str, Any] | None = None
) -> Claim | None:
    """Take the next due row for this worker alone, committed; None if there is none."""
    rows = model._default_manager
    for _ in range(100):  # a lost race means another row is next; never loop for ever
        with transaction.atomic():
            due = rows.filter(
                state=DeliveryState.PENDING,
                next_attempt_at__lte=now,
                expires_at__gt=now,
                **(scope or {}),
            ).order_by("next_attempt_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            found = due.values_list("pk", "attempts").first()
            if found is None:
                return None
            pk, attempts = found
            won = rows.filter(pk=pk, state=DeliveryState.PENDING, attempts=attempts).update(
                state=DeliveryState.SENDING, attempts=attempts + 1, claimed_at=now
            )
        if won:
            return Claim(pk, attempts + 1)
    return None


def hand_over(model: type[Delivery], claim: Claim) -> bool:
    """Record that the message is about to leave; False if the claim was lost meanwhile."""
    return bool(
        model._default_manager.filter(
            pk=claim.pk, state=DeliveryState.SENDING, attempts=claim.token
        ).update(state=DeliveryState.HANDED_OVER)
    )


def send_pending[D: Delivery](
    model: type[D],
    compose: Compose[D],
    *,
    now: datetime.datetime | None = None,
    scope: Mapping[str, Any] | None = None,
) -> int:
    """Send every due row (of `scope`, if given) once; returns how many were sent."""
    now = now or timezone.now()
    recover(model, now=now)
    sent = 0
    while (claim := claim_next(model, now=now, scope=scope)) is not None:
        if deliver_claimed(model, claim, compose, now=now) == DeliveryState.SENT:
            sent += 1
    return sent


def deliver_claimed[D: Delivery](
    model: type[D], claim: Claim, compose: Compose[D], *, now: datetime.datetime
) -> str:
    """Compose and send one claimed row, and record how it went; returns the new state."""
    rows = model._default_manager
    owned = rows.filter(pk=claim.pk, attempts=claim.token)
    row = rows.get(pk=claim.pk)
    try:
        message = compose(row, now)
    except Exception:
        logger.exception("Could not compose %s %s", model.__name__, claim.pk)
        return _retry(row, claim, now, "påminnelsen kunde inte skrivas (ett fel i systemet)")
    if message is None:
        owned.filter(state=DeliveryState.SENDING).delete()
        return "removed"
    state, reason = attempt(message, lambda: hand_over(model, claim))
    if state is None:
        return "lost"
    if state == DeliveryState.SENT:
        # An answer that came after the lease made it uncertain still proves it arrived.
        owned.filter(state__in=[DeliveryState.HANDED_OVER, DeliveryState.UNCERTAIN]).update(
            state=DeliveryState.SENT, sent_at=now, error=""
        )
    elif state == DeliveryState.UNCERTAIN:
        logger.warning("Email to %s may or may not have arrived: %s", message.to, reason)
        owned.filter(state=DeliveryState.HANDED_OVER).update(
            state=DeliveryState.UNCERTAIN, error=reason
        )
    elif state == DeliveryState.FAILED:
        logger.warning("Email to %s refused for good: %s", message.to, reason)
        owned.filter(state__in=[DeliveryState.SENDING, DeliveryState.HANDED_OVER]).update(
            state=DeliveryState.FAILED, error=reason
        )
    else:
        return _retry(row, claim, now, reason)
    return state


def _retry(row: Delivery, claim: Claim, now: datetime.datetime, reason: str) -> str:
    """Back in line after a certain failure, later each time; failed if that is too late."""
    # The exponent stops growing long before an attempt count could overflow a timedelta.
    delay = min(FIRST_RETRY * 2 ** min(max(claim.token - 1, 0), 16), LONGEST_RETRY)
    owned = type(row)._default_manager.filter(
        pk=claim.pk,
        attempts=claim.token,
        state__in=[DeliveryState.SENDING, DeliveryState.HANDED_OVER],
    )
    if now + delay >= row.expires_at:
        logger.warning("Giving up on %s %s: %s", type(row).__name__, claim.pk, reason)
        owned.update(state=DeliveryState.FAILED, error=reason)
        return DeliveryState.FAILED
    logger.warning("Will try %s %s again: %s", type(row).__name__, claim.pk, reason)
    owned.update(state=DeliveryState.PENDING, next_attempt_at=now + delay, error=reason)
    return DeliveryState.PENDING


def attempt(
    message: EmailMessage, handover: Callable[[], bool]
) -> tuple[DeliveryState | None, str]:
    """Send one message, calling `handover` just before it leaves. Returns the state it ends
    in with the reason: SENT, PENDING (certainly not arrived: try again), FAILED (refused for
    good), UNCERTAIN (may have arrived), or None if `handover` refused (the claim was lost)."""
    backend = mailers.default
    tracks = getattr(backend, "tracks_handover", False)
    try:
        backend.open()
    except Exception as exc:
        return DeliveryState.PENDING, f"e-postservern svarade inte ({exc})"
    token = before_handover.set(handover)
    try:
        if not tracks and not handover():
            return None, ""
        count = backend.send_messages([message])
    except HandoverRefused:
        return None, ""
    except DeliveryUncertain as exc:
        return DeliveryState.UNCERTAIN, (
            f"e-postservern tog emot påminnelsen men svaret uteblev ({exc})"
        )
    except smtplib.SMTPRecipientsRefused as exc:
        answers = "; ".join(
            f"{address}: {code} {_text(text)}" for address, (code, text) in exc.recipients.items()
        )
        if all(code >= 500 for code, _ in exc.recipients.values()):
            return DeliveryState.FAILED, f"e-postservern nekade adressen ({answers})"
        return DeliveryState.PENDING, f"e-postservern nekade tillfälligt ({answers})"
    except smtplib.SMTPResponseException as exc:
        return (
            DeliveryState.PENDING,
            f"e-postservern nekade ({exc.smtp_code} {_text(exc.smtp_error)})",
        )
    except ValueError as exc:  # an address Django cannot send to
        return DeliveryState.FAILED, f"adressen går inte att skicka till ({exc})"
    except Exception as exc:
        if tracks:  # it would have been `DeliveryUncertain` had the content left
            return DeliveryState.PENDING, f"förbindelsen med e-postservern bröts ({exc})"
        return DeliveryState.UNCERTAIN, f"förbindelsen bröts medan påminnelsen skickades ({exc})"
    finally:
        before_handover.reset(token)
        try:
            backend.close()
        except Exception:
            logger.exception("Could not close the mail connection")
    if not count:
        return DeliveryState.FAILED, "e-postservern tog inte emot något"
    return DeliveryState.SENT, ""


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else value
