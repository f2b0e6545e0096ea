"""The API's structure-wide year plan: read the proposal a page of bodies at a time, book it
by its checksum, and get 409 (nothing booked) when it changed meanwhile."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.api.tests.base import ApiTestCase
from samverkan.meetings.models import Meeting
from samverkan.meetings.planning import year_plan_book
from samverkan.meetings.tests.test_planning_structure import add_groups
from samverkan.structure.models import Charter

YEAR = datetime.date.today().year + 1
PLAN = "/structures/vasterbotten/plan"


class StructurePlanApiTests(ApiTestCase):
    def setUp(self) -> None:
        Charter.objects.create(body=self.au, version="1", meetings_min_per_year=2)

    def test_it_reads_and_books_the_proposal_but_the_bodies_left_out(self) -> None:
        plan = self.call("get", PLAN, {"year": YEAR}).json()
        self.assertEqual(plan["count"], 2)
        self.assertEqual(plan["meetings"], 5)
        by_body = {item["body"]: item for item in plan["items"]}
        self.assertEqual(len(by_body[self.body.pk]["proposals"]), 3)
        response = self.call(
            "post",
            PLAN,
            {"year": YEAR, "checksum": plan["checksum"], "skip": [self.au.pk]},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json(), {"year": YEAR, "booked": 3, "bodies": 1})
        self.assertEqual(Meeting.objects.filter(body=self.body).count(), 3)
        self.assertFalse(Meeting.objects.filter(body=self.au).exists())

    def test_a_proposal_changed_meanwhile_is_refused_with_409_and_nothing_booked(self) -> None:
        plan = self.call("get", PLAN, {"year": YEAR}).json()
        day = datetime.date.fromisoformat(plan["items"][0]["proposals"][0]["day"])
        year_plan_book(body=self.body, days=[day], by=self.coordinator)
        response = self.call(
            "post", PLAN, {"year": YEAR, "checksum": plan["checksum"]}, user=self.coordinator
        )
        self.assertError(response, 409, field="checksum")
        self.assertEqual(Meeting.objects.count(), 1)

    def test_only_the_structures_coordinators_book(self) -> None:
        plan = self.call("get", PLAN, {"year": YEAR}).json()
        response = self.call(
            "post", PLAN, {"year": YEAR, "checksum": plan["checksum"]}, user=self.other_coordinator
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Meeting.objects.exists())

    def test_a_300_body_structure_takes_the_queries_of_30(self) -> None:
        add_groups(self.structure, self.body, 30, "local_group")
        add_groups(self.structure, self.body, 300, "operative_group")

        def read_and_book(kind: str) -> tuple[int, int]:
            with CaptureQueriesContext(connection) as read:
                plan = self.call("get", PLAN, {"year": YEAR, "kind": kind, "limit": 20}).json()
            self.assertEqual(len(plan["items"]), 20)
            with CaptureQueriesContext(connection) as book:
                response = self.call(
                    "post",
                    PLAN,
                    {"year": YEAR, "kind": kind, "checksum": plan["checksum"]},
                    user=self.coordinator,
                )
            self.assertEqual(response.status_code, 201, response.content)
            return len(read), len(book)

        self.assertEqual(read_and_book("local_group"), read_and_book("operative_group"))
        self.assertEqual(Meeting.objects.count(), 330 * 4)
