"""The structure's side of appointments over time: withdrawing a planned appointment, the
state of an appointment on a day, and the seats wanted in words (never "None")."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.lib.errors import DomainError
from samverkan.structure.models import CompositionRule, Membership, MembershipState, Role
from samverkan.structure.rules import SeatCount
from samverkan.structure.services import membership_withdraw
from samverkan.testing.base import BaseTestCase

TODAY = datetime.date(2026, 11, 30)
NEXT_YEAR = datetime.date(2027, 1, 1)


class WithdrawTests(BaseTestCase):
    def test_it_refuses_a_planned_seat_that_a_substitute_stands_in_for(self) -> None:
        seat = Membership.objects.create(
            body=self.body,
            person=self.cecilia,
            role=Role.MEMBER,
            principal=self.skelleftea,
            start=NEXT_YEAR,
        )
        sub = Membership.objects.create(
            body=self.body,
            person=self.bo,
            role=Role.SUBSTITUTE,
            principal=self.skelleftea,
            substitute_for=seat,
            start=NEXT_YEAR,
        )
        with self.assertRaisesMessage(DomainError, "Bo Lind är ersättare för det planerade"):
            membership_withdraw(by=self.coordinator, membership=seat, today=TODAY)
        membership_withdraw(by=self.coordinator, membership=sub, today=TODAY)
        membership_withdraw(by=self.coordinator, membership=seat, today=TODAY)
        self.assertFalse(Membership.objects.filter(pk__in=[seat.pk, sub.pk]).exists())

    def test_it_names_the_state_on_a_day(self) -> None:
        m = Membership(start=NEXT_YEAR, end=datetime.date(2027, 12, 31))
        self.assertEqual(m.state_on(TODAY), MembershipState.PLANNED)
        self.assertEqual(m.state_on(NEXT_YEAR), MembershipState.CURRENT)
        self.assertEqual(m.state_on(datetime.date(2028, 1, 1)), MembershipState.ENDED)


class SeatsWantedTests(BaseTestCase):
    def test_it_says_how_many_seats_in_words(self) -> None:
        def wanted(low: int | None, high: int | None, optional: bool = False) -> str:
            rule = CompositionRule(principal_kind="organisation", optional=optional)
            return SeatCount(rule, None, 0, 0, low, high).wanted

        self.assertEqual(wanted(2, 2), "2")
        self.assertEqual(wanted(1, 3), "1–3")
        self.assertEqual(wanted(1, None), "minst 1")
        self.assertEqual(wanted(None, 4), "högst 4")
        self.assertEqual(wanted(None, None, optional=True), "Vid behov")
        self.assertEqual(wanted(None, None), "Antal anges inte")

    def test_the_public_seats_table_shows_no_none(self) -> None:
        # Blekinge's local groups: "Kommun: minst 1", other organisations "vid behov".
        CompositionRule.objects.create(
            charter=self.charter, position=3, principal_kind="organisation", optional=True
        )
        CompositionRule.objects.create(
            charter=self.charter, position=4, principal_kind="municipality", min_count=1
        )
        response = self.client.get(reverse("public:body", args=["vasterbotten", "lsg"]))
        self.assertContains(response, "<td>Vid behov</td>", html=False)
        self.assertContains(response, "<td>minst 1</td>", html=False)
        self.assertNotContains(response, "None")
