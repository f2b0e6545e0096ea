"""The handler's email about a new deviation goes through the outbox: a mail server that is
down loses nothing, the worker's retry sends it once, and the deviation's page says how it
went."""

from __future__ import annotations

import datetime

from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from samverkan.deviations.models import DeviationNotice
from samverkan.deviations.notices import send_deviation_notices
from samverkan.deviations.tasks import SCHEDULE
from samverkan.deviations.tests.base import DeviationTestCase
from samverkan.lib.outbox import DeliveryState
from samverkan.testing.faults import mail_server_down, smtp, start_server


class HandlerNoticeTests(DeviationTestCase):
    def test_it_keeps_the_notice_when_the_mail_server_is_down_and_sends_it_on_retry(self) -> None:
        with (
            override_settings(MAILERS=mail_server_down()),
            self.captureOnCommitCallbacks(execute=True),
        ):
            deviation = self.report()
        notice = DeviationNotice.objects.get(deviation=deviation)
        self.assertEqual(notice.address, "handlaggare@region.example")
        self.assertEqual(notice.state, DeliveryState.PENDING)
        self.assertEqual(notice.attempts, 1)

        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("deviations:deviation", args=[deviation.pk]))
        self.assertContains(page, "E-post till handlaggare@region.example")
        self.assertContains(page, "Inte skickad ännu")

        server, port = start_server(self)
        later = timezone.now() + datetime.timedelta(hours=2)
        with override_settings(MAILERS=smtp(port)):
            self.assertEqual(send_deviation_notices(now=later), 1)
            # A second run finds nothing left to send: the handler gets one email.
            self.assertEqual(send_deviation_notices(now=later), 0)
        self.assertEqual(server.recipients(), ["handlaggare@region.example"])
        notice.refresh_from_db()
        self.assertEqual(notice.state, DeliveryState.SENT)
        page = self.client.get(reverse("deviations:deviation", args=[deviation.pk]))
        self.assertContains(page, "Skickad ")

    def test_it_sends_straight_away_and_shows_the_notice_only_to_those_managing(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            deviation = self.report()
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(DeviationNotice.objects.get(deviation=deviation).state, DeliveryState.SENT)
        # The reporter sees their deviation but not the outbox's workings.
        self.client.force_login(self.nurse)
        page = self.client.get(reverse("deviations:deviation", args=[deviation.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "E-post till handlaggare@region.example")

    def test_the_retry_runs_every_ten_minutes(self) -> None:
        (entry,) = SCHEDULE
        self.assertEqual(entry.every, datetime.timedelta(minutes=10))
