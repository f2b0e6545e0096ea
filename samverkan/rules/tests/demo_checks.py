"""The demo (seeds, meetings, minutes, cases) checked by the command and, stored as the worker
stores it, read by the API on a given day: every registered rule, the same findings. Run in
`test_whole_demo.py`."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.contrib.auth.models import User

from samverkan.accounts.services import api_token_create
from samverkan.rules.models import Acknowledgement
from samverkan.rules.services import finding_acknowledge
from samverkan.rules.tests.test_command_and_api import command
from samverkan.structure.models import Structure
from samverkan.testing.demo import DemoChecks


class RulesDemoChecks(DemoChecks):
    admin: User
    token: str
    day: datetime.date

    @classmethod
    def set_up_rules_checks(cls) -> None:
        cls.day = cls.today + datetime.timedelta(days=10)
        cls.admin = User.objects.create_superuser("granskare", "g@example.se", "x-Pass-123456")
        cls.token = api_token_create(by=cls.admin, name="regelkontroll")[1]

    def api(self, **params: str) -> Any:
        """Every page of the stored findings, one after the other."""
        found: list[Any] = []
        while True:
            response = self.client.get(
                "/api/v1/findings",
                {**params, "limit": "500", "offset": str(len(found))},
                headers={"Authorization": f"Bearer {self.token}"},
            )
            self.assertEqual(response.status_code, 200, response.content)
            data = response.json()
            found += data["items"]
            if not data["items"] or len(found) >= data["count"]:
                return found

    def test_rules_the_command_and_the_api_give_the_same_findings_for_the_demo(self) -> None:
        day = self.day.isoformat()
        command("--store", "--date", day)
        printed = json.loads(command("--json", "--date", day))
        self.assertTrue(printed)
        self.assertTrue(any(d["rule"].startswith("cases.") for d in printed))
        self.assertEqual(printed, self.api())
        for structure in Structure.objects.order_by("slug"):
            with self.subTest(structure=structure.slug):
                self.assertEqual(
                    json.loads(command("--json", "--date", day, "--structure", structure.slug)),
                    self.api(structure=structure.slug),
                )

    def test_rules_an_acknowledged_finding_is_marked_the_same_both_ways(self) -> None:
        day = self.day.isoformat()
        command("--store", "--date", day)
        first = json.loads(command("--json", "--date", day))[0]
        finding_acknowledge(
            finding_key=first["key"], reason="Beslut i gruppen.", by=self.admin, today=self.day
        )
        self.assertEqual(Acknowledgement.objects.count(), 1)
        printed = json.loads(command("--json", "--date", day))
        self.assertEqual(printed, self.api())
        self.assertEqual(
            [d["acknowledged_reason"] for d in printed if d["acknowledged"]], ["Beslut i gruppen."]
        )
