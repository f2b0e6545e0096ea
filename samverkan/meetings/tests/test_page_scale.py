"""A meeting's working page and each of its lazy parts take the same queries, at most 12,
with a small installation and a larger one, and with little and much on the meeting: a
coming meeting seen by its chair (who prepares its agenda and calls it), a held meeting
with approved minutes seen by the secretary, and both seen by a coordinator.

The page puts a loader for each part that apps above meetings add (`meetings.panels`) and
for the meeting's events; htmx fetches them once the page has shown, each from its own
address, checked like the page.
"""

from __future__ import annotations

import datetime
import re

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.lib.localtime import local
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    Document,
    Meeting,
    Notice,
    NoticeRecipient,
)
from samverkan.meetings.services import meeting_create
from samverkan.meetings.tests.lazy_parts import get_with_parts, loader_urls
from samverkan.minutes.tests.base import MinutesTestCase, held_meeting
from samverkan.minutes.tests.test_bounded import closed_elsewhere
from samverkan.structure.choices import Convener
from samverkan.structure.models import Body, Charter, Membership, Person, Role
from samverkan.structure.tests.local_groups import ManyLocalGroups

LIMIT = 12
DAY = datetime.date.today() + datetime.timedelta(days=60)
# Agenda items whose titles call every panel that adds under items.
TITLES = [
    "Uppföljning avvikelser",
    "Uppföljning SIP och annan aktuell statistik",
    "Rapportering till länsamverkansgrupp",
    "Uppföljning av aktivitetsplanen",
    "Implementering av kunskapsstöd, avtal och riktlinjer",
]


