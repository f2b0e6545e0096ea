"""Queries that must not grow with the installation: a body's open actions and the minutes a
user may read read only what concerns them, whatever other bodies hold."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.accounts.services import api_token_create
from samverkan.meetings.tests.lazy_parts import get_with_parts
from samverkan.minutes.access import readable_minutes
from samverkan.minutes.models import (
    ActionFollowUp,
    FollowUpOutcome,
    Minutes,
    MinutesAction,
    MinutesApprover,
    MinutesItem,
    MinutesStatus,
)
from samverkan.minutes.services import open_actions
from samverkan.minutes.tests.base import MinutesTestCase, held_meeting
from samverkan.structure.models import Body, Person


def closed_elsewhere(body: Body, owner: Person, count: int, *, start: int = 0) -> None:
    """`count` approved minutes of `body`, each with an action closed by a follow-up."""
    for i in range(start, start + count):
        meeting = held_meeting(body, datetime.date(2025, 1, 1) + datetime.timedelta(days=i))
        minutes = Minutes.objects.create(
            meeting=meeting, status=MinutesStatus.APPROVED, frozen_text="x" * 2000
        )
        item = MinutesItem.objects.create(minutes=minutes, title="Ärende")
        action = MinutesAction.objects.create(
            item=item, text=f"Åtgärd {i}", owner=owner, due_on=datetime.date(2025, 6, 1)
        )
        ActionFollowUp.objects.create(action=action, item=item, outcome=FollowUpOutcome.DONE)


class OpenActionsTests(MinutesTestCase):
    def test_open_actions_read_only_the_bodys_actions_follow_ups(self) -> None:
        first = self.published()
        action = first.items.get(actions__isnull=False).actions.get()
        closed_elsewhere(self.other_body, self.sara, 2)
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(open_actions(self.body), [action])
        closed_elsewhere(self.other_body, self.sara, 20, start=2)
        with self.assertNumQueries(len(few)):
            self.assertEqual(open_actions(self.body), [action])
        self.assertEqual(len(few), 1)
        sql = few.captured_queries[0]["sql"]
        # Correlated to each action, not a list of every closing follow-up in the country.
        self.assertRegex(sql, r"NOT \(?EXISTS")
        self.assertNotIn('"id" IN (SELECT', sql)

    def test_the_next_meetings_page_shows_the_open_action_with_the_same_queries(self) -> None:
        self.published()
        later = held_meeting(self.body, datetime.date(2026, 4, 14))
        url = reverse("meetings:meeting", args=[later.pk])
        self.login(self.secretary_user)
        closed_elsewhere(self.other_body, self.sara, 2)
        with CaptureQueriesContext(connection) as few:
            response = get_with_parts(self.client, url)  # the page and its lazy parts
        self.assertContains(response, "Skicka avtalet till huvudmännen")
        closed_elsewhere(self.other_body, self.sara, 20, start=2)
        with self.assertNumQueries(len(few)):
            response = get_with_parts(self.client, url)
        self.assertContains(response, "Skicka avtalet till huvudmännen")
        self.assertNotContains(response, "Åtgärd 3")


class ReadableMinutesTests(MinutesTestCase):
    def test_it_lists_each_readable_minutes_once_without_distinct(self) -> None:
        minutes = self.published()
        # An approver twice (two rounds) and a member: still one row, and no DISTINCT over
        # the long texts.
        MinutesApprover.objects.create(minutes=minutes, round=2, role="chair", person=self.alice)
        user = User.objects.get(pk=self.chair_user.pk)
        found = readable_minutes(user)
        self.assertEqual(list(found.filter(pk=minutes.pk)), [minutes])
        self.assertNotIn("DISTINCT", str(found.query))

    def test_a_former_outsider_who_approved_reads_the_draft_and_nobody_else_does(self) -> None:
        draft = self.write(self.start())
        outsider = User.objects.create_user("ulla-utan", "ulla@example.se", "x")
        stranger = User.objects.create_user("ingen-roll", "ingen@example.se", "x")
        person = Person.objects.create(
            key="utan", first_name="Ulla", last_name="Utan", user=outsider
        )
        MinutesApprover.objects.create(minutes=draft, role="adjuster", person=person)
        self.assertIn(draft, readable_minutes(outsider))
        self.assertNotIn(draft, readable_minutes(stranger))

    def test_the_minutes_list_takes_the_same_queries_at_two_sizes(self) -> None:
        self.published()
        url = "/api/v1/minutes"
        auth = {"Authorization": "Bearer " + api_token_create(by=self.coordinator, name="t")[1]}
        closed_elsewhere(self.other_body, self.sara, 2)
        with CaptureQueriesContext(connection) as few:
            small = self.client.get(url, headers=auth)
        closed_elsewhere(self.other_body, self.sara, 20, start=2)
        with self.assertNumQueries(len(few)):
            large = self.client.get(url, headers=auth)
        self.assertEqual(small.status_code, 200)
        self.assertEqual(small.json()["count"], large.json()["count"])
