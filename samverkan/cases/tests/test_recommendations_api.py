"""The API of recommendations, the principals' decisions and the decision bodies."""

from __future__ import annotations

import datetime
import shutil
import tempfile
from typing import Any

from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.accounts.services import api_token_create
from samverkan.api.tests.base import API, ApiTestCase
from samverkan.cases.models import DecisionBody, DecisionState, PrincipalDecision
from samverkan.cases.tests.test_recommendations_base import (
    RecommendationTestCase,
    add_municipalities,
)
from samverkan.lib.localtime import local_today


def future(days: int = 60) -> str:
    return (local_today() + datetime.timedelta(days=days)).isoformat()


class RecommendationApiTestCase(ApiTestCase, RecommendationTestCase):
    lsvo_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lsvo_token = api_token_create(by=cls.lsvo_member, name="test")[1]

    def token_for(self, user: User) -> str:
        if user.pk == self.lsvo_member.pk:
            return self.lsvo_token
        return super().token_for(user)

    def ok(self, response: Any, status: int = 200) -> Any:
        self.assertEqual(response.status_code, status, response.content)
        return response.json()


class ReadTests(RecommendationApiTestCase):
    def test_anonymous_callers_see_only_published_recommendations(self) -> None:
        hidden = self.recommendation(day=datetime.date(2026, 2, 3))
        shown = self.recommendation(day=datetime.date(2026, 2, 10), public=True)
        listed = self.ok(self.call("get", "/recommendations"))
        self.assertEqual([r["id"] for r in listed["items"]], [shown.pk])
        self.assertEqual(listed["items"][0]["decided_count"], 0)
        self.assertEqual(listed["items"][0]["principal_count"], 6)
        self.assertError(self.call("get", f"/recommendations/{hidden.pk}"), 404)
        detail = self.ok(self.call("get", f"/recommendations/{shown.pk}"))
        self.assertEqual(len(detail["decisions"]), 6)
        self.assertEqual(detail["decisions"][0]["principal_name"], "Region Blekinge")
        self.assertTrue(detail["published"])

    def test_a_member_of_the_giving_body_reads_an_unpublished_one(self) -> None:
        recommendation = self.recommendation()
        detail = self.ok(
            self.call("get", f"/recommendations/{recommendation.pk}", user=self.lsvo_member)
        )
        self.assertEqual(detail["title"], "Gemensam rutin för SIP")
        self.assertFalse(detail["published"])

    def test_a_coordinator_of_another_structure_gets_404(self) -> None:
        recommendation = self.recommendation()
        self.assertError(
            self.call("get", f"/recommendations/{recommendation.pk}", user=self.coordinator), 404
        )
        self.assertError(
            self.call(
                "post",
                f"/recommendations/{recommendation.pk}/route",
                {"answer_by": future()},
                user=self.coordinator,
            ),
            404,
        )

    def test_the_filters(self) -> None:
        self.registrars()
        first = self.recommendation(day=datetime.date(2026, 2, 3))
        second = self.recommendation(day=datetime.date(2026, 2, 10))
        decision = second.decisions.get(principal=self.municipalities[0])
        decision.state = DecisionState.WILL_NOT_DECIDE
        decision.decided_on = datetime.date(2026, 3, 1)
        decision.save()
        second.decisions.exclude(pk=decision.pk).delete()

        def ids(**query: Any) -> list[int]:
            data = self.ok(self.call("get", "/recommendations", query, user=self.other_coordinator))
            return [r["id"] for r in data["items"]]

        self.assertEqual(ids(), [first.pk, second.pk])
        self.assertEqual(ids(open="true"), [first.pk])
        self.assertEqual(ids(structure="blekinge", body=self.other_body.pk), [first.pk, second.pk])
        self.assertEqual(ids(structure="vasterbotten"), [])
        self.assertEqual(ids(principal=self.blekinge_region.pk), [first.pk])

    def test_the_registrar_address_is_shown_only_to_callers_who_are_logged_in(self) -> None:
        self.registrars()
        recommendation = self.recommendation(public=True)
        self.ok(
            self.call(
                "post",
                f"/recommendations/{recommendation.pk}/route",
                {"answer_by": future()},
                user=self.other_coordinator,
            )
        )
        anonymous = self.ok(self.call("get", f"/recommendations/{recommendation.pk}"))
        self.assertEqual({d["sent_to"] for d in anonymous["decisions"]}, {""})
        member = self.ok(
            self.call("get", f"/recommendations/{recommendation.pk}", user=self.lsvo_member)
        )
        self.assertIn("registrator@karlshamn.example", {d["sent_to"] for d in member["decisions"]})
        bodies = self.ok(self.call("get", "/decision-bodies", {"structure": "blekinge"}))
        self.assertEqual(bodies["count"], 6)
        self.assertEqual({b["registrar_email"] for b in bodies["items"]}, {""})


