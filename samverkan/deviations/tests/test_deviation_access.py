"""Who sees what: details only to the reporter, the two principals' handlers and the
coordinators; aggregates to body members; the reporting page to anyone with the link."""

from __future__ import annotations

from django.urls import reverse

from samverkan.deviations import services
from samverkan.deviations.models import Deviation
from samverkan.deviations.tests.base import PERSONNUMMER, RANDOM_DIGITS, DeviationTestCase


class DetailTests(DeviationTestCase):
    def test_it_shows_details_only_to_the_reporter_handlers_and_coordinators(self) -> None:
        deviation = self.report()
        url = reverse("deviations:deviation", args=[deviation.pk])
        for user in (self.nurse, self.region_handler, self.umea_handler, self.coordinator):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertContains(self.client.get(url), "utan läkemedelslista")
        # A body member, another structure's coordinator and a stranger do not learn it exists.
        for user in (self.member_user, self.other_coordinator, self.stranger):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)

    def test_the_list_holds_only_what_the_viewer_may_read(self) -> None:
        mine = self.report()
        other = self.report(by=self.coordinator, reporting_principal=self.skelleftea)
        url = reverse("deviations:list", args=[self.structure.slug])
        self.client.force_login(self.nurse)
        page = self.client.get(url)
        self.assertContains(page, reverse("deviations:deviation", args=[mine.pk]))
        self.assertContains(page, reverse("deviations:deviation", args=[other.pk]), count=0)
        # The region's handler is concerned by both.
        self.client.force_login(self.region_handler)
        page = self.client.get(url)
        self.assertContains(page, reverse("deviations:deviation", args=[other.pk]))

    def test_only_the_concerned_handler_or_a_coordinator_answers(self) -> None:
        deviation = self.report()
        url = reverse("deviations:answer", args=[deviation.pk])
        data = {"lock_version": deviation.lock_version, "investigation": "a", "measures": "b"}
        self.client.force_login(self.umea_handler)
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.client.force_login(self.region_handler)
        self.assertContains(
            self.client.get(reverse("deviations:deviation", args=[deviation.pk])),
            "Besvara avvikelsen",
        )
        self.assertRedirects(
            self.client.post(url, data), reverse("deviations:deviation", args=[deviation.pk])
        )
        self.assertEqual(Deviation.objects.get().status, "answered")


class SummaryTests(DeviationTestCase):
    def test_body_members_see_aggregates_and_strangers_nothing(self) -> None:
        self.report()
        url = reverse("deviations:summary", args=[self.structure.slug])
        # Bo is a member of the follow-up body (LSG).
        self.client.force_login(self.member_user)
        page = self.client.get(url, {"grupp": self.body.pk})
        self.assertContains(page, "Utskrivning")
        self.assertContains(page, "<strong>1</strong> avvikelse,", html=False)
        self.assertNotContains(page, "utan läkemedelslista")
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.stranger)
        self.assertEqual(self.client.get(url, {"grupp": self.body.pk}).status_code, 404)
        self.client.force_login(self.member_user)
        self.assertEqual(self.client.get(url, {"grupp": self.au.pk}).status_code, 404)

    def test_members_count_in_whole_months_and_coordinators_by_the_day(self) -> None:
        self.report()  # reported 3 March 2026
        url = reverse("deviations:summary", args=[self.structure.slug])
        one_day: dict[str, str | int] = {
            "grupp": self.body.pk,
            "fran": "2026-03-04",
            "till": "2026-03-04",
        }
        self.client.force_login(self.member_user)
        page = self.client.get(url, one_day)
        # The day after the report still counts it: the month is the smallest period.
        self.assertContains(page, "<strong>1</strong> avvikelse,", html=False)
        self.assertContains(page, "från 1 mars 2026 till och med 31 mars 2026")
        self.assertContains(page, "Perioden räknas i hela månader")
        api = self.client.get(
            "/api/v1/deviations/summary",
            {"body": str(self.body.pk), "from": "2026-03-04", "to": "2026-03-04"},
        ).json()
        self.assertEqual((api["period_from"], api["period_to"]), ("2026-03-01", "2026-03-31"))
        self.assertEqual(api["total"], 1)
        self.client.force_login(self.coordinator)
        page = self.client.get(url, one_day)
        self.assertContains(page, "<strong>0</strong> avvikelser,", html=False)
        self.assertNotContains(page, "Perioden räknas i hela månader")

    def test_the_filter_form_gets_only_the_tables_through_htmx(self) -> None:
        self.report()
        self.client.force_login(self.coordinator)
        url = reverse("deviations:summary", args=[self.structure.slug])
        part = self.client.get(url, {"fran": "2026-03-01"}, headers={"HX-Request": "true"})
        self.assertContains(part, 'id="sammanstallningen"')
        self.assertNotContains(part, "<html")
        self.assertContains(part, "<strong>1</strong> avvikelse,", html=False)


class ReportingPageTests(DeviationTestCase):
    def form(self, description: str) -> dict[str, object]:
        return {
            "occurred_on": "2026-03-02",
            "reporting_principal": self.umea.pk,
            "reporting_unit": "Hemsjukvården",
            "concerned_principal": self.region.pk,
            "category": self.category.pk,
            "description": description,
            "contact_name": "Nora Sjö",
            "reporter_email": "nora@umea.example",
        }

    def test_anyone_with_the_link_reports_and_a_personnummer_is_refused(self) -> None:
        token = services.deviation_settings_of(self.structure).report_token
        url = reverse("deviations_public:report", args=[token])
        self.assertContains(self.client.get(url), "Rapportera en avvikelse i samverkan")
        refused = self.client.post(url, self.form(f"Patient {PERSONNUMMER} fick ingen lista."))
        self.assertContains(refused, "Beskrivning innehåller ett personnummer", status_code=200)
        self.assertEqual(Deviation.objects.count(), 0)
        done = self.client.post(url, self.form(f"Remiss {RANDOM_DIGITS} kom inte fram."))
        self.assertContains(done, "Tack, avvikelsen är rapporterad")
        self.assertEqual(Deviation.objects.get().reporter_email, "nora@umea.example")
        # A new link ends the old one.
        services.report_link_regenerate(by=self.coordinator, structure=self.structure)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("deviations_public:report", args=["x"])).status_code, 404
        )

    def test_the_coordinator_sets_handlers_and_sees_the_link(self) -> None:
        url = reverse("deviations:settings", args=[self.structure.slug])
        self.client.force_login(self.coordinator)
        page = self.client.get(url)
        token = services.deviation_settings_of(self.structure).report_token
        self.assertContains(page, token)
        response = self.client.post(
            url,
            {
                "action": "handler",
                "principal": self.skelleftea.pk,
                "username": self.stranger.username,
            },
        )
        self.assertRedirects(response, url)
        self.client.force_login(self.member_user)
        self.assertEqual(self.client.get(url).status_code, 403)
