from __future__ import annotations

from unittest import mock

from django.urls import reverse
from ninja.openapi import get_schema

from samverkan.api.api import api
from samverkan.api.tests.base import ApiTestCase
from samverkan.structure.models import Body, Charter


class ErrorShapeTests(ApiTestCase):
    def test_it_turns_validation_errors_into_field_messages(self) -> None:
        response = self.call(
            "post",
            "/bodies",
            {
                "structure": "vasterbotten",
                "kind": "no_such_kind",
                "level": "regional",
                "mandate": "none",
                "end_date": "i morgon",
                "nme": "stavfel",
            },
            user=self.coordinator,
        )

        payload = self.assertError(response, 400, detail="Uppgifterna i anropet är inte giltiga.")
        errors = payload["errors"]
        self.assertEqual(errors["name"], ["Fältet måste anges."])
        self.assertEqual(errors["end_date"], ["Ange ett datum som ÅÅÅÅ-MM-DD."])
        self.assertEqual(errors["nme"], ["Okänt fält."])
        self.assertIn("county_group", errors["kind"][0])
        self.assertFalse(Body.objects.filter(name="stavfel").exists())

    def test_it_names_nested_fields(self) -> None:
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {"lock_version": 1, "sections": [{"text": "utan rubrik"}]},
            user=self.coordinator,
        )
        payload = self.assertError(response, 400)
        self.assertEqual(payload["errors"], {"sections.0.heading": ["Fältet måste anges."]})

    def test_it_refuses_unknown_charter_fields(self) -> None:
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {"lock_version": 1, "meetings_per_year": 4, "status": "draft"},
            user=self.coordinator,
        )
        payload = self.assertError(response, 400)
        self.assertEqual(
            payload["errors"], {"meetings_per_year": ["Okänt fält."], "status": ["Okänt fält."]}
        )
        self.assertEqual(Charter.objects.get(pk=self.charter.pk).lock_version, 1)

    def test_it_reports_query_parameter_errors(self) -> None:
        payload = self.assertError(self.call("get", "/bodies", {"limit": 0}), 400, field="limit")
        self.assertEqual(payload["errors"]["limit"], ["Värdet måste vara minst 1."])
        payload = self.assertError(self.call("get", "/bodies", {"kind": "x"}), 400, field="kind")

    def test_it_reports_a_body_that_is_not_json(self) -> None:
        response = self.call(
            "patch", f"/bodies/{self.body.pk}", "{inte json", user=self.coordinator
        )
        self.assertError(response, 400, detail="Anropets innehåll är inte giltig JSON.")

    def test_it_answers_404_with_the_message(self) -> None:
        self.assertError(self.call("get", "/bodies/999999"), 404, detail="Gruppen finns inte.")
        self.assertError(
            self.call("get", "/structures/finns-inte"), 404, detail="Strukturen finns inte."
        )
        self.assertError(self.call("get", "/people/999999"), 404, detail="Personen finns inte.")
        self.assertError(
            self.call("patch", "/memberships/999999", {"lock_version": 1}, user=self.coordinator),
            404,
            detail="Uppdraget finns inte.",
        )

    def test_it_answers_unknown_paths_and_methods_with_json(self) -> None:
        self.assertError(self.call("get", "/finns-inte"), 404)
        payload = self.assertError(
            self.call("delete", f"/bodies/{self.body.pk}", user=self.coordinator), 405
        )
        self.assertIn("PATCH", payload["detail"])
        allowed = self.call("delete", f"/bodies/{self.body.pk}")["Allow"]
        self.assertEqual(set(allowed.split(", ")), {"GET", "PATCH"})
        self.assertTrue(Body.objects.filter(pk=self.body.pk).exists())

    def test_it_answers_403_with_the_access_message(self) -> None:
        payload = self.assertError(
            self.call(
                "patch", "/structures/vasterbotten", {"name": "X"}, user=self.other_coordinator
            ),
            403,
        )
        self.assertEqual(payload["errors"], {})
        self.assertIn("Samverkan Västerbotten", payload["detail"])


class OpenApiTests(ApiTestCase):
    def test_it_serves_an_openapi_3_1_document(self) -> None:
        self.assertEqual(reverse("api-v1:openapi-json"), "/api/v1/openapi.json")
        response = self.client.get("/api/v1/openapi.json")

        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertRegex(document["openapi"], r"^3\.1\.\d+$")
        self.assertEqual(document["info"]["title"], "Samverkan API")
        paths = document["paths"]
        for path in (
            "/api/v1/principals",
            "/api/v1/structures/{slug}",
            "/api/v1/bodies/{body_id}/charters",
            "/api/v1/charters/{charter_id}",
            "/api/v1/people",
            "/api/v1/memberships/{membership_id}/end",
            "/api/v1/me",
        ):
            self.assertIn(path, paths)
        # Only a planned membership is deleted (400 for one that has started).
        self.assertIn("delete", paths["/api/v1/memberships/{membership_id}"])
        self.assertEqual(
            document["components"]["securitySchemes"]["ApiKey"],
            {"type": "http", "scheme": "bearer"},
        )
        # Reads take a token but need none; writes need one.
        self.assertIn({}, paths["/api/v1/bodies"]["get"]["security"])
        self.assertEqual(paths["/api/v1/bodies"]["post"]["security"], [{"ApiKey": []}])
        self.assertIn("lock_version", document["components"]["schemas"]["BodyPatch"]["required"])
        self.assertIn("409", paths["/api/v1/bodies/{body_id}"]["patch"]["responses"])

    def test_it_serves_the_docs(self) -> None:
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"openapi.json", response.content)

    def test_it_builds_the_document_once_and_serves_it_from_memory(self) -> None:
        # The document changes only with the code; rebuilding it took 1.5–4 s a request.
        api._openapi_schemas.clear()
        with mock.patch("ninja.main.get_schema", wraps=get_schema) as build:
            first = self.client.get("/api/v1/openapi.json")
            second = self.client.get("/api/v1/openapi.json")
            docs = self.client.get("/api/v1/docs")

        self.assertEqual(build.call_count, 1)
        self.assertEqual(first.status_code, 200)
        self.assertEqual(second.content, first.content)
        self.assertIn("/api/v1/me", second.json()["paths"])
        self.assertEqual(docs.status_code, 200)
