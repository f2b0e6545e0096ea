"""The structure's limit for approving and publishing minutes (`Structure.minutes_approval_days`):
set by its coordinator on the structure's working page and through the API, audited, 1–60
working days, and followed by the charter check's `minutes.approval_overdue`."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from samverkan.api.tests.base import ApiTestCase
from samverkan.audit.models import Change
from samverkan.lib.errors import DomainError
from samverkan.lib.findings import Finding, Severity
from samverkan.minutes.findings import approval_overdue
from samverkan.minutes.tests.base import MinutesTestCase
from samverkan.structure.models import Structure
from samverkan.structure.services import structure_update

RANGE_MESSAGE = "Ange antalet arbetsdagar efter mötet som ett heltal från 1 till 60."


class ServiceTests(ApiTestCase):
    def test_it_changes_the_limit_with_an_audit_row(self) -> None:
        structure_update(by=self.coordinator, structure=self.structure, minutes_approval_days=15)
        self.structure.refresh_from_db()
        self.assertEqual(self.structure.minutes_approval_days, 15)
        change = Change.objects.filter(object_type="structure", object_id=self.structure.pk).last()
        assert change is not None
        self.assertEqual(change.changes["minutes_approval_days"], ["10", "15"])
        self.assertEqual(change.actor_id, self.coordinator.pk)

    def test_it_refuses_a_limit_outside_1_to_60_working_days(self) -> None:
        for bad in (0, 61, -3, True, "10"):
            with self.subTest(bad=bad), self.assertRaises(DomainError) as refused:
                structure_update(
                    by=self.coordinator, structure=self.structure, minutes_approval_days=bad
                )
            self.assertEqual(refused.exception.errors, {"minutes_approval_days": [RANGE_MESSAGE]})
        self.assertEqual(Structure.objects.get(pk=self.structure.pk).minutes_approval_days, 10)
        for good in (1, 60):
            structure_update(
                by=self.coordinator, structure=self.structure, minutes_approval_days=good
            )


class WorkingPageTests(ApiTestCase):
    def post(self, days: str, slug: str = "vasterbotten") -> Any:
        return self.client.post(
            reverse("work:structure_settings", args=[slug]),
            {"settings-minutes_approval_days": days},
            follow=True,
        )

    def test_the_structure_page_says_the_limit_in_plain_swedish(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("work:structure", args=["vasterbotten"]))
        self.assertContains(
            response,
            "Minnesanteckningar ska vara justerade och publicerade inom 10 arbetsdagar efter "
            "mötet.",
        )

    def test_the_coordinator_changes_it(self) -> None:
        self.login(self.coordinator)
        response = self.post("15")
        self.assertRedirects(response, reverse("work:structure", args=["vasterbotten"]))
        self.assertContains(
            response,
            "Sparat: minnesanteckningar ska vara justerade och publicerade inom 15 arbetsdagar "
            "efter mötet.",
        )
        self.assertContains(response, "publicerade inom 15 arbetsdagar efter mötet.")
        self.assertEqual(Structure.objects.get(pk=self.structure.pk).minutes_approval_days, 15)
        self.assertTrue(
            Change.objects.filter(
                object_type="structure",
                object_id=self.structure.pk,
                changes__has_key="minutes_approval_days",
            ).exists()
        )
        self.assertContains(self.post("1"), "inom 1 arbetsdag efter mötet.")

    def test_bad_values_are_refused_with_the_message(self) -> None:
        self.login(self.coordinator)
        for bad, message in (
            ("0", RANGE_MESSAGE),
            ("61", RANGE_MESSAGE),
            ("tio", "Ange antalet arbetsdagar efter mötet som ett heltal."),
            ("", "Ange antalet arbetsdagar efter mötet."),
        ):
            with self.subTest(bad=bad):
                response = self.post(bad)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertNotContains(response, "Sparat:")
        self.assertEqual(Structure.objects.get(pk=self.structure.pk).minutes_approval_days, 10)

    def test_another_structures_coordinator_and_a_member_cannot(self) -> None:
        for user in (self.other_coordinator, self.member_user):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.post("20").status_code, 403)
        self.login(self.coordinator)
        self.assertEqual(self.post("20", slug="finns-inte").status_code, 404)
        self.assertEqual(Structure.objects.get(pk=self.structure.pk).minutes_approval_days, 10)

    def test_a_visit_to_the_action_goes_to_the_structure_page(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("work:structure_settings", args=["vasterbotten"]))
        self.assertRedirects(response, reverse("work:structure", args=["vasterbotten"]))


class ApiTests(ApiTestCase):
    def test_the_structure_shows_the_limit(self) -> None:
        response = self.call("get", "/structures/vasterbotten")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["minutes_approval_days"], 10)

    def test_the_coordinator_changes_it(self) -> None:
        response = self.call(
            "patch",
            "/structures/vasterbotten",
            {"minutes_approval_days": 20},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["minutes_approval_days"], 20)
        self.assertEqual(Structure.objects.get(pk=self.structure.pk).minutes_approval_days, 20)
        change = Change.objects.filter(object_type="structure", object_id=self.structure.pk).last()
        assert change is not None
        self.assertEqual(change.changes["minutes_approval_days"], ["10", "20"])

    def test_bad_values_are_refused_with_a_precise_error(self) -> None:
        for bad in (0, 61):
            with self.subTest(bad=bad):
                response = self.call(
                    "patch",
                    "/structures/vasterbotten",
                    {"minutes_approval_days": bad},
                    user=self.coordinator,
                )
                payload = self.assertError(
                    response, 400, detail=RANGE_MESSAGE, field="minutes_approval_days"
                )
                self.assertEqual(payload["errors"]["minutes_approval_days"], [RANGE_MESSAGE])
        for bad_shape in ("tio", None, 1.5):
            with self.subTest(bad=bad_shape):
                response = self.call(
                    "patch",
                    "/structures/vasterbotten",
                    {"minutes_approval_days": bad_shape},
                    user=self.coordinator,
                )
                self.assertEqual(response.status_code // 100, 4, response.content)
                self.assertIn("minutes_approval_days", response.json()["errors"])
        self.assertEqual(Structure.objects.get(pk=self.structure.pk).minutes_approval_days, 10)

    def test_another_structures_coordinator_cannot(self) -> None:
        response = self.call(
            "patch",
            "/structures/vasterbotten",
            {"minutes_approval_days": 20},
            user=self.other_coordinator,
        )
        self.assertError(
            response,
            403,
            detail="Du är inte koordinator för Samverkan Västerbotten och kan inte ändra "
            "något där.",
        )
        self.assertEqual(Structure.objects.get(pk=self.structure.pk).minutes_approval_days, 10)


class FindingFollowsTheLimitTests(MinutesTestCase):
    """The meeting was held on Tuesday 10 March 2026; ten working days end on 24 March."""

    def finding(self, today: datetime.date) -> Finding:
        about = f"meeting:{self.meeting.pk}:minutes"
        [finding] = [f for f in approval_overdue(today=today) if f.about == about]
        return finding

    def test_a_shorter_limit_makes_the_minutes_overdue_sooner(self) -> None:
        self.assertEqual(self.finding(datetime.date(2026, 3, 18)).severity, Severity.DUE_SOON)
        structure_update(by=self.coordinator, structure=self.structure, minutes_approval_days=5)
        finding = self.finding(datetime.date(2026, 3, 18))
        # Five working days after Tuesday 10 March: 11, 12, 13, 16, 17 March.
        self.assertEqual(finding.due_on, datetime.date(2026, 3, 17))
        self.assertEqual(finding.severity, Severity.OVERDUE)

    def test_a_longer_limit_gives_more_time(self) -> None:
        structure_update(by=self.coordinator, structure=self.structure, minutes_approval_days=20)
        finding = self.finding(datetime.date(2026, 3, 25))
        # Twenty working days: Good Friday 3 April and Easter Monday 6 April do not count.
        self.assertEqual(finding.due_on, datetime.date(2026, 4, 9))
        self.assertNotEqual(finding.severity, Severity.OVERDUE)
