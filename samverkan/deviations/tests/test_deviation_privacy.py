"""The review's checks of patient identity and permission holes: the reporting page's own
address is scanned like every other text, and a PATCH changes only the report's texts, by
the reporter or a coordinator."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from samverkan.audit.models import Change
from samverkan.deviations import services
from samverkan.deviations.models import Deviation
from samverkan.deviations.tests.base import PERSONNUMMER, DeviationTestCase


class ReporterAddressTests(DeviationTestCase):
    def test_it_refuses_a_personnummer_in_the_reporters_address_on_the_reporting_page(
        self,
    ) -> None:
        token = services.deviation_settings_of(self.structure).report_token
        url = reverse("deviations_public:report", args=[token])
        changes = Change.objects.count()
        refused = self.client.post(
            url,
            {
                "occurred_on": "2026-03-02",
                "reporting_principal": self.umea.pk,
                "reporting_unit": "Hemsjukvården",
                "concerned_principal": self.region.pk,
                "category": self.category.pk,
                "description": "Utskriven utan läkemedelslista.",
                "contact_name": "Nora Sjö",
                "reporter_email": f"{PERSONNUMMER}@umea.example",
            },
        )
        self.assertContains(refused, "Din e-postadress innehåller ett personnummer")
        self.assertEqual(Deviation.objects.count(), 0)
        self.assertEqual(Change.objects.count(), changes)
        self.assertEqual(mail.outbox, [])

    def test_it_names_a_personnummer_and_the_missing_fields_at_the_same_time(self) -> None:
        token = services.deviation_settings_of(self.structure).report_token
        refused = self.client.post(
            reverse("deviations_public:report", args=[token]),
            {
                "occurred_on": "2026-03-02",
                "reporting_principal": self.umea.pk,
                "concerned_principal": self.region.pk,
                "category": self.category.pk,
                "description": f"Patienten {PERSONNUMMER} skrevs ut utan läkemedelslista.",
                "reporter_email": "nora@umea.example",
            },
        )
        form = refused.context["form"]
        self.assertIn("personnummer", " ".join(form.errors["description"]))
        # The empty required fields are named in the same answer.
        self.assertIn("reporting_unit", form.errors)
        self.assertIn("contact_name", form.errors)
        self.assertContains(refused, "Avvikelsen innehåller patientens identitet")
        self.assertEqual(Deviation.objects.count(), 0)

    def test_it_shows_the_handler_how_to_reach_a_reporter_from_the_reporting_page(self) -> None:
        token = services.deviation_settings_of(self.structure).report_token
        self.client.post(
            reverse("deviations_public:report", args=[token]),
            {
                "occurred_on": "2026-03-02",
                "reporting_principal": self.umea.pk,
                "reporting_unit": "Hemsjukvården",
                "concerned_principal": self.region.pk,
                "category": self.category.pk,
                "description": "Utskriven utan läkemedelslista.",
                "contact_name": "Nora Sjö",
                "reporter_email": "nora.sjo@umea.example",
            },
        )
        deviation = Deviation.objects.get()
        self.client.force_login(self.region_handler)
        page = self.client.get(reverse("deviations:deviation", args=[deviation.pk]))
        self.assertContains(page, "mailto:nora.sjo@umea.example")


class PatchTests(DeviationTestCase):
    def test_it_lets_no_patch_change_the_status_or_the_answer(self) -> None:
        deviation = self.report()
        path = f"/deviations/{deviation.pk}"
        version = {"lock_version": deviation.lock_version}
        for field, value in (("status", "closed"), ("investigation", "x"), ("answer_due", "")):
            with self.subTest(field=field):
                response = self.call("patch", path, {**version, field: value}, user=self.nurse)
                self.assertError(response, 400, field=field)
        # The reporting principal's handler reads it but changes nothing; others never see it.
        self.assertError(
            self.call("patch", path, {**version, "description": "x"}, user=self.umea_handler),
            403,
        )
        self.assertError(
            self.call("patch", path, {**version, "description": "x"}, user=self.region_handler),
            403,
        )
        self.assertError(
            self.call("patch", path, {**version, "description": "x"}, user=self.stranger), 404
        )
        found = Deviation.objects.get()
        self.assertEqual(found.status, "received")
        self.assertEqual(found.lock_version, deviation.lock_version)
        self.assertIn("läkemedelslista", found.description)
