"""The organisation chart stays bounded at national scale: up to `INLINE` local groups it
shows every body as before; a structure with hundreds of local groups shows its county-level
bodies and one line per municipality, each opening that municipality's groups (a page of its
own, or the tree for htmx), and a search finds any group by name. Same queries either way."""

from __future__ import annotations

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.structure import orgchart
from samverkan.structure.models import Body
from samverkan.structure.tests.local_groups import CODES, ManyLocalGroups
from samverkan.testing.base import BaseTestCase, principal


class OrgChartScaleTests(ManyLocalGroups, BaseTestCase):
    url = reverse("public:structure", args=["vasterbotten"])

    def get(self, url: str, **kwargs: object) -> tuple[int, bytes]:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url, **kwargs)  # type: ignore[arg-type]
        self.assertEqual(response.status_code, 200)
        return len(captured), response.content

    def test_a_small_structure_shows_every_group_in_the_tree(self) -> None:
        self.add_local_groups(2)
        queries, content = self.get(self.url)
        page = content.decode()
        self.assertIn("Arbetsgrupp 2 Umeå kommun", page)
        self.assertIn("Länssamverkansgruppens AU", page)
        self.assertNotIn("Lokala grupper per kommun", page)
        self.assertLessEqual(queries, 12)

    def test_a_large_structure_shows_municipalities_with_the_same_queries(self) -> None:
        self.add_local_groups(2)
        small, _ = self.get(self.url)
        # 6 municipalities × 50 = 300 local groups: more than the chart shows inline.
        self.add_local_groups(48, start=2)
        self.assertGreater(Body.objects.filter(structure=self.structure).count(), 300)
        with self.assertNumQueries(small):
            response = self.client.get(self.url)
        page = response.content.decode()
        self.assertLess(len(response.content), 150 * 1024)
        self.assertIn("Länssamverkansgruppens AU", page)  # the county level as before
        self.assertIn("Lokala grupper per kommun", page)
        self.assertNotIn("Arbetsgrupp 17 Umeå kommun", page)
        self.assertIn("Umeå kommun", page)
        self.assertIn("50 grupper", page)
        municipality = reverse(
            "public:structure_municipality", args=["vasterbotten", principal("2480").slug]
        )
        self.assertIn(f'href="{municipality}"', page)
        self.assertIn(f'data-hx-get="{municipality}"', page)

    def test_it_collapses_only_past_inline_local_groups(self) -> None:
        self.add_local_groups(2)
        local = Body.objects.filter(structure=self.structure, municipality__isnull=False).count()
        with mock.patch.object(orgchart, "INLINE", local):
            _, exactly = self.get(self.url)
        with mock.patch.object(orgchart, "INLINE", local - 1):
            _, one_more = self.get(self.url)
        self.assertIn(b"Arbetsgrupp 2 Ume", exactly)
        self.assertNotIn(b"Lokala grupper per kommun", exactly)
        self.assertNotIn(b"Arbetsgrupp 2 Ume", one_more)
        self.assertIn(b"Lokala grupper per kommun", one_more)

    def test_a_municipality_page_shows_its_groups_and_their_commissioner(self) -> None:
        self.add_local_groups(orgchart.INLINE // len(CODES) + 1)
        umea = principal("2480")
        url = reverse("public:structure_municipality", args=["vasterbotten", umea.slug])
        small, _ = self.get(url)
        self.add_local_groups(20, start=orgchart.INLINE // len(CODES) + 1)
        with self.assertNumQueries(small):
            response = self.client.get(url)
        page = response.content.decode()
        self.assertIn("grupper i Umeå kommun", page)
        self.assertIn("Arbetsgrupp 30 Umeå kommun", page)
        self.assertNotIn("Skellefteå", page.split("<main")[1].split("</main>")[0])
        self.assertIn("uppdrag från", page)
        self.assertIn(reverse("public:body", args=["vasterbotten", "lsg"]), page)
        # For htmx, the tree alone (no page around it), and caches keep the two apart.
        part = self.client.get(url, headers={"HX-Request": "true"})
        self.assertNotIn(b"<html", part.content)
        self.assertIn(b"Arbetsgrupp 30 Ume", part.content)
        self.assertIn("HX-Request", part["Vary"])

    def test_a_municipality_without_groups_is_not_found(self) -> None:
        url = reverse("public:structure_municipality", args=["vasterbotten", "no-such-place"])
        self.assertEqual(self.client.get(url).status_code, 404)
        empty = reverse(
            "public:structure_municipality", args=["vasterbotten", principal("2480").slug]
        )
        self.assertEqual(self.client.get(empty).status_code, 404)

    def test_the_search_finds_a_group_by_its_name_or_municipality(self) -> None:
        self.add_local_groups(30)
        response = self.client.get(self.url, {"q": "arbetsgrupp 7 umeå"})
        self.assertContains(response, "Arbetsgrupp 7 Umeå kommun")
        self.assertNotContains(response, "Arbetsgrupp 7 Skellefteå kommun")
        many = self.client.get(self.url, {"q": "arbetsgrupp"})
        self.assertContains(many, f"Visar de {orgchart.FOUND} första")
        none = self.client.get(self.url, {"q": "finnsinte"})
        self.assertContains(none, "Ingen grupp i Samverkan Västerbotten matchar")


class BodyChildrenScaleTests(ManyLocalGroups, BaseTestCase):
    """A county group's page names the first groups it commissions, not hundreds."""

    url = reverse("public:body", args=["vasterbotten", "lsg"])

    def test_it_names_the_first_groups_and_leads_to_the_chart_with_the_same_queries(self) -> None:
        self.add_local_groups(1)
        with CaptureQueriesContext(connection) as small:
            page = self.client.get(self.url).content.decode()
        self.assertIn("Arbetsgrupp 1 Umeå kommun", page)
        self.assertNotIn("Här visas de första", page)
        self.add_local_groups(49, start=1)  # 300 groups under the county group
        with self.assertNumQueries(len(small)):
            response = self.client.get(self.url)
        page = response.content.decode()
        self.assertIn("Här visas de första 40.", page)
        self.assertIn(f'href="{reverse("public:structure", args=["vasterbotten"])}"', page)
        self.assertEqual(page.count("Arbetsgrupp "), 40)
        self.assertLess(len(response.content), 60 * 1024)
