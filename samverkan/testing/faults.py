"""What the reminder fault tests share: a mail server that fails as a test tells it to, a
worker that dies at a chosen step, and two workers at once (`samverkan.lib.outbox`).

- `start_server` runs a real SMTP server on this machine (aiosmtpd) whose `SmtpServer`
  handler accepts, refuses or stalls; `smtp(port)` points the project's SMTP backend at it,
  and `mail_server_down()` at a port where nothing answers.
- `worker_dies_after_claim` and `worker_dies_during_handover` leave a row as a worker
  killed at that step leaves it: claimed and committed, with nothing sent, or handed over
  to the server without an answer recorded.
- `two_workers_at_once` runs a send twice at the same moment, each in its own thread and
  database connection; `ConcurrentWorkersTestCase` asserts what that must give, and runs
  only on PostgreSQL (SQLite has no concurrent writers).
"""

from __future__ import annotations

import asyncio
import datetime
import socket
import threading
import unittest
from collections.abc import Callable, Mapping
from typing import Any

from django.db import connection, connections
from django.db.models import QuerySet
from django.test import override_settings
from django.utils import timezone

from samverkan.lib.outbox import Claim, Delivery, DeliveryState, claim_next, hand_over
from samverkan.structure.models import Principal
from samverkan.structure.reference import load_reference_principals
from samverkan.testing.base import Personas
from samverkan.testing.transactional import KeepsReferenceData

MINUTE = datetime.timedelta(minutes=1)
SMTP_BACKEND = "samverkan.lib.smtp.EmailBackend"  # the one settings.py uses in production


def free_port() -> int:
    """A port on this machine that nothing listens on (yet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SmtpServer:
    """An aiosmtpd handler that accepts, refuses or stalls, as the test sets it."""

    def __init__(self) -> None:
        self.received: list[Any] = []  # every message whose content reached the server
        self.refuse_rcpt = ""  # e.g. "550 5.1.1 …": refuse each recipient so
        self.refuse_data = ""  # e.g. "451 4.3.0 …": refuse each message so
        self.stall_rcpt = 0.0  # seconds to wait before answering RCPT
        self.stall_data = 0.0  # seconds to wait before answering the message's end

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        await asyncio.sleep(self.stall_rcpt)
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        await asyncio.sleep(self.stall_data)
        return self.refuse_data or "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return sorted(r for e in self.received for r in e.rcpt_tos)


def smtp(port: int, timeout: float = 5, backend: str = SMTP_BACKEND) -> dict[str, Any]:
    """MAILERS for an SMTP backend talking to the server on `port`."""
    return {
        "default": {
            "BACKEND": backend,
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


def mail_server_down(timeout: float = 2, backend: str = SMTP_BACKEND) -> dict[str, Any]:
    """MAILERS for a mail server that does not answer: every send fails before anything left."""
    return smtp(free_port(), timeout=timeout, backend=backend)


def start_server(test: unittest.TestCase, port: int | None = None) -> tuple[SmtpServer, int]:
    """A mail server on `port` (any free one by default), stopped when the test ends."""
    from aiosmtpd.controller import Controller

    handler = SmtpServer()
    port = port or free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    test.addCleanup(controller.stop)
    return handler, port


def worker_dies_after_claim(
    model: type[Delivery], *, now: datetime.datetime, scope: Mapping[str, Any]
) -> Claim:
    """A worker claims the row `scope` names and dies before sending: the claim is
    committed, nothing left."""
    claim = claim_next(model, now=now, scope=scope)
    assert claim is not None, f"nothing to claim in {scope}"
    assert model._default_manager.get(pk=claim.pk).state == DeliveryState.SENDING
    return claim


def worker_dies_during_handover(
    model: type[Delivery], *, now: datetime.datetime, scope: Mapping[str, Any]
) -> Claim:
    """A worker claims the row, hands the message over to the server and dies before the
    answer: the message may have arrived."""
    claim = worker_dies_after_claim(model, now=now, scope=scope)
    assert hand_over(model, claim)
    return claim


def two_workers_at_once(send: Callable[[], int]) -> list[int]:
    """Run `send` in two threads released at the same moment, each with its own database
    connection; returns what each sent."""
    barrier = threading.Barrier(2)
    sent: list[int] = []

    def worker() -> None:
        try:
            barrier.wait()
            sent.append(send())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sent


@unittest.skipUnless(connection.vendor == "postgresql", "needs concurrent transactions")
class ConcurrentWorkersTestCase(Personas, KeepsReferenceData):
    """Two workers at the same moment on PostgreSQL, each in its own thread and connection."""

    def setUp(self) -> None:
        # The flush between transactional tests removes the principals a migration loads.
        load_reference_principals(Principal)
        self.make_personas()

    def assert_two_workers_send_each_once(
        self,
        send: Callable[[datetime.datetime], int],
        rows: QuerySet[Any],
        count: int,
    ) -> None:
        """Two workers running `send` at once record `count` rows and send each of them,
        once, between them, both sending some."""
        server, port = start_server(self)
        server.stall_data = 0.02  # long enough for the two workers to overlap
        now = timezone.now()
        with override_settings(MAILERS=smtp(port)):
            sent = two_workers_at_once(lambda: send(now))
        self.assertEqual(rows.count(), count)
        self.assertEqual(sum(sent), count)
        self.assertTrue(all(sent), f"both workers should have sent some: {sent}")
        recipients = server.recipients()
        self.assertEqual(len(recipients), count)
        self.assertEqual(len(set(recipients)), count)
        self.assertEqual(set(rows.values_list("state", flat=True)), {DeliveryState.SENT})
