"""The agenda item about statistics shows the structure's charts by itself; the demo."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.meetings.models import AgendaItem, AgendaItemKind
from samverkan.meetings.tests.lazy_parts import get_with_parts
from samverkan.minutes.tests.base import held_meeting
from samverkan.statistics import services
from samverkan.statistics.demo import INDICATORS, load_demo_statistics
from samverkan.statistics.models import Indicator, IndicatorValue
from samverkan.statistics.tests.base import StatisticsData, csv_file
from samverkan.structure.demo import demo_mark
from samverkan.structure.models import DemoMark, DemoPart


class PanelTests(StatisticsData):
    def test_it_shows_the_charts_under_the_statistics_item(self) -> None:
        services.import_values(
            indicator=self.internal,
            by=self.coordinator,
            file_name="a.csv",
            data=csv_file("k;p;v", "2480;2023;5", "2480;2024;7"),
        )
        meeting = held_meeting(self.body, datetime.date(2025, 3, 4))
        AgendaItem.objects.create(
            meeting=meeting,
            kind=AgendaItemKind.STANDING,
            position=1,
            title="Uppföljning SIP och annan aktuell STATISTIK",
        )
        AgendaItem.objects.create(
            meeting=meeting,
            kind=AgendaItemKind.STANDING,
            position=2,
            title="Uppföljning avvikelser",
        )
        self.login(self.member_user)
        page = get_with_parts(
            self.client, reverse("meetings:meeting", args=[meeting.pk])
        ).content.decode()
        self.assertEqual(page.count('class="statistics-panel"'), 1)
        self.assertIn(
            f'data-chart="chart-item{meeting.agenda_items.get(position=1).pk}-{self.internal.pk}-serie"',
            page,
        )
        self.assertIn(self.internal.name, page)
        self.login(self.other_coordinator)
        # Someone outside the structure sees only the public indicators there.
        other = get_with_parts(self.client, reverse("meetings:meeting", args=[meeting.pk]))
        if other.status_code == 200:
            self.assertNotContains(other, self.internal.name)


class DemoTests(StatisticsData):
    def test_it_loads_once_and_only_in_the_demos_structures(self) -> None:
        Indicator.objects.all().delete()
        demo_mark(DemoPart.STRUCTURE, structures=[self.structure])
        lines = load_demo_statistics(today=datetime.date(2025, 6, 1))
        self.assertEqual(len(lines), 1)
        self.assertEqual(
            Indicator.objects.filter(structure=self.structure).count(), len(INDICATORS)
        )
        self.assertFalse(Indicator.objects.filter(structure=self.other_structure).exists())
        count = IndicatorValue.objects.count()
        # The three municipalities that take part: 24 months for four indicators and six
        # years of Kolada's.
        self.assertEqual(count, 3 * (4 * 24 + 6))
        first = sorted(
            IndicatorValue.objects.values_list("indicator__name", "principal_id", "period", "value")
        )
        self.assertEqual(load_demo_statistics(today=datetime.date(2025, 6, 1)), [])
        self.assertEqual(IndicatorValue.objects.count(), count)
        # Deterministic: loaded afresh (its mark removed too), the same values.
        Indicator.objects.all().delete()
        DemoMark.objects.filter(part=DemoPart.STATISTICS).delete()
        load_demo_statistics(today=datetime.date(2025, 6, 1))
        again = sorted(
            IndicatorValue.objects.values_list("indicator__name", "principal_id", "period", "value")
        )
        self.assertEqual([r[0:1] + r[2:] for r in first], [r[0:1] + r[2:] for r in again])
