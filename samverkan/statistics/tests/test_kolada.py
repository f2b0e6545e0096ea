"""The Kolada client against recorded v3 answers served on 127.0.0.1: every page is read
and the totals stored; a failed or malformed answer stores nothing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from samverkan.lib.errors import DomainError
from samverkan.schedule import collect
from samverkan.statistics import kolada, services
from samverkan.statistics.models import IndicatorValue, ValueSource
from samverkan.statistics.tests.base import StatisticsData, recorded_kolada

YEARS = [2022, 2023, 2024]


def stored_values() -> list[tuple[str, int, Decimal, str]]:
    return sorted(
        (v.principal.scb_code, v.period.year, v.value, v.source)
        for v in IndicatorValue.objects.select_related("principal")
    )


class KoladaTests(StatisticsData):
    def test_it_imports_the_recorded_responses_from_every_page(self) -> None:
        with recorded_kolada() as (base, paths), override_settings(KOLADA_BASE_URL=base):
            stored = services.fetch_from_kolada(
                indicator=self.kolada, by=self.coordinator, years=YEARS
            )
        self.assertEqual(len(paths), 2)
        self.assertTrue(paths[0].startswith("/v3/data/kpi/N20891/municipality/2480,2481,2482"))
        self.assertTrue(paths[0].endswith("/year/2022,2023,2024"))
        self.assertIn("page=2", paths[1])
        # The totals (gender T) only; Lycksele 2024 has no value in Kolada and gets none.
        self.assertEqual(stored.added, 7)
        k = ValueSource.KOLADA
        self.assertEqual(
            stored_values(),
            [
                ("2480", 2022, Decimal("13.4"), k),
                ("2480", 2023, Decimal("13.3"), k),
                ("2480", 2024, Decimal("13.1"), k),
                ("2481", 2022, Decimal("16.7"), k),
                ("2481", 2023, Decimal("17"), k),
                ("2482", 2022, Decimal("14.3"), k),
                ("2482", 2023, Decimal("14.4"), k),
            ],
        )
        self.kolada.refresh_from_db()
        self.assertIsNotNone(self.kolada.kolada_fetched_at)

    def test_it_fetches_again_without_duplicates(self) -> None:
        with recorded_kolada() as (base, _), override_settings(KOLADA_BASE_URL=base):
            services.fetch_from_kolada(indicator=self.kolada, by=None, years=YEARS)
            again = services.fetch_from_kolada(indicator=self.kolada, by=None, years=YEARS)
        self.assertEqual((again.added, again.changed), (0, 0))
        self.assertEqual(IndicatorValue.objects.count(), 7)

    def _fails(self, kpi: str, message: str) -> None:
        IndicatorValue.objects.create(
            indicator=self.kolada,
            principal=self.umea,
            period=datetime.date(2023, 1, 1),
            value=Decimal("1"),
            source=ValueSource.MANUAL,
            entered_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
        )
        before = stored_values()
        self.kolada.kolada_kpi = kpi
        self.kolada.save()
        with (
            recorded_kolada() as (base, _),
            override_settings(KOLADA_BASE_URL=base),
            self.assertRaises(DomainError) as caught,
        ):
            services.fetch_from_kolada(indicator=self.kolada, by=None, years=YEARS)
        self.assertIn(message, caught.exception.message)
        self.assertEqual(stored_values(), before)
        self.kolada.refresh_from_db()
        self.assertIsNone(self.kolada.kolada_fetched_at)

    def test_it_changes_nothing_when_kolada_answers_an_error(self) -> None:
        self._fails("N00000", "Kolada svarade 500")

    def test_it_changes_nothing_when_the_answer_is_not_json(self) -> None:
        self._fails("N11111", "inte är JSON")

    def test_it_changes_nothing_when_a_value_lacks_a_field(self) -> None:
        # The first entry is fine; the second lacks its period: neither is stored.
        self._fails("N99999", "Fältet period saknas")

    def test_it_changes_nothing_when_kolada_cannot_be_reached(self) -> None:
        with recorded_kolada() as (base, _):
            pass  # the server is closed again: nothing listens on the port
        with override_settings(KOLADA_BASE_URL=base), self.assertRaises(DomainError) as caught:
            services.fetch_from_kolada(indicator=self.kolada, by=None, years=YEARS)
        self.assertIn("Kolada kunde inte nås", caught.exception.message)
        self.assertEqual(IndicatorValue.objects.count(), 0)

    def test_it_gives_up_on_a_timeout(self) -> None:
        with (
            mock.patch("urllib.request.urlopen", side_effect=TimeoutError("timed out")),
            self.assertRaises(kolada.KoladaError),
        ):
            kolada.fetch_values("N20891", ["2480"], [2023])

    def test_it_never_follows_a_next_page_to_another_host(self) -> None:
        with (
            recorded_kolada() as (base, _),
            override_settings(KOLADA_BASE_URL=base.replace("127.0.0.1", "localhost")),
            self.assertRaises(kolada.KoladaError),
        ):
            kolada.fetch_values("N20891", ["2480"], [2023])

    def test_the_command_fetches_by_structure_and_years(self) -> None:
        out = io.StringIO()
        with recorded_kolada() as (base, paths), override_settings(KOLADA_BASE_URL=base):
            call_command(
                "fetch_kolada",
                "--structure",
                self.structure.slug,
                "--years",
                "2022-2024",
                stdout=out,
            )
        self.assertIn("7 nya och 0 ändrade värden", out.getvalue())
        self.assertTrue(paths[0].endswith("/year/2022,2023,2024"))
        with self.assertRaises(CommandError):
            call_command("fetch_kolada", "--years", "tjugo", stdout=io.StringIO())

    def test_the_page_fetches_and_shows_a_failure(self) -> None:
        self.login(self.coordinator)
        url = reverse("statistics:kolada_fetch", args=[self.kolada.pk])
        with recorded_kolada() as (base, _), override_settings(KOLADA_BASE_URL=base):
            self.assertEqual(self.client.post(url, {"years": "2022-2024"}).status_code, 302)
            self.kolada.kolada_kpi = "N00000"
            self.kolada.save()
            failed = self.client.post(url, {"years": "2022-2024"})
        self.assertContains(failed, "Kolada svarade 500", status_code=400)
        self.assertEqual(IndicatorValue.objects.count(), 7)

    def test_the_schedule_has_a_kolada_entry(self) -> None:
        names = [entry.name for entry in collect()]
        self.assertIn("fetch_kolada_values", " ".join(names))
