"""The minutes API: writing, approving, publishing and correcting minutes."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.accounts.services import api_token_create
from samverkan.api.tests.base import ApiTestCase
from samverkan.minutes.models import (
    ApprovalDecision,
    Minutes,
    MinutesItem,
    MinutesStatus,
    PublicationHold,
)
from samverkan.minutes.render import MASK
from samverkan.minutes.services import FROZEN, minutes_submit, minutes_verify, not_deciding_text
from samverkan.minutes.tests.base import MinutesTestCase, held_meeting

NUMBER = "19121212-1212"


class MinutesApiTestCase(ApiTestCase, MinutesTestCase):
    secretary_token: str
    chair_token: str
    adjuster_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.secretary_token = api_token_create(by=cls.secretary_user, name="test")[1]
        cls.chair_token = api_token_create(by=cls.chair_user, name="test")[1]
        cls.adjuster_token = api_token_create(by=cls.adjuster_user, name="test")[1]

    def token_for(self, user: User) -> str:
        own = {
            self.secretary_user.pk: self.secretary_token,
            self.chair_user.pk: self.chair_token,
            self.adjuster_user.pk: self.adjuster_token,
        }
        return own.get(user.pk) or super().token_for(user)

    def ok(self, response: Any, status: int = 200) -> Any:
        self.assertEqual(response.status_code, status, response.content)
        return response.json()

    def detail(self, minutes: Minutes, user: User | None = None) -> Any:
        return self.ok(self.call("get", f"/minutes/{minutes.pk}", user=user))

    def listed(self, user: User | None = None, **query: Any) -> list[int]:
        data = self.ok(self.call("get", "/minutes", query, user=user))
        return [row["id"] for row in data["items"]]


class MinutesFlowTests(MinutesApiTestCase):
    def test_it_runs_the_whole_flow_from_draft_to_published(self) -> None:
        started = self.ok(
            self.call("post", f"/meetings/{self.meeting.pk}/minutes", user=self.secretary_user),
            201,
        )
        self.assertEqual(started["status"], "draft")
        self.assertEqual(started["meeting"], self.meeting.pk)
        self.assertEqual(started["body"], self.body.pk)
        self.assertEqual(started["approval_rule"], "chair_and_adjuster")
        self.assertEqual(started["taken_by"], self.sara.pk)
        self.assertEqual(started["chaired_by_name"], "Alice Berg")
        self.assertIsNone(started["verified"])
        self.assertIn("decision", started["allowed_entry_kinds"])
        case = next(i for i in started["items"] if i["title"] == self.case.title)
        minutes_id = started["id"]

        item = self.ok(
            self.call(
                "put",
                f"/minutes-items/{case['id']}",
                {
                    "lock_version": case["lock_version"],
                    "notes": "Avtalet presenterades och diskuterades.",
                    "entries": [
                        {"kind": "decision", "text": "LSG ställer sig bakom förslaget."},
                        {
                            "kind": "recommendation",
                            "text": "Huvudmännen rekommenderas att anta avtalet.",
                        },
                    ],
                    "actions": [
                        {
                            "text": "Skicka avtalet till huvudmännen",
                            "owner": self.sara.pk,
                            "due_on": "2026-04-30",
                        }
                    ],
                },
                user=self.secretary_user,
            )
        )
        self.assertEqual(item["lock_version"], case["lock_version"] + 1)
        self.assertEqual([e["kind"] for e in item["entries"]], ["decision", "recommendation"])
        self.assertEqual(item["entries"][0]["kind_label"], "Beslut")
        self.assertEqual(item["actions"][0]["owner_name"], "Sara Holm")
        self.assertEqual(item["actions"][0]["due_on"], "2026-04-30")

        patched = self.ok(
            self.call(
                "patch",
                f"/minutes/{minutes_id}",
                {"lock_version": started["lock_version"], "adjuster": self.cecilia.pk},
                user=self.secretary_user,
            )
        )
        self.assertEqual(patched["adjuster"], self.cecilia.pk)
        self.assertEqual(patched["adjuster_name"], "Cecilia Ek")

        submitted = self.ok(
            self.call(
                "post",
                f"/minutes/{minutes_id}/submit",
                {"lock_version": patched["lock_version"]},
                user=self.secretary_user,
            )
        )
        self.assertEqual(submitted["status"], "pending")
        self.assertEqual(
            {(a["role"], a["person"], a["decision"]) for a in submitted["approvers"]},
            {("chair", self.alice.pk, "pending"), ("adjuster", self.cecilia.pk, "pending")},
        )

        by_chair = self.ok(
            self.call("post", f"/minutes/{minutes_id}/approve", user=self.chair_user)
        )
        self.assertEqual(by_chair["status"], "pending")
        by_adjuster = self.ok(
            self.call("post", f"/minutes/{minutes_id}/approve", user=self.adjuster_user)
        )
        self.assertEqual(by_adjuster["status"], "approved")

        minutes = Minutes.objects.get(pk=minutes_id)
        public = self.detail(minutes)
        self.assertTrue(public["published"])
        self.assertEqual(public["status"], "approved")
        self.assertEqual(
            public["sha256"], hashlib.sha256(minutes.frozen_text.encode("utf-8")).hexdigest()
        )
        self.assertTrue(public["verified"])
        self.assertFalse(public["masked"])
        self.assertEqual({a["decision"] for a in public["approvers"]}, {"approved"})
        text = self.call("get", f"/minutes/{minutes_id}/text")
        self.assertEqual(text.status_code, 200)
        self.assertEqual(text["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(hashlib.sha256(text.content).hexdigest(), public["sha256"])
        self.assertIn("Beslut: LSG ställer sig bakom förslaget.", text.content.decode())
        self.assertIn(minutes_id, self.listed())

    def test_it_adds_and_removes_items_and_refreshes_the_attendance(self) -> None:
        minutes = self.start()
        added = self.ok(
            self.call(
                "post",
                f"/minutes/{minutes.pk}/items",
                {"title": "Övriga frågor"},
                user=self.secretary_user,
            ),
            201,
        )
        self.assertEqual(added["title"], "Övriga frågor")
        self.assertEqual(added["minutes"], minutes.pk)
        refreshed = self.ok(
            self.call(
                "post",
                f"/minutes/{minutes.pk}/attendance/refresh",
                {"lock_version": minutes.lock_version},
                user=self.secretary_user,
            )
        )
        self.assertEqual(refreshed["lock_version"], minutes.lock_version + 1)

        stale = self.call(
            "delete",
            f"/minutes-items/{added['id']}?lock_version={added['lock_version'] + 1}",
            user=self.secretary_user,
        )
        self.assertError(stale, 409)
        response = self.call(
            "delete",
            f"/minutes-items/{added['id']}?lock_version={added['lock_version']}",
            user=self.secretary_user,
        )
        self.assertEqual(response.status_code, 204, response.content)
        self.assertFalse(MinutesItem.objects.filter(pk=added["id"]).exists())

    def test_it_lets_only_writers_start_minutes_and_only_once(self) -> None:
        self.assertError(self.call("post", f"/meetings/{self.meeting.pk}/minutes"), 401)
        self.assertError(
            self.call("post", f"/meetings/{self.meeting.pk}/minutes", user=self.other_coordinator),
            403,
        )
        self.assertError(
            self.call("post", f"/meetings/{self.meeting.pk}/minutes", user=self.member_user), 403
        )
        self.assertFalse(Minutes.objects.exists())
        self.ok(
            self.call("post", f"/meetings/{self.meeting.pk}/minutes", user=self.coordinator), 201
        )
        self.assertError(
            self.call("post", f"/meetings/{self.meeting.pk}/minutes", user=self.secretary_user),
            409,
        )
        self.assertEqual(Minutes.objects.count(), 1)


class MinutesRuleTests(MinutesApiTestCase):
    def test_it_refuses_a_decision_in_a_body_that_does_not_decide(self) -> None:
        meeting = held_meeting(self.au, datetime.date(2026, 3, 12))
        started = self.ok(
            self.call("post", f"/meetings/{meeting.pk}/minutes", user=self.coordinator), 201
        )
        self.assertEqual(started["allowed_entry_kinds"], ["proposal", "feedback", "information"])
        item = self.ok(
            self.call(
                "post",
                f"/minutes/{started['id']}/items",
                {"title": "Vårdens övergångar"},
                user=self.coordinator,
            ),
            201,
        )

        response = self.call(
            "put",
            f"/minutes-items/{item['id']}",
            {
                "lock_version": item["lock_version"],
                "entries": [{"kind": "decision", "text": "AU beslutar att anta planen."}],
            },
            user=self.coordinator,
        )

        payload = self.assertError(response, 400, field="entries")
        self.assertEqual(payload["detail"], not_deciding_text(self.au))
        self.assertIn("inte beslutsfattande", payload["detail"])
        self.assertIn("förslag eller återkoppling", payload["detail"])
        stored = MinutesItem.objects.get(pk=item["id"])
        self.assertFalse(stored.entries.exists())
        self.assertEqual(stored.lock_version, item["lock_version"])

        proposal = self.ok(
            self.call(
                "put",
                f"/minutes-items/{item['id']}",
                {
                    "lock_version": item["lock_version"],
                    "entries": [{"kind": "proposal", "text": "AU föreslår LSG att anta planen."}],
                },
                user=self.coordinator,
            )
        )
        self.assertEqual([e["kind"] for e in proposal["entries"]], ["proposal"])

    def test_it_refuses_a_stale_lock_version_and_changes_nothing(self) -> None:
        minutes = self.start()
        item = self.case_item(minutes)

        response = self.call(
            "patch",
            f"/minutes/{minutes.pk}",
            {"lock_version": minutes.lock_version - 1, "notes": "Sent skrivet."},
            user=self.secretary_user,
        )
        self.assertError(response, 409)
        response = self.call(
            "put",
            f"/minutes-items/{item.pk}",
            {"lock_version": item.lock_version + 1, "notes": "Sent skrivet."},
            user=self.secretary_user,
        )
        self.assertError(response, 409)
        response = self.call(
            "post",
            f"/minutes/{minutes.pk}/submit",
            {"lock_version": minutes.lock_version + 1},
            user=self.secretary_user,
        )
        self.assertError(response, 409)

        stored = Minutes.objects.get(pk=minutes.pk)
        self.assertEqual((stored.notes, stored.lock_version, stored.status), ("", 1, "draft"))
        self.assertEqual(MinutesItem.objects.get(pk=item.pk).notes, "")
        self.assertEqual(MinutesItem.objects.get(pk=item.pk).lock_version, item.lock_version)

    def test_it_refuses_to_change_approved_minutes(self) -> None:
        minutes = self.published()
        item = self.case_item(minutes)
        before = (minutes.frozen_text, minutes.sha256, minutes.lock_version, minutes.notes)
        item_before = (item.title, item.notes, item.lock_version, list(item.entries.values()))

        attempts = [
            self.call(
                "patch",
                f"/minutes/{minutes.pk}",
                {"lock_version": minutes.lock_version, "notes": "Ändrat i efterhand."},
                user=self.secretary_user,
            ),
            self.call(
                "put",
                f"/minutes-items/{item.pk}",
                {"lock_version": item.lock_version, "notes": "Ändrat i efterhand."},
                user=self.secretary_user,
            ),
            self.call(
                "post",
                f"/minutes/{minutes.pk}/items",
                {"title": "Ny punkt"},
                user=self.secretary_user,
            ),
            self.call(
                "delete",
                f"/minutes-items/{item.pk}?lock_version={item.lock_version}",
                user=self.secretary_user,
            ),
        ]

        for response in attempts:
            payload = self.assertError(response, 400, detail=FROZEN)
            self.assertIn("justerade", payload["detail"])
            self.assertIn("tillägg", payload["detail"])
        minutes.refresh_from_db()
        item.refresh_from_db()
        self.assertEqual(
            (minutes.frozen_text, minutes.sha256, minutes.lock_version, minutes.notes), before
        )
        self.assertEqual(
            (item.title, item.notes, item.lock_version, list(item.entries.values())), item_before
        )
        self.assertEqual(minutes.items.count(), len(self.detail(minutes)["items"]))
        self.assertTrue(minutes_verify(minutes))

    def test_it_corrects_approved_minutes_with_an_addendum(self) -> None:
        minutes = self.published()

        addendum = self.ok(
            self.call(
                "post",
                f"/minutes/{minutes.pk}/addenda",
                {"title": "Rättelse av § 2", "text": "Avtalet gäller från 1 maj, inte 1 april."},
                user=self.secretary_user,
            ),
            201,
        )

        self.assertEqual(addendum["addendum_to"], minutes.pk)
        self.assertEqual(addendum["status"], "draft")
        self.assertEqual(addendum["title"], "Tillägg till minnesanteckningar")
        self.assertEqual([i["title"] for i in addendum["items"]], ["Rättelse av § 2"])
        self.assertEqual(self.detail(minutes, self.member_user)["addenda"], [addendum["id"]])
        # The original is still the same, and a draft addendum is not public.
        self.assertTrue(minutes_verify(minutes))
        self.assertError(self.call("get", f"/minutes/{addendum['id']}"), 404)
        self.assertError(
            self.call(
                "post",
                f"/minutes/{addendum['id']}/addenda",
                {"text": "Tillägg till tillägget."},
                user=self.secretary_user,
            ),
            400,
        )

    def test_it_refuses_unknown_fields_and_people(self) -> None:
        minutes = self.start()
        item = self.case_item(minutes)

        response = self.call(
            "patch",
            f"/minutes/{minutes.pk}",
            {"lock_version": minutes.lock_version, "colour": "blå", "status": "approved"},
            user=self.secretary_user,
        )
        payload = self.assertError(response, 400)
        self.assertEqual(payload["errors"], {"colour": ["Okänt fält."], "status": ["Okänt fält."]})
        response = self.call(
            "patch",
            f"/minutes/{minutes.pk}",
            {"lock_version": minutes.lock_version, "adjuster": 999999},
            user=self.secretary_user,
        )
        self.assertError(response, 400, field="adjuster")
        response = self.call(
            "put",
            f"/minutes-items/{item.pk}",
            {
                "lock_version": item.lock_version,
                "actions": [{"text": "Ring", "owner": 999999, "due_on": "2026-05-01"}],
            },
            user=self.secretary_user,
        )
        self.assertError(response, 400, field="actions.0.owner")
        response = self.call(
            "put",
            f"/minutes-items/{item.pk}",
            {"lock_version": item.lock_version, "entries": [{"kind": "beslut", "text": "x"}]},
            user=self.secretary_user,
        )
        self.assertError(response, 400, field="entries.0.kind")
        response = self.call(
            "put",
            f"/minutes-items/{item.pk}",
            {"lock_version": item.lock_version, "entries": None},
            user=self.secretary_user,
        )
        self.assertError(response, 400, field="entries")
        stored = Minutes.objects.get(pk=minutes.pk)
        self.assertEqual((stored.lock_version, stored.adjuster_id), (1, None))
        self.assertEqual(MinutesItem.objects.get(pk=item.pk).lock_version, item.lock_version)

    def test_it_refuses_the_chair_as_adjuster(self) -> None:
        minutes = self.start()
        response = self.call(
            "patch",
            f"/minutes/{minutes.pk}",
            {"lock_version": minutes.lock_version, "adjuster": self.alice.pk},
            user=self.secretary_user,
        )
        self.assertError(response, 400, field="adjuster")
        self.assertIsNone(Minutes.objects.get(pk=minutes.pk).adjuster_id)


class MinutesVisibilityTests(MinutesApiTestCase):
    def test_it_hides_a_draft_from_everyone_outside_the_body(self) -> None:
        minutes = self.write(self.start())

        self.assertError(self.call("get", f"/minutes/{minutes.pk}"), 404)
        self.assertError(self.call("get", f"/minutes/{minutes.pk}/text"), 404)
        # Logged in or not, an outsider gets what an unused id gets, not a 403 naming the
        # body (issue 9): nobody learns that a draft exists.
        missing = self.call("get", "/minutes/999999", user=self.other_coordinator)
        response = self.call("get", f"/minutes/{minutes.pk}", user=self.other_coordinator)
        self.assertError(response, 404)
        self.assertEqual(response.content, missing.content)
        self.assertEqual(
            self.call("get", f"/minutes/{minutes.pk}").content,
            self.call("get", "/minutes/999999").content,
        )
        self.assertNotIn(minutes.pk, self.listed())
        self.assertNotIn(minutes.pk, self.listed(self.other_coordinator))
        self.assertNotIn(minutes.pk, self.listed(self.other_coordinator, status="draft"))

        seen = self.detail(minutes, self.member_user)
        self.assertEqual(seen["status"], "draft")
        self.assertFalse(seen["masked"])
        self.assertEqual(seen["adjuster"], self.cecilia.pk)
        self.assertIn(minutes.pk, self.listed(self.member_user))
        self.assertIn(minutes.pk, self.listed(self.coordinator, body=self.body.pk, year=2026))
        self.assertNotIn(minutes.pk, self.listed(self.coordinator, year=2025))
        self.assertNotIn(minutes.pk, self.listed(self.coordinator, status="approved"))
        self.assertNotIn(minutes.pk, self.listed(self.coordinator, structure="blekinge"))

        # A member reads but does not write.
        response = self.call(
            "patch",
            f"/minutes/{minutes.pk}",
            {"lock_version": minutes.lock_version, "notes": "Ledamoten skriver."},
            user=self.member_user,
        )
        self.assertError(response, 403)
        response = self.call(
            "patch",
            f"/minutes/{minutes.pk}",
            {"lock_version": minutes.lock_version, "notes": "Utomstående skriver."},
            user=self.other_coordinator,
        )
        self.assertError(response, 404)
        self.assertEqual(Minutes.objects.get(pk=minutes.pk).notes, "")

    def test_it_refuses_approval_by_someone_who_is_not_an_approver(self) -> None:
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )

        self.assertError(self.call("post", f"/minutes/{minutes.pk}/approve"), 401)
        # Minutes waiting for approval do not exist for an outsider (issue 9).
        self.assertError(
            self.call("post", f"/minutes/{minutes.pk}/approve", user=self.other_coordinator), 404
        )
        payload = self.assertError(
            self.call("post", f"/minutes/{minutes.pk}/approve", user=self.coordinator), 400
        )
        self.assertIn("inte justerare", payload["detail"])
        # Bo is the vice chair; the charter's rule is the chair and the adjuster.
        self.assertError(
            self.call("post", f"/minutes/{minutes.pk}/approve", user=self.member_user), 400
        )
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.PENDING)
        self.assertEqual(
            set(minutes.approvers.values_list("decision", flat=True)), {ApprovalDecision.PENDING}
        )

        # The approver reads the draft although they are not in the body's writers.
        seen = self.detail(minutes, self.adjuster_user)
        self.assertEqual(seen["status"], "pending")

    def test_it_returns_only_with_a_comment(self) -> None:
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )

        payload = self.assertError(
            self.call("post", f"/minutes/{minutes.pk}/return", {}, user=self.chair_user),
            400,
            field="comment",
        )
        self.assertEqual(payload["errors"]["comment"], ["Fältet måste anges."])
        self.assertError(
            self.call(
                "post", f"/minutes/{minutes.pk}/return", {"comment": "   "}, user=self.chair_user
            ),
            400,
            field="comment",
        )
        self.assertEqual(Minutes.objects.get(pk=minutes.pk).status, MinutesStatus.PENDING)

        returned = self.ok(
            self.call(
                "post",
                f"/minutes/{minutes.pk}/return",
                {"comment": "Rätta datumet i § 2."},
                user=self.chair_user,
            )
        )
        self.assertEqual(returned["status"], "returned")
        self.assertEqual(
            {(a["role"], a["decision"], a["comment"]) for a in returned["approvers"]},
            {("chair", "returned", "Rätta datumet i § 2."), ("adjuster", "withdrawn", "")},
        )
        # Returned minutes can be edited again and sent for a new round.
        resubmitted = self.ok(
            self.call(
                "post",
                f"/minutes/{minutes.pk}/submit",
                {"lock_version": returned["lock_version"]},
                user=self.secretary_user,
            )
        )
        self.assertEqual(resubmitted["status"], "pending")
        self.assertEqual({a["round"] for a in resubmitted["approvers"]}, {1, 2})


class PublicationHoldTests(MinutesApiTestCase):
    def test_it_holds_a_personnummer_until_it_is_masked(self) -> None:
        minutes = self.approve(
            self.write(self.start(), notes=f"Ärendet gäller patienten med nummer {NUMBER}.")
        )
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)
        self.assertIsNone(minutes.published_at)
        self.assertError(self.call("get", f"/minutes/{minutes.pk}"), 404)
        self.assertNotIn(minutes.pk, self.listed())
        self.assertError(self.call("get", f"/minutes/{minutes.pk}/holds"), 404)
        self.assertError(
            self.call("get", f"/minutes/{minutes.pk}/holds", user=self.member_user), 403
        )
        self.assertEqual(self.detail(minutes, self.secretary_user)["open_holds"], 1)

        holds = self.ok(self.call("get", f"/minutes/{minutes.pk}/holds", user=self.secretary_user))
        self.assertEqual(holds["count"], 1)
        [hold] = holds["items"]
        self.assertEqual(
            (hold["found"], hold["kind"], hold["resolution"]), (NUMBER, "personnummer", "")
        )

        self.assertError(
            self.call(
                "post",
                f"/publication-holds/{hold['id']}/resolve",
                {"resolution": "mask"},
                user=self.member_user,
            ),
            403,
        )
        self.assertError(
            self.call(
                "post",
                f"/publication-holds/{hold['id']}/resolve",
                {"resolution": "hide"},
                user=self.secretary_user,
            ),
            400,
            field="resolution",
        )
        resolved = self.ok(
            self.call(
                "post",
                f"/publication-holds/{hold['id']}/resolve",
                {"resolution": "mask", "note": "Patientens personnummer."},
                user=self.secretary_user,
            )
        )
        self.assertEqual(resolved["resolution"], "mask")
        self.assertIsNotNone(resolved["minutes_published_at"])
        self.assertError(
            self.call(
                "post",
                f"/publication-holds/{hold['id']}/resolve",
                {"resolution": "publish"},
                user=self.secretary_user,
            ),
            409,
        )
        self.assertEqual(PublicationHold.objects.get(pk=hold["id"]).resolution, "mask")
        # The hit stays internal after publication: to an outsider it does not exist.
        path = f"/publication-holds/{hold['id']}/resolve"
        outsider = self.call("post", path, {"resolution": "publish"}, user=self.other_coordinator)
        self.assertError(outsider, 404)
        missing = self.call(
            "post",
            "/publication-holds/999999/resolve",
            {"resolution": "publish"},
            user=self.other_coordinator,
        )
        self.assertEqual(outsider.content, missing.content)

        for reader in (None, self.other_coordinator):
            response = self.call("get", f"/minutes/{minutes.pk}", user=reader)
            self.assertEqual(response.status_code, 200, response.content)
            body = response.content.decode()
            self.assertNotIn(NUMBER, body)
            self.assertNotIn("121212-1212", body)
            self.assertIn(MASK, body)
            self.assertTrue(response.json()["masked"])
            self.assertTrue(response.json()["published"])
            text = self.call("get", f"/minutes/{minutes.pk}/text", user=reader)
            self.assertEqual(text.status_code, 200)
            self.assertNotIn("121212-1212", text.content.decode())
            self.assertIn(MASK, text.content.decode())
        self.assertIn(minutes.pk, self.listed())

        # The body's own people see what was approved.
        internal = self.detail(minutes, self.member_user)
        self.assertFalse(internal["masked"])
        self.assertIn(NUMBER, self.case_item_of(internal)["notes"])
        text = self.call("get", f"/minutes/{minutes.pk}/text", user=self.member_user)
        self.assertEqual(hashlib.sha256(text.content).hexdigest(), minutes.sha256)

    def case_item_of(self, data: dict[str, Any]) -> dict[str, Any]:
        return next(i for i in data["items"] if i["title"] == self.case.title)


class OpenActionTests(MinutesApiTestCase):
    def test_it_lists_open_actions_for_the_bodys_people(self) -> None:
        self.published()
        path = f"/bodies/{self.body.pk}/open-actions"

        self.assertError(self.call("get", path), 401)
        self.assertError(self.call("get", path, user=self.other_coordinator), 403)
        self.assertError(
            self.call("get", "/bodies/999999/open-actions", user=self.coordinator), 404
        )
        for reader in (self.member_user, self.coordinator, self.secretary_user):
            data = self.ok(self.call("get", path, user=reader))
            self.assertEqual(data["count"], 1)
            [action] = data["items"]
            self.assertEqual(action["text"], "Skicka avtalet till huvudmännen")
            self.assertEqual(action["owner"], self.sara.pk)
            self.assertEqual(action["owner_name"], "Sara Holm")
            self.assertEqual(action["due_on"], "2026-04-30")
            self.assertEqual(action["meeting_day"], "2026-03-10")


class MinutesCountTests(MinutesApiTestCase):
    def test_it_counts_the_minutes_it_lists_for_every_kind_of_reader(self) -> None:
        # The list counts its rows apart from its page (the published minutes, and the others
        # the reader may read): the total is what the pages hold, whoever asks.
        pending = self.write(self.start())
        minutes_submit(
            minutes=pending, expected_version=pending.lock_version, by=self.secretary_user
        )
        self.start(held_meeting(self.body, datetime.date(2026, 2, 3)))
        Minutes.objects.create(
            meeting=held_meeting(self.body, datetime.date(2025, 5, 6)),
            status=MinutesStatus.APPROVED,
            public=True,
            approved_at=timezone.now(),
            published_at=timezone.now(),
            frozen_text="x\n",
            sha256=hashlib.sha256(b"x\n").hexdigest(),
        )
        readers = (None, self.member_user, self.coordinator, self.other_coordinator)
        for user in (*readers, self.adjuster_user):
            for query in ({}, {"status": "draft"}, {"body": self.body.pk}, {"year": 2026}):
                data = self.ok(self.call("get", "/minutes", {**query, "limit": 500}, user=user))
                self.assertEqual(data["count"], len(data["items"]), (user, query))
        self.assertEqual(self.ok(self.call("get", "/minutes", user=self.member_user))["count"], 3)
        self.assertEqual(self.ok(self.call("get", "/minutes"))["count"], 1)


class MinutesQueryCountTests(MinutesApiTestCase):
    def make_published(self, count: int) -> None:
        start = Minutes.objects.count()
        for index in range(start, start + count):
            meeting = held_meeting(
                self.body, datetime.date(2025, 1, 1) + datetime.timedelta(days=7 * index)
            )
            Minutes.objects.create(
                meeting=meeting,
                status=MinutesStatus.APPROVED,
                public=True,
                approved_at=timezone.now(),
                published_at=timezone.now(),
                frozen_text="x\n",
                sha256=hashlib.sha256(b"x\n").hexdigest(),
            )

    def test_it_lists_in_the_same_number_of_queries_for_2_and_10_minutes(self) -> None:
        for user in (None, self.member_user, self.other_coordinator):
            Minutes.objects.all().delete()
            self.make_published(2)
            with CaptureQueriesContext(connection) as two:
                self.assertEqual(len(self.listed(user)), 2)
            self.make_published(8)
            with self.assertNumQueries(len(two.captured_queries)):
                self.assertEqual(len(self.listed(user)), 10)


class MinutesOpenApiTests(MinutesApiTestCase):
    def test_it_documents_the_minutes_endpoints(self) -> None:
        document = self.client.get("/api/v1/openapi.json").json()
        paths = document["paths"]
        for path, methods in {
            "/api/v1/minutes": {"get"},
            "/api/v1/minutes/{minutes_id}": {"get", "patch"},
            "/api/v1/minutes/{minutes_id}/text": {"get"},
            "/api/v1/meetings/{meeting_id}/minutes": {"post"},
            "/api/v1/minutes/{minutes_id}/attendance/refresh": {"post"},
            "/api/v1/minutes/{minutes_id}/items": {"post"},
            "/api/v1/minutes-items/{item_id}": {"put", "delete"},
            "/api/v1/minutes/{minutes_id}/submit": {"post"},
            "/api/v1/minutes/{minutes_id}/approve": {"post"},
            "/api/v1/minutes/{minutes_id}/return": {"post"},
            "/api/v1/minutes/{minutes_id}/holds": {"get"},
            "/api/v1/publication-holds/{hold_id}/resolve": {"post"},
            "/api/v1/minutes/{minutes_id}/addenda": {"post"},
            "/api/v1/bodies/{body_id}/open-actions": {"get"},
        }.items():
            self.assertIn(path, paths)
            self.assertLessEqual(methods, set(paths[path]), path)
            for method in methods:
                self.assertEqual(paths[path][method]["tags"], ["Minnesanteckningar"], path)
        text = paths["/api/v1/minutes/{minutes_id}/text"]["get"]["responses"]["200"]
        self.assertIn("text/plain", text["content"])
