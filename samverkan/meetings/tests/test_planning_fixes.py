"""The year planner as issue 11 found it wanting: no proposals without a frequency or after
a temporary body's end, no shared days for related bodies, nothing pre-ticked when several
bodies are planned at once, and Swedish counts that agree."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.lib.localtime import local
from samverkan.meetings.models import Meeting
from samverkan.meetings.planning import (
    NO_FREQUENCY,
    booking_status,
    planning_facts,
    propose_many,
    propose_year,
)
from samverkan.structure.models import Body, Charter, Duration, Membership, Person, Role
from samverkan.testing.base import BaseTestCase

YEAR = datetime.date.today().year + 1


def meet(body: Body, day: datetime.date) -> Meeting:
    return Meeting.objects.create(body=body, starts_at=local(day, 13), ends_at=local(day, 15))


class PlannerTestCase(BaseTestCase):
    def group(self, key: str, parent: Body | None = None, **charter: object) -> Body:
        body = Body.objects.create(
            structure=self.structure,
            key=key,
            name=f"Grupp {key}",
            kind="working_group",
            level="regional",
            mandate="none",
            parent=parent,
        )
        Charter.objects.create(body=body, version="1", **charter)
        return body


class WithoutFrequencyTests(PlannerTestCase):
    def setUp(self) -> None:
        self.free = self.group("utan-frekvens")

    def test_it_proposes_nothing_and_says_why(self) -> None:
        self.assertEqual(propose_year(body=self.free, year=YEAR), [])
        status = booking_status(body=self.free, year=YEAR)
        self.assertEqual(status.state, "")
        self.assertTrue(status.ok)
        self.assertEqual(status.message, f"{NO_FREQUENCY}. Inga möten är bokade för {YEAR}.")
        self.assertNotIn(" av ", status.message)

    def test_the_body_page_says_so_without_a_red_count(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(
            reverse("meetings:body_meetings", args=["vasterbotten", self.free.key])
        )
        self.assertContains(page, "Uppdragsbeskrivningen anger inte hur ofta gruppen ska mötas")
        self.assertNotContains(page, "warn-text")
        self.assertNotContains(page, "0 av 4")
        self.assertEqual(page.context["proposals"], [])

    def test_the_structure_page_says_so_without_a_red_count(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(
            reverse("meetings:structure_meetings", args=["vasterbotten"]) + "?kind=working_group"
        )
        self.assertContains(page, "Uppdragsbeskrivningen anger inte hur ofta gruppen ska mötas")
        self.assertNotContains(page, "0 av 4")
        self.assertNotContains(page, "warn-text")


class TemporaryBodyTests(PlannerTestCase):
    def setUp(self) -> None:
        self.temporary = self.group("ag", meetings_min_per_year=4)
        Body.objects.filter(pk=self.temporary.pk).update(
            duration=Duration.TEMPORARY, end_date=datetime.date(YEAR, 3, 31)
        )
        self.temporary.refresh_from_db()

    def test_it_proposes_nothing_after_the_end_date(self) -> None:
        proposals = propose_year(body=self.temporary, year=YEAR)
        self.assertTrue(proposals)
        self.assertTrue(all(p.day <= datetime.date(YEAR, 3, 31) for p in proposals), proposals)
        self.assertEqual(propose_year(body=self.temporary, year=YEAR + 1), [])

    def test_its_status_for_the_year_after_says_it_has_ended(self) -> None:
        status = booking_status(body=self.temporary, year=YEAR + 1)
        self.assertEqual(
            status.message,
            f"Gruppen avslutas 31 mars {YEAR}; inga möten behövs för {YEAR + 1}.",
        )
        self.assertEqual(status.state, "")
        meet(self.temporary, datetime.date(YEAR + 1, 5, 11))
        status = booking_status(body=self.temporary, year=YEAR + 1)
        self.assertEqual(status.state, "warn")
        self.assertIn("men gruppen avslutas 31 mars", status.message)

    def test_a_quarterly_charter_gets_no_quarters_after_the_end(self) -> None:
        Charter.objects.filter(body=self.temporary).update(
            meetings_min_per_year=None, meetings_min_per_quarter=1
        )
        days = [p.day for p in propose_year(body=self.temporary, year=YEAR)]
        self.assertEqual({(d.month - 1) // 3 for d in days}, {0})


class RelatedBodiesTests(PlannerTestCase):
    def test_bodies_with_one_parent_planned_at_once_get_different_days(self) -> None:
        siblings = [
            self.group(f"lokal-{i}", parent=self.body, meetings_min_per_year=6) for i in range(3)
        ]
        facts = planning_facts(siblings, YEAR)
        proposed = propose_many(bodies=siblings, year=YEAR, facts=facts)
        days = [p.day for body in siblings for p in proposed[body.pk]]
        self.assertEqual(len(days), 18)
        self.assertEqual(len(set(days)), 18)

    def test_many_groups_under_one_parent_are_not_kept_apart_but_shared_members_are(
        self,
    ) -> None:
        """Hundreds of local groups under one county group cannot meet on different days (a
        year has some 230 working days); beyond SIBLINGS_KEPT_APART they are planned on their
        own, except where they share a member."""
        from unittest import mock

        from samverkan.meetings import planning

        siblings = [
            self.group(f"lokal-{i}", parent=self.body, meetings_min_per_year=4) for i in range(3)
        ]
        for body in siblings[:2]:
            Membership.objects.create(
                body=body, person=self.alice, role=Role.MEMBER, principal=self.umea
            )
        with mock.patch.object(planning, "SIBLINGS_KEPT_APART", 2):
            facts = planning_facts(siblings, YEAR)
            proposed = propose_many(bodies=siblings, year=YEAR, facts=facts)
        first, second, third = ({p.day for p in proposed[b.pk]} for b in siblings)
        self.assertIn(siblings[1].pk, facts[siblings[0].pk].related_ids)
        self.assertNotIn(siblings[2].pk, facts[siblings[0].pk].related_ids)
        self.assertFalse({b.pk for b in siblings} & facts[siblings[2].pk].related_ids)
        self.assertFalse(first & second)  # they share a member
        self.assertEqual(third, first)  # the same good days, as unrelated groups get

    def test_bodies_that_share_a_member_get_different_days(self) -> None:
        one = self.group("en", meetings_min_per_year=4)
        two = self.group("tva", meetings_min_per_year=4)
        for body in (one, two):
            Membership.objects.create(
                body=body, person=self.alice, role=Role.MEMBER, principal=self.umea
            )
        proposed = propose_many(
            bodies=[one, two], year=YEAR, facts=planning_facts([one, two], YEAR)
        )
        self.assertFalse({p.day for p in proposed[one.pk]} & {p.day for p in proposed[two.pk]})

    def test_one_bodys_proposals_keep_clear_of_a_related_bodys_booked_days(self) -> None:
        one = self.group("en", parent=self.body, meetings_min_per_year=4)
        two = self.group("tva", parent=self.body, meetings_min_per_year=4)
        booked = [p.day for p in propose_year(body=one, year=YEAR)]
        for day in booked:
            meet(one, day)
        self.assertFalse({p.day for p in propose_year(body=two, year=YEAR)} & set(booked))

    def test_unrelated_bodies_may_share_a_day(self) -> None:
        one = self.group("en", meetings_min_per_year=4)
        two = self.group("tva", meetings_min_per_year=4)
        person = Person.objects.create(key="p", first_name="P", last_name="Q")
        Membership.objects.create(body=one, person=person, role=Role.SECRETARY, principal=self.umea)
        Membership.objects.create(body=two, person=person, role=Role.SECRETARY, principal=self.umea)
        proposed = propose_many(
            bodies=[one, two], year=YEAR, facts=planning_facts([one, two], YEAR)
        )
        self.assertEqual([p.day for p in proposed[one.pk]], [p.day for p in proposed[two.pk]])


class SeveralBodiesPageTests(PlannerTestCase):
    def test_no_group_is_left_out_beforehand_and_siblings_get_different_days(self) -> None:
        for i in range(2):
            self.group(f"lokal-{i}", parent=self.body, meetings_min_per_year=6)
        self.login(self.coordinator)
        page = self.client.get(
            reverse("meetings:structure_meetings", args=["vasterbotten"])
            + f"?year={YEAR}&kind=working_group"
        )
        self.assertNotContains(page, "checked")
        self.assertContains(page, "bocka för de grupper som inte ska bokas")
        rows = page.context["rows"]
        self.assertEqual(len(rows), 2)
        first, second = ({p.day for p in row.proposals} for row in rows)
        self.assertEqual((len(first), len(second)), (6, 6))
        self.assertFalse(first & second)

    def test_the_success_message_counts_in_swedish(self) -> None:
        body = self.group("lokal", meetings_min_per_year=6)
        self.login(self.coordinator)
        url = reverse("meetings:structure_meetings", args=["vasterbotten"])
        page = self.client.get(url + f"?year={YEAR}&kind=working_group")
        self.assertEqual(page.context["rows"][0].body, body)
        response = self.client.post(
            url,
            {
                "year": str(YEAR),
                "kind": "working_group",
                "checksum": page.context["proposal"].checksum,
                "boka": "1",
            },
            follow=True,
        )
        self.assertContains(response, f"6 möten är bokade för {YEAR} i 1 grupp.")


class CountTests(PlannerTestCase):
    def test_counts_agree_in_number(self) -> None:
        status = booking_status(body=self.body, year=YEAR, today=datetime.date(YEAR - 1, 11, 1))
        self.assertEqual(
            status.message,
            f"0 av 3 möten för {YEAR} är bokade; resten ska vara bokade senast 30 november "
            f"{YEAR - 1}.",
        )
        meet(self.body, datetime.date(YEAR, 2, 9))
        status = booking_status(body=self.body, year=YEAR, today=datetime.date(YEAR - 1, 12, 5))
        self.assertEqual(
            status.message,
            f"Bara 1 av 3 möten för {YEAR} är bokat, och sista dag var 30 november {YEAR - 1}.",
        )
        self.assertEqual(status.state, "warn")
        body = self.group("ett", meetings_min_per_year=1)
        status = booking_status(body=body, year=YEAR, today=datetime.date(YEAR - 1, 11, 1))
        self.assertTrue(
            status.message.startswith(f"0 av 1 möte för {YEAR} är bokat"), status.message
        )
        meet(body, datetime.date(YEAR, 2, 9))
        status = booking_status(body=body, year=YEAR)
        self.assertEqual(
            status.message, f"1 möte är bokat för {YEAR}; uppdragsbeskrivningen kräver 1."
        )
        self.assertEqual(status.state, "ok")

    def test_the_body_page_books_one_meeting_in_the_singular(self) -> None:
        self.login(self.coordinator)
        url = reverse("meetings:body_meetings", args=["vasterbotten", "lsg"])
        page = self.client.get(url + f"?year={YEAR}")
        day = page.context["proposals"][0].day
        response = self.client.post(
            url, {"year": str(YEAR), "days": [day.isoformat()]}, follow=True
        )
        self.assertContains(response, f"1 möte är bokat för {YEAR}.")
