"""Calendar pages and feeds cover a window, so that they do not grow with every planned or
past year: a page shows two months (a structure) or twelve (a body) and pages with `?fran=`;
a feed holds 90 days back and a year ahead."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.lib.localtime import local, local_today
from samverkan.meetings.calendar import add_months, calendar_feed_renew, page_window
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.meetings.tests.test_calendar import events, plan, soon
from samverkan.structure.models import Body
from samverkan.testing.base import BaseTestCase


def held(body: Body, day: datetime.date, title: str) -> Meeting:
    """A meeting in the past (services refuse to plan one), made directly."""
    return Meeting.objects.create(
        body=body,
        title=title,
        starts_at=local(day, 13),
        ends_at=local(day, 15),
        status=MeetingStatus.HELD,
    )


class CalendarPageWindowTests(BaseTestCase):
    def setUp(self) -> None:
        self.structure_url = reverse(
            "meetings_public:public_structure_calendar", args=["vasterbotten"]
        )
        self.body_url = reverse(
            "meetings_public:public_body_calendar", args=["vasterbotten", "lsg"]
        )

    def test_the_structure_page_shows_two_months_and_pages_to_later_and_older_meetings(
        self,
    ) -> None:
        plan(self.body, soon(10), title="Snart möte")
        plan(self.body, soon(100), title="Möte om tre månader")
        held(self.body, local_today() - datetime.timedelta(days=30), title="Förra månadens möte")

        response = self.client.get(self.structure_url)
        self.assertContains(response, "Kommande möten i Samverkan Västerbotten")
        self.assertContains(response, "Snart möte")
        self.assertNotContains(response, "Möte om tre månader")
        self.assertNotContains(response, "Förra månadens möte")
        end = add_months(local_today(), 2)
        self.assertContains(response, f'href="?fran={end.isoformat()}">Visa senare möten</a>')
        older = add_months(local_today(), -2)
        self.assertContains(response, f'href="?fran={older.isoformat()}">Visa äldre möten</a>')

        later = self.client.get(self.structure_url, {"fran": end.isoformat()})
        self.assertContains(later, "Möte om tre månader")
        self.assertNotContains(later, "Snart möte")
        self.assertContains(later, "<h1>Möten i Samverkan Västerbotten</h1>", html=True)
        self.assertContains(later, 'href="?">Visa kommande möten</a>')

        earlier = self.client.get(self.structure_url, {"fran": older.isoformat()})
        self.assertContains(earlier, "Förra månadens möte")
        self.assertNotContains(earlier, "Möte om tre månader")

    def test_the_body_page_shows_a_year_ahead_and_the_rest_on_request(self) -> None:
        plan(self.body, soon(300), title="Om tio månader")
        plan(self.body, soon(400), title="Om drygt ett år")
        response = self.client.get(self.body_url)
        self.assertContains(response, "Om tio månader")
        self.assertNotContains(response, "Om drygt ett år")
        later = self.client.get(self.body_url, {"fran": add_months(local_today(), 12).isoformat()})
        self.assertContains(later, "Om drygt ett år")

    def test_it_reads_an_unreadable_day_as_today(self) -> None:
        plan(self.body, soon(10), title="Snart möte")
        for asked in ["igår", "2026-13-01", "99999-01-01", "0001-01-01x", ""]:
            with self.subTest(asked=asked):
                response = self.client.get(self.body_url, {"fran": asked})
                self.assertContains(response, "Kommande möten i Länssamverkansgruppen")
                self.assertContains(response, "Snart möte")
        far_back = self.client.get(self.body_url, {"fran": "1900-01-01"})
        self.assertEqual(far_back.status_code, 200)
        self.assertContains(far_back, "Inga möten under den här tiden för Länssamverkansgruppen.")
        self.assertNotContains(far_back, "Visa äldre möten")

    def test_the_window_ends_on_the_same_day_months_later(self) -> None:
        self.assertEqual(add_months(datetime.date(2026, 1, 31), 1), datetime.date(2026, 2, 28))
        self.assertEqual(add_months(datetime.date(2026, 11, 15), 2), datetime.date(2027, 1, 15))
        self.assertEqual(add_months(datetime.date(2026, 1, 15), -2), datetime.date(2025, 11, 15))
        window = page_window("2026-03-01", months=2)
        self.assertEqual(
            (window.first, window.last), (datetime.date(2026, 3, 1), datetime.date(2026, 4, 30))
        )

    def test_an_older_window_takes_the_same_queries_with_more_meetings(self) -> None:
        first = local_today() - datetime.timedelta(days=50)
        url = self.structure_url + "?fran=" + add_months(local_today(), -2).isoformat()

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(ctx.captured_queries)

        for i in range(2):
            held(self.body, first + datetime.timedelta(days=i), f"Möte {i}")
        few = count()
        for i in range(2, 25):
            held(self.au, first + datetime.timedelta(days=i), f"Möte {i}")
        self.assertEqual(count(), few)
        self.assertContains(self.client.get(url), "Möte 24")


class FeedWindowTests(BaseTestCase):
    def test_feeds_hold_ninety_days_back_and_a_year_ahead(self) -> None:
        inside = [
            held(self.body, local_today() - datetime.timedelta(days=60), "Nyss"),
            plan(self.body, soon(300), title="Om tio månader"),
        ]
        outside = [
            held(self.body, local_today() - datetime.timedelta(days=120), "Förra halvåret"),
            plan(self.body, soon(400), title="Om drygt ett år"),
        ]
        for url in [
            reverse("meetings_public:body_ics", args=["vasterbotten", "lsg"]),
            reverse("meetings_public:structure_ics", args=["vasterbotten"]),
        ]:
            with self.subTest(url=url):
                uids = set(events(self.client.get(url).content))
                self.assertEqual(uids, {f"{m.uid}@samverkan" for m in inside})
        token = calendar_feed_renew(by=self.coordinator).token
        personal = events(
            self.client.get(reverse("meetings_public:personal_ics", args=[token])).content
        )
        self.assertNotIn(f"{outside[1].uid}@samverkan", personal)
        self.assertIn(f"{inside[1].uid}@samverkan", personal)

    def test_the_page_says_what_the_subscription_holds(self) -> None:
        response = self.client.get(
            reverse("meetings_public:public_body_calendar", args=["vasterbotten", "lsg"])
        )
        self.assertContains(response, "möten från de senaste 90 dagarna och ett år framåt")
