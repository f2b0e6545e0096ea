from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.accounts.models import ApiToken
from samverkan.lib.localtime import local_today
from samverkan.testing.base import BaseTestCase


class TokenPageTests(BaseTestCase):
    url = reverse("accounts:tokens")

    def test_it_creates_a_read_only_token_with_an_end_date(self) -> None:
        self.login(self.coordinator)
        last_day = local_today() + datetime.timedelta(days=90)

        response = self.client.post(
            self.url,
            {"name": "Rapportverktyg", "expires_on": last_day.isoformat(), "read_only": "on"},
        )

        token = ApiToken.objects.get(user=self.coordinator)
        self.assertTrue(token.read_only)
        self.assertEqual(token.expires_on, last_day)
        self.assertContains(response, 'id="new-token"')
        self.assertContains(response, "<dd>Bara läsa</dd>", html=True)
        self.assertContains(response, f"<dd>{last_day.isoformat()}</dd>", html=True)
        self.assertIn("no-store", response["Cache-Control"])

    def test_a_token_without_either_reads_and_writes_until_revoked(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(self.url, {"name": "Synk"})
        token = ApiToken.objects.get(user=self.coordinator)
        self.assertFalse(token.read_only)
        self.assertIsNone(token.expires_on)
        self.assertContains(response, "<dd>Läsa och ändra</dd>", html=True)
        self.assertContains(response, "<dd>tills vidare</dd>", html=True)

    def test_it_refuses_an_end_date_that_has_passed_and_keeps_what_was_written(self) -> None:
        self.login(self.coordinator)
        yesterday = local_today() - datetime.timedelta(days=1)

        response = self.client.post(
            self.url, {"name": "Rapportverktyg", "expires_on": yesterday.isoformat()}
        )

        self.assertContains(response, "Sista giltighetsdagen har redan varit")
        self.assertContains(response, 'value="Rapportverktyg"')
        self.assertNotContains(response, 'id="new-token"')
        self.assertFalse(ApiToken.objects.exists())
        response = self.client.post(self.url, {"name": "Rapportverktyg", "expires_on": "31/12"})
        self.assertContains(response, "Ange ett datum som ÅÅÅÅ-MM-DD.")

    def test_it_shows_an_expired_token_as_expired(self) -> None:
        self.login(self.coordinator)
        self.client.post(self.url, {"name": "Gammal", "expires_on": local_today().isoformat()})
        ApiToken.objects.update(expires_on=datetime.date(2020, 1, 31))
        response = self.client.get(self.url)
        self.assertContains(response, "Gick ut 2020-01-31")
        self.assertNotContains(response, "Återkalla Gammal")
