"""A chart page runs the same number of queries at 100 values as at 10,000."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.api.tests.base import API, ApiTestCase
from samverkan.meetings.models import AgendaItem, AgendaItemKind
from samverkan.minutes.tests.base import held_meeting
from samverkan.statistics.models import Indicator, IndicatorValue, PeriodKind, ValueSource
from samverkan.statistics.services import define_indicator
from samverkan.structure.models import Principal, PrincipalKind


class ChartQueryCountTests(ApiTestCase):
    indicator: Indicator
    municipalities: list[Principal]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.indicator = define_indicator(
            structure=cls.structure,
            by=cls.coordinator,
            name="SIP",
            period_kind=PeriodKind.MONTHLY,
            public=True,
        )
        cls.municipalities = list(
            Principal.objects.filter(county_code="24", kind=PrincipalKind.MUNICIPALITY).order_by(
                "scb_code"
            )
        )

    def grow(self, count: int) -> None:
        IndicatorValue.objects.filter(indicator=self.indicator).delete()
        now = timezone.now()
        per = len(self.municipalities)
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    indicator=self.indicator,
                    principal=self.municipalities[i % per],
                    period=datetime.date(1980 + (i // per) // 12, (i // per) % 12 + 1, 1),
                    value=Decimal(i % 97),
                    source=ValueSource.IMPORT,
                    entered_at=now,
                )
                for i in range(count)
            ],
            batch_size=2000,
        )

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_it_runs_the_same_queries_at_100_and_10000_values(self) -> None:
        meeting = held_meeting(self.body, datetime.date(2025, 3, 4))
        AgendaItem.objects.create(
            meeting=meeting,
            kind=AgendaItemKind.STANDING,
            title="Uppföljning SIP och annan aktuell statistik",
        )
        urls = {
            "public": reverse(
                "statistics_public:indicator", args=[self.structure.slug, self.indicator.pk]
            ),
            "public csv": reverse(
                "statistics_public:chart_csv",
                args=[self.structure.slug, self.indicator.pk, "serie"],
            ),
            "api values": f"{API}/indicators/{self.indicator.pk}/values?limit=50",
        }
        working = {
            "working": reverse("statistics:indicator", args=[self.indicator.pk]),
            "meeting": reverse("meetings:meeting", args=[meeting.pk]),
        }
        counts: dict[str, list[int]] = {}
        for size in (100, 10_000):
            self.grow(size)
            self.client.logout()
            for name, url in urls.items():
                counts.setdefault(name, []).append(self.queries(url))
            self.login(self.coordinator)
            for name, url in working.items():
                counts.setdefault(name, []).append(self.queries(url))
        for name, (small, large) in counts.items():
            self.assertEqual(small, large, name)
