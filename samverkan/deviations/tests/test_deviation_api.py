"""The deviations API: reporting (422 for a personnummer, nothing stored), reading,
changing, answering and the summary for a body."""

from __future__ import annotations

from typing import Any

from samverkan.deviations.models import Deviation
from samverkan.deviations.tests.base import PERSONNUMMER, RANDOM_DIGITS, DeviationTestCase


class ApiTests(DeviationTestCase):
    def payload(self, **overrides: Any) -> dict[str, Any]:
        values = {
            "structure": self.structure.pk,
            "occurred_on": "2026-03-02",
            "reporting_principal": self.umea.pk,
            "reporting_unit": "Hemsjukvården",
            "concerned_principal": self.region.pk,
            "category": self.category.pk,
            "description": "Utskriven utan läkemedelslista.",
            "contact_name": "Nora Sjö",
        }
        values.update(overrides)
        return values

    def test_a_post_with_a_personnummer_answers_422_and_stores_nothing(self) -> None:
        response = self.call(
            "post",
            "/deviations",
            self.payload(description=f"Gäller {PERSONNUMMER}.", contact_phone=PERSONNUMMER),
            user=self.nurse,
        )
        payload = self.assertError(response, 422, field="description")
        self.assertIn("contact_phone", payload["errors"])
        self.assertEqual(Deviation.objects.count(), 0)

    def test_it_reports_reads_patches_and_answers(self) -> None:
        created = self.call(
            "post",
            "/deviations",
            self.payload(description=f"Remiss {RANDOM_DIGITS}."),
            user=self.nurse,
        )
        self.assertEqual(created.status_code, 201, created.content)
        body = created.json()
        self.assertEqual(body["status"], "received")
        path = f"/deviations/{body['id']}"
        self.assertEqual(self.call("get", path, user=self.region_handler).status_code, 200)
        self.assertError(self.call("get", path, user=self.member_user), 404)
        self.assertError(self.call("get", path), 404)
        patched = self.call(
            "patch",
            path,
            {"lock_version": body["lock_version"], "concerned_unit": "Avd 12"},
            user=self.nurse,
        )
        self.assertEqual(patched.status_code, 200, patched.content)
        self.assertEqual(patched.json()["concerned_unit"], "Avd 12")
        refused = self.call(
            "post",
            f"{path}/answer",
            {"investigation": f"Patient {PERSONNUMMER}", "measures": "Ny rutin"},
            user=self.region_handler,
        )
        self.assertError(refused, 422, field="investigation")
        self.assertError(
            self.call(
                "post",
                f"{path}/answer",
                {"investigation": "a", "measures": "b"},
                user=self.umea_handler,
            ),
            403,
        )
        answered = self.call(
            "post",
            f"{path}/answer",
            {"investigation": "Listan glömdes.", "measures": "Checklista."},
            user=self.region_handler,
        )
        self.assertEqual(answered.json()["status"], "answered")
        listed = self.call("get", "/deviations", {"status": "answered"}, user=self.nurse).json()
        self.assertEqual(listed["count"], 1)
        self.assertEqual(self.call("get", "/deviations", user=self.stranger).json()["count"], 0)

    def test_the_summary_is_for_body_members_only(self) -> None:
        self.report()
        self.report(concerned_principal=self.skelleftea)
        summary = self.call(
            "get",
            "/deviations/summary",
            {"body": self.body.pk, "from": "2026-01-01"},
            user=self.member_user,
        )
        self.assertEqual(summary.status_code, 200, summary.content)
        data = summary.json()
        self.assertEqual((data["total"], data["open"], data["overdue"]), (2, 2, 2))
        self.assertEqual(
            data["categories"], [{"name": "Utskrivning", "total": 2, "open": 2, "overdue": 2}]
        )
        self.assertError(
            self.call("get", "/deviations/summary", {"body": self.body.pk}, user=self.stranger), 404
        )
