from __future__ import annotations

import datetime

from axes.models import AccessLog
from django.utils import timezone

from samverkan import schedule
from samverkan.accounts.tasks import KEEP_DAYS, prune_login_logs
from samverkan.accounts.tests.helpers import post_password
from samverkan.testing.base import PASSWORD, BaseTestCase


class LoginLogTests(BaseTestCase):
    def test_it_logs_logins_and_removes_them_after_the_keeping_time(self) -> None:
        post_password(self.client, "ledamot", PASSWORD, REMOTE_ADDR="10.1.1.1")
        self.client.logout()
        post_password(self.client, "koordinator", PASSWORD, REMOTE_ADDR="10.1.1.2")
        self.assertEqual(
            set(AccessLog.objects.values_list("username", "ip_address")),
            {("ledamot", "10.1.1.1"), ("koordinator", "10.1.1.2")},
        )
        AccessLog.objects.filter(username="ledamot").update(
            attempt_time=timezone.now() - datetime.timedelta(days=KEEP_DAYS + 1)
        )

        prune_login_logs.call()

        self.assertEqual(
            list(AccessLog.objects.values_list("username", flat=True)), ["koordinator"]
        )
        self.assertIn("prune_login_logs", [entry.name for entry in schedule.SCHEDULE])
