"""Small-count suppression: an indicator of counts of people may hide values from 1 up to a
threshold from the public ("färre än 5"), in the tables, the charts, the CSV files, the
meeting page's panel and the API; the structure's own people see every value."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.statistics import services
from samverkan.statistics.models import Indicator, IndicatorValue, PeriodKind, ValueSource
from samverkan.statistics.selectors import indicator_data
from samverkan.statistics.tests.base import StatisticsData


class SmallCountTests(StatisticsData):
    counts: Indicator

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.counts = services.define_indicator(
            structure=cls.structure,
            by=cls.coordinator,
            name="Personer med tvångsvård",
            unit="antal",
            period_kind=PeriodKind.YEARLY,
            public=True,
            suppress_below=5,
        )
        year = datetime.date(2025, 1, 1)
        for municipality, value in ((cls.umea, "3"), (cls.skelleftea, "12"), (cls.lycksele, "0")):
            IndicatorValue.objects.create(
                indicator=cls.counts,
                principal=municipality,
                period=year,
                value=Decimal(value),
                source=ValueSource.MANUAL,
                entered_at=timezone.now(),
            )

    def public_url(self, name: str, *args: object) -> str:
        return reverse(f"statistics_public:{name}", args=[self.structure.slug, *args])

    def test_the_public_page_shows_färre_än_and_no_sum_for_the_period(self) -> None:
        page = self.client.get(self.public_url("indicator", self.counts.pk))
        self.assertContains(page, "färre än 5")
        self.assertContains(page, "Värden under 5 visas som")
        data = page.context["data"]
        umea = next(s for s in data.series if s.principal_id == self.umea.pk)
        self.assertNotIn(datetime.date(2025, 1, 1), umea.values)
        # Twelve and zero give nobody away and are shown.
        self.assertContains(page, "12")
        self.assertIsNone(data.total(datetime.date(2025, 1, 1)))
        self.assertContains(page, "visas inte")

    def test_the_public_csv_has_no_small_count_but_the_working_one_has(self) -> None:
        public = self.client.get(self.public_url("chart_csv", self.counts.pk, "serie"))
        text = public.content.decode("utf-8-sig")
        self.assertIn("färre än 5", text)
        self.assertNotIn(";3;", text + ";")
        self.login(self.member_user)
        working = self.client.get(reverse("statistics:chart_csv", args=[self.counts.pk, "serie"]))
        self.assertIn("3", working.content.decode("utf-8-sig").splitlines()[1].split(";"))
        self.assertNotIn("färre än", working.content.decode("utf-8-sig"))

    def test_the_api_leaves_the_small_counts_out_for_the_public_only(self) -> None:
        url = f"/api/v1/indicators/{self.counts.pk}/values"
        anonymous = self.client.get(url).json()
        self.assertEqual(
            sorted(Decimal(row["value"]) for row in anonymous["items"]), [Decimal(0), 12]
        )
        self.login(self.member_user)
        member = self.client.get(url).json()
        self.assertEqual(len(member["items"]), 3)

    def test_the_selector_suppresses_only_for_the_public(self) -> None:
        inside = indicator_data(self.counts)
        self.assertEqual(inside.suppressed, set())
        self.assertEqual(inside.total(datetime.date(2025, 1, 1)), Decimal(15))
        outside = indicator_data(self.counts, public=True)
        self.assertEqual(outside.suppressed, {(self.umea.pk, datetime.date(2025, 1, 1))})

    def test_the_threshold_is_checked(self) -> None:
        for wrong in (1, 101):
            with self.subTest(wrong=wrong), self.assertRaises(DomainError) as caught:
                services.update_indicator(
                    indicator=self.counts, by=self.coordinator, suppress_below=wrong
                )
            self.assertIn("suppress_below", caught.exception.errors)
        services.update_indicator(indicator=self.counts, by=self.coordinator, suppress_below=None)
        self.counts.refresh_from_db()
        self.assertIsNone(self.counts.suppress_below)
