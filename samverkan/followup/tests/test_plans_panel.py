"""The plan on the meeting page under an agenda item about the activity plan, and the
plan page, overview and panel running a fixed number of queries at 5 and 50 activities."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.followup.models import Activity, ActivityStatus
from samverkan.followup.panels_plans import plan_on_meeting_page
from samverkan.followup.tests.test_plans_base import PlanTestCase
from samverkan.lib.localtime import local, local_today
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from samverkan.meetings.tests.lazy_parts import get_with_parts


class PlanPanelTests(PlanTestCase):
    meeting: Meeting
    item: AgendaItem

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        day = local_today() + datetime.timedelta(days=7)
        cls.meeting = Meeting.objects.create(
            body=cls.body,
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            place="Regionens hus",
            status=MeetingStatus.PLANNED,
        )
        AgendaItem.objects.create(
            meeting=cls.meeting, position=0, kind=AgendaItemKind.STANDING, title="Inledning"
        )
        cls.item = AgendaItem.objects.create(
            meeting=cls.meeting,
            position=1,
            kind=AgendaItemKind.INFORMATION,
            title="Revidering av den lokala aktivitetsplanen",
        )

    def queries(self, call: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured)

    def test_the_meeting_page_shows_the_plan_in_short_under_the_item(self) -> None:
        Activity.objects.create(
            plan=self.plan,
            title="Kartlägg utskrivningar",
            owner=self.alice,
            due_on=local_today() - datetime.timedelta(days=10),
            status=ActivityStatus.ONGOING,
        )
        Activity.objects.create(plan=self.plan, title="Klar sak", status=ActivityStatus.DONE)
        self.login(self.member_user)
        page = get_with_parts(self.client, reverse("meetings:meeting", args=[self.meeting.pk]))
        self.assertEqual(page.status_code, 200)
        text = page.content.decode()
        self.assertIn(f"Aktivitetsplanen {self.plan.year}</strong>: 1 pågår, 1 klar", text)
        self.assertIn("Kartlägg utskrivningar, skulle vara klar", text)
        self.assertIn(reverse("followup:plan", args=[self.plan.pk]), text)

    def test_no_item_about_the_plan_means_no_panel_and_no_query(self) -> None:
        request = RequestFactory().get("/")
        request.user = self.member_user
        items = [i for i in self.meeting.agenda_items.all() if i.pk != self.item.pk]
        with self.assertNumQueries(0):
            contribution = plan_on_meeting_page(request, self.meeting, items)
        self.assertEqual(dict(contribution.under_items), {})

    def test_readers_outside_the_body_get_nothing(self) -> None:
        request = RequestFactory().get("/")
        request.user = self.au_user
        contribution = plan_on_meeting_page(request, self.meeting, [self.item])
        self.assertEqual(dict(contribution.under_items), {})

    def test_a_body_without_a_plan_is_told_so(self) -> None:
        self.plan.delete()
        request = RequestFactory().get("/")
        request.user = self.coordinator
        contribution = plan_on_meeting_page(request, self.meeting, [self.item])
        self.assertIn("har ingen aktivitetsplan för", contribution.under_items[self.item.pk])

    def test_pages_and_panel_run_the_same_queries_at_5_and_50_activities(self) -> None:
        request = RequestFactory().get("/")
        plan_url = reverse("followup:plan", args=[self.plan.pk])
        overview_url = reverse("followup:plan_overview", args=[self.structure.slug])
        body_url = reverse("followup:plan_body", args=[self.structure.slug, self.body.key])
        self.login(self.coordinator)
        counts = []
        for size in (5, 50):
            Activity.objects.all().delete()
            self.add_activities(self.plan, size)
            # A fresh user each time: the user object keeps what it coordinates.
            request.user = User.objects.get(pk=self.coordinator.pk)
            page = self.client.get(plan_url)
            self.assertEqual(page.content.decode().count("Ändra status<span"), size)
            counts.append(
                (
                    self.queries(lambda: self.client.get(plan_url)),
                    self.queries(lambda: self.client.get(overview_url)),
                    self.queries(lambda: self.client.get(body_url)),
                    self.queries(lambda: plan_on_meeting_page(request, self.meeting, [self.item])),
                )
            )
        self.assertEqual(counts[0], counts[1])
