"""`manage.py check_rules` and `GET /api/v1/findings`: the same findings in the same shape,
who may ask, the filters, and the demo checked both ways on a given date."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from typing import Any

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from samverkan.api.rules.schemas import FindingOut
from samverkan.api.tests.base import ApiTestCase
from samverkan.lib.findings import Finding, Responsible, Severity
from samverkan.rules.records import FIELDS
from samverkan.rules.services import finding_acknowledge
from samverkan.rules.tests.helpers import (
    BOOKING,
    BOOKING_WORDS,
    REVIEW,
    body_finding,
    only_rules,
    rule_of,
)

DAY = datetime.timedelta(days=1)
# The booking deadline: the last of November.
DEADLINE = datetime.date(2026, 11, 30)


def command(*args: str) -> str:
    out = StringIO()
    call_command("check_rules", *args, stdout=out)
    return out.getvalue()


class CheckTestCase(ApiTestCase):
    def setUp(self) -> None:
        self.enterContext(
            only_rules({BOOKING: rule_of(self.booking), REVIEW: rule_of(self.review)})
        )

    def booking(self, today: datetime.date) -> list[Finding]:
        """Next year's meetings booked by the end of November: overdue from 1 December."""
        if today <= DEADLINE:
            return []
        return [
            body_finding(
                body,
                due_on=DEADLINE,
                responsible=Responsible("koordinator", ("koordinator",), (self.coordinator.pk,)),
                about=f"body:{body.pk}:{DEADLINE.year + 1}",
            )
            for body in (self.body, self.other_body)
        ]

    def review(self, today: datetime.date) -> list[Finding]:
        return [
            body_finding(
                self.au,
                rule=REVIEW,
                severity=Severity.DUE_SOON,
                due_on=today + 3 * DAY,
                message="Länssamverkansgruppens AU ska ses över.",
                citation="",
            )
        ]

    def api(self, user: User | None = None, **params: str) -> Any:
        return self.call("get", "/findings", params, user=user)


class ApiTests(CheckTestCase):
    def test_a_coordinator_gets_their_structures_findings_as_of_a_day(self) -> None:
        response = self.api(self.coordinator, date="2026-12-01")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual([d["rule"] for d in data], [BOOKING, REVIEW])
        first = data[0]
        self.assertEqual(set(first), set(FIELDS))
        self.assertEqual(first["severity"], "overdue")
        self.assertEqual(first["structure"], "vasterbotten")
        self.assertEqual(first["body"], self.body.pk)
        self.assertEqual(first["body_name"], "Länssamverkansgruppen")
        self.assertEqual(first["message"], "Länssamverkansgruppen har inte bokat nästa års möten.")
        self.assertEqual(first["citation"], BOOKING_WORDS)
        self.assertEqual(first["due"], "2026-11-30")
        self.assertEqual(first["responsible"], "koordinator (koordinator)")
        self.assertEqual(first["key"], f"{BOOKING}|body:{self.body.pk}:2027")
        self.assertFalse(first["acknowledged"])
        self.assertTrue(first["url"].endswith("/arbeta/s/vasterbotten/g/lsg/"))
        self.assertEqual(data[1]["due"], "2026-12-04")
        # On the deadline itself nothing is late.
        on_time = self.api(self.coordinator, date="2026-11-30").json()
        self.assertEqual([d["rule"] for d in on_time], [REVIEW])

    def test_an_admin_gets_the_whole_installation_or_one_structure(self) -> None:
        data = self.api(self.admin, date="2026-12-01").json()
        self.assertEqual(
            sorted(d["structure"] for d in data), ["blekinge", "vasterbotten", "vasterbotten"]
        )
        one = self.api(self.admin, date="2026-12-01", structure="blekinge").json()
        self.assertEqual([d["body_name"] for d in one], ["LSVO"])

    def test_the_filters(self) -> None:
        day = {"date": "2026-12-01"}
        self.assertEqual(
            [d["rule"] for d in self.api(self.admin, severity="due_soon", **day).json()], [REVIEW]
        )
        self.assertEqual(
            [d["body"] for d in self.api(self.admin, body=str(self.au.pk), **day).json()],
            [self.au.pk],
        )
        self.assertEqual(len(self.api(self.admin, rule=BOOKING, **day).json()), 2)
        response = self.api(self.admin, rule="test.finns-inte")
        self.assertEqual(response.status_code, 400)
        self.assertIn("rule", response.json()["errors"])
        self.assertEqual(self.api(self.admin, severity="bad").status_code, 400)

    def test_who_may_ask(self) -> None:
        self.assertEqual(self.api().status_code, 401)
        forbidden = self.api(self.member_user)
        self.assertEqual(forbidden.status_code, 403)
        self.assertIn("koordinatorer", forbidden.json()["detail"])
        self.assertEqual(
            self.api(self.other_coordinator, structure="vasterbotten").status_code, 403
        )
        missing = self.api(self.coordinator, structure="finns-inte")
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(set(missing.json()), {"detail", "errors"})

    def test_a_bad_date_is_400_with_the_reason(self) -> None:
        for value in ("2026-13-01", "i morgon", "1899-12-31"):
            with self.subTest(value=value):
                response = self.api(self.coordinator, date=value)
                self.assertEqual(response.status_code, 400)
                self.assertIn("date", response.json()["errors"])

    def test_the_response_has_the_records_fields_and_the_openapi_document_the_path(self) -> None:
        self.assertEqual(set(FindingOut.model_fields), set(FIELDS))
        document = self.client.get("/api/v1/openapi.json").json()
        operation = document["paths"]["/api/v1/findings"]["get"]
        self.assertIn("403", operation["responses"])
        self.assertEqual(set(document["paths"]["/api/v1/findings"]), {"get"})


