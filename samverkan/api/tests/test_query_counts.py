"""List endpoints use a fixed number of queries, however many rows they return."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.api.tests.base import ApiTestCase
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    CompositionRule,
    Membership,
    Person,
    Principal,
    PrincipalKind,
    Role,
    Structure,
)


class QueryCountTests(ApiTestCase):
    made = 0

    def add_rows(self, n: int) -> None:
        """n more of everything: organisations, structures, bodies with a charter, people, memberships."""
        start, self.made = self.made, self.made + n
        for i in range(start, self.made):
            Principal.objects.create(
                kind=PrincipalKind.ORGANISATION, name=f"Organisation {i:03}", slug=f"org-{i}"
            )
            Structure.objects.create(
                name=f"Struktur {i:03}", slug=f"struktur-{i}", region=self.region
            )
            body = Body.objects.create(
                structure=self.structure,
                key=f"grupp-{i}",
                name=f"Grupp {i:03}",
                kind="working_group",
                level="local",
                mandate="none",
                parent=self.body,
                municipality=self.lycksele,
            )
            charter = Charter.objects.create(
                body=body,
                version="1",
                status=CharterStatus.IN_FORCE,
                decided_on=datetime.date(2025, 1, 1),
            )
            CompositionRule.objects.create(charter=charter, principal=self.umea, min_count=1)
            person = Person.objects.create(
                key=f"person-{i}",
                first_name="Per",
                last_name=f"Son {i:03}",
                employer=self.umea,
                email=f"p{i}@example.se",
            )
            Membership.objects.create(
                body=body,
                person=person,
                role=Role.MEMBER,
                principal=self.umea,
                start=datetime.date(2026, 1, 1),
            )

    def count_queries(self, call: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as context:
            response = call()
        self.assertEqual(getattr(response, "status_code", None), 200)
        return len(context.captured_queries)

    def test_it_lists_in_the_same_number_of_queries_for_10_and_50_rows(self) -> None:
        listings = {
            "/principals": {"kind": "organisation"},
            "/structures": {},
            "/bodies": {"structure": "vasterbotten"},
            "/charters": {"structure": "vasterbotten"},
            "/people": {},
            "/memberships": {"structure": "vasterbotten"},
        }
        self.add_rows(10)
        small: dict[tuple[str, object], int] = {}
        for path, params in listings.items():
            for who in (None, self.coordinator):
                page = self.call("get", path, {**params, "limit": 500}, user=who).json()
                self.assertGreaterEqual(page["count"], 10, path)
                self.assertEqual(len(page["items"]), page["count"], path)
                small[path, who] = self.count_queries(
                    partial(self.call, "get", path, {**params, "limit": 500}, user=who)
                )

        self.add_rows(40)
        for path, params in listings.items():
            for who in (None, self.coordinator):
                page = self.call("get", path, {**params, "limit": 500}, user=who).json()
                self.assertGreaterEqual(page["count"], 50, path)
                self.assertEqual(len(page["items"]), page["count"], path)
                large = self.count_queries(
                    partial(self.call, "get", path, {**params, "limit": 500}, user=who)
                )
                self.assertEqual(large, small[path, who], f"{path} as {who}")

    def test_it_reads_a_charter_in_a_fixed_number_of_queries(self) -> None:
        def read() -> object:
            return self.call("get", f"/charters/{self.charter.pk}")

        before = self.count_queries(read)
        for i in range(20):
            CompositionRule.objects.create(
                charter=self.charter, position=10 + i, principal=self.lycksele
            )
        self.assertEqual(len(read().json()["composition"]), 23)  # type: ignore[attr-defined]
        self.assertEqual(self.count_queries(read), before)
