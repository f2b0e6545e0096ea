"""What the cases demo shows; run in `samverkan/rules/tests/test_whole_demo.py`."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db.models import Count, F, Q
from django.urls import reverse

from samverkan.cases.models import (
    DECIDED_STATES,
    Assignment,
    Case,
    DecisionBody,
    PrincipalDecision,
    Recommendation,
    WorkingGroup,
)
from samverkan.cases.services.assignments import assignment_headings
from samverkan.structure.models import BodyKind, Structure
from samverkan.testing.demo import DemoChecks


def _counts() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "routed": Recommendation.objects.filter(routed_at__isnull=False).count(),
        "decided": PrincipalDecision.objects.filter(state__in=DECIDED_STATES).count(),
        "assignments": Assignment.objects.count(),
        "working_groups": WorkingGroup.objects.count(),
        "decision_bodies": DecisionBody.objects.count(),
    }


class CasesDemoChecks(DemoChecks):
    def test_cases_gives_every_structure_cases_and_partly_decided_recommendations(self) -> None:
        self.require_held_meetings()
        self.assertEqual(len(self.cases_report.loaded), Structure.objects.count())
        # Every part went through the services without a refusal.
        self.assertEqual([why for c in self.cases_report.loaded for why in c.refused], [])
        for structure in Structure.objects.all():
            with self.subTest(structure=structure.slug):
                self.assertTrue(Case.objects.filter(structure=structure).exists())
                partly = (
                    Recommendation.objects.filter(structure=structure)
                    .annotate(
                        decided=Count("decisions", filter=Q(decisions__state__in=DECIDED_STATES)),
                        total=Count("decisions"),
                    )
                    .filter(decided__gt=0, decided__lt=F("total"))
                )
                self.assertTrue(partly.exists())

    def test_cases_shows_the_blekinge_county_groups_recommendation_two_of_six(self) -> None:
        self.require_held_meetings()
        recommendation = Recommendation.objects.get(
            structure__slug="blekinge", body__kind=BodyKind.COUNTY_GROUP
        )
        decisions = recommendation.decisions.all()
        self.assertEqual(decisions.count(), 6)
        self.assertEqual(decisions.filter(state__in=DECIDED_STATES).count(), 2)
        self.assertIsNotNone(recommendation.case)
        self.assertIsNotNone(recommendation.routed_at)
        coordinator = recommendation.structure.coordinators.order_by("username").first()
        assert coordinator is not None
        self.client.force_login(coordinator)
        page = self.client.get(reverse("cases:balance_list", args=["blekinge"]))
        self.assertContains(page, "2 av 6 huvudmän har beslutat")
        self.assertContains(page, recommendation.title)

    def test_cases_gives_the_sormland_assignment_the_eight_headings(self) -> None:
        self.require_held_meetings()
        assignment = Assignment.objects.get(structure__slug="sormland-lokala-arenor")
        headings = [s["heading"] for s in assignment.sections]
        self.assertEqual(len(headings), 8)
        self.assertEqual(headings, assignment_headings(assignment.given_by))
        self.assertTrue(all(s["text"] for s in assignment.sections))
        self.assertTrue(assignment.responsible.exists())
        self.assertGreater(assignment.due_on, self.today)

    def test_cases_changes_nothing_when_loaded_again(self) -> None:
        self.require_held_meetings()
        before = _counts()
        out = StringIO()
        call_command("load_demo_cases", stdout=out)
        self.assertIn("finns redan", out.getvalue())
        self.assertEqual(_counts(), before)
