"""A structure's iCal feed stays bounded at national scale: the nearest meetings of its
window (`STRUCTURE_FEED_PAST` begun, `STRUCTURE_FEED_AHEAD` to come), the same queries with
a few meetings and with hundreds; a body's own feed keeps its whole window."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.lib.localtime import local, local_today
from samverkan.meetings.calendar import STRUCTURE_FEED_AHEAD, STRUCTURE_FEED_PAST
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.meetings.tests.test_calendar import events
from samverkan.structure.models import Body
from samverkan.testing.base import BaseTestCase


def meetings(body: Body, first: datetime.date, count: int, *, past: bool, name: str) -> None:
    Meeting.objects.bulk_create(
        Meeting(
            body=body,
            title=f"{name} {n}",
            starts_at=local(first + datetime.timedelta(days=n // 4), 9 + n % 4),
            ends_at=local(first + datetime.timedelta(days=n // 4), 10 + n % 4),
            status=MeetingStatus.HELD if past else MeetingStatus.PLANNED,
        )
        for n in range(count)
    )


class StructureFeedScaleTests(BaseTestCase):
    url = reverse("meetings_public:structure_ics", args=["vasterbotten"])

    def feed(self) -> tuple[int, bytes]:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return len(captured), response.content

    def test_the_feed_holds_the_nearest_meetings_with_the_same_queries(self) -> None:
        tomorrow = local_today() + datetime.timedelta(days=1)
        meetings(self.body, tomorrow, 3, past=False, name="Snart")
        meetings(self.au, local_today() - datetime.timedelta(days=30), 2, past=True, name="Nyss")
        few, small = self.feed()
        self.assertEqual(len(events(small)), 5)
        meetings(
            self.au, local_today() - datetime.timedelta(days=80), 200, past=True, name="Hållet"
        )
        meetings(self.body, tomorrow + datetime.timedelta(days=1), 400, past=False, name="Planerat")
        queries, large = self.feed()
        self.assertEqual(queries, few)
        self.assertEqual(len(events(large)), STRUCTURE_FEED_PAST + STRUCTURE_FEED_AHEAD)
        self.assertLess(len(large), 150 * 1024)
        text = large.decode()
        self.assertIn("Snart 2", text)  # the nearest to come
        self.assertIn("Nyss 1", text)  # the latest begun
        self.assertIn("Hållet 199", text)
        self.assertNotIn("Hållet 100", text)  # 40 begun at most: the older are left out
        self.assertNotIn("Planerat 399", text)
        # The body's own feed keeps its whole window.
        body_feed = self.client.get(
            reverse("meetings_public:body_ics", args=["vasterbotten", "lsg"])
        )
        self.assertIn(b"Planerat 399", body_feed.content)
