"""What the statistics demo shows; run in `samverkan/rules/tests/test_whole_demo.py`."""

from __future__ import annotations

from django.db.models import Count

from samverkan.statistics.demo import load_demo_statistics
from samverkan.statistics.models import Indicator, IndicatorValue
from samverkan.structure.models import PrincipalKind, Structure
from samverkan.structure.selectors import participating_principals
from samverkan.testing.demo import DemoChecks


class StatisticsDemoChecks(DemoChecks):
    def test_statistics_demo_gives_every_municipality_taking_part_a_few_years(self) -> None:
        self.assertEqual(len(self.statistics_lines), Structure.objects.count())
        for structure in Structure.objects.all():
            with self.subTest(structure=structure.slug):
                municipalities = {
                    p.pk
                    for p in participating_principals(structure=structure)
                    if p.kind == PrincipalKind.MUNICIPALITY
                }
                indicators = Indicator.objects.filter(structure=structure)
                self.assertTrue(indicators.exists())
                for indicator in indicators:
                    covered = set(
                        IndicatorValue.objects.filter(indicator=indicator)
                        .values("principal")
                        .annotate(n=Count("pk"))
                        .filter(n__gte=2)
                        .values_list("principal", flat=True)
                    )
                    self.assertLessEqual(municipalities, covered, indicator.name)

    def test_statistics_demo_changes_nothing_when_loaded_again(self) -> None:
        count = IndicatorValue.objects.count()
        self.assertEqual(load_demo_statistics(today=self.today), [])
        self.assertEqual(IndicatorValue.objects.count(), count)