class WriteTests(RecommendationApiTestCase):
    def test_the_coordinator_routes_and_records_two_decisions_leaving_four_open(self) -> None:
        self.registrars()
        recommendation = self.recommendation()
        routed = self.ok(
            self.call(
                "post",
                f"/recommendations/{recommendation.pk}/route",
                {"answer_by": future()},
                user=self.other_coordinator,
            )
        )
        self.assertEqual(len(routed["sent"]), 6)
        self.assertEqual(routed["not_reached"], [])
        self.assertEqual(len(mail.outbox), 6)
        decisions = routed["recommendation"]["decisions"]
        for row in decisions[1:3]:
            self.ok(
                self.call(
                    "put",
                    f"/recommendation-decisions/{row['id']}",
                    {
                        "lock_version": row["lock_version"],
                        "state": "adopted",
                        "decided_on": local_today().isoformat(),
                        "registry_number": "KS 2026/12",
                        "paragraph": "§ 12",
                    },
                    user=self.other_coordinator,
                )
            )
        detail = self.ok(
            self.call("get", f"/recommendations/{recommendation.pk}", user=self.other_coordinator)
        )
        self.assertEqual((detail["decided_count"], detail["principal_count"]), (2, 6))
        self.assertEqual(sum(1 for d in detail["decisions"] if not d["decided"]), 4)
        open_list = self.ok(
            self.call("get", "/recommendations", {"open": "true"}, user=self.other_coordinator)
        )
        self.assertEqual(open_list["count"], 1)

    def test_routing_with_a_missing_address_is_refused_and_sends_nothing(self) -> None:
        bodies = self.registrars()
        DecisionBody.objects.filter(pk=bodies[self.municipalities[3].pk].pk).update(
            registrar_email=""
        )
        recommendation = self.recommendation()
        payload = self.assertError(
            self.call(
                "post",
                f"/recommendations/{recommendation.pk}/route",
                {"answer_by": future()},
                user=self.other_coordinator,
            ),
            400,
            field="principals",
        )
        self.assertIn("Karlshamns kommun", payload["detail"])
        self.assertEqual(mail.outbox, [])

    def test_a_member_may_not_route_record_or_choose_principals(self) -> None:
        recommendation = self.recommendation()
        decision = recommendation.decisions.first()
        assert decision is not None
        calls = [
            ("post", f"/recommendations/{recommendation.pk}/route", {"answer_by": future()}),
            (
                "put",
                f"/recommendations/{recommendation.pk}/principals",
                {"principals": [self.blekinge_region.pk], "lock_version": 1},
            ),
            ("put", f"/recommendation-decisions/{decision.pk}", {"lock_version": 1}),
        ]
        for method, path, data in calls:
            self.assertError(self.call(method, path, data, user=self.lsvo_member), 403)
            self.assertError(self.call(method, path, data), 401)

    def test_a_stale_decision_is_409(self) -> None:
        recommendation = self.recommendation()
        decision = recommendation.decisions.first()
        assert decision is not None
        path = f"/recommendation-decisions/{decision.pk}"
        body = {"lock_version": decision.lock_version, "state": "preparing"}
        self.ok(self.call("put", path, body, user=self.other_coordinator))
        payload = self.assertError(self.call("put", path, body, user=self.other_coordinator), 409)
        self.assertIn("Någon annan har registrerat beslutet", payload["detail"])

    def test_choosing_the_principals(self) -> None:
        recommendation = self.recommendation()
        detail = self.ok(
            self.call(
                "put",
                f"/recommendations/{recommendation.pk}/principals",
                {
                    "principals": [self.blekinge_region.pk, self.municipalities[0].pk],
                    "lock_version": recommendation.lock_version,
                },
                user=self.other_coordinator,
            )
        )
        self.assertEqual(
            [d["principal_name"] for d in detail["decisions"]],
            ["Region Blekinge", "Olofströms kommun"],
        )

    def test_the_decision_bodies(self) -> None:
        created = self.ok(
            self.call(
                "post",
                "/decision-bodies",
                {
                    "principal": self.blekinge_region.pk,
                    "name": "Regionstyrelsen",
                    "registrar_email": "registrator@regionblekinge.example",
                },
                user=self.other_coordinator,
            ),
            201,
        )
        self.assertTrue(created["is_default"])
        self.assertError(
            self.call(
                "post",
                "/decision-bodies",
                {"principal": self.blekinge_region.pk, "name": "Nämnd"},
                user=self.coordinator,
            ),
            403,
        )
        changed = self.ok(
            self.call(
                "patch",
                f"/decision-bodies/{created['id']}",
                {
                    "lock_version": created["lock_version"],
                    "name": "Regionstyrelsen, Region Blekinge",
                },
                user=self.other_coordinator,
            )
        )
        self.assertEqual(changed["name"], "Regionstyrelsen, Region Blekinge")
        self.assertError(
            self.call(
                "patch",
                f"/decision-bodies/{created['id']}",
                {"lock_version": created["lock_version"], "name": "X"},
                user=self.other_coordinator,
            ),
            409,
        )
        self.recommendation()
        self.assertError(
            self.call("delete", f"/decision-bodies/{created['id']}", user=self.other_coordinator),
            400,
        )


