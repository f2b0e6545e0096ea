"""The search page's group filter lists only the chosen structure's groups, so that the page
does not grow with the number of groups in the installation."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.search.tests.test_search import add_entry
from samverkan.structure.models import Body
from samverkan.testing.base import BaseTestCase


class SearchBodyFilterTests(BaseTestCase):
    def add_bodies(self, count: int, start: int = 0) -> None:
        Body.objects.bulk_create(
            Body(
                structure=self.other_structure,
                key=f"grupp-{i}",
                name=f"Blekingegrupp {i}",
                kind=self.other_body.kind,
                level=self.other_body.level,
                mandate=self.other_body.mandate,
            )
            for i in range(start, start + count)
        )

    def test_it_lists_no_groups_until_a_structure_is_chosen(self) -> None:
        response = self.client.get(reverse("search:search"))
        self.assertContains(response, '<option value="" selected>Alla grupper</option>', html=True)
        self.assertNotContains(response, "Länssamverkansgruppen")
        self.assertNotContains(response, self.other_body.name)
        self.assertContains(response, "Välj en struktur för att se dess grupper.")

    def test_it_lists_the_chosen_structures_groups_only(self) -> None:
        response = self.client.get(reverse("search:search"), {"structure": self.structure.pk})
        self.assertContains(response, ">Länssamverkansgruppen</option>")
        self.assertNotContains(response, f">{self.other_body.name}</option>")

    def test_it_reloads_the_groups_when_the_structure_changes(self) -> None:
        url = reverse("search:body_options")
        page = self.client.get(reverse("search:search"))
        self.assertContains(page, f'data-hx-get="{url}"')
        self.assertContains(page, 'data-hx-target="#id_body"')
        options = self.client.get(url, {"structure": self.other_structure.pk})
        self.assertContains(options, f">{self.other_body.name}</option>")
        self.assertNotContains(options, "Länssamverkansgruppen")
        self.assertContains(options, '<option value="">Alla grupper</option>', html=True)
        for asked in ["", "x", "-1", "99999999999999999999999"]:
            with self.subTest(asked=asked):
                none = self.client.get(url, {"structure": asked})
                self.assertEqual(none.content.decode().count("<option"), 1)

    def test_an_address_with_a_group_but_no_structure_still_filters_by_the_group(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body, title="LSG")
        add_entry(source_id=2, structure=self.structure, body=self.au, title="AU")
        response = self.client.get(
            reverse("search:search"), {"q": "samverkansavtal", "body": str(self.au.pk)}
        )
        self.assertContains(response, "1 träff för")
        self.assertContains(response, f'<option value="{self.au.pk}" selected>', html=False)

    def test_the_page_takes_the_same_queries_and_size_with_more_groups_elsewhere(self) -> None:
        url = reverse("search:search") + "?q=samverkansavtal&structure=" + str(self.structure.pk)
        add_entry(source_id=1, structure=self.structure, body=self.body)
        self.add_bodies(2)
        empty = reverse("search:search")
        with CaptureQueriesContext(connection) as few:
            small = self.client.get(url)
        queries = len(few)  # read now: the next request resets the connection's query log
        small_empty = self.client.get(empty)
        self.add_bodies(100, start=2)
        with self.assertNumQueries(queries):
            large = self.client.get(url)
        self.assertEqual(len(small.content), len(large.content))
        self.assertEqual(len(small_empty.content), len(self.client.get(empty).content))
        self.assertNotContains(large, "Blekingegrupp")
