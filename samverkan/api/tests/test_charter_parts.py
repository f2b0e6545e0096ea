from __future__ import annotations

from samverkan.api.tests.base import ApiTestCase
from samverkan.structure.models import Charter


class CharterPartsTests(ApiTestCase):
    def test_it_replaces_the_composition(self) -> None:
        response = self.call(
            "put",
            f"/charters/{self.charter.pk}/composition",
            {
                "lock_version": self.charter.lock_version,
                "rules": [
                    {
                        "principal_kind": "municipality",
                        "per_principal": True,
                        "min_count": 1,
                        "max_count": 1,
                        "with_substitutes": True,
                    },
                    {"principal": self.skelleftea.pk, "min_count": 2, "max_count": 2},
                    {"principal_kind": "region", "min_count": 3, "max_count": 3},
                ],
            },
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        named = [r for r in response.json()["composition"] if r["principal"]]
        self.assertEqual([r["principal_name"] for r in named], ["Skellefteå kommun"])
        charter = Charter.objects.get(pk=self.charter.pk)
        self.assertEqual(charter.composition.get(principal_kind="region").max_count, 3)
        self.assertEqual(charter.lock_version, self.charter.lock_version + 1)

    def test_it_refuses_a_row_with_both_kind_and_principal_and_a_stale_version(self) -> None:
        response = self.call(
            "put",
            f"/charters/{self.charter.pk}/composition",
            {
                "lock_version": self.charter.lock_version,
                "rules": [{"principal_kind": "region", "principal": self.region.pk}],
            },
            user=self.coordinator,
        )
        self.assertError(response, 400, field="composition")
        response = self.call(
            "put",
            f"/charters/{self.charter.pk}/composition",
            {"lock_version": self.charter.lock_version + 5, "rules": []},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Charter.objects.get(pk=self.charter.pk).composition.count(), 3)

    def test_it_refuses_a_principal_from_another_county(self) -> None:
        from samverkan.testing.base import principal

        response = self.call(
            "put",
            f"/charters/{self.charter.pk}/composition",
            {
                "lock_version": self.charter.lock_version,
                "rules": [{"principal": principal("1080").pk, "min_count": 1}],
            },
            user=self.coordinator,
        )
        self.assertError(response, 400, field="composition")

    def test_it_replaces_standing_items_and_refuses_others(self) -> None:
        body = {
            "lock_version": self.charter.lock_version,
            "items": [
                {"title": "Godkännande av dagordningen"},
                {
                    "title": "Kort information från kommun och primärvård",
                    "condition": "om något är aktuellt",
                },
            ],
        }
        response = self.call(
            "put", f"/charters/{self.charter.pk}/standing-items", body, user=self.other_coordinator
        )
        self.assertEqual(response.status_code, 403)
        response = self.call(
            "put", f"/charters/{self.charter.pk}/standing-items", body, user=self.coordinator
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            [(i["title"], i["condition"]) for i in response.json()["standing_items"]],
            [
                ("Godkännande av dagordningen", ""),
                ("Kort information från kommun och primärvård", "om något är aktuellt"),
            ],
        )

    def test_it_replaces_reporting_and_role_links(self) -> None:
        response = self.call(
            "put",
            f"/charters/{self.charter.pk}/reporting",
            {
                "lock_version": self.charter.lock_version,
                "duties": [
                    {"to_body": self.council.pk, "frequency": "per_term", "what": "Kort rapport"}
                ],
            },
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.charter.reporting.get().frequency, "per_term")
        charter = Charter.objects.get(pk=self.charter.pk)
        response = self.call(
            "put",
            f"/charters/{self.charter.pk}/role-links",
            {
                "lock_version": charter.lock_version,
                "links": [
                    {
                        "role": "chair",
                        "kind": "member_of",
                        "to_body": self.council.pk,
                        "term_years": 1,
                    }
                ],
            },
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(charter.role_links.get().term_years, 1)

    def test_it_refuses_reporting_to_another_structures_body(self) -> None:
        response = self.call(
            "put",
            f"/charters/{self.charter.pk}/reporting",
            {
                "lock_version": self.charter.lock_version,
                "duties": [{"to_body": self.other_body.pk, "frequency": "yearly"}],
            },
            user=self.coordinator,
        )
        self.assertError(response, 400, field="reporting")
        self.assertFalse(self.charter.reporting.exists())
