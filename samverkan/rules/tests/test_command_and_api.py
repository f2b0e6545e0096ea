"""`manage.py check_rules` and `GET /api/v1/findings`: the same findings in the same shape
(the API reads the check stored by `check_rules --store`, as the worker stores it), who may
ask, the filters, the pages, and the demo checked both ways on a given date."""

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
from samverkan.rules.models import StoredFinding, StructureCheck
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
from samverkan.structure.models import Structure

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

    def store(self, day: str) -> None:
        """The check as of `day`, run and stored as the worker runs it."""
        command("--store", "--date", day)

    def listed(self, user: User | None = None, **params: str) -> list[dict[str, Any]]:
        response = self.api(user, **params)
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(set(data), {"items", "count"})
        return list(data["items"])


class ApiTests(CheckTestCase):
    def test_a_coordinator_gets_their_structures_findings_of_the_last_check(self) -> None:
        self.store("2026-12-01")
        data = self.listed(self.coordinator)
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
        # Checked again on the deadline itself: nothing is late.
        self.store("2026-11-30")
        self.assertEqual([d["rule"] for d in self.listed(self.coordinator)], [REVIEW])

    def test_an_admin_gets_the_whole_installation_or_one_structure(self) -> None:
        self.store("2026-12-01")
        data = self.listed(self.admin)
        self.assertEqual(
            sorted(d["structure"] for d in data), ["blekinge", "vasterbotten", "vasterbotten"]
        )
        one = self.listed(self.admin, structure="blekinge")
        self.assertEqual([d["body_name"] for d in one], ["LSVO"])

    def test_the_filters(self) -> None:
        self.store("2026-12-01")
        self.assertEqual(
            [d["rule"] for d in self.listed(self.admin, severity="due_soon")], [REVIEW]
        )
        self.assertEqual(
            [d["body"] for d in self.listed(self.admin, body=str(self.au.pk))], [self.au.pk]
        )
        self.assertEqual(len(self.listed(self.admin, rule=BOOKING)), 2)
        response = self.api(self.admin, rule="test.finns-inte")
        self.assertEqual(response.status_code, 400)
        self.assertIn("rule", response.json()["errors"])
        self.assertEqual(self.api(self.admin, severity="bad").status_code, 400)

    def test_pages_of_a_bounded_size_in_a_fixed_number_of_queries(self) -> None:
        self.store("2026-12-01")
        self.assertEqual(self.api(self.admin).json()["count"], 3)
        first = self.listed(self.admin, limit="2")
        rest = self.listed(self.admin, limit="2", offset="2")
        self.assertEqual(len(first), 2)
        self.assertEqual(len(rest), 1)
        self.assertEqual(
            [d["key"] for d in first + rest], [d["key"] for d in self.listed(self.admin)]
        )
        self.assertEqual(self.api(self.admin, limit="100000").status_code, 400)

    def test_another_day_than_today_is_for_the_command(self) -> None:
        response = self.api(self.coordinator, date="2020-06-01")
        self.assertEqual(response.status_code, 400)
        self.assertIn("check_rules --date", response.json()["errors"]["date"][0])

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
        self.store("2026-12-01")
        finding_acknowledge(
            finding_key=f"{BOOKING}|body:{self.other_body.pk}:2027",
            reason="Blekinge bokar i januari.",
            by=self.other_coordinator,
            today=datetime.date(2026, 12, 1),
        )
        self.store("2026-12-05")
        for args, params in [
            ((), {}),
            (("--structure", "blekinge"), {"structure": "blekinge"}),
            (("--severity", "overdue"), {"severity": "overdue"}),
        ]:
            with self.subTest(args=args):
                printed = json.loads(command("--json", "--date", "2026-12-05", *args))
                answered = self.listed(self.admin, **params)
                self.assertEqual(printed, answered)
        acknowledged = [d for d in printed if d["acknowledged"]]
        self.assertEqual(
            [d["acknowledged_reason"] for d in acknowledged], ["Blekinge bokar i januari."]
        )

    def test_store_checks_each_structure_and_says_how_much_it_found(self) -> None:
        self.assertIn("tre avvikelser", command("--store", "--date", "2026-12-01"))
        self.assertEqual(
            StructureCheck.objects.filter(day=datetime.date(2026, 12, 1)).count(),
            Structure.objects.count(),
        )
        self.assertEqual(StoredFinding.objects.count(), 3)
