"""Email: messages built from templates under `templates/email/`, links, delivery.

Every email the system sends is a template `email/<name>.txt` rendered with the site's name
and address in its context. `deliver` sends over one connection and reports, per message,
"" or why it was not sent, so one refused address never stops the rest. `send_claimed`
sends a message at most once: it commits a unique claim row first, so no lock is held
while the mail server answers, and removes the claim if sending fails.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


def site_name() -> str:
    return str(getattr(settings, "SITE_NAME", "Samverkan"))


def site_url() -> str:
    return str(getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def absolute(path: str) -> str:
    """A site path as a full address, for emails and feeds: `SITE_URL` + path."""
    return site_url() + path


def absolute_url(name: str, *args: Any, **kwargs: Any) -> str:
    """The full address of a named page; an unknown name raises, as `reverse` does, rather
    than send an email with an empty link."""
    return absolute(reverse(name, args=args or None, kwargs=kwargs or None))


def email_text(template: str, context: Mapping[str, Any] | None = None) -> str:
    """Render `email/<template>.txt` with the site's name and address added."""
    return render_to_string(
        f"email/{template}.txt",
        {"site_name": site_name(), "site_url": site_url(), **(context or {})},
    )


def email_message(subject: str, text: str, to: str, reply_to: str = "") -> EmailMessage:
    return EmailMessage(
        subject=subject, body=text, to=[to], reply_to=[reply_to] if reply_to else None
    )


def deliver(messages: Sequence[EmailMessage]) -> list[str]:
    """Send each message over one connection. Returns, per message, "" if sent or the error."""
    if not messages:
        return []
    results: list[str] = []
    connection = mailers.default
    try:
        connection.open()
    except Exception as exc:
        logger.exception("Could not connect to the mail server")
        return [f"e-postservern svarade inte: {exc}"] * len(messages)
    try:
        for message in messages:
            try:
                connection.send_messages([message])
            except Exception as exc:
                logger.exception("Could not send email to %s", message.to)
                results.append(f"e-posten kunde inte skickas: {exc}")
            else:
                results.append("")
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("Could not close the mail connection")
    return results


def send_claimed(claim_model: type[Model], claim: dict[str, Any], message: EmailMessage) -> bool:
    """Claim a message by its unique row, then send it; False if already claimed or not sent.

    The claim is committed before the mail server is asked, so no lock is held meanwhile;
    a failed send removes the claim so that the next run tries again.
    """
    try:
        with transaction.atomic():
            row = claim_model._default_manager.create(**claim)
    except IntegrityError:
        return False  # another run claimed it meanwhile
    [error] = deliver([message])
    if error:
        claim_model._default_manager.filter(pk=row.pk).delete()
        logger.warning("Reminder to %s not sent, will try again: %s", message.to, error)
        return False
    return True
