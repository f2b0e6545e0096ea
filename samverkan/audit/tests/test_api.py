"""`GET /api/v1/history`: a coordinator reads their structure's history and each object's they
may edit; others are refused as when editing; nothing can write to the history."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.api.tests.base import ApiTestCase
from samverkan.audit.models import Change
from samverkan.lib.localtime import local
from samverkan.meetings.services import agenda_item_add, agenda_item_remove, meeting_create
from samverkan.structure.models import Body, Membership
from samverkan.structure.services import body_update, membership_update, person_update


class HistoryApiTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        body = Body.objects.get(pk=self.body.pk)
        body_update(
            by=self.coordinator, body=body, expected_version=body.lock_version, name="Länsgruppen"
        )
        other = Body.objects.get(pk=self.other_body.pk)
        body_update(
            by=self.other_coordinator,
            body=other,
            expected_version=other.lock_version,
            name="LSVO Blekinge",
        )

    def items(self, response: object) -> list[dict[str, object]]:
        self.assertEqual(response.status_code, 200, response.content)  # type: ignore[attr-defined]
        return response.json()["items"]  # type: ignore[attr-defined,no-any-return]

    def test_it_lists_a_coordinators_structures_changes_with_values(self) -> None:
        found = self.items(self.call("get", "/history", user=self.coordinator))
        names = {item["object_name"] for item in found}
        self.assertIn("Länsgruppen", names)
        self.assertNotIn("LSVO Blekinge", names)
        change = next(i for i in found if i["object_name"] == "Länsgruppen")
        self.assertEqual(change["actor"], self.coordinator.pk)
        self.assertEqual(change["action"], "update")
        self.assertEqual(change["object_type"], "body")
        self.assertEqual(change["object_type_name"], "Grupp")
        self.assertEqual(
            change["changes"],
            [
                {
                    "field": "name",
                    "label": "Namn",
                    "old": "Länssamverkansgruppen",
                    "new": "Länsgruppen",
                }
            ],
        )

    def test_it_gives_an_objects_history_to_whoever_may_edit_it(self) -> None:
        query = {"object_type": "body", "object_id": self.body.pk}
        found = self.items(self.call("get", "/history", query, user=self.coordinator))
        self.assertEqual([i["object_name"] for i in found], ["Länsgruppen"])
        self.assertEqual(len(self.items(self.call("get", "/history", query, user=self.admin))), 1)

    def test_it_refuses_an_outsider_as_when_editing(self) -> None:
        query = {"object_type": "body", "object_id": self.body.pk}
        self.assertError(self.call("get", "/history", query, user=self.other_coordinator), 403)
        self.assertError(self.call("get", "/history", query, user=self.member_user), 403)
        self.assertError(self.call("get", "/history", query), 401)
        missing = {"object_type": "body", "object_id": 987654}
        self.assertError(self.call("get", "/history", missing, user=self.coordinator), 404)
        # Without an object: only admins and coordinators list the history.
        self.assertError(self.call("get", "/history", user=self.member_user), 403)
        self.assertError(self.call("get", "/history"), 401)

    def test_it_judges_a_removed_agenda_item_by_its_meeting(self) -> None:
        day = timezone.localdate() + datetime.timedelta(days=30)
        meeting = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=self.coordinator
        )
        item = agenda_item_add(by=self.coordinator, meeting=meeting, kind="information", title="X")
        item_id = item.pk
        agenda_item_remove(by=self.coordinator, item=item)
        query = {"object_type": "agenda_item", "object_id": item_id}
        found = self.items(self.call("get", "/history", query, user=self.coordinator))
        self.assertEqual([i["action"] for i in found], ["delete", "create"])
        self.assertError(self.call("get", "/history", query, user=self.other_coordinator), 403)
        # The meeting's history carries its agenda, as the meeting's page does.
        query = {"object_type": "meeting", "object_id": meeting.pk}
        found = self.items(self.call("get", "/history", query, user=self.coordinator))
        self.assertEqual({i["object_type"] for i in found}, {"meeting", "agenda_item"})

    def test_it_filters_by_actor_type_days_and_text(self) -> None:
        person_update(by=None, person=self.alice, title="Förvaltningschef")
        seat = Membership.objects.get(pk=self.chair.pk)
        membership_update(
            by=self.admin, membership=seat, expected_version=seat.lock_version, function="Vård"
        )

        def names(**query: object) -> list[object]:
            return [
                i["object_name"]
                for i in self.items(self.call("get", "/history", query, user=self.admin))
            ]

        self.assertEqual(names(actor="system"), ["Alice Berg"])
        self.assertEqual(
            names(actor=str(self.other_coordinator.pk), object_type="body"), ["LSVO Blekinge"]
        )
        self.assertEqual(names(object_type="membership"), [str(Membership.objects.get(pk=seat.pk))])
        self.assertEqual(names(q="förvaltningschef"), ["Alice Berg"])
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        self.assertEqual(names(since=tomorrow), [])
        today = timezone.localdate().isoformat()
        self.assertEqual(len(names(until=today, since=today, object_type="body")), 2)

    def test_it_refuses_bad_filters_with_a_precise_error(self) -> None:
        for query, field in (
            ({"object_type": "secret"}, "object_type"),
            ({"object_id": 5}, "object_type"),
            ({"object_type": "body", "object_id": 2**70}, "object_id"),
            ({"actor": "nobody"}, "actor"),
            ({"since": "0001-01-01"}, "since"),
            ({"q": "x" * 201}, "q"),
            ({"q": "a\x00b"}, "q"),
        ):
            with self.subTest(query=query):
                self.assertError(
                    self.call("get", "/history", query, user=self.admin), 400, field=field
                )

    def test_it_lists_in_the_same_number_of_queries_for_few_and_many(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.items(self.call("get", "/history", {"limit": 500}, user=self.coordinator))
            return len(ctx.captured_queries)

        few = count()
        for n in range(20):
            body = Body.objects.get(pk=self.body.pk)
            body_update(
                by=self.coordinator, body=body, expected_version=body.lock_version, name=f"LSG {n}"
            )
        self.assertEqual(count(), few)

    def test_it_has_no_way_to_write_to_the_history(self) -> None:
        before = list(Change.objects.order_by("pk").values_list("pk", "note", "changes"))
        change = Change.objects.first()
        assert change is not None
        for method in ("post", "put", "patch", "delete"):
            for path in ("/history", f"/history/{change.pk}"):
                with self.subTest(method=method, path=path):
                    response = self.call(method, path, {"note": "ändrad"}, user=self.admin)
                    self.assertIn(response.status_code, (404, 405), response.content)
        self.assertEqual(
            list(Change.objects.order_by("pk").values_list("pk", "note", "changes")), before
        )