class CommandTests(CheckTestCase):
    def test_json_prints_an_array_of_the_findings(self) -> None:
        data = json.loads(command("--json", "--date", "2026-12-01"))
        self.assertEqual(len(data), 3)
        self.assertEqual(set(data[0]), set(FIELDS))
        self.assertEqual(data[0]["due"], "2026-11-30")
        only = json.loads(command("--json", "--date", "2026-12-01", "--structure", "blekinge"))
        self.assertEqual([d["body_name"] for d in only], ["LSVO"])

    def test_text_for_people(self) -> None:
        text = command("--date", "2026-12-01", "--structure", "vasterbotten")
        self.assertIn("Regelkontrollen per 1 december 2026: två avvikelser.", text)
        self.assertIn("Försenat, senast 30 november 2026 [test.booking]", text)
        self.assertIn("vasterbotten / Länssamverkansgruppen", text)
        self.assertIn("Ansvarig: koordinator (koordinator)", text)

    def test_bad_arguments_are_refused_in_swedish(self) -> None:
        with self.assertRaisesMessage(CommandError, "Ange datumet som ÅÅÅÅ-MM-DD"):
            command("--date", "1 december")
        with self.assertRaisesMessage(CommandError, "Strukturen 'finns-inte' finns inte."):
            command("--structure", "finns-inte")
        with self.assertRaisesMessage(CommandError, "Regeln 'test.nej' finns inte."):
            command("--rule", "test.nej")

    def test_the_command_and_the_api_give_the_same_findings(self) -> None:
        finding_acknowledge(
            finding_key=f"{BOOKING}|body:{self.other_body.pk}:2027",
            reason="Blekinge bokar i januari.",
            by=self.other_coordinator,
            today=datetime.date(2026, 12, 1),
        )
        for args, params in [
            ((), {}),
            (("--structure", "blekinge"), {"structure": "blekinge"}),
            (("--severity", "overdue"), {"severity": "overdue"}),
        ]:
            with self.subTest(args=args):
                printed = json.loads(command("--json", "--date", "2026-12-05", *args))
                answered = self.api(self.admin, date="2026-12-05", **params).json()
                self.assertEqual(printed, answered)
        acknowledged = [d for d in printed if d["acknowledged"]]
        self.assertEqual(
            [d["acknowledged_reason"] for d in acknowledged], ["Blekinge bokar i januari."]
        )
