from __future__ import annotations

import dataclasses
import datetime

from django.urls import reverse

from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local
from samverkan.lib.workdays import is_working_day
from samverkan.meetings.models import Meeting
from samverkan.meetings.planning import (
    booking_status,
    in_break,
    meetings_needed,
    propose_year,
    year_plan_book,
)
from samverkan.meetings.services import meeting_create
from samverkan.structure.models import Charter
from samverkan.testing.base import BaseTestCase

YEAR = datetime.date.today().year + 1


class PlanningTests(BaseTestCase):
    def test_it_proposes_the_charters_number_of_meetings_on_working_days_outside_breaks(
        self,
    ) -> None:
        proposals = propose_year(body=self.body, year=YEAR)
        self.assertEqual(len(proposals), 3)  # lsg: at least three meetings a year
        for p in proposals:
            self.assertTrue(is_working_day(p.day), p.day)
            self.assertFalse(in_break(p.day), p.day)
            self.assertEqual(p.day.year, YEAR)
        self.assertEqual(len({p.day for p in proposals}), 3)

    def test_it_keeps_within_the_maximum_and_fills_every_quarter(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            meetings_min_per_year=None, meetings_min_per_quarter=1, meetings_max_per_year=8
        )
        proposals = propose_year(body=self.body, year=YEAR)
        self.assertEqual({(p.day.month - 1) // 3 for p in proposals}, {0, 1, 2, 3})
        self.assertLessEqual(len(proposals), 8)

    def test_it_places_a_preparing_body_before_its_commissioning_bodys_meetings(self) -> None:
        Charter.objects.create(
            body=self.au, version="1", meetings_min_per_year=2, follows_parent_calendar=True
        )
        parent_days = [datetime.date(YEAR, 3, 18), datetime.date(YEAR, 10, 14)]
        for day in parent_days:
            meeting_create(
                body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=None
            )
        proposals = propose_year(body=self.au, year=YEAR)
        self.assertEqual(len(proposals), 2)
        for proposal, parent_day in zip(proposals, parent_days, strict=True):
            self.assertLess(proposal.day, parent_day)
            self.assertGreater(proposal.day, parent_day - datetime.timedelta(days=21))
            self.assertIn("arbetsdagar före", proposal.reason)

    def test_it_tells_whether_next_year_is_booked_by_the_deadline(self) -> None:
        before = datetime.date(YEAR - 1, 11, 1)
        after = datetime.date(YEAR - 1, 12, 5)
        self.assertFalse(booking_status(body=self.body, year=YEAR, today=before).ok)
        self.assertIn(
            "senast 30 november", booking_status(body=self.body, year=YEAR, today=before).message
        )
        self.assertIn(
            "sista dag var 30 november",
            booking_status(body=self.body, year=YEAR, today=after).message,
        )
        year_plan_book(
            body=self.body,
            days=[p.day for p in propose_year(body=self.body, year=YEAR)],
            by=self.coordinator,
        )
        status = booking_status(body=self.body, year=YEAR, today=after)
        self.assertTrue(status.ok, status.message)
        self.assertEqual(status.booked, 3)

    def test_booked_meetings_get_the_standing_items_in_order(self) -> None:
        meetings = year_plan_book(
            body=self.body, days=[datetime.date(YEAR, 2, 9)], by=self.coordinator
        )
        self.assertEqual(
            [(i.kind, i.title) for i in meetings[0].agenda_items.all()],
            [("standing", "Föregående minnesanteckningar")],
        )

    def test_it_refuses_to_book_a_holiday(self) -> None:
        with self.assertRaises(DomainError) as ctx:
            year_plan_book(body=self.body, days=[datetime.date(YEAR, 12, 24)], by=self.coordinator)
        self.assertIn("Julafton", ctx.exception.message)
        self.assertFalse(Meeting.objects.exists())

    def test_it_proposes_only_what_is_missing_once_some_meetings_are_booked(self) -> None:
        first = propose_year(body=self.body, year=YEAR)
        year_plan_book(body=self.body, days=[first[0].day, first[1].day], by=self.coordinator)
        self.assertEqual(len(propose_year(body=self.body, year=YEAR)), 1)
        year_plan_book(body=self.body, days=[first[2].day], by=self.coordinator)
        self.assertEqual(propose_year(body=self.body, year=YEAR), [])

    def test_it_refuses_a_day_twice_or_a_day_already_booked(self) -> None:
        day = propose_year(body=self.body, year=YEAR)[0].day
        with self.assertRaises(DomainError) as ctx:
            year_plan_book(body=self.body, days=[day, day], by=self.coordinator)
        self.assertIn("två gånger", ctx.exception.message)
        year_plan_book(body=self.body, days=[day], by=self.coordinator)
        with self.assertRaises(DomainError) as ctx:
            year_plan_book(body=self.body, days=[day], by=self.coordinator)
        self.assertIn("har redan ett möte", ctx.exception.message)
        self.assertEqual(Meeting.objects.count(), 1)

    def test_meetings_needed_is_none_without_a_frequency(self) -> None:
        self.assertEqual(meetings_needed(None), 0)
        self.assertEqual(meetings_needed(Charter()), 0)
        self.assertEqual(meetings_needed(Charter(meetings_max_per_year=2)), 2)
        self.assertEqual(meetings_needed(Charter(meetings_min_per_quarter=1)), 4)


class PlanningPageTests(BaseTestCase):
    def test_it_books_the_chosen_days_from_the_page(self) -> None:
        self.login(self.coordinator)
        url = reverse("meetings:body_meetings", args=["vasterbotten", "lsg"])
        page = self.client.get(url + f"?year={YEAR}")
        self.assertContains(page, f"Planera {YEAR}")
        days = [p.day.isoformat() for p in page.context["proposals"]]
        response = self.client.post(
            url, {"year": str(YEAR), "days": days[:2], "place": "Regionens hus"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Meeting.objects.filter(body=self.body, place="Regionens hus").count(), 2)

    def test_it_refuses_others(self) -> None:
        url = reverse("meetings:body_meetings", args=["vasterbotten", "lsg"])
        self.assertEqual(self.client.get(url).status_code, 302)
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.member_user)
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_its_query_count_does_not_grow_with_the_meetings(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.login(self.coordinator)
        url = reverse("meetings:body_meetings", args=["vasterbotten", "lsg"])

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(ctx.captured_queries)

        weeks = [datetime.date(YEAR, 2, 2) + datetime.timedelta(days=7 * i) for i in range(30)]
        days = [day for day in weeks if is_working_day(day)][:20]
        year_plan_book(body=self.body, days=days[:2], by=self.coordinator)
        small = count()
        year_plan_book(body=self.body, days=days[2:], by=self.coordinator)
        self.assertEqual(count(), small)


class StructurePlanningTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.coordinator)
        Charter.objects.create(body=self.au, version="1", meetings_min_per_year=2)
        self.url = reverse("meetings:structure_meetings", args=["vasterbotten"])

    def test_it_books_several_bodies_at_once(self) -> None:
        page = self.client.get(self.url + f"?year={YEAR}")
        rows = {row.body.key: row.proposals for row in page.context["rows"]}
        self.assertEqual((len(rows["lsg"]), len(rows["lsg-au"])), (3, 2))
        response = self.client.post(
            self.url,
            {"year": str(YEAR), "checksum": page.context["proposal"].checksum, "boka": "1"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Meeting.objects.filter(body=self.body).count(), 3)
        self.assertEqual(Meeting.objects.filter(body=self.au).count(), 2)

    def test_it_books_nothing_from_a_proposal_it_did_not_make(self) -> None:
        response = self.client.post(
            self.url, {"year": str(YEAR), "checksum": "påhittad", "boka": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Förslaget har ändrats sedan du öppnade sidan")
        self.assertFalse(Meeting.objects.exists())

    def test_it_filters_by_kind(self) -> None:
        page = self.client.get(self.url + "?kind=working_committee")
        self.assertEqual([row.body.key for row in page.context["rows"]], ["lsg-au"])

    def test_it_refuses_another_structures_coordinator(self) -> None:
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_its_query_count_does_not_grow_with_the_bodies(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from samverkan.structure.models import Body

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(self.url).status_code, 200)
            return len(ctx.captured_queries)

        small = count()
        for i in range(8):
            body = Body.objects.create(
                structure=self.structure,
                key=f"lokal-{i}",
                name=f"Lokal grupp {i}",
                kind="local_group",
                level="local",
                mandate="decides",
                parent=self.body,
            )
            Charter.objects.create(body=body, version="1", meetings_min_per_year=6)
        self.assertEqual(count(), small)


class CrowdedPlanningTests(BaseTestCase):
    def test_bodies_share_days_when_related_ones_have_taken_every_free_day(self) -> None:
        """At national scale hundreds of local groups share a commissioning body: once their
        proposals fill the year the next one shares a day instead of the page failing."""
        from unittest import mock

        from samverkan.meetings import planning

        real = planning.propose_year

        def crowded(**kwargs: object) -> object:
            if "avoid" in kwargs:  # every day kept free for the related bodies is taken
                raise DomainError("Det gick inte att hitta en ledig mötesdag.")
            return real(**kwargs)  # type: ignore[arg-type]

        bodies = [self.body, self.au]
        facts = planning.planning_facts(bodies, YEAR)
        for body in bodies:
            facts[body.pk] = dataclasses.replace(
                facts[body.pk], related_ids=frozenset(b.pk for b in bodies if b != body)
            )
        with mock.patch.object(planning, "propose_year", side_effect=crowded):
            proposed = planning.propose_many(bodies=bodies, year=YEAR, facts=facts)
        self.assertEqual(
            [p.day for p in proposed[self.body.pk]],
            [p.day for p in real(body=self.body, year=YEAR, facts=facts[self.body.pk])],
        )
        self.assertTrue(proposed[self.body.pk])
