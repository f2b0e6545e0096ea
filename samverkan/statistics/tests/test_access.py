"""Who sees which indicator: internal ones only inside their structure, public ones for all;
only the structure's coordinators change anything."""

from __future__ import annotations

from django.urls import reverse

from samverkan.statistics import services
from samverkan.statistics.models import IndicatorValue
from samverkan.statistics.tests.base import StatisticsData, csv_file


class AccessTests(StatisticsData):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        data = csv_file("k;p;v", "2480;2023;5")
        services.import_values(
            indicator=cls.internal, by=cls.coordinator, file_name="a.csv", data=data
        )

    def test_it_hides_internal_indicators_from_the_public(self) -> None:
        public_list = self.client.get(
            reverse("statistics_public:indicator_list", args=[self.structure.slug])
        )
        self.assertContains(public_list, self.public.name)
        self.assertNotContains(public_list, self.internal.name)
        for url in (
            reverse("statistics_public:indicator", args=[self.structure.slug, self.internal.pk]),
            reverse(
                "statistics_public:chart_csv", args=[self.structure.slug, self.internal.pk, "serie"]
            ),
        ):
            self.assertEqual(self.client.get(url).status_code, 404)
        page = self.client.get(
            reverse("statistics_public:indicator", args=[self.structure.slug, self.public.pk])
        )
        self.assertEqual(page.status_code, 200)
        # A public indicator under another structure's address does not exist either.
        wrong = reverse(
            "statistics_public:indicator", args=[self.other_structure.slug, self.public.pk]
        )
        self.assertEqual(self.client.get(wrong).status_code, 404)

    def test_it_hides_internal_indicators_from_other_structures(self) -> None:
        self.login(self.other_coordinator)
        url = reverse("statistics:indicator", args=[self.internal.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        listing = self.client.get(reverse("statistics:indicator_list", args=[self.structure.slug]))
        self.assertNotContains(listing, self.internal.name)
        self.assertContains(listing, self.public.name)
        self.assertNotContains(listing, "Ny indikator")
        csv = reverse("statistics:chart_csv", args=[self.internal.pk, "serie"])
        self.assertEqual(self.client.get(csv).status_code, 404)

    def test_members_of_the_structure_read_internal_ones_but_change_nothing(self) -> None:
        self.login(self.member_user)
        page = self.client.get(reverse("statistics:indicator", args=[self.internal.pk]))
        self.assertContains(page, self.internal.name)
        self.assertNotContains(page, "Importera filen")
        response = self.client.post(
            reverse("statistics:values_enter", args=[self.internal.pk]),
            {"principal": "2480", "period": "2024", "value": "1"},
        )
        self.assertEqual(response.status_code, 403)
        created = self.client.post(
            reverse("statistics:indicator_list", args=[self.structure.slug]), {"name": "X"}
        )
        self.assertEqual(created.status_code, 404)
        self.assertEqual(IndicatorValue.objects.count(), 1)

    def test_anonymous_visitors_are_sent_to_log_in_for_working_pages(self) -> None:
        response = self.client.get(reverse("statistics:indicator", args=[self.public.pk]))
        self.assertEqual(response.status_code, 302)

    def test_the_coordinator_defines_an_indicator(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("statistics:indicator_list", args=[self.structure.slug]),
            {
                "name": "Uppföljda SIP",
                "unit": "antal",
                "source": "manual",
                "level": "municipality",
                "period_kind": "term",
            },
        )
        self.assertEqual(response.status_code, 302)
        duplicate = self.client.post(
            reverse("statistics:indicator_list", args=[self.structure.slug]),
            {
                "name": "uppföljda sip",
                "source": "kolada",
                "level": "municipality",
                "period_kind": "term",
            },
        )
        self.assertContains(duplicate, "redan en indikator med det namnet")
        self.assertContains(duplicate, "Koladas nyckeltals-id")
