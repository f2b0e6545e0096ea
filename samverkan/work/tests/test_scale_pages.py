"""The structure's and a body's working pages stay bounded at national scale: the same
queries with a handful of bodies and with 300, the groups per municipality in a large
structure, and the selects of bodies (commissioner, reporting, roles, escalation) listing the
nearby bodies with every body on request."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.structure.models import Body, Charter, ReportingDuty
from samverkan.structure.tests.local_groups import ManyLocalGroups
from samverkan.testing.base import BaseTestCase, principal
from samverkan.work.forms.bodies import LISTED


class WorkingPagesScaleTests(ManyLocalGroups, BaseTestCase):
    structure_url = reverse("work:structure", args=["vasterbotten"])
    body_url = reverse("work:body", args=["vasterbotten", "lsg"])

    def setUp(self) -> None:
        self.login(self.coordinator)

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_the_structure_page_takes_the_same_queries_and_lists_municipalities(self) -> None:
        self.add_local_groups(2)
        small = self.count(self.structure_url)
        page = self.client.get(self.structure_url).content.decode()
        self.assertIn("Arbetsgrupp 2 Umeå kommun", page)  # a small structure: every group
        self.assertNotIn("Visa alla grupper i listan", page)
        self.add_local_groups(48, start=2)
        with self.assertNumQueries(small):
            response = self.client.get(self.structure_url)
        page = response.content.decode()
        self.assertLess(len(response.content), 150 * 1024)
        self.assertIn("Lokala grupper per kommun", page)
        self.assertNotIn("Arbetsgrupp 30 Umeå kommun", page)
        umea = reverse("work:structure_municipality", args=["vasterbotten", principal("2480").slug])
        self.assertIn(f'href="{umea}"', page)
        # The new body's commissioner: the county level, every body on request.
        self.assertIn("Visa alla grupper i listan", page)
        every = self.client.get(self.structure_url, {"grupper": "alla"})
        self.assertContains(every, "Arbetsgrupp 30 Umeå kommun")
        municipality = self.client.get(umea)
        self.assertContains(municipality, "Arbetsgrupp 30 Umeå kommun")
        self.assertContains(
            municipality, reverse("work:body", args=["vasterbotten", "grupp-2480-29"])
        )
        self.assertNotContains(municipality, "Skellefteå kommun</a>")
        part = self.client.get(umea, headers={"HX-Request": "true"})
        self.assertNotIn(b"<html", part.content)

    def test_the_municipality_page_is_for_the_structure_s_editors(self) -> None:
        self.add_local_groups(1)
        umea = reverse("work:structure_municipality", args=["vasterbotten", principal("2480").slug])
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(umea).status_code, 403)

    def test_the_body_page_takes_the_same_queries_and_lists_nearby_bodies(self) -> None:
        charter = Charter.objects.get(pk=self.charter.pk)
        self.add_local_groups(2)
        far = Body.objects.get(key="grupp-2482-1")
        ReportingDuty.objects.create(charter=charter, to_body=far, frequency="yearly")
        links_url = reverse("work:body_links", args=["vasterbotten", "lsg"])
        small = self.count(self.body_url)
        small_links = self.count(links_url)
        self.assertLessEqual(small, 12)
        self.assertLessEqual(small_links, 12)
        self.add_local_groups(48, start=2)
        self.assertGreater(Body.objects.filter(structure=self.structure).count(), LISTED)
        with self.assertNumQueries(small):
            response = self.client.get(self.body_url)
        page = response.content.decode()
        self.assertLess(len(response.content), 150 * 1024)
        self.assertIn("Samråd vård och omsorg", page)  # the county level
        self.assertNotIn("Arbetsgrupp 30 Umeå kommun", page)
        self.assertIn("Visa alla grupper i listorna", page)
        with self.assertNumQueries(small_links):
            links = self.client.get(links_url, headers={"HX-Request": "true"})
        self.assertContains(links, far.name)  # a current choice stays listed
        self.assertNotContains(links, "Arbetsgrupp 30 Umeå kommun")
        self.assertContains(links, "Visa alla grupper i listorna")
        every = self.client.get(self.body_url, {"grupper": "alla"})
        self.assertContains(every, "Arbetsgrupp 30 Umeå kommun")
        self.assertContains(every, f'data-hx-get="{links_url}?grupper=alla"')
        self.assertContains(
            self.client.get(links_url, {"grupper": "alla"}), "Arbetsgrupp 30 Umeå kommun"
        )
        # A local group's page lists its own municipality's groups.
        local = self.client.get(reverse("work:body", args=["vasterbotten", "grupp-2480-3"]))
        self.assertContains(local, "Arbetsgrupp 30 Umeå kommun")
        self.assertNotContains(local, "Arbetsgrupp 30 Skellefteå kommun")

    def test_the_body_page_takes_as_many_queries_with_a_charter_and_members_as_without(
        self,
    ) -> None:
        """A body with a charter, composition, per-principal seats, standing items and members
        against a new body with none of it: the same queries, at most 12."""
        full = self.count(self.body_url)
        empty = Body.objects.create(structure=self.structure, key="ny", name="Ny grupp")
        bare = self.count(reverse("work:body", args=["vasterbotten", empty.key]))
        self.assertEqual(full, bare)
        self.assertLessEqual(full, 12)
        self.assertTrue(self.charter.composition.filter(per_principal=True).exists())
        self.assertTrue(self.charter.standing_items.exists())

    def test_the_reporting_section_is_checked_as_the_body_page(self) -> None:
        links_url = reverse("work:body_links", args=["vasterbotten", "lsg"])
        page = self.client.get(links_url)  # without JavaScript: a page of its own
        self.assertContains(page, "<html")
        self.assertContains(page, "Spara rapporteringen")
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(links_url).status_code, 403)
        self.assertEqual(self.client.get(self.body_url).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(links_url).status_code, 302)  # to the login

    def test_a_refused_reporting_shows_the_section_in_the_page(self) -> None:
        response = self.client.post(
            reverse("work:charter_reporting", args=["vasterbotten", "lsg"]),
            {
                "lock_version": "1",
                "reporting-TOTAL_FORMS": "1",
                "reporting-INITIAL_FORMS": "0",
                "reporting-0-to_body": "999999",
                "reporting-0-frequency": "yearly",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Spara rapporteringen")
        self.assertContains(response, "Spara rollerna")
        self.assertContains(response, "Lägg till ledamot eller funktion")

    def test_a_body_from_the_long_list_is_accepted(self) -> None:
        self.add_local_groups(30)
        far = Body.objects.get(key="grupp-2482-20")
        response = self.client.post(
            reverse("work:charter_reporting", args=["vasterbotten", "lsg"]),
            {
                "lock_version": str(Charter.objects.get(pk=self.charter.pk).lock_version),
                "reporting-TOTAL_FORMS": "1",
                "reporting-INITIAL_FORMS": "0",
                "reporting-0-to_body": str(far.pk),
                "reporting-0-frequency": "yearly",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ReportingDuty.objects.filter(charter=self.charter, to_body=far).exists())
