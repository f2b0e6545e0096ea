"""The cases app's rules for the charter check: overdue and coming assignments, unanswered
and unsent recommendations, working groups due for review; each in a fixed number of
queries however many there are."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.cases.findings import (
    ASSIGNMENT_DUE_SOON,
    ASSIGNMENT_OVERDUE,
    RECOMMENDATION_UNANSWERED,
    WORKING_GROUP_REVIEW,
    assignment_due_soon,
    assignment_overdue,
    recommendation_unanswered,
    working_group_review,
)
from samverkan.cases.models import (
    AssignmentStatus,
    DecisionBody,
    DecisionState,
    PrincipalDecision,
    Recommendation,
)
from samverkan.cases.services.recommendations import recommendation_route
from samverkan.cases.tests.test_assignments_base import DUE, AssignmentTestCase
from samverkan.cases.tests.test_recommendations_base import RecommendationTestCase
from samverkan.lib.findings import Finding, Severity, registry
from samverkan.lib.localtime import local
from samverkan.minutes.models import Minutes
from samverkan.structure.models import Body, Charter

# The seeds' own words.
ASSIGNMENT_WORDS = (
    "I samband med att beslut tas om ett uppdrag så ska ansvarig/ansvariga utses för "
    "formulering av uppdragsbeskrivningen."
)  # 001
WORKING_GROUP_WORDS = "Arbetsgruppernas uppdrag och bemanning ska revideras vid behov och minst en gång per år."  # 004, Beredning barn och unga
RECOMMENDATION_WORDS = (
    "Samverkansrådet ger rekommendationer till huvudmännen. […] Rekommendationer från rådet "
    "administreras via regional samverkanskoordinator."
)  # 004, Samverkansråd patientsäkerhet


def day(month: int, number: int, year: int = 2027) -> datetime.date:
    return datetime.date(year, month, number)


def queries(check: Callable[[], Iterable[Finding]]) -> tuple[int, list[Finding]]:
    with CaptureQueriesContext(connection) as captured:
        found = list(check())
    return len(captured), found


class RegistryTests(AssignmentTestCase):
    def test_the_rules_are_registered_under_their_codes(self) -> None:
        codes = {r.code for r in registry.rules()}
        for code in (
            ASSIGNMENT_OVERDUE,
            ASSIGNMENT_DUE_SOON,
            RECOMMENDATION_UNANSWERED,
            WORKING_GROUP_REVIEW,
        ):
            self.assertIn(code, codes)


class AssignmentFindingTests(AssignmentTestCase):
    def setUp(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            citations={"cases": ASSIGNMENT_WORDS, "working_groups": WORKING_GROUP_WORDS}
        )

    def test_it_reports_an_assignment_past_its_due_date_as_overdue(self) -> None:
        assignment = self.give()
        [finding] = assignment_overdue(today=day(3, 4))
        self.assertEqual(finding.rule, ASSIGNMENT_OVERDUE)
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(
            finding.message,
            "Uppdraget ”Rutin för utskrivning” till Lokal samverkansgrupp Umeå skulle ha "
            "återrapporterats till Länssamverkansgruppen senast 1 mars 2027 och är tre dagar "
            "försenat.",
        )
        self.assertEqual(finding.due_on, DUE)
        self.assertEqual(finding.body_id, self.local.pk)
        self.assertEqual(finding.structure_id, self.structure.pk)
        self.assertEqual(finding.url, reverse("cases:assignment", args=[assignment.pk]))
        self.assertEqual(finding.citation, WORKING_GROUP_WORDS)
        self.assertEqual(finding.about, f"assignment:{assignment.pk}")
        assert finding.responsible is not None
        self.assertEqual(finding.responsible.text(), "ansvarig för uppdraget (Cecilia Ek)")
        # Not on the due date itself, and not once it is reported.
        self.assertEqual(list(assignment_overdue(today=DUE)), [])
        assignment.__class__.objects.filter(pk=assignment.pk).update(
            status=AssignmentStatus.REPORTED
        )
        self.assertEqual(list(assignment_overdue(today=day(3, 4))), [])

    def test_it_reports_an_assignment_due_within_two_weeks(self) -> None:
        self.give(to_body=None, to_person=self.alice)
        self.assertEqual(list(assignment_due_soon(today=day(2, 14))), [])  # 15 days ahead
        [finding] = assignment_due_soon(today=day(2, 15))
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertEqual(
            finding.message,
            "Uppdraget ”Rutin för utskrivning” till Alice Berg ska återrapporteras till "
            "Länssamverkansgruppen senast 1 mars 2027, om 14 dagar.",
        )
        # Given to a person: the giving body's findings, and its charter's words on cases.
        self.assertEqual(finding.body_id, self.body.pk)
        self.assertEqual(finding.citation, ASSIGNMENT_WORDS)
        assert finding.responsible is not None
        self.assertEqual(finding.responsible.names, ("Cecilia Ek", "Alice Berg"))
        self.assertEqual(finding.responsible.user_ids, (self.chair_user.pk,))
        [today] = assignment_due_soon(today=DUE)
        self.assertTrue(today.message.endswith("senast 1 mars 2027, i dag."))
        self.assertEqual(list(assignment_due_soon(today=day(3, 2))), [])

    def test_without_anyone_responsible_the_coordinators_are(self) -> None:
        assignment = self.give()
        assignment.responsible.clear()
        [finding] = assignment_overdue(today=day(3, 2))
        assert finding.responsible is not None
        self.assertEqual(finding.responsible.role, "koordinator")
        self.assertEqual(finding.responsible.user_ids, (self.coordinator.pk,))

    def test_it_keeps_to_the_structures_asked_for(self) -> None:
        self.give()
        self.assertEqual(len(list(assignment_overdue(today=day(3, 2), structure_ids=None))), 1)
        self.assertEqual(
            list(assignment_overdue(today=day(3, 2), structure_ids=[self.other_structure.pk])),
            [],
        )

    def test_it_reports_a_working_group_due_for_review(self) -> None:
        group = self.working_group()
        self.assertEqual(group.review_on, day(1, 11, 2028))
        self.assertEqual(list(working_group_review(today=day(12, 11))), [])  # 31 days ahead
        [soon] = working_group_review(today=day(12, 12))
        self.assertEqual(soon.rule, WORKING_GROUP_REVIEW)
        self.assertEqual(soon.severity, Severity.DUE_SOON)
        self.assertEqual(
            soon.message,
            "Arbetsgrupp utskrivning, som Länssamverkansgruppen har tillsatt, ska ses över "
            "senast 11 januari 2028, om 30 dagar.",
        )
        self.assertEqual(soon.citation, WORKING_GROUP_WORDS)
        self.assertEqual(soon.url, reverse("cases:working_group", args=[group.pk]))
        self.assertEqual(soon.body_id, group.body_id)
        assert soon.responsible is not None
        self.assertEqual(
            soon.responsible.text(),
            "ordförande eller sekreterare i Länssamverkansgruppen (Alice Berg)",
        )
        self.assertEqual(soon.responsible.user_ids, (self.chair_user.pk,))
        [late] = working_group_review(today=day(1, 13, 2028))
        self.assertEqual(late.severity, Severity.OVERDUE)
        self.assertTrue(late.message.endswith("senast 11 januari 2028, för två dagar sedan."))
        self.assertEqual(late.key, soon.key)  # the same finding, now late
        # A group that has ended is not reviewed.
        Body.objects.filter(pk=group.body_id).update(end_date=day(12, 31))
        self.assertEqual(list(working_group_review(today=day(1, 13, 2028))), [])

    def test_the_queries_do_not_grow_with_the_assignments_and_groups(self) -> None:
        def counts() -> list[int]:
            return [
                queries(lambda: assignment_overdue(today=day(3, 2)))[0],
                queries(lambda: assignment_due_soon(today=day(2, 20)))[0],
                queries(lambda: working_group_review(today=day(1, 20, 2028)))[0],
            ]

        def add(n: int, start: int) -> None:
            for i in range(start, start + n):
                self.give(title=f"Uppdrag {i}", due_on=DUE + datetime.timedelta(days=i % 2))
                self.working_group(name=f"Arbetsgrupp {i}")

        add(2, 0)
        small = counts()
        add(10, 2)
        self.assertEqual(counts(), small)
        self.assertEqual(len(list(assignment_overdue(today=day(3, 3)))), 12)
        self.assertEqual(len(list(working_group_review(today=day(1, 20, 2028)))), 12)


class RecommendationFindingTests(RecommendationTestCase):
    answer_by = datetime.date(2026, 5, 15)

    def setUp(self) -> None:
        Charter.objects.filter(pk=self.lsvo_charter.pk).update(
            citations={"recommendations": RECOMMENDATION_WORDS}
        )

    def approved_on(self, recommendation: Recommendation, when: datetime.date) -> None:
        Minutes.objects.filter(pk=recommendation.minutes_id).update(approved_at=local(when, 15))

    def routed(self, texts: tuple[str, ...] = ("Anta rutinen.",)) -> list[Recommendation]:
        if not DecisionBody.objects.exists():  # the registrars, once
            self.registrars()
        minutes = self.approved_minutes(texts=texts)
        found = list(Recommendation.objects.filter(minutes=minutes).order_by("pk"))
        for recommendation in found:
            recommendation_route(
                recommendation=recommendation,
                answer_by=self.answer_by,
                by=self.other_coordinator,
                today=datetime.date(2026, 3, 20),
            )
        return found

    def test_it_reports_a_recommendation_the_principals_have_not_answered(self) -> None:
        [recommendation] = self.routed()
        decided = list(
            PrincipalDecision.objects.filter(recommendation=recommendation)
            .exclude(principal=self.blekinge_region)
            .order_by("principal__name")[:2]
        )
        PrincipalDecision.objects.filter(pk__in=[d.pk for d in decided]).update(
            state=DecisionState.ADOPTED, decided_on=datetime.date(2026, 4, 20)
        )
        self.assertEqual(list(recommendation_unanswered(today=datetime.date(2026, 4, 30))), [])
        [soon] = recommendation_unanswered(today=datetime.date(2026, 5, 1))
        self.assertEqual(soon.severity, Severity.DUE_SOON)
        self.assertEqual(soon.due_on, self.answer_by)
        self.assertEqual(
            soon.message,
            "Rekommendationen ”Gemensam rutin för SIP” från LSVO väntar på beslut från Region "
            "Blekinge, Olofströms kommun, Ronneby kommun och Sölvesborgs kommun; svar senast "
            "15 maj 2026, om 14 dagar.",
        )
        self.assertEqual(soon.citation, RECOMMENDATION_WORDS)
        self.assertEqual(soon.url, reverse("cases:recommendation", args=[recommendation.pk]))
        self.assertEqual(soon.body_id, self.other_body.pk)
        assert soon.responsible is not None
        self.assertEqual(soon.responsible.text(), "koordinator (annan)")
        self.assertEqual(soon.responsible.user_ids, (self.other_coordinator.pk,))
        [late] = recommendation_unanswered(today=datetime.date(2026, 5, 16))
        self.assertEqual(late.severity, Severity.OVERDUE)
        self.assertTrue(late.message.endswith("svaret skulle ha kommit senast 15 maj 2026."))
        PrincipalDecision.objects.filter(recommendation=recommendation).update(
            state=DecisionState.REJECTED
        )
        self.assertEqual(list(recommendation_unanswered(today=datetime.date(2026, 5, 16))), [])

    def test_it_counts_the_principals_rather_than_name_more_than_five(self) -> None:
        self.routed()
        [late] = recommendation_unanswered(today=datetime.date(2026, 6, 1))
        self.assertIn(
            "väntar på beslut från Region Blekinge, Karlshamns kommun, Karlskrona kommun, "
            "Olofströms kommun och två huvudmän till;",
            late.message,
        )

    def test_it_notes_a_recommendation_not_sent_a_month_after_the_minutes(self) -> None:
        recommendation = self.recommendation()
        self.approved_on(recommendation, datetime.date(2026, 3, 12))
        self.assertEqual(list(recommendation_unanswered(today=datetime.date(2026, 4, 11))), [])
        [noted] = recommendation_unanswered(today=datetime.date(2026, 4, 12))
        self.assertEqual(noted.severity, Severity.NOTED)
        self.assertIsNone(noted.due_on)
        self.assertEqual(
            noted.message,
            "Rekommendationen ”Gemensam rutin för SIP” från LSVO har inte expedierats till "
            "huvudmännen, 31 dagar efter att minnesanteckningarna justerades (12 mars 2026).",
        )
        self.assertEqual(
            noted.key, f"{RECOMMENDATION_UNANSWERED}|recommendation:{recommendation.pk}"
        )

    def test_the_queries_do_not_grow_with_the_recommendations(self) -> None:
        self.routed(texts=("Anta rutinen.",))
        unrouted = self.recommendation(title="Annan rutin", day=datetime.date(2026, 3, 11))
        self.approved_on(unrouted, datetime.date(2026, 3, 12))
        small, found = queries(lambda: recommendation_unanswered(today=datetime.date(2026, 5, 1)))
        self.assertEqual(len(found), 2)
        routed = self.routed(texts=tuple(f"Anta rutin {n}." for n in range(6)))
        for n in range(4):
            more = self.recommendation(title=f"Rutin {n}", day=datetime.date(2026, 3, 2 + n))
            self.approved_on(more, datetime.date(2026, 3, 12))
        large, found = queries(lambda: recommendation_unanswered(today=datetime.date(2026, 5, 1)))
        self.assertEqual(len(found), 2 + len(routed) + 4)
        self.assertEqual(large, small)
