"""`GET /api/v1/balance-list`: the public list for anonymous callers, the internal one with a key."""

from __future__ import annotations

from typing import Any

from samverkan.api.tests.base import ApiTestCase
from samverkan.cases.tests.test_balance_base import BalanceData

PATH = "/balance-list"


class BalanceApiTests(BalanceData, ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_case("Offentligt ärende", public=True)
        cls.make_case("Internt ärende i AU", body=cls.au)
        cls.make_recommendation("Offentlig rekommendation", decided=2)
        cls.make_recommendation("Intern rekommendation från AU", public=False)

    def items(self, response: Any) -> list[dict[str, Any]]:
        self.assertEqual(response.status_code, 200, response.content)
        payload = response.json()
        self.assertEqual(payload["count"], len(payload["items"]))
        return payload["items"]  # type: ignore[no-any-return]

    def test_anonymous_callers_get_the_public_list(self) -> None:
        items = self.items(self.call("get", PATH, {"structure": self.structure.slug}))
        self.assertEqual(
            [(i["kind"], i["title"]) for i in items],
            [("case", "Offentligt ärende"), ("recommendation", "Offentlig rekommendation")],
        )

    def test_a_recommendation_carries_each_principals_decision(self) -> None:
        items = self.items(self.call("get", PATH, {"structure": self.structure.slug}))
        recommendation = items[1]
        self.assertEqual(recommendation["decided_text"], "2 av 6 huvudmän har beslutat")
        self.assertEqual(recommendation["decided_count"], 2)
        self.assertEqual(recommendation["principal_count"], 6)
        self.assertEqual(
            recommendation["open_principals"], ["Lycksele", "Nordmaling", "Skellefteå", "Umeå"]
        )
        first = recommendation["decisions"][0]
        self.assertEqual(first["principal_name"], "Västerbotten")
        self.assertEqual(first["state"], "adopted")
        self.assertTrue(first["decided"])
        self.assertEqual(first["decided_on"], "2026-03-30")
        self.assertEqual(recommendation["state"], "awaiting")
        self.assertEqual(recommendation["body"], self.body.pk)
        self.assertEqual(recommendation["minutes"], self.published.pk)
        self.assertEqual(items[0]["decisions"], [])

    def test_a_key_gives_the_callers_internal_list(self) -> None:
        titles = {
            i["title"]
            for i in self.items(
                self.call("get", PATH, {"structure": self.structure.slug}, user=self.coordinator)
            )
        }
        self.assertIn("Internt ärende i AU", titles)
        self.assertIn("Intern rekommendation från AU", titles)
        outsider = {
            i["title"]
            for i in self.items(
                self.call(
                    "get", PATH, {"structure": self.structure.slug}, user=self.other_coordinator
                )
            )
        }
        self.assertEqual(outsider, {"Offentligt ärende", "Offentlig rekommendation"})

    def test_it_filters_like_the_pages(self) -> None:
        query = {"structure": self.structure.slug, "body": self.au.pk}
        titles = [i["title"] for i in self.items(self.call("get", PATH, query, user=self.admin))]
        self.assertEqual(titles, ["Internt ärende i AU", "Intern rekommendation från AU"])
        query = {
            "structure": self.structure.slug,
            "principal": self.six[0].pk,
            "principal_state": "decided",
        }
        titles = [i["title"] for i in self.items(self.call("get", PATH, query))]
        self.assertEqual(titles, ["Offentlig rekommendation"])
        query = {"structure": self.structure.slug, "state": "raised", "year": 2026}
        titles = [i["title"] for i in self.items(self.call("get", PATH, query))]
        self.assertEqual(titles, ["Offentligt ärende"])

    def test_an_unknown_structure_is_not_found(self) -> None:
        self.assertError(self.call("get", PATH, {"structure": "finns-inte"}), 404)

    def test_a_bad_filter_is_a_json_400_naming_the_field(self) -> None:
        slug = self.structure.slug
        cases = [
            ({}, "structure"),
            ({"structure": slug, "body": self.other_body.pk}, "body"),
            ({"structure": slug, "body": 10**30}, "body"),
            ({"structure": slug, "state": "nonsense"}, "state"),
            ({"structure": slug, "year": 1500}, "year"),
            ({"structure": slug, "principal": 10**9}, "principal"),
            ({"structure": slug, "principal_state": "maybe"}, "principal_state"),
            ({"structure": "Ä ö"}, "structure"),
        ]
        for query, field in cases:
            with self.subTest(query=query):
                self.assertError(self.call("get", PATH, query), 400, field=field)

    def test_it_is_in_the_openapi_document(self) -> None:
        document = self.client.get("/api/v1/openapi.json").json()
        self.assertIn("/api/v1/balance-list", document["paths"])
