"""A structure's calendar page shows a window's meetings `STRUCTURE_PAGE_SIZE` at a time, so
that it stays the same size however many groups the structure has: the same queries with a
few meetings and with more than a page, and the rest a link away (the window kept)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.lib.localtime import local_today
from samverkan.meetings.calendar import STRUCTURE_PAGE_SIZE, add_months
from samverkan.meetings.tests.test_structure_feed_scale import meetings
from samverkan.testing.base import BaseTestCase


class StructureCalendarPagingTests(BaseTestCase):
    url = reverse("meetings_public:public_structure_calendar", args=["vasterbotten"])

    def page(self, **params: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 200)
        return len(captured), response.content.decode()

    def test_it_shows_a_page_of_meetings_with_the_same_queries_and_links_to_the_next(
        self,
    ) -> None:
        tomorrow = local_today() + datetime.timedelta(days=1)
        meetings(self.body, tomorrow, 3, past=False, name="Snart")
        few, small = self.page()
        self.assertIn("Snart 2", small)
        self.assertNotIn("Nästa sida", small)

        meetings(
            self.au,
            tomorrow + datetime.timedelta(days=2),
            STRUCTURE_PAGE_SIZE,
            past=False,
            name="Sedan",
        )
        queries, first = self.page()
        self.assertEqual(queries, few)
        self.assertEqual(first.count('<th scope="row">'), STRUCTURE_PAGE_SIZE)
        self.assertIn("Snart 0", first)
        self.assertIn(f"Möten 1–{STRUCTURE_PAGE_SIZE} under den här tiden", first)
        self.assertIn('href="?sida=2">Nästa sida</a>', first)
        self.assertNotIn(f"Sedan {STRUCTURE_PAGE_SIZE - 1}<", first)

        queries, second = self.page(sida="2")
        self.assertEqual(queries, few)
        self.assertIn(f"Sedan {STRUCTURE_PAGE_SIZE - 1}<", second)
        self.assertNotIn("Snart 0<", second)
        self.assertIn('href="?sida=1">Föregående sida</a>', second)
        self.assertNotIn("Nästa sida", second)
        self.assertLess(len(first), 150 * 1024)

    def test_a_later_window_keeps_its_day_in_the_page_links(self) -> None:
        start = add_months(local_today(), 2)
        meetings(self.body, start, STRUCTURE_PAGE_SIZE + 1, past=False, name="Senare")
        _, content = self.page(fran=start.isoformat())
        self.assertIn(f'href="?fran={start.isoformat()}&amp;sida=2">Nästa sida</a>', content)
        _, last = self.page(fran=start.isoformat(), sida="2")
        self.assertIn(f"Senare {STRUCTURE_PAGE_SIZE}<", last)
        # An unreadable or far page is the first, or an empty one, never an error.
        for asked in ["x", "-3", "99999999"]:
            with self.subTest(asked=asked):
                self.assertEqual(self.client.get(self.url, {"sida": asked}).status_code, 200)

    def test_a_page_past_the_end_says_so_and_leads_to_the_first(self) -> None:
        tomorrow = local_today() + datetime.timedelta(days=1)
        meetings(self.body, tomorrow, 3, past=False, name="Snart")
        _, content = self.page(sida="9")
        self.assertIn("Sida 9 finns inte under den här tiden.", content)
        self.assertIn('<a href="?">Till första sidan</a>', content)
        self.assertNotIn("Inga kommande möten är planerade", content)
        self.assertNotIn("Föregående sida", content)
        start = add_months(local_today(), 2)
        _, later = self.page(fran=start.isoformat(), sida="4")
        self.assertIn(f'<a href="?fran={start.isoformat()}">Till första sidan</a>', later)
