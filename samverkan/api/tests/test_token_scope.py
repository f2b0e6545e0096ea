"""API tokens with an end date and a read-only scope."""

from __future__ import annotations

import datetime

from samverkan.accounts.models import ApiToken
from samverkan.accounts.services import api_token_create
from samverkan.api.auth import READ_ONLY
from samverkan.api.tests.base import ApiTestCase
from samverkan.lib.localtime import local_today
from samverkan.structure.models import Body

UNAUTHORIZED = "Ogiltig eller saknad API-nyckel."


class ReadOnlyTokenTests(ApiTestCase):
    def setUp(self) -> None:
        _, self.raw = api_token_create(by=self.coordinator, name="rapporter", read_only=True)

    def test_it_reads(self) -> None:
        response = self.call("get", "/me", token=self.raw)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["username"], "koordinator")
        response = self.call("get", f"/people/{self.alice.pk}", token=self.raw)
        self.assertEqual(response.json()["email"], "alice.berg@umea.example")

    def test_it_may_not_write(self) -> None:
        response = self.call(
            "patch",
            f"/bodies/{self.body.pk}",
            {"lock_version": 1, "short_name": "X"},
            token=self.raw,
        )
        self.assertError(response, 403, detail=READ_ONLY)
        self.assertEqual(Body.objects.get(pk=self.body.pk).short_name, "LSG")
        response = self.call(
            "post",
            "/memberships",
            {
                "body": self.body.pk,
                "person": self.cecilia.pk,
                "role": "member",
                "principal": self.skelleftea.pk,
            },
            token=self.raw,
        )
        self.assertError(response, 403, detail=READ_ONLY)
        self.assertFalse(self.body.memberships.filter(person=self.cecilia).exists())

    def test_the_same_user_writes_with_a_full_token(self) -> None:
        response = self.call(
            "patch",
            f"/bodies/{self.body.pk}",
            {"lock_version": 1, "short_name": "LSG-V"},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)


class ExpiringTokenTests(ApiTestCase):
    def test_it_works_through_its_last_day(self) -> None:
        _, raw = api_token_create(by=self.coordinator, name="i dag", expires_on=local_today())
        self.assertEqual(self.call("get", "/me", token=raw).status_code, 200)

    def test_an_expired_token_is_refused_for_reads_and_writes(self) -> None:
        token, raw = api_token_create(by=self.coordinator, name="gammal", expires_on=local_today())
        ApiToken.objects.filter(pk=token.pk).update(
            expires_on=local_today() - datetime.timedelta(days=1)
        )

        self.assertError(self.call("get", "/me", token=raw), 401, detail=UNAUTHORIZED)
        self.assertError(self.call("get", "/structures", token=raw), 401, detail=UNAUTHORIZED)
        response = self.call(
            "patch", f"/bodies/{self.body.pk}", {"lock_version": 1, "short_name": "X"}, token=raw
        )
        self.assertError(response, 401, detail=UNAUTHORIZED)
        self.assertEqual(response["WWW-Authenticate"], "Bearer")
        self.assertEqual(Body.objects.get(pk=self.body.pk).short_name, "LSG")
        token.refresh_from_db()
        self.assertIsNone(token.last_used_at)
