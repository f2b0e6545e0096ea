"""The deviation list page, the summary and the meeting panel run the same number of
queries at 100 and at 10,000 deviations."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.deviations.models import Deviation, DeviationCategory
from samverkan.deviations.selectors import deviation_summary
from samverkan.deviations.tests.base import DeviationTestCase


class QueryCountTests(DeviationTestCase):
    def fill(self, count: int) -> None:
        categories = list(DeviationCategory.objects.filter(structure=self.structure))
        principals = [self.umea, self.skelleftea, self.lycksele]
        start = datetime.date(2026, 1, 1)
        have = Deviation.objects.count()
        Deviation.objects.bulk_create(
            (
                Deviation(
                    structure=self.structure,
                    occurred_on=start,
                    reported_on=start + datetime.timedelta(days=n % 60),
                    reporting_principal=principals[n % 3],
                    reporting_unit="Hemsjukvården",
                    concerned_principal=self.region,
                    category=categories[n % len(categories)],
                    description="Avidentifierad.",
                    contact_name="Kontakt",
                    reported_by=self.nurse,
                    status=("received", "answered", "closed", "escalated")[n % 4],
                    answer_due=start + datetime.timedelta(days=n % 120),
                )
                for n in range(have, count)
            ),
            batch_size=2000,
        )

    def queries(self, call: object) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()  # type: ignore[operator]
        return len(captured)

    def test_list_and_summary_queries_do_not_grow(self) -> None:
        list_url = reverse("deviations:list", args=[self.structure.slug])
        summary_url = reverse("deviations:summary", args=[self.structure.slug])
        today = datetime.date(2026, 3, 1)
        counts = []
        for size in (100, 10_000):
            self.fill(size)
            self.assertEqual(Deviation.objects.count(), size)
            self.client.force_login(self.region_handler)
            listed = self.queries(lambda: self.client.get(list_url, {"forsenad": "1"}))
            summed = self.queries(lambda: self.client.get(summary_url, {"grupp": self.body.pk}))
            with self.assertNumQueries(3):
                summary = deviation_summary(structure=self.structure, today=today)
            self.assertEqual(summary.total, size)
            counts.append((listed, summed))
        self.assertEqual(counts[0], counts[1])
