"""Bad input never gets a server error: each case schemathesis found answered 500 before.

Every answer here is the API's JSON error (`{"detail", "errors"}`) with 400, 404 or 405,
naming the field where there is one.
"""

from __future__ import annotations

import datetime
import json
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from samverkan.api.tests.base import API, ApiTestCase
from samverkan.lib.localtime import local
from samverkan.meetings.services import meeting_create

HUGE = 10**30  # past any 64-bit integer: OverflowError or "datatype mismatch" before
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class BoundedIntegerTests(ApiTestCase):
    def test_it_refuses_an_offset_or_limit_out_of_range(self) -> None:
        for path in ("/structures", "/people", "/minutes", "/charters", "/meetings"):
            with self.subTest(path=path):
                self.assertError(self.call("get", path, {"offset": HUGE}), 400, field="offset")
                self.assertError(self.call("get", path, {"limit": HUGE}), 400, field="limit")
                self.assertError(self.call("get", path, {"offset": -1}), 400, field="offset")
        # The largest offset allowed is simply past the end of the list.
        page = self.call("get", "/structures", {"offset": 10**9}).json()
        self.assertEqual(page["items"], [])

    def test_it_refuses_an_id_filter_out_of_range(self) -> None:
        cases = [
            ("/bodies", "parent"),
            ("/memberships", "body"),
            ("/memberships", "principal"),
            ("/people", "employer"),
            ("/charters", "body"),
            ("/meetings", "body"),
            ("/minutes", "body"),
        ]
        for path, name in cases:
            for value in (HUGE, -HUGE, 0):
                with self.subTest(path=path, name=name, value=value):
                    payload = self.assertError(
                        self.call("get", path, {name: value}, user=self.coordinator),
                        400,
                        field=name,
                    )
                    self.assertIn("Värdet", payload["errors"][name][0])

    def test_an_id_in_a_path_too_large_for_any_id_is_not_found(self) -> None:
        for path in (f"/bodies/{HUGE}", f"/minutes/{HUGE}", f"/documents/{HUGE}/file"):
            with self.subTest(path=path):
                self.assertError(self.call("get", path), 404)
        self.assertError(
            self.call("patch", f"/bodies/{HUGE}", {"lock_version": 1}, user=self.coordinator), 404
        )

    def test_it_refuses_ids_and_versions_out_of_range_in_a_body(self) -> None:
        response = self.call(
            "post",
            "/bodies",
            {
                "structure": self.structure.slug,
                "name": "Ny grupp",
                "kind": "working_group",
                "level": "regional",
                "mandate": "none",
                "parent": HUGE,
            },
            user=self.coordinator,
        )
        self.assertError(response, 400, field="parent")
        response = self.call(
            "patch",
            f"/bodies/{self.body.pk}",
            {"lock_version": HUGE, "name": "Nytt namn"},
            user=self.coordinator,
        )
        self.assertError(response, 400, field="lock_version")
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {"lock_version": self.charter.lock_version, "escalates_to": HUGE},
            user=self.coordinator,
        )
        self.assertError(response, 400, field="escalates_to")


class BoundedDateTests(ApiTestCase):
    def test_it_refuses_days_out_of_range_in_filters(self) -> None:
        for name, value in (("from", "0001-01-01"), ("to", "9999-12-31")):
            with self.subTest(name=name):
                payload = self.assertError(
                    self.call("get", "/meetings", {name: value}), 400, field=name
                )
                self.assertIn("1900-01-01", payload["errors"][name][0])
        self.assertEqual(self.call("get", "/meetings", {"from": "2020-01-01"}).status_code, 200)

    def test_it_refuses_moments_out_of_range_or_without_an_offset(self) -> None:
        day = timezone.localdate() + datetime.timedelta(days=30)
        cases = {
            "9999-12-31T23:00:00-12:00": "Ange en tid mellan",  # year 10000 in UTC
            "0001-01-01T00:00:00+01:00": "Ange en tid mellan",
            f"{day.isoformat()}T13:00:00": "Tiden saknar tidszon",
        }
        for value, message in cases.items():
            with self.subTest(value=value):
                response = self.call(
                    "post",
                    "/meetings",
                    {"body": self.body.pk, "starts_at": value, "ends_at": value},
                    user=self.coordinator,
                )
                payload = self.assertError(response, 400, field="starts_at")
                self.assertIn(message, payload["errors"]["starts_at"][0])

    def test_it_refuses_days_out_of_range_in_a_body(self) -> None:
        response = self.call(
            "post",
            "/memberships",
            {
                "body": self.body.pk,
                "person": self.cecilia.pk,
                "role": "member",
                "principal": self.umea.pk,
                "start": "0001-01-01",
            },
            user=self.coordinator,
        )
        self.assertError(response, 400, field="start")
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {
                "lock_version": self.charter.lock_version,
                "duties": [
                    {
                        "who": "Ordföranden",
                        "what": "Rapporterar",
                        "frequency": "once",
                        "due": "9999-12-31",
                    }
                ],
            },
            user=self.coordinator,
        )
        self.assertError(response, 400, field="duties.0.due")


class RequestShapeTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        media = tempfile.mkdtemp(prefix="samverkan-test-media-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))

    def test_a_file_name_over_a_kilobyte_is_refused_by_field(self) -> None:
        day = timezone.localdate() + datetime.timedelta(days=30)
        meeting = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=None
        )
        url = f"{API}/meetings/{meeting.pk}/documents"
        headers = {"Authorization": f"Bearer {self.coordinator_token}"}
        # Written by hand: the test client would shorten the name to 255 characters.
        name = "a" * 1200 + ".pdf"
        body = (
            b"--B\r\n"
            b'Content-Disposition: form-data; name="title"\r\n\r\nBudget\r\n'
            b"--B\r\n"
            b'Content-Disposition: form-data; name="file"; filename="' + name.encode() + b'"\r\n'
            b"Content-Type: application/pdf\r\n\r\n" + PDF + b"\r\n--B--\r\n"
        )
        response = self.client.generic(
            "POST", url, body, content_type="multipart/form-data; boundary=B", headers=headers
        )
        payload = self.assertError(response, 400, field="file")
        self.assertIn("Filnamnet är för långt", payload["errors"]["file"][0])
        self.assertFalse(meeting.documents.exists())
        # A long name that Django reads is kept, shortened to 255 characters.
        response = self.client.post(
            url,
            {"title": "Budget", "file": SimpleUploadedFile("b" * 600 + ".pdf", PDF)},
            headers=headers,
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(len(response.json()["original_name"]), 255)

    def test_a_body_over_the_size_limit_is_refused(self) -> None:
        body = json.dumps({"lock_version": 1, "notes": "x" * (3 * 1024 * 1024)})
        response = self.call("patch", f"/bodies/{self.body.pk}", body, user=self.coordinator)
        payload = self.assertError(response, 400)
        self.assertIn("för stort", payload["detail"])

    def test_unknown_paths_and_methods_answer_in_json_whatever_the_csrf_cookie(self) -> None:
        # A browser session with CSRF checks on: Django's HTML "CSRF cookie not set" before.
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.member_user)
        browser.cookies["csrftoken"] = "x" * 32
        for method in ("post", "put", "patch", "delete"):
            with self.subTest(method=method):
                for path in (f"{API}/finns-inte", f"{API}/bodies/1/finns-inte", "/api/v2/bodies"):
                    response = getattr(browser, method)(path)
                    self.assertError(response, 404)
        response = browser.put(f"{API}/structures")
        payload = self.assertError(response, 405)
        self.assertIn("PUT", payload["detail"])
        self.assertIn("GET", response["Allow"])
        # A write with only a session cookie is 401 (a token is needed), not a CSRF page.
        self.assertError(browser.post(f"{API}/people", "{}", content_type="application/json"), 401)


class TextInputTests(ApiTestCase):
    def test_control_characters_are_refused_in_every_text(self) -> None:
        # A lone surrogate ("\\ud800" in JSON) cannot be stored as UTF-8 either.
        for value in ("Anna\x00", "Anna\x07", "Anna\x1b[31m", "An\x85na", "\ud800"):
            with self.subTest(value=repr(value)):
                response = self.call(
                    "post",
                    "/people",
                    {"first_name": value, "last_name": "Berg"},
                    user=self.coordinator,
                )
                payload = self.assertError(response, 400, field="first_name")
                self.assertIn(
                    "tecken som inte får finnas i text", payload["errors"]["first_name"][0]
                )
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {"lock_version": self.charter.lock_version, "goals": ["Bra", "Dålig\x00"]},
            user=self.coordinator,
        )
        self.assertError(response, 400, field="goals")
        # Tab, newline and carriage return are text.
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {"lock_version": self.charter.lock_version, "purpose": "Ett\tsyfte\r\npå två rader"},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["purpose"], "Ett\tsyfte\r\npå två rader")

    def test_a_long_text_has_a_limit(self) -> None:
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {"lock_version": self.charter.lock_version, "purpose": "x" * 20_001},
            user=self.coordinator,
        )
        payload = self.assertError(response, 400, field="purpose")
        self.assertIn("högst 20\u00a0000 tecken", payload["errors"]["purpose"][0])

    def test_control_characters_in_query_texts_are_refused(self) -> None:
        for path, name in (("/bodies", "structure"), ("/people", "q"), ("/principals", "q")):
            with self.subTest(path=path):
                self.assertError(self.call("get", path, {name: "a\x00b"}), 400, field=name)
                self.assertError(self.call("get", path, {name: "a" * 201}), 400, field=name)
