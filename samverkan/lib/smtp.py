"""Django's SMTP backend, telling a message that surely did not go out from one that may have.

A reminder must be retried when the mail server did not get it, and must not be sent again
when the server may already have it. Django's backend raises the same kind of error for a
server that stalls before the message and for one that takes the whole message and then
never answers, so this backend marks the one moment that matters: the message's last line
(`.`) leaving for the server. Everything failing before it is certain not to have arrived;
a lost answer after it is `DeliveryUncertain`.

Just before that moment the backend calls the `before_handover` hook, if the sender set one
(see `samverkan.lib.outbox`), which records the handover in the database. A hook answering
False (someone else has taken the message over) stops the message before its content is
sent: the connection is dropped without the final `.`, so the server discards it.

`settings.py` uses this backend wherever Django's own SMTP backend is configured; the
options are Django's (`host`, `port`, `username`, `password`, `use_tls`, `timeout`, …).
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.mail.backends.smtp import EmailBackend as DjangoSmtpBackend

# Set around one message's sending by whoever must record the handover before it happens.
before_handover: ContextVar[Callable[[], bool] | None] = ContextVar("before_handover", default=None)


class DeliveryUncertain(smtplib.SMTPServerDisconnected):
    """The whole message reached the server, but its answer did not reach us."""


class HandoverRefused(smtplib.SMTPException):
    """The `before_handover` hook said no: the message was stopped before its content."""


class _TrackingSMTP(smtplib.SMTP):
    """smtplib's client, noting when the message's content has been handed to the server."""

    _in_data = False
    handed_over = False

    def data(self, msg: Any) -> tuple[int, bytes]:
        self._in_data = True
        self.handed_over = False
        try:
            return super().data(msg)
        except smtplib.SMTPServerDisconnected as exc:
            if self.handed_over:
                raise DeliveryUncertain(str(exc)) from exc
            raise
        finally:
            self._in_data = False

    def send(self, s: Any) -> None:
        # Within DATA, commands are text; the message itself, ending in ".", is bytes.
        if self._in_data and isinstance(s, bytes):
            hook = before_handover.get()
            if hook is not None:
                try:
                    go_ahead = hook()
                except BaseException:
                    self.close()  # as below: the server never gets the content
                    raise
                if not go_ahead:
                    # No QUIT: the server is waiting for the content, and a dropped
                    # connection without the final "." makes it discard the message.
                    self.close()
                    raise HandoverRefused("Meddelandet har tagits över av någon annan.")
            super().send(s)
            self.handed_over = True
            return
        super().send(s)


class _TrackingSMTPSSL(_TrackingSMTP, smtplib.SMTP_SSL):
    pass


class EmailBackend(DjangoSmtpBackend):
    """Django's SMTP backend with `DeliveryUncertain` and the `before_handover` hook."""

    tracks_handover = True

    @property
    def connection_class(self) -> type[smtplib.SMTP]:  # type: ignore[override]
        return _TrackingSMTPSSL if self.use_ssl else _TrackingSMTP
