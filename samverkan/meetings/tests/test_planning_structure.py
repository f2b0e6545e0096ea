"""Planning a whole structure's year: the page shows the proposal a page of bodies at a time,
and one short form books all of it (but the bodies left out) in a fixed number of queries,
or nothing when someone has booked meanwhile."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.lib.errors import DomainError
from samverkan.lib.workdays import is_working_day
from samverkan.meetings.models import AgendaItem, Meeting, MeetingEvent
from samverkan.meetings.planning import year_plan_book, year_plan_book_many
from samverkan.meetings.planning_structure import STALE_PROPOSAL, structure_proposal
from samverkan.structure.models import Body, Charter, StandingAgendaItem, Structure
from samverkan.testing.base import BaseTestCase

YEAR = datetime.date.today().year + 1


def add_groups(structure: Structure, parent: Body, count: int, kind: str) -> list[Body]:
    """`count` groups of `kind` under `parent`, each with a charter asking for four
    meetings a year and one standing item."""
    bodies = Body.objects.bulk_create(
        Body(
            structure=structure,
            key=f"{kind}-{i}",
            name=f"Grupp {kind} {i}",
            kind=kind,
            level="local",
            mandate="recommends",
            parent=parent,
            position=100 + i,
        )
        for i in range(count)
    )
    charters = Charter.objects.bulk_create(
        Charter(body=body, version="1", meetings_min_per_year=4) for body in bodies
    )
    StandingAgendaItem.objects.bulk_create(
        StandingAgendaItem(charter=charter, position=0, title="Mötets öppnande")
        for charter in charters
    )
    return bodies


class StructurePlanPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.coordinator)
        Charter.objects.create(body=self.au, version="1", meetings_min_per_year=2)
        self.url = reverse("meetings:structure_meetings", args=["vasterbotten"])

    def page(self, **params: str) -> Any:
        query = "&".join(f"{k}={v}" for k, v in {"year": str(YEAR), **params}.items())
        response = self.client.get(f"{self.url}?{query}")
        self.assertEqual(response.status_code, 200)
        return response.context

    def test_it_books_the_whole_proposal_but_the_groups_left_out(self) -> None:
        context = self.page()
        rows = {row.body.key: row.proposals for row in context["rows"]}
        self.assertEqual((len(rows["lsg"]), len(rows["lsg-au"])), (3, 2))
        response = self.client.post(
            self.url,
            {
                "year": str(YEAR),
                "checksum": context["proposal"].checksum,
                "skip": [str(self.au.pk)],
                "place": "Regionens hus",
                "boka": "1",
            },
            follow=True,
        )
        self.assertContains(response, f"3 möten är bokade för {YEAR} i 1 grupp.")
        booked = Meeting.objects.filter(body=self.body).order_by("starts_at")
        self.assertEqual([m.starts_at for m in booked], [p.starts_at for p in rows["lsg"]])
        self.assertEqual({m.place for m in booked}, {"Regionens hus"})
        self.assertFalse(Meeting.objects.filter(body=self.au).exists())
        # Each meeting as `meeting_create` makes it: the charter's standing items, the
        # "planned" event and a row in the history.
        first = booked[0]
        self.assertEqual(
            list(AgendaItem.objects.filter(meeting=first).values_list("title", flat=True)),
            list(self.charter.standing_items.values_list("title", flat=True)),
        )
        self.assertEqual(MeetingEvent.objects.filter(meeting__body=self.body).count(), 3)
        history = self.client.get(reverse("meetings:meeting", args=[first.pk]))
        self.assertEqual(history.status_code, 200)

    def test_a_year_already_booked_offers_nothing_to_book(self) -> None:
        context = self.page()
        self.client.post(
            self.url,
            {"year": str(YEAR), "checksum": context["proposal"].checksum, "boka": "1"},
        )
        response = self.client.get(f"{self.url}?year={YEAR}")
        self.assertContains(response, "Förslaget: 0 möten")
        self.assertContains(response, f"Det finns inget att boka för {YEAR}")
        self.assertNotContains(response, "Boka förslaget")

    def test_someone_booking_meanwhile_books_nothing_and_keeps_the_choices(self) -> None:
        context = self.page()
        lsg = next(row for row in context["rows"] if row.body == self.body)
        # Someone books one of the proposed days for the county group meanwhile.
        year_plan_book(body=self.body, days=[lsg.proposals[0].day], by=self.coordinator)
        response = self.client.post(
            self.url,
            {
                "year": str(YEAR),
                "checksum": context["proposal"].checksum,
                "skip": [str(self.au.pk)],
                "boka": "1",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, STALE_PROPOSAL)
        self.assertEqual(Meeting.objects.count(), 1)
        self.assertContains(
            response, f'name="skip" value="{self.au.pk}" id="skip-{self.au.pk}" checked'
        )
        # The new proposal holds what is left, and books.
        fresh = re.search(r'name="checksum" value="(\w+)"', response.content.decode())
        assert fresh is not None
        self.assertNotEqual(fresh[1], context["proposal"].checksum)
        self.client.post(
            self.url, {"year": str(YEAR), "checksum": fresh[1], "boka": "1"}, follow=True
        )
        self.assertEqual(Meeting.objects.filter(body=self.body).count(), 3)
        self.assertEqual(Meeting.objects.filter(body=self.au).count(), 2)

    def test_a_day_that_is_not_a_working_day_books_nothing(self) -> None:
        with self.assertRaisesMessage(DomainError, "Juldagen"):
            year_plan_book_many(
                plans={
                    self.body: [datetime.date(YEAR, 2, 9)],
                    self.au: [datetime.date(YEAR, 12, 25)],
                },
                by=self.coordinator,
            )
        self.assertFalse(Meeting.objects.exists())

    def test_nothing_left_to_book_is_said_in_swedish(self) -> None:
        context = self.page()
        response = self.client.post(
            self.url,
            {
                "year": str(YEAR),
                "checksum": context["proposal"].checksum,
                "skip": [str(self.body.pk), str(self.au.pk)],
                "boka": "1",
            },
        )
        self.assertContains(response, "Det finns inga föreslagna möten att boka")
        self.assertFalse(Meeting.objects.exists())

    def test_turning_pages_keeps_the_groups_left_out_on_other_pages(self) -> None:
        groups = add_groups(self.structure, self.body, 150, "local_group")
        first = self.page(kind="local_group")
        self.assertEqual(len(first["rows"]), 100)
        left_out = groups[0]
        second = self.client.post(
            self.url,
            {
                "year": str(YEAR),
                "kind": "local_group",
                "checksum": first["proposal"].checksum,
                "skip": [str(left_out.pk)],
                "sida": "2",
            },
        )
        self.assertEqual([row.body for row in second.context["rows"]], groups[100:])
        self.assertContains(second, f'<input type="hidden" name="skip" value="{left_out.pk}">')
        self.assertContains(second, "1 grupp ska inte bokas")
        self.assertFalse(Meeting.objects.exists(), "turning a page books nothing")
        self.client.post(
            self.url,
            {
                "year": str(YEAR),
                "kind": "local_group",
                "checksum": first["proposal"].checksum,
                "skip": [str(left_out.pk)],
                "boka": "1",
            },
        )
        self.assertFalse(Meeting.objects.filter(body=left_out).exists())
        self.assertEqual(Meeting.objects.filter(body__in=groups[1:]).count(), 149 * 4)

    def test_it_refuses_another_structures_coordinator(self) -> None:
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, {"boka": "1"}).status_code, 403)


class StructurePlanScaleTests(BaseTestCase):
    """A 300-body structure is read and booked in the same number of queries as 30 bodies,
    in a page of bounded size and a form of a handful of fields."""

    def setUp(self) -> None:
        self.login(self.coordinator)
        self.url = reverse("meetings:structure_meetings", args=["vasterbotten"])

    def read_and_book(self, kind: str) -> tuple[int, int, int]:
        with CaptureQueriesContext(connection) as read:
            page = self.client.get(f"{self.url}?year={YEAR}&kind={kind}")
        self.assertEqual(page.status_code, 200)
        form = {
            "year": str(YEAR),
            "kind": kind,
            "checksum": page.context["proposal"].checksum,
            "boka": "1",
        }
        with CaptureQueriesContext(connection) as book:
            response = self.client.post(self.url, form)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        return len(read), len(book), len(page.content)

    def test_reading_and_booking_do_not_grow_with_the_bodies(self) -> None:
        few = add_groups(self.structure, self.body, 30, "local_group")
        many = add_groups(self.structure, self.body, 300, "operative_group")
        small = self.read_and_book("local_group")
        large = self.read_and_book("operative_group")
        self.assertEqual(small[:2], large[:2])
        # Session and user, the lock, the proposal (six), the days taken, the charters and
        # their standing items, one insert each for meetings, agenda items, events and history.
        self.assertLessEqual(large[1], 25)
        self.assertLess(large[2], 150_000, "the page holds a page of bodies, not all")
        self.assertEqual(Meeting.objects.filter(body__in=few).count(), 30 * 4)
        self.assertEqual(Meeting.objects.filter(body__in=many).count(), 300 * 4)
        days = {m.starts_at.date() for m in Meeting.objects.filter(body__in=many)}
        self.assertTrue(all(is_working_day(day) for day in days))

    def test_the_proposal_respects_each_charters_frequency(self) -> None:
        groups = add_groups(self.structure, self.body, 40, "local_group")
        Charter.objects.filter(body=groups[0]).update(meetings_min_per_year=10)
        Charter.objects.filter(body=groups[1]).update(
            meetings_min_per_year=None, meetings_min_per_quarter=1
        )
        proposal = structure_proposal(structure=self.structure, year=YEAR, kind="local_group")
        counts = {row.body: len(row.proposals) for row in proposal.rows}
        self.assertEqual(counts[groups[0]], 10)
        self.assertEqual(counts[groups[1]], 4)
        quarters = {(p.day.month - 1) // 3 for row in proposal.rows[1:2] for p in row.proposals}
        self.assertEqual(quarters, {0, 1, 2, 3})
        self.assertEqual(proposal.meetings, 10 + 4 + 38 * 4)

    def test_a_group_that_ends_in_the_christmas_break_gets_no_proposal_and_no_error(
        self,
    ) -> None:
        ending, other = add_groups(self.structure, self.body, 2, "local_group")
        Body.objects.filter(pk=ending.pk).update(
            duration="temporary", end_date=datetime.date(YEAR, 1, 8)
        )
        page = self.client.get(f"{self.url}?year={YEAR}&kind=local_group")
        self.assertEqual(page.status_code, 200)
        rows = {row.body: row for row in page.context["rows"]}
        self.assertEqual(rows[ending].proposals, [])
        self.assertContains(page, f"Det finns inga mötesdagar kvar av {YEAR} före gruppens")
        self.assertEqual(len(rows[other].proposals), 4)