class MeetingPageScaleTests(ManyLocalGroups, MinutesTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # The chair calls the meeting and prepares its agenda: the page's fullest form.
        Charter.objects.filter(pk=cls.charter.pk).update(
            convener=Convener.CHAIR, chair_owns_agenda=True
        )

    def setUp(self) -> None:
        self.published()
        self.coming = meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=None
        )
        self.add_items(self.coming, TITLES)
        AgendaItem.objects.create(
            meeting=self.coming,
            position=20,
            kind=AgendaItemKind.STANDING,
            title="Aktuella uppdrag från länsamverkansgrupp",
        )
        AgendaItem.objects.create(
            meeting=self.coming, position=21, kind=AgendaItemKind.CASE, title="Ärende"
        )
        self.grown = 0

    def add_items(self, meeting: Meeting, titles: list[str], *, start: int = 10) -> None:
        for n, title in enumerate(titles):
            AgendaItem.objects.create(
                meeting=meeting, position=start + n, kind=AgendaItemKind.INFORMATION, title=title
            )

    def grow(self, meeting: Meeting, times: int) -> None:
        """More of everything: bodies, people, meetings and minutes elsewhere and in the
        body's past, and more items, documents, people called and notices on `meeting`."""
        start = self.grown
        self.grown += times
        self.add_local_groups(times, start=start)
        closed_elsewhere(self.other_body, self.sara, times, start=start)
        closed_elsewhere(self.body, self.sara, times, start=400 + start)
        for n in range(start, start + times):
            person = Person.objects.create(key=f"p-{n}", first_name="Per", last_name=f"Son {n}")
            body = Body.objects.filter(parent=self.body).order_by("pk")[n]
            Membership.objects.create(
                body=body, person=person, role=Role.MEMBER, principal=self.umea
            )
            Membership.objects.create(
                body=self.body, person=person, role=Role.CO_OPTED, principal=self.umea
            )
            Attendance.objects.create(meeting=meeting, person=person, role=AttendanceRole.GUEST)
            held_meeting(body, datetime.date(2025, 2, 1) + datetime.timedelta(days=n))
            self.add_items(
                meeting, [f"Information {n}", *TITLES[n % 2 : n % 2 + 1]], start=100 + 2 * n
            )
            Document.objects.create(
                meeting=meeting,
                title=f"Handling {n}",
                file=f"handling-{n}.pdf",
                original_name=f"handling-{n}.pdf",
                content_type="application/pdf",
                size=100,
                sha256="0" * 64,
                public=bool(n % 2),
            )
            notice = Notice.objects.create(
                meeting=meeting, subject=f"Kallelse {n}", body="Välkomna"
            )
            NoticeRecipient.objects.create(
                notice=notice, person=person, name=person.full_name, email=f"p{n}@example.se"
            )

    def counts(self, user: User, meeting: Meeting) -> dict[str, int]:
        """The queries of the page and of each lazy part it loads, by address."""
        self.client.force_login(user)
        url = reverse("meetings:meeting", args=[meeting.pk])
        with CaptureQueriesContext(connection) as page:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        found = {url: len(page)}
        for part in loader_urls(response.content.decode()):
            with CaptureQueriesContext(connection) as queries:
                answer = self.client.get(part, headers={"HX-Request": "true"})
            self.assertEqual(answer.status_code, 200, part)
            found[part] = len(queries)
        return found

    def assert_bounded(self, user: User, meeting: Meeting, parts: set[str]) -> None:
        self.grow(meeting, 2)
        small = self.counts(user, meeting)
        names = {re.sub(r".*/del/([^/]+)/$", r"\1", url) for url in small}
        self.assertLessEqual(parts, names)
        self.grow(meeting, 12)
        self.assertEqual(self.counts(user, meeting), small)
        for url, count in small.items():
            self.assertLessEqual(count, LIMIT, url)

    def test_the_chair_s_coming_meeting(self) -> None:
        self.assert_bounded(
            self.chair_user,
            self.coming,
            {
                "minutes",
                "reminders",
                "assignments",
                "cases",
                "statistics",
                "deviations",
                "reports",
                "activity_plans",
                "governing",
            },
        )
        page = get_with_parts(self.client, reverse("meetings:meeting", args=[self.coming.pk]))
        self.assertContains(page, "Skicka avtalet till huvudmännen")  # an open action
        self.assertContains(page, "Lägg till punkt")

    def test_the_secretary_s_held_meeting_with_minutes(self) -> None:
        self.add_items(self.meeting, TITLES, start=30)
        self.assert_bounded(self.secretary_user, self.meeting, {"minutes", "cases"})
        page = get_with_parts(self.client, reverse("meetings:meeting", args=[self.meeting.pk]))
        self.assertContains(page, reverse("minutes:minutes", args=[self.meeting.minutes.get().pk]))

    def test_the_coordinator_s_coming_meeting(self) -> None:
        self.assert_bounded(self.coordinator, self.coming, {"minutes", "governing", "reports"})

    def test_the_coordinator_s_held_meeting(self) -> None:
        self.assert_bounded(self.coordinator, self.meeting, {"minutes", "cases"})

    def test_a_part_is_refused_like_the_page(self) -> None:
        url = reverse("meetings:meeting", args=[self.coming.pk])
        parts = [
            reverse("meetings:meeting_panel", args=[self.coming.pk, "minutes"]),
            reverse("meetings:meeting_events", args=[self.coming.pk]),
        ]
        self.client.force_login(self.other_coordinator)
        refused = self.client.get(url).status_code
        self.assertEqual(refused, 403)
        for part in parts:
            self.assertEqual(self.client.get(part).status_code, refused, part)
            self.assertEqual(
                self.client.get(part, headers={"HX-Request": "true"}).status_code, refused
            )
        missing = reverse("meetings:meeting_panel", args=[987654, "minutes"])
        self.assertEqual(self.client.get(missing).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(parts[0]).status_code, 302)
        self.client.force_login(self.chair_user)
        unknown = reverse("meetings:meeting_panel", args=[self.coming.pk, "ingen"])
        self.assertEqual(self.client.get(unknown).status_code, 404)

    def test_without_javascript_a_part_is_a_page_of_its_own(self) -> None:
        self.client.force_login(self.secretary_user)
        page = self.client.get(reverse("meetings:meeting", args=[self.meeting.pk]))
        minutes = reverse("meetings:meeting_panel", args=[self.meeting.pk, "minutes"])
        self.assertContains(page, f'<a href="{minutes}">Minnesanteckningar</a>', html=True)
        alone = self.client.get(minutes)
        self.assertContains(alone, "<h1>Minnesanteckningar: Länssamverkansgruppen")
        self.assertContains(alone, "Tillbaka till mötet")
        self.assertIn("HX-Request", alone["Vary"])
        events = self.client.get(reverse("meetings:meeting_events", args=[self.meeting.pk]))
        self.assertContains(events, "<h1>Planerat, flyttat och kallat")
