"""Email: messages built from templates under `templates/email/`, links, delivery.

Every email the system sends is a template `email/<name>.txt` rendered with the site's name
and address in its context. `deliver` sends over one connection and reports, per message,
"" or why it was not sent, so one refused address never stops the rest. An email that must
go out once whatever fails (a reminder) goes through `samverkan.lib.outbox` instead, which
keeps a row per message and retries it.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.urls import reverse

from samverkan.lib.smtp import DeliveryUncertain

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
            except DeliveryUncertain as exc:
                logger.warning("No answer after sending email to %s: %s", message.to, exc)
                results.append(
                    f"e-postservern svarade inte efter brevet, som kan ha kommit fram: {exc}"
                )
                _reconnect_next_time(connection)
            except Exception as exc:
                logger.exception("Could not send email to %s", message.to)
                results.append(f"e-posten kunde inte skickas: {exc}")
                if isinstance(exc, smtplib.SMTPServerDisconnected):
                    _reconnect_next_time(connection)
            else:
                results.append("")
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("Could not close the mail connection")
    return results


def _reconnect_next_time(connection: Any) -> None:
    """After a dropped connection the backend still thinks it is open; closing it makes the
    next message open a new one instead of failing too."""
    try:
        connection.close()
    except Exception:
        logger.exception("Could not close the mail connection")
