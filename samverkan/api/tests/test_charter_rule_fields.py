"""The charter's rule fields the API lacked before: read, written, validated, copied."""

from __future__ import annotations

import datetime

from samverkan.api.tests.base import ApiTestCase
from samverkan.structure.models import Charter, CharterStatus

NEW_FIELDS = (
    "items_need_description",
    "working_groups_may_include_outsiders",
    "recommendations_routed_by",
    "duties",
)
DUTIES = [
    {"who": "Länssamverkansgruppen", "what": "följer upp avvikelserna", "frequency": "yearly"},
    {
        "who": "Sammankallande",
        "what": "redovisar implementeringen",
        "frequency": "once",
        "due": "2027-09-30",
    },
]


class CharterRuleFieldTests(ApiTestCase):
    def test_it_reads_the_rule_fields(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            items_need_description=True,
            working_groups_may_include_outsiders=True,
            recommendations_routed_by="Länssamverkansgruppen",
            duties=DUTIES,
        )

        charter = self.call("get", f"/charters/{self.charter.pk}").json()

        self.assertIs(charter["items_need_description"], True)
        self.assertIs(charter["working_groups_may_include_outsiders"], True)
        self.assertEqual(charter["recommendations_routed_by"], "Länssamverkansgruppen")
        self.assertEqual(
            charter["duties"],
            [{**DUTIES[0], "due": None}, DUTIES[1]],
        )

    def test_a_charter_without_them_reads_their_defaults(self) -> None:
        charter = self.call("get", f"/charters/{self.charter.pk}").json()
        self.assertEqual(
            {name: charter[name] for name in NEW_FIELDS},
            {
                "items_need_description": False,
                "working_groups_may_include_outsiders": False,
                "recommendations_routed_by": "",
                "duties": [],
            },
        )

    def test_it_writes_the_rule_fields(self) -> None:
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {
                "lock_version": 1,
                "items_need_description": True,
                "working_groups_may_include_outsiders": True,
                "recommendations_routed_by": " Processledaren ",
                "duties": [
                    {"who": "Länssamverkansgruppen", "what": "följer upp avvikelserna"},
                    DUTIES[1],
                ],
            },
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["recommendations_routed_by"], "Processledaren")
        self.assertEqual(body["duties"][0]["frequency"], "continuous")
        charter = Charter.objects.get(pk=self.charter.pk)
        self.assertTrue(charter.items_need_description)
        self.assertTrue(charter.working_groups_may_include_outsiders)
        self.assertEqual(charter.recommendations_routed_by, "Processledaren")
        # Stored as the structure file stores them: dates as text, no empty due date.
        self.assertEqual(
            charter.duties,
            [
                {
                    "who": "Länssamverkansgruppen",
                    "what": "följer upp avvikelserna",
                    "frequency": "continuous",
                },
                DUTIES[1],
            ],
        )
        self.assertEqual(charter.lock_version, 2)

    def test_it_leaves_fields_that_are_not_sent(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(duties=DUTIES)
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {"lock_version": 1, "items_need_description": True},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Charter.objects.get(pk=self.charter.pk).duties, DUTIES)

    def test_it_refuses_invalid_values_and_saves_nothing(self) -> None:
        for change, field in (
            ({"duties": [{"who": "", "what": "x"}]}, "duties.0.who"),
            ({"duties": [{"who": "x", "what": ""}]}, "duties.0.what"),
            ({"duties": [{"who": "x", "what": "y", "frequency": "weekly"}]}, "duties.0.frequency"),
            ({"duties": [{"who": "x", "what": "y", "due": "snart"}]}, "duties.0.due"),
            ({"duties": [{"who": "x", "what": "y", "when": "nu"}]}, "duties.0.when"),
            ({"duties": None}, "duties"),
            ({"recommendations_routed_by": "x" * 201}, "recommendations_routed_by"),
            ({"items_need_description": "kanske"}, "items_need_description"),
            (
                {"working_groups_may_include_outsiders": None},
                "working_groups_may_include_outsiders",
            ),
        ):
            with self.subTest(field=field):
                response = self.call(
                    "patch",
                    f"/charters/{self.charter.pk}",
                    {"lock_version": 1, **change},
                    user=self.coordinator,
                )
                self.assertError(response, 400, field=field)
        charter = Charter.objects.get(pk=self.charter.pk)
        self.assertEqual((charter.duties, charter.lock_version), ([], 1))

    def test_a_new_version_copies_them_unless_sent(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            items_need_description=True, recommendations_routed_by="Länsgruppen", duties=DUTIES
        )
        response = self.call(
            "post",
            f"/bodies/{self.body.pk}/charters",
            {
                "version": "2027",
                "decided_on": "2026-12-01",
                "working_groups_may_include_outsiders": True,
                "duties": [DUTIES[1]],
            },
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 201, response.content)
        new = Charter.objects.get(body=self.body, version="2027")
        self.assertEqual(new.status, CharterStatus.IN_FORCE)
        self.assertTrue(new.items_need_description)
        self.assertTrue(new.working_groups_may_include_outsiders)
        self.assertEqual(new.recommendations_routed_by, "Länsgruppen")
        self.assertEqual(new.duties, [DUTIES[1]])
        self.assertEqual(new.decided_on, datetime.date(2026, 12, 1))
        self.assertEqual(response.json()["duties"], [DUTIES[1]])

    def test_the_openapi_document_describes_them(self) -> None:
        schemas = self.client.get("/api/v1/openapi.json").json()["components"]["schemas"]
        for component in ("CharterOut", "CharterPatch", "CharterVersionIn"):
            with self.subTest(component=component):
                self.assertLessEqual(set(NEW_FIELDS), set(schemas[component]["properties"]))
        self.assertLessEqual(set(NEW_FIELDS), set(schemas["CharterOut"]["required"]))
        frequency = schemas["DutyIn"]["properties"]["frequency"]
        self.assertEqual(frequency["allOf"], [{"$ref": "#/components/schemas/DutyFrequency"}])
        self.assertEqual(frequency["default"], "continuous")
        self.assertEqual(
            set(schemas["DutyFrequency"]["enum"]),
            {"yearly", "every_other_year", "per_term", "continuous", "once"},
        )


class EscalatesToTests(ApiTestCase):
    def test_it_refuses_a_body_in_another_structure_or_none_at_all(self) -> None:
        for target, detail in (
            (self.other_body.pk, "Gruppen som frågor lyfts till måste höra till samma struktur."),
            (99999, "Gruppen med id 99999 finns inte."),
        ):
            with self.subTest(target=target):
                response = self.call(
                    "patch",
                    f"/charters/{self.charter.pk}",
                    {"lock_version": 1, "escalates_to": target},
                    user=self.coordinator,
                )
                self.assertError(response, 400, detail=detail, field="escalates_to")
        self.assertIsNone(Charter.objects.get(pk=self.charter.pk).escalates_to_id)
