"""The coordinator's start page lists the cases app's reminders that did not go out: to a
principal's registrar about a recommendation's answer date, about an overdue assignment and
about a working group due for review; only for the coordinator's own structures, with a
link to the page, and in as many queries for one of each as for many."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import (
    AssignmentReminder,
    AssignmentReminderKind,
    DecisionReminder,
    DecisionReminderKind,
    Recommendation,
)
from samverkan.cases.tests.test_assignments_base import AssignmentPersonas
from samverkan.cases.tests.test_recommendations_base import RecommendationPersonas
from samverkan.lib.outbox import DeliveryState
from samverkan.rules.checking import check_structures
from samverkan.testing.base import BaseTestCase
from samverkan.work.reminders import undelivered_reminders
from samverkan.work.tests.test_todo_base import with_parts

REFUSED = "e-postservern nekade adressen (550 5.1.1 No such user)"


class UndeliveredCasesTests(RecommendationPersonas, AssignmentPersonas, BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_recommendation_personas()
        cls.make_assignment_personas()

    def setUp(self) -> None:
        super().setUp()
        self.expires = timezone.now() + datetime.timedelta(days=2)
        self.registrars()

    def failed_decision_reminders(
        self, recommendation: Recommendation, count: int, *, uncertain: bool = False
    ) -> None:
        for decision in recommendation.decisions.order_by("pk")[:count]:
            DecisionReminder.objects.create(
                decision=decision,
                kind=DecisionReminderKind.AFTER,
                for_day=datetime.date(2026, 5, 4),
                state=DeliveryState.UNCERTAIN if uncertain else DeliveryState.FAILED,
                attempts=1,
                error="svaret från e-postservern kom aldrig" if uncertain else REFUSED,
                expires_at=self.expires,
            )

    def failed_assignment_reminders(self, count: int) -> None:
        for n in range(count):
            assignment = self.give(title=f"Rutin för utskrivning {n}")
            AssignmentReminder.objects.create(
                kind=AssignmentReminderKind.OVERDUE,
                assignment=assignment,
                email=f"cecilia{n}@example.se",
                name="Cecilia Ek",
                for_day=assignment.due_on,
                state=DeliveryState.FAILED,
                attempts=1,
                error=REFUSED,
                expires_at=self.expires,
            )
            group = self.working_group(name=f"Arbetsgrupp utskrivning {n}")
            AssignmentReminder.objects.create(
                kind=AssignmentReminderKind.REVIEW,
                working_group=group,
                email="alice@example.se",
                name="Alice Berg",
                for_day=group.review_on,
                state=DeliveryState.PENDING,
                attempts=2,
                error="e-postservern svarade inte",
                expires_at=self.expires,
            )

    def start_page(self) -> str:
        return with_parts(self.client, reverse("work:home"))

    def test_the_coordinator_sees_a_registrars_reminder_that_did_not_arrive(self) -> None:
        recommendation = self.recommendation()
        self.failed_decision_reminders(recommendation, 1)
        decision = recommendation.decisions.order_by("pk").first()
        assert decision is not None
        DecisionReminder.objects.create(
            decision=decision,
            kind=DecisionReminderKind.BEFORE,
            for_day=datetime.date(2026, 5, 4),
            state=DeliveryState.SENT,
            attempts=1,
            expires_at=self.expires,
        )
        self.login(self.other_coordinator)
        page = self.start_page()
        self.assertIn("Påminnelser som inte kommit fram", page)
        self.assertIn(
            "Efter svarsdatum 4 maj 2026: rekommendationen ”Gemensam rutin för SIP”", page
        )
        self.assertIn(f"till registratorn hos Regionstyrelsen, {decision.principal.name}", page)
        self.assertIn("Kom inte fram: e-postservern nekade adressen", page)
        self.assertIn(reverse("cases:recommendation", args=[recommendation.pk]) + "#huvudman", page)
        self.assertEqual(page.count("Efter svarsdatum"), 1)  # the one that went out is not listed
        # Västerbotten's coordinator is not told about Blekinge's registrars.
        self.login(self.coordinator)
        self.assertNotIn("Påminnelser som inte kommit fram", self.start_page())

    def test_it_lists_an_overdue_assignment_and_a_review_with_their_pages(self) -> None:
        self.failed_assignment_reminders(1)
        assignment = AssignmentReminder.objects.get(kind=AssignmentReminderKind.OVERDUE)
        review = AssignmentReminder.objects.get(kind=AssignmentReminderKind.REVIEW)
        self.login(self.coordinator)
        page = self.start_page()
        self.assertIn("2 påminnelser i dina strukturer har inte kommit fram", page)
        self.assertIn("Försenat uppdrag: Rutin för utskrivning 0", page)
        self.assertIn("till Cecilia Ek: Kom inte fram", page)
        self.assertIn(
            f'href="{reverse("cases:assignment", args=[assignment.assignment_id])}"', page
        )
        self.assertIn("Översyn av arbetsgruppen Arbetsgrupp utskrivning 0", page)
        self.assertIn("till Alice Berg: Inte skickad ännu (2 försök)", page)
        self.assertIn(
            f'href="{reverse("cases:working_group", args=[review.working_group_id])}"', page
        )
        self.login(self.other_coordinator)
        self.assertNotIn("Påminnelser som inte kommit fram", self.start_page())

    def test_a_reminder_long_past_its_moment_is_no_longer_listed(self) -> None:
        self.failed_assignment_reminders(1)
        AssignmentReminder.objects.update(expires_at=timezone.now() - datetime.timedelta(days=15))
        self.assertEqual(undelivered_reminders(structure_ids=[self.structure.pk]), [])

    def home_queries(self, user: User) -> int:
        check_structures()  # the charter check as the worker stores it
        self.login(user)
        with CaptureQueriesContext(connection) as queries:
            self.start_page()
        return len(queries)

    def test_the_reminders_are_read_in_the_same_queries_for_few_and_many(self) -> None:
        structures = [self.structure.pk, self.other_structure.pk]
        self.failed_decision_reminders(self.recommendation(), 1)
        self.failed_assignment_reminders(1)
        # One query per kind of reminder: meetings, approvals, registrars, assignments and
        # the charter check's findings.
        with self.assertNumQueries(5):
            self.assertEqual(len(undelivered_reminders(structure_ids=structures)), 3)
        blekinge = self.home_queries(self.other_coordinator)
        vasterbotten = self.home_queries(self.coordinator)

        self.failed_decision_reminders(
            self.recommendation(day=datetime.date(2026, 3, 17), title="Rutin för läkemedel"),
            6,
            uncertain=True,
        )
        self.failed_assignment_reminders(4)
        with self.assertNumQueries(5):
            self.assertEqual(len(undelivered_reminders(structure_ids=structures)), 3 + 6 + 8)
        self.assertEqual(self.home_queries(self.other_coordinator), blekinge)
        self.assertEqual(self.home_queries(self.coordinator), vasterbotten)
        self.login(self.other_coordinator)
        self.assertIn("7 påminnelser i dina strukturer", self.start_page())
