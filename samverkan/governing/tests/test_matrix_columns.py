"""The matrix page shows the implementing groups `MATRIX_COLUMNS` at a time: a county group's
documents are implemented by every local group (147 columns and 78 kB at national scale), so
the page has the same size and queries with 5 groups as with more than a page of them, and
the rest a link away; the summary counts them all."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.governing import services
from samverkan.governing.selectors import MATRIX_COLUMNS
from samverkan.governing.tests.base import GoverningTestCase, local_groups, make_document
from samverkan.structure.models import Body


class MatrixColumnsTests(GoverningTestCase):
    def test_the_columns_page_with_the_same_queries_and_the_summary_counts_all(self) -> None:
        county = Body.objects.create(
            structure=self.structure,
            key="lsg-aldras",
            name="Länssamverkansgrupp Att åldras",
            kind="county_group",
            level="regional",
            mandate="decides",
        )
        url = reverse("governing:matrix", args=[self.structure.slug, county.key])
        document = make_document(self.structure, None, "Riktlinje", commissioned_by=county)
        services.implementing_bodies_set(
            by=None, document=document, bodies=local_groups(county, 5, prefix="liten")
        )
        self.login(self.coordinator)

        def page(**params: str) -> tuple[int, str]:
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(url, params)
            self.assertEqual(response.status_code, 200)
            return len(captured), response.content.decode()

        few, small = page()
        self.assertNotIn("Nästa grupper", small)
        groups = local_groups(county, MATRIX_COLUMNS + 5, prefix="stor")
        services.implementing_bodies_set(by=None, document=document, bodies=groups)
        queries, first = page()
        self.assertEqual(queries, few)
        header = first.split("<thead>", 1)[1].split("</thead>", 1)[0]
        self.assertEqual(header.count('<th scope="col">'), MATRIX_COLUMNS + 1)  # and the title
        self.assertIn(f"Sammanlagt {MATRIX_COLUMNS + 5}:", first)
        self.assertIn('href="?sida=2">Nästa grupper</a>', first)
        queries, second = page(sida="2")
        self.assertEqual(queries, few)
        header = second.split("<thead>", 1)[1].split("</thead>", 1)[0]
        self.assertEqual(header.count('<th scope="col">'), 5 + 1)
        self.assertIn('href="?sida=1">Föregående grupper</a>', second)
        self.assertEqual(self.client.get(url, {"sida": "x"}).status_code, 200)