class QueryCountTests(RecommendationApiTestCase):
    def queries(self, path: str, user: User | None = None) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.ok(self.call("get", path, user=user))
        return len(captured)

    def test_the_list_and_the_detail_run_as_many_queries_at_either_size(self) -> None:
        first = self.recommendation(day=datetime.date(2026, 2, 3))
        small = self.queries("/recommendations", self.other_coordinator)
        detail = self.queries(f"/recommendations/{first.pk}", self.other_coordinator)
        add_municipalities(self.other_structure, ["0114", "0115", "0117", "0120", "0123"])
        for day in (10, 17, 24):
            last = self.recommendation(day=datetime.date(2026, 2, day))
        self.assertEqual(self.queries("/recommendations", self.other_coordinator), small)
        self.assertEqual(
            self.queries(f"/recommendations/{last.pk}", self.other_coordinator), detail
        )


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class DecisionFileTests(RecommendationApiTestCase):
    """The file of a principal's decision: uploaded as on the working page, read by anyone
    who may read the recommendation."""

    def setUp(self) -> None:
        super().setUp()
        media = tempfile.mkdtemp(prefix="samverkan-test-media-")
        self.addCleanup(shutil.rmtree, media, True)
        media_root = self.settings(MEDIA_ROOT=media)
        media_root.enable()
        self.addCleanup(media_root.disable)

    def upload(
        self, decision: PrincipalDecision, fields: dict[str, Any], user: User | None = None
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.token_for(user)}"} if user else {}
        return self.client.post(
            f"{API}/recommendation-decisions/{decision.pk}/file", fields, headers=headers
        )

    def decision(self, *, public: bool = False) -> PrincipalDecision:
        recommendation = self.recommendation(public=public)
        return recommendation.decisions.get(principal=self.blekinge_region)

    def test_the_coordinator_uploads_a_file_that_anyone_reads_once_published(self) -> None:
        decision = self.decision(public=True)
        saved = self.ok(
            self.upload(
                decision,
                {"lock_version": "1", "file": SimpleUploadedFile("utdrag.pdf", PDF)},
                self.other_coordinator,
            )
        )
        path = f"/recommendation-decisions/{decision.pk}/file"
        self.assertEqual(saved["file_url"], API + path)
        self.assertEqual(saved["lock_version"], 2)
        self.assertEqual(saved["state"], "not_sent")
        download = self.call("get", path)
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download["Content-Type"], "application/pdf")
        self.assertIn("utdrag.pdf", download["Content-Disposition"])
        self.assertEqual(b"".join(download.streaming_content), PDF)
        detail = self.ok(self.call("get", f"/recommendations/{decision.recommendation_id}"))
        self.assertEqual(detail["decisions"][0]["file_url"], API + path)

        replaced = self.ok(
            self.upload(
                decision,
                {"lock_version": "2", "file": SimpleUploadedFile("protokoll.pdf", PDF + b"\n")},
                self.other_coordinator,
            )
        )
        self.assertEqual(replaced["lock_version"], 3)
        download = self.call("get", path)
        self.assertIn("protokoll.pdf", download["Content-Disposition"])

    def test_it_refuses_what_the_page_refuses_on_the_field_and_saves_nothing(self) -> None:
        decision = self.decision()
        refused: list[tuple[dict[str, Any], str]] = [
            ({"lock_version": "1", "file": SimpleUploadedFile("rutin.txt", b"Rutin\n")}, "file"),
            ({"lock_version": "1", "file": SimpleUploadedFile("tom.pdf", b"")}, "file"),
            ({"lock_version": "1", "file": SimpleUploadedFile("utdrag.docx", PDF)}, "file"),
            ({"lock_version": "1"}, "file"),
            ({"file": SimpleUploadedFile("utdrag.pdf", PDF)}, "lock_version"),
            ({"lock_version": "ett", "file": SimpleUploadedFile("u.pdf", PDF)}, "lock_version"),
            (
                {
                    "lock_version": "1",
                    "file": SimpleUploadedFile("utdrag.pdf", PDF),
                    "bilaga": SimpleUploadedFile("b.pdf", PDF),
                },
                "bilaga",
            ),
        ]
        for fields, field in refused:
            with self.subTest(field=field, fields=sorted(fields)):
                self.assertError(
                    self.upload(decision, fields, self.other_coordinator), 400, field=field
                )
        payload = self.assertError(
            self.upload(
                decision,
                {"lock_version": "1", "file": SimpleUploadedFile("rutin.txt", b"Rutin\n")},
                self.other_coordinator,
            ),
            400,
        )
        self.assertIn("PDF", payload["errors"]["file"][0])
        with self.settings(DOCUMENT_MAX_SIZE=len(PDF) - 1):
            payload = self.assertError(
                self.upload(
                    decision,
                    {"lock_version": "1", "file": SimpleUploadedFile("utdrag.pdf", PDF)},
                    self.other_coordinator,
                ),
                400,
                field="file",
            )
        self.assertIn("högst", payload["errors"]["file"][0])
        self.assertError(
            self.upload(
                decision,
                {"lock_version": "5", "file": SimpleUploadedFile("utdrag.pdf", PDF)},
                self.other_coordinator,
            ),
            409,
        )
        saved = PrincipalDecision.objects.get(pk=decision.pk)
        self.assertEqual((saved.file.name, saved.lock_version), ("", 1))
        self.assertError(self.call("get", f"/recommendation-decisions/{decision.pk}/file"), 404)

    def test_only_the_coordinators_upload_and_only_readers_download(self) -> None:
        decision = self.decision()
        path = f"/recommendation-decisions/{decision.pk}/file"

        def fields() -> dict[str, Any]:
            return {"lock_version": "1", "file": SimpleUploadedFile("utdrag.pdf", PDF)}

        self.assertError(self.upload(decision, fields()), 401)
        self.assertError(self.upload(decision, fields(), self.lsvo_member), 403)
        self.assertError(self.upload(decision, fields(), self.coordinator), 404)
        self.assertError(self.call("get", path, user=self.lsvo_member), 404)  # no file yet
        self.ok(self.upload(decision, fields(), self.other_coordinator))
        member = self.call("get", path, user=self.lsvo_member)
        self.assertEqual(b"".join(member.streaming_content), PDF)
        # The minutes are not published: for anyone else the decision does not exist.
        self.assertError(self.call("get", path), 404)
        self.assertError(self.call("get", path, user=self.coordinator), 404)
