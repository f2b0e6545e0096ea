"""The balanslista runs a fixed number of queries: the same for 100 cases as for 1,000 cases
and 20 principals, on the working page, the public page and the API."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.api.tests.base import API, ApiTestCase
from samverkan.cases.models import (
    Case,
    CaseStatus,
    CaseStep,
    DecisionState,
    PrincipalDecision,
    Recommendation,
    StepRole,
)
from samverkan.cases.tests.test_balance_base import BalanceData
from samverkan.minutes.models import EntryKind, MinutesEntry
from samverkan.structure.models import Principal, PrincipalKind

STATES = [
    DecisionState.SENT,
    DecisionState.PREPARING,
    DecisionState.ADOPTED,
    DecisionState.REJECTED,
]


class BalanceQueryCountTests(BalanceData, ApiTestCase):
    made_cases = 0
    twenty: list[Principal]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        municipalities = Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY).exclude(
            pk__in=[p.pk for p in cls.six]
        )
        cls.twenty = [*cls.six, *municipalities.order_by("scb_code")[:14]]

    def grow(self, cases: int) -> None:
        """Up to `cases` cases (every tenth recommended) in bulk; half of them public."""
        start, self.made_cases = self.made_cases, cases
        day = datetime.date(2024, 1, 1)
        new_cases = Case.objects.bulk_create(
            Case(
                structure=self.structure,
                number=f"BULK {i}",
                title=f"Ärende {i}",
                raised_in=self.au if i % 3 else self.body,
                current_body=self.body if i % 2 else self.au,
                raised_on=day + datetime.timedelta(days=i % 700),
                status=CaseStatus.RECOMMENDED if i % 10 == 0 else CaseStatus.PREPARING,
            )
            for i in range(start, cases)
        )
        CaseStep.objects.bulk_create(
            CaseStep(
                case=case,
                body=self.body,
                role=StepRole.PREPARE,
                received_on=case.raised_on,
                minutes=self.published,
            )
            for case in new_cases[::2]
        )
        recommended = [c for c in new_cases if c.status == CaseStatus.RECOMMENDED]
        entries = MinutesEntry.objects.bulk_create(
            MinutesEntry(item=self.item, kind=EntryKind.RECOMMENDATION, text=c.title)
            for c in recommended
        )
        recommendations = Recommendation.objects.bulk_create(
            Recommendation(
                structure=self.structure,
                body=self.body,
                case=case,
                minutes=self.published,
                entry=entry,
                title=f"Rekommendation om {case.title}",
                text="Huvudmännen rekommenderas att anta överenskommelsen.",
                decided_on=case.raised_on + datetime.timedelta(days=60),
            )
            for case, entry in zip(recommended, entries, strict=True)
        )
        PrincipalDecision.objects.bulk_create(
            PrincipalDecision(
                recommendation=recommendation,
                principal=principal,
                state=STATES[(index + recommendation.pk) % len(STATES)],
            )
            for recommendation in recommendations
            for index, principal in enumerate(self.twenty)
        )

    def assert_fixed(
        self, calls: dict[str, Callable[[], Any]], check: Callable[[Any], None]
    ) -> None:
        """Each call runs as many queries at 1,000 cases and 20 principals as at 100."""
        self.grow(100)
        counts = {}
        for name, call in calls.items():
            with CaptureQueriesContext(connection) as small:
                check(call())
            counts[name] = len(small.captured_queries)
        self.grow(1000)
        self.assertEqual(Recommendation.objects.count(), 100)
        self.assertEqual(PrincipalDecision.objects.values("principal").distinct().count(), 20)
        for name, call in calls.items():
            with self.subTest(name=name), self.assertNumQueries(counts[name]):
                check(call())

    def test_the_working_page(self) -> None:
        self.login(self.member_user)
        url = reverse("cases:balance_list", args=[self.structure.slug])

        def check(response: Any) -> None:
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "Rekommendation om Ärende")
            self.assertContains(response, "rader, äldst först")

        # The last page (50 rows a page; a page past the end is the last).
        last: dict[str, Any] = {"sida": 999}
        self.assert_fixed(
            {
                "open": lambda: self.client.get(url, last),
                "with finished": lambda: self.client.get(url, {"finished": "on", **last}),
                "one body": lambda: self.client.get(url, {"body": self.body.pk, **last}),
            },
            check,
        )

    def test_the_public_page(self) -> None:
        url = reverse("cases_public:balance_list", args=[self.structure.slug])
        body_url = reverse("cases_public:body_balance_list", args=[self.structure.slug, "lsg"])

        def check(response: Any) -> None:
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "Rekommendation om Ärende")
            self.assertContains(response, "rader, äldst först")

        last: dict[str, Any] = {"sida": 999}
        self.assert_fixed(
            {
                "structure": lambda: self.client.get(url, last),
                "body": lambda: self.client.get(body_url, last),
            },
            check,
        )

    def test_the_api_with_a_key_and_without(self) -> None:
        query: dict[str, Any] = {"structure": self.structure.slug, "limit": 500}

        def check(response: Any) -> None:
            self.assertEqual(response.status_code, 200)
            self.assertGreaterEqual(response.json()["count"], 50)

        self.assert_fixed(
            {
                "key": lambda: self.call("get", "/balance-list", query, user=self.coordinator),
                "anonymous": lambda: self.client.get(f"{API}/balance-list", query),
            },
            check,
        )
