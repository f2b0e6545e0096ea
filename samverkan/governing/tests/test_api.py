"""The governing documents API: what each caller reads, creating and changing documents,
choosing who implements and updating one body's implementation, with the errors."""

from __future__ import annotations

from typing import Any

from samverkan.api.tests.base import API, ApiTestCase
from samverkan.governing.models import GoverningDocument, Implementation, ImplementationStatus
from samverkan.governing.tests.base import GoverningData, pdf_file, pptx_file


class GoverningApiTests(GoverningData, ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_governing()

    def titles(self, response: Any) -> list[str]:
        self.assertEqual(response.status_code, 200, response.content)
        return [d["title"] for d in response.json()["items"]]

    def test_it_lists_what_each_caller_may_read(self) -> None:
        public = ["Överenskommelse om utskrivning"]
        both = ["Arbetsutkast till rutin för SIP", "Överenskommelse om utskrivning"]
        self.assertEqual(self.titles(self.call("get", "/governing-documents")), public)
        self.assertEqual(
            self.titles(self.call("get", "/governing-documents", user=self.other_coordinator)),
            public,
        )
        self.assertEqual(
            self.titles(self.call("get", "/governing-documents", user=self.member_user)), both
        )
        self.assertEqual(
            self.titles(
                self.call(
                    "get",
                    "/governing-documents",
                    {"structure": "blekinge", "kind": "agreement"},
                    user=self.admin,
                )
            ),
            [],
        )
        response = self.call(
            "get",
            "/governing-documents",
            {"commissioned_by": self.body.pk, "kind": "routine"},
            user=self.coordinator,
        )
        self.assertEqual(response.json()["count"], 1)
        self.assertError(
            self.call("get", "/governing-documents", {"kind": "memo"}), 400, field="kind"
        )
        self.assertError(self.call("get", f"/governing-documents/{self.internal_doc.pk}"), 404)

    def test_the_implementation_is_for_the_structures_own_people(self) -> None:
        path = f"/governing-documents/{self.public_doc.pk}/implementation"
        self.assertError(self.call("get", path), 401)
        self.assertError(self.call("get", path, user=self.other_coordinator), 404)
        rows = self.call("get", path, user=self.member_user).json()
        self.assertEqual(
            [r["body_name"] for r in rows], ["Lokal grupp 0", "Lokal grupp 1", "Lokal grupp 2"]
        )
        self.assertEqual(rows[0]["status"], "not_started")

    def test_creating_and_changing_a_document(self) -> None:
        body = {
            "structure": self.structure.pk,
            "title": "Riktlinje för SIP",
            "kind": "guideline",
            "commissioned_by": self.body.pk,
            "parent": self.public_doc.pk,
            "decided_on": "2026-02-01",
        }
        self.assertError(self.call("post", "/governing-documents", body), 401)
        self.assertError(
            self.call("post", "/governing-documents", body, user=self.member_user), 403
        )
        self.assertError(
            self.call("post", "/governing-documents", {**body, "title": ""}, user=self.coordinator),
            400,
            field="title",
        )
        self.assertError(
            self.call(
                "post", "/governing-documents", {**body, "parent": 999999}, user=self.coordinator
            ),
            400,
            field="parent",
        )
        self.assertError(
            self.call(
                "post",
                "/governing-documents",
                {**body, "commissioned_by": self.other_body.pk},
                user=self.coordinator,
            ),
            400,
            field="commissioned_by",
        )
        self.assertError(
            self.call("post", "/governing-documents", {**body, "extra": 1}, user=self.coordinator),
            400,
            field="extra",
        )
        created = self.call("post", "/governing-documents", body, user=self.coordinator)
        self.assertEqual(created.status_code, 201, created.content)
        data = created.json()
        self.assertEqual((data["parent"], data["kind_label"]), (self.public_doc.pk, "Riktlinje"))
        path = f"/governing-documents/{data['id']}"
        self.assertError(
            self.call("patch", path, {"version": "2"}, user=self.coordinator),
            400,
            field="lock_version",
        )
        changed = self.call(
            "patch",
            path,
            {"lock_version": data["lock_version"], "version": "2", "decided_on": None},
            user=self.coordinator,
        )
        self.assertEqual(changed.status_code, 200, changed.content)
        self.assertEqual((changed.json()["version"], changed.json()["decided_on"]), ("2", None))
        self.assertError(
            self.call(
                "patch",
                path,
                {"lock_version": data["lock_version"], "version": "3"},
                user=self.coordinator,
            ),
            409,
        )
        self.assertError(
            self.call("patch", path, {"lock_version": 2, "title": None}, user=self.coordinator), 400
        )
        # A public document: others read it, and may not change it.
        self.assertError(
            self.call("patch", path, {"lock_version": 2}, user=self.other_coordinator), 403
        )
        self.assertError(
            self.call(
                "patch",
                f"/governing-documents/{self.internal_doc.pk}",
                {"lock_version": 1},
                user=self.other_coordinator,
            ),
            404,
        )
        self.assertError(
            self.call(
                "patch", "/governing-documents/99999", {"lock_version": 1}, user=self.coordinator
            ),
            404,
        )

    def test_choosing_implementers_and_updating_one(self) -> None:
        path = f"/governing-documents/{self.internal_doc.pk}/implementation"
        bodies = [b.pk for b in self.locals]
        self.assertError(self.call("put", path, {"bodies": bodies}, user=self.member_user), 403)
        rows = self.call("put", path, {"bodies": bodies}, user=self.coordinator)
        self.assertEqual(len(rows.json()), 3)
        self.assertError(
            self.call("put", path, {"bodies": [self.other_body.pk]}, user=self.coordinator),
            400,
            field="bodies",
        )
        one = f"{path}/{self.locals[0].pk}"
        self.assertError(
            self.call("patch", one, {"status": "planned"}, user=self.coordinator),
            400,
            field="planned_on",
        )
        self.assertError(
            self.call("patch", one, {"status": "done"}, user=self.coordinator), 400, field="status"
        )
        self.assertError(
            self.call(
                "patch",
                one,
                {"status": "planned", "planned_on": "2026-13-01"},
                user=self.coordinator,
            ),
            400,
            field="planned_on",
        )
        updated = self.call(
            "patch", one, {"status": "planned", "planned_on": "2026-10-01"}, user=self.coordinator
        )
        self.assertEqual(updated.status_code, 200, updated.content)
        self.assertEqual(updated.json()["status_label"], "Planerad")
        self.assertError(
            self.call(
                "patch",
                one,
                {"status": "planned", "planned_on": "2026-10-02", "lock_version": 1},
                user=self.coordinator,
            ),
            409,
        )
        self.assertError(
            self.call(
                "patch",
                f"{path}/{self.other_body.pk}",
                {"status": "planned"},
                user=self.coordinator,
            ),
            404,
        )
        # Removing a group that has begun needs the confirmation.
        self.assertError(
            self.call("put", path, {"bodies": bodies[1:]}, user=self.coordinator),
            400,
            field="bodies",
        )
        self.call(
            "put", path, {"bodies": bodies[1:], "confirm_removal": True}, user=self.coordinator
        )
        self.assertEqual(Implementation.objects.filter(document=self.internal_doc).count(), 2)

    def test_delete_is_refused_while_implementation_has_begun(self) -> None:
        row = self.rows[self.locals[2].pk]
        row.status = ImplementationStatus.PLANNED
        row.save()
        path = f"/governing-documents/{self.public_doc.pk}"
        self.assertError(self.call("delete", path, user=self.member_user), 403)
        self.assertError(self.call("delete", path, user=self.coordinator), 400)
        response = self.call(
            "delete", f"/governing-documents/{self.internal_doc.pk}", user=self.coordinator
        )
        self.assertEqual(response.status_code, 204)
        self.assertFalse(GoverningDocument.objects.filter(pk=self.internal_doc.pk).exists())

    def test_the_file_is_uploaded_checked_and_downloaded(self) -> None:
        path = f"{API}/governing-documents/{self.public_doc.pk}/file"
        headers = {"Authorization": f"Bearer {self.coordinator_token}"}
        version = self.public_doc.lock_version
        self.assertError(
            self.client.post(path, {"lock_version": version, "file": pptx_file()}, headers=headers),
            400,
            field="file",
        )
        self.assertError(
            self.client.post(path, {"lock_version": version}, headers=headers), 400, field="file"
        )
        self.assertError(
            self.client.post(
                path,
                {"lock_version": version, "file": pdf_file()},
                headers={"Authorization": f"Bearer {self.member_token}"},
            ),
            403,
        )
        uploaded = self.client.post(
            path, {"lock_version": version, "file": pdf_file()}, headers=headers
        )
        self.assertEqual(uploaded.status_code, 200, uploaded.content)
        self.assertTrue(uploaded.json()["has_file"])
        self.assertError(
            self.client.post(path, {"lock_version": version, "file": pdf_file()}, headers=headers),
            409,
        )
        download = self.client.get(path)
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download["Content-Type"], "application/pdf")
        self.assertError(self.call("get", f"/governing-documents/{self.internal_doc.pk}/file"), 404)
