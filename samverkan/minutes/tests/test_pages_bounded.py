"""The minutes' working page and the public minutes page make the same number of queries
(at most 12) in every state of the minutes, with few items or many, and however much other
bodies hold: measured small, then again with more of everything."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting
from samverkan.minutes.models import EntryKind, Minutes, MinutesStatus
from samverkan.minutes.services import (
    ActionIn,
    EntryIn,
    minutes_addendum_create,
    minutes_item_add,
    minutes_item_save,
    minutes_submit,
)
from samverkan.minutes.tests.base import MinutesTestCase, held_meeting
from samverkan.minutes.tests.test_bounded import closed_elsewhere
from samverkan.structure.models import Charter

BUDGET = 12


class MinutesPagesQueryTests(MinutesTestCase):
    def meeting_on(self, day: datetime.date) -> Meeting:
        meeting = held_meeting(self.body, day)
        AgendaItem.objects.create(
            meeting=meeting,
            position=5,
            kind=AgendaItemKind.CASE,
            title="Samverkansavtal om hemsjukvård",
            owner=self.alice,
        )
        return meeting

    def states(self) -> dict[str, Minutes]:
        """Minutes of LSG in each state: being written, sent for approval, approved but not
        public (the charter said so then), and published."""
        draft = self.write(self.start())
        pending = self.write(self.start(self.meeting_on(datetime.date(2026, 3, 17))))
        minutes_submit(
            minutes=pending, expected_version=pending.lock_version, by=self.secretary_user
        )
        Charter.objects.filter(pk=self.charter.pk).update(minutes_public=False)
        internal = self.approve(self.write(self.start(self.meeting_on(datetime.date(2026, 3, 24)))))
        Charter.objects.filter(pk=self.charter.pk).update(minutes_public=True)
        published = self.approve(
            self.write(self.start(self.meeting_on(datetime.date(2026, 3, 31))))
        )
        found = {
            "draft": draft,
            "pending": Minutes.objects.get(pk=pending.pk),
            "approved": internal,
            "published": published,
        }
        self.assertEqual(
            [m.status for m in found.values()],
            [
                MinutesStatus.DRAFT,
                MinutesStatus.PENDING,
                MinutesStatus.APPROVED,
                MinutesStatus.APPROVED,
            ],
        )
        self.assertFalse(found["approved"].public)
        self.assertIsNotNone(found["published"].published_at)
        return found

    def grow(self, minutes: list[Minutes]) -> None:
        """More of everything: items with entries and actions in the minutes being written, an
        addendum to the approved ones, and other bodies' minutes with closed actions."""
        for m in minutes:
            if m.is_editable:
                for n in range(8):
                    item = minutes_item_add(minutes=m, by=self.secretary_user, title=f"Punkt {n}")
                    minutes_item_save(
                        item=item,
                        expected_version=item.lock_version,
                        by=self.secretary_user,
                        notes="Anteckning",
                        entries=[EntryIn(EntryKind.INFORMATION, f"Information {n}")],
                        actions=[
                            ActionIn(f"Åtgärd {n}", datetime.date(2026, 6, 1), owner=self.sara)
                        ],
                    )
            elif m.status == MinutesStatus.APPROVED:
                minutes_addendum_create(
                    original=m, by=self.secretary_user, title="Rättelse", text="Rätt datum."
                )
        closed_elsewhere(self.other_body, self.sara, 12)

    def counts(self, user: User, minutes: dict[str, Minutes]) -> dict[str, int]:
        self.login(user)
        found = {}
        for state, m in minutes.items():
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse("minutes:minutes", args=[m.pk]))
            self.assertEqual(response.status_code, 200, state)
            found[state] = len(queries)
        return found

    def test_the_working_page_takes_the_same_queries_in_every_state_and_size(self) -> None:
        minutes = self.states()
        for user in (self.secretary_user, self.coordinator, self.member_user, self.chair_user):
            with self.subTest(user=user.username):
                small = self.counts(user, minutes)
                self.assertEqual(len(set(small.values())), 1, small)
                self.assertLessEqual(small["draft"], BUDGET)
        before = {
            user: self.counts(user, minutes) for user in (self.secretary_user, self.member_user)
        }
        self.grow(list(minutes.values()))
        for user, small in before.items():
            with self.subTest(user=user.username, size="large"):
                self.assertEqual(self.counts(user, minutes), small)
        # What the larger pages show came along.
        self.login(self.secretary_user)
        draft = self.client.get(reverse("minutes:minutes", args=[minutes["draft"].pk]))
        self.assertContains(draft, "Åtgärd 7")
        self.assertContains(draft, "Spara uppgifterna om mötet")
        published = self.client.get(reverse("minutes:minutes", args=[minutes["published"].pk]))
        self.assertContains(published, "Tillägg till minnesanteckningar")
        self.assertContains(published, "stämmer med innehållet")

    def test_an_approver_sees_their_part_with_the_same_queries(self) -> None:
        minutes = self.states()
        self.login(self.adjuster_user)
        url = reverse("minutes:minutes", args=[minutes["pending"].pk])
        with CaptureQueriesContext(connection) as pending:
            response = self.client.get(url)
        self.assertContains(response, "Din justering")
        self.assertLessEqual(len(pending), BUDGET)
        self.assertEqual(len(set(self.counts(self.adjuster_user, minutes).values())), 1)

    def test_the_public_page_takes_the_same_queries_whatever_the_minutes_hold(self) -> None:
        # Minutes without actions or follow-ups, then minutes with many, a masked number
        # and an addendum: the same queries.
        plain = self.approve(self.write(self.start(), action=""))
        self.client.logout()
        url = reverse("minutes_public:minutes", args=["vasterbotten", "lsg", plain.pk])
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get(url).status_code, 200)
        self.assertLessEqual(len(few), BUDGET)
        later = self.write(self.start(self.meeting_on(datetime.date(2026, 4, 14))))
        for n in range(6):
            item = minutes_item_add(minutes=later, by=self.secretary_user, title=f"Punkt {n}")
            minutes_item_save(
                item=item,
                expected_version=item.lock_version,
                by=self.secretary_user,
                notes="Anteckning",
                entries=[EntryIn(EntryKind.DECISION, f"Beslut {n}")],
                actions=[ActionIn(f"Åtgärd {n}", datetime.date(2026, 6, 1), owner=self.sara)],
            )
        rich = self.approve(Minutes.objects.get(pk=later.pk))
        minutes_addendum_create(
            original=rich, by=self.secretary_user, title="Rättelse", text="Rätt datum."
        )
        closed_elsewhere(self.other_body, self.sara, 12)
        rich_url = reverse("minutes_public:minutes", args=["vasterbotten", "lsg", rich.pk])
        with self.assertNumQueries(len(few)):
            response = self.client.get(rich_url)
        self.assertContains(response, "Åtgärd 5")
        with self.assertNumQueries(len(few)):
            self.client.get(url)
