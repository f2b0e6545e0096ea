"""What the deviations demo shows; run in `samverkan/rules/tests/test_whole_demo.py`."""

from __future__ import annotations

from samverkan.deviations.demo import demo_deviations
from samverkan.deviations.models import Deviation, DeviationStatus
from samverkan.lib.personnummer import find_identity_numbers
from samverkan.testing.demo import DemoChecks


class DeviationsDemoChecks(DemoChecks):
    def test_deviations_demo_has_answered_and_overdue_ones_in_blekinge_and_vasterbotten(
        self,
    ) -> None:
        self.assertEqual(self.deviations_report.refused, [])
        for slug in ("blekinge", "vasterbotten"):
            with self.subTest(structure=slug):
                mine = Deviation.objects.filter(structure__slug=slug)
                self.assertTrue(mine.filter(status=DeviationStatus.ANSWERED).exists())
                self.assertTrue(
                    mine.exclude(status__in=[DeviationStatus.ANSWERED, DeviationStatus.CLOSED])
                    .filter(answer_due__lt=self.today)
                    .exists()
                )
        # No patient identity anywhere in what the demo wrote.
        for text in Deviation.objects.values_list("description", flat=True):
            self.assertEqual(find_identity_numbers(text), [], text)

    def test_deviations_demo_changes_nothing_when_loaded_again(self) -> None:
        count = Deviation.objects.count()
        self.assertIn("finns redan", demo_deviations(today=self.today).summary())
        self.assertEqual(Deviation.objects.count(), count)
