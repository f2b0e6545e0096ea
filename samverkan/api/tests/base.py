"""An API test case: the personas of BaseTestCase, each with a personal API token."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User
from django.test.client import Client

from samverkan.accounts.services import api_token_create
from samverkan.testing.base import BaseTestCase

API = "/api/v1"


class ApiTestCase(BaseTestCase):
    admin_token: str
    coordinator_token: str
    other_coordinator_token: str
    member_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.admin_token = api_token_create(by=cls.admin, name="test")[1]
        cls.coordinator_token = api_token_create(by=cls.coordinator, name="test")[1]
        cls.other_coordinator_token = api_token_create(by=cls.other_coordinator, name="test")[1]
        cls.member_token = api_token_create(by=cls.member_user, name="test")[1]

    def token_for(self, user: User) -> str:
        return {
            self.admin.pk: self.admin_token,
            self.coordinator.pk: self.coordinator_token,
            self.other_coordinator.pk: self.other_coordinator_token,
            self.member_user.pk: self.member_token,
        }[user.pk]

    def call(
        self,
        method: str,
        path: str,
        data: Any = None,
        *,
        user: User | None = None,
        token: str | None = None,
        client: Client | None = None,
    ) -> Any:
        """Call the API; `user` or `token` sends `Authorization: Bearer`, neither is anonymous."""
        headers = {}
        if user is not None:
            token = self.token_for(user)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        client = client or self.client
        url = API + path
        if method == "get":
            return client.get(url, data or {}, headers=headers)
        body = data if isinstance(data, str) else json.dumps(data if data is not None else {})
        return getattr(client, method)(url, body, content_type="application/json", headers=headers)

    def assertError(
        self, response: Any, status: int, *, detail: str | None = None, field: str | None = None
    ) -> dict[str, Any]:
        """The response is an API error with the promised JSON shape."""
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        payload: dict[str, Any] = response.json()
        self.assertEqual(set(payload), {"detail", "errors"})
        self.assertIsInstance(payload["detail"], str)
        self.assertTrue(payload["detail"])
        self.assertIsInstance(payload["errors"], dict)
        if detail is not None:
            self.assertEqual(payload["detail"], detail)
        if field is not None:
            self.assertIn(field, payload["errors"], payload)
            self.assertTrue(payload["errors"][field])
        return payload
