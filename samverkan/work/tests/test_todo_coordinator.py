"""The coordinator's start page: the findings of their structures, most urgent first, and
what waits for them: notices to send, minutes to send for approval, waiting on a named
approver or held from publication, recommendations to route and decisions to record,
assignments overdue."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import DecisionState, PrincipalDecision, Recommendation
from samverkan.lib.findings import Finding, Responsible, Severity
from samverkan.lib.swedish import date_text
from samverkan.meetings.models import MeetingStatus
from samverkan.meetings.services import document_deadline
from samverkan.minutes.models import PublicationHold
from samverkan.minutes.services import minutes_approve, minutes_submit
from samverkan.rules.checking import check_structures
from samverkan.rules.models import Acknowledgement, StoredFinding
from samverkan.rules.selectors import ShownFinding
from samverkan.structure.models import Structure
from samverkan.work.tests.test_todo_base import TodoTestCase, days, today, with_parts

COMPOSITION_TEXT = (
    "Länssamverkansgruppen har inte den sammansättning som uppdragsbeskrivningen anger"
)


def shown(n: int, severity: Severity = Severity.OVERDUE, **extra: object) -> list[ShownFinding]:
    return [
        ShownFinding(
            Finding(
                rule="test.rule",
                severity=severity,
                message=f"Avvikelse nummer {i}.",
                body_id=None,
                subject=f"Sak {i:02d}",
                url=f"/arbeta/plats/{i}/",
                about=f"test:{i}",
                **extra,  # type: ignore[arg-type]
            )
        )
        for i in range(1, n + 1)
    ]


def waiting(page: str) -> str:
    """The part "Väntar på dig som koordinator": the findings say some of it in their words."""
    return page.split('id="vantar"')[1].split("</section>")[0]


class FindingsTests(TodoTestCase):
    def checked_as(self, findings: list[ShownFinding]) -> Any:
        """The worker's check finding these (the same in every structure it checks)."""
        return mock.patch(
            "samverkan.rules.checking.run_findings",
            return_value=[s.finding for s in findings],
        )

    def test_it_shows_only_the_coordinators_structures_of_the_stored_check(self) -> None:
        with self.checked_as(shown(3)):
            check_structures()
        self.login(self.other_coordinator)
        page = with_parts(self.client, reverse("work:home"))
        self.assertIn("3 avvikelser från uppdragsbeskrivningarna", page)
        StoredFinding.objects.exclude(structure=self.structure).delete()
        page = with_parts(self.client, reverse("work:home"))
        self.assertIn("Inga avvikelser från uppdragsbeskrivningarna i dag.", page)
        self.assertIn("Enligt regelkontrollen ", page)

    def test_it_shows_the_findings_of_the_coordinators_structures(self) -> None:
        page = self.start_page(self.coordinator)

        self.assertIn("<h1>Att göra</h1>", page)
        self.assertIn("Avvikelser i dina strukturer", page)
        self.assertIn(COMPOSITION_TEXT, page)
        self.assertIn("Att notera", page)
        fix = reverse("work:body", args=["vasterbotten", "lsg"])
        self.assertIn(f'href="{fix}">Åtgärda', page)
        self.assertIn(reverse("rules:structure_findings", args=["vasterbotten"]), page)
        self.assertIn("Alla avvikelser i Samverkan Västerbotten", page)

    def test_it_leaves_out_other_structures_and_acknowledged_findings(self) -> None:
        page = self.start_page(self.other_coordinator)
        self.assertNotIn(COMPOSITION_TEXT, page)
        self.assertNotIn(reverse("rules:structure_findings", args=["vasterbotten"]), page)

        Acknowledgement.objects.create(
            key=f"structure.composition|body:{self.body.pk}",
            rule="structure.composition",
            structure=self.structure,
            body=self.body,
            message=COMPOSITION_TEXT,
            reason="Regionen utser sina ledamöter i januari.",
            by=self.coordinator,
        )
        self.assertNotIn(COMPOSITION_TEXT, self.start_page(self.coordinator))

    def test_an_administrator_of_many_structures_gets_one_link_to_all_findings(self) -> None:
        for n in range(3):
            Structure.objects.create(name=f"Struktur {n}", slug=f"struktur-{n}", region=self.region)

        page = self.start_page(self.admin)

        self.assertIn("Det här väntar på dig som koordinator i 5 strukturer", page)
        self.assertIn(f'<a href="{reverse("rules:findings")}">Alla avvikelser</a>', page)
        self.assertNotIn("Alla avvikelser i", page)

    def test_it_shows_the_most_urgent_first_and_at_most_fifteen(self) -> None:
        findings = shown(
            20,
            due_on=datetime.date(2026, 11, 30),
            responsible=Responsible(role="koordinator", names=("Kim Koordinator",)),
        )
        with self.checked_as(findings):
            page = self.start_page(self.coordinator)

        self.assertIn("20 avvikelser från uppdragsbeskrivningarna, de mest brådskande först", page)
        self.assertIn("här visas de 15 första", page)
        self.assertIn("Avvikelse nummer 15.", page)
        self.assertNotIn("Avvikelse nummer 16.", page)
        self.assertLess(page.index("Avvikelse nummer 1."), page.index("Avvikelse nummer 2."))
        self.assertIn("Försenat", page)
        self.assertIn("Ansvarig: koordinator (Kim Koordinator)", page)
        self.assertIn('>Åtgärda<span class="visually-hidden">: Sak 01</span></a>', page)

    def test_it_says_when_a_deadline_passed_or_is_ahead(self) -> None:
        findings = [
            *shown(1, Severity.OVERDUE, due_on=today() - datetime.timedelta(days=1)),
            *shown(1, Severity.DUE_SOON, due_on=days(10)),
        ]
        with self.checked_as(findings):
            page = self.start_page(self.coordinator)

        yesterday = today() - datetime.timedelta(days=1)
        self.assertIn(f"Skulle ha varit klart {date_text(yesterday)}.", page)
        self.assertIn(f"Senast {date_text(days(10))}.", page)
        self.assertIn("Snart dags", page)

    def test_it_says_so_when_nothing_is_off(self) -> None:
        with self.checked_as([]):
            page = self.start_page(self.coordinator)

        self.assertIn("Inga avvikelser från uppdragsbeskrivningarna i dag.", page)


class WaitingTests(TodoTestCase):
    def test_it_lists_notices_to_send_by_the_document_deadline(self) -> None:
        late = self.coming(days(10))
        soon = self.coming(days(24))
        self.coming(days(70))  # its deadline is weeks away
        self.coming(days(9), status=MeetingStatus.CALLED)  # the notice has gone out
        self.coming(days(5), body=self.other_body)  # another structure

        page = waiting(self.start_page(self.coordinator))

        self.assertIn("Kallelser att skicka", page)
        notice = reverse("meetings:notice", args=[late.pk])
        self.assertIn(f'<a href="{notice}">Länssamverkansgruppen {date_text(days(10))}</a>', page)
        late_deadline = document_deadline(late, self.charter)
        soon_deadline = document_deadline(soon, self.charter)
        assert late_deadline and soon_deadline
        # Marked as the finding it also is (see test_todo_once.py).
        self.assertIn(
            f'<span class="severity severity-overdue">Försenat</span> <a href="{notice}"', page
        )
        self.assertIn(f"</a> – Handlingarna skulle ha varit ute {date_text(late_deadline)}.", page)
        self.assertIn(f"Handlingarna ska vara ute senast {date_text(soon_deadline)}.", page)
        # The meetings themselves (a deadline may fall on one of their days, as in December).
        self.assertNotIn(f"{date_text(days(70))}</a>", page)
        self.assertNotIn(f"{date_text(days(9))}</a>", page)
        self.assertNotIn(f"{date_text(days(5))}</a>", page)

    def test_a_body_without_a_lead_time_is_called_in_its_last_two_weeks(self) -> None:
        self.coming(days(12), body=self.au)
        self.coming(days(20), body=self.au)

        page = waiting(self.start_page(self.coordinator))

        self.assertIn(f"Länssamverkansgruppens AU {date_text(days(12))}", page)
        self.assertIn("Uppdragsbeskrivningen anger ingen sista dag för handlingarna.", page)
        self.assertNotIn(date_text(days(20)), page)

    def test_it_lists_minutes_to_send_and_who_holds_up_the_approval(self) -> None:
        minutes = self.write(self.start())
        page = self.start_page(self.coordinator)
        self.assertIn("Minnesanteckningar att skicka för justering", page)
        self.assertIn(
            "Länssamverkansgruppen 10 mars 2026</a> – utkast, sekreterare Sara Holm", page
        )

        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        minutes_approve(minutes=minutes, by=self.chair_user)
        page = self.start_page(self.coordinator)

        self.assertNotIn("Minnesanteckningar att skicka för justering", page)
        self.assertIn("Minnesanteckningar som väntar på justering", page)
        self.assertIn(f"väntar på Cecilia Ek (justeringsperson) sedan {date_text(today())}", page)
        self.assertNotIn("Alice Berg (ordförande)", page)
        self.assertNotIn("väntar på justering", self.start_page(self.other_coordinator))

    def test_it_lists_minutes_held_from_publication(self) -> None:
        minutes = self.published()
        PublicationHold.objects.create(
            minutes=minutes, found="19121212-1212", kind="personnummer", start=0, context="…"
        )
        type(minutes).objects.filter(pk=minutes.pk).update(published_at=None)

        page = self.start_page(self.coordinator)

        self.assertIn("Publicering stoppad", page)
        self.assertIn(reverse("minutes:minutes", args=[minutes.pk]) + "#personnummer", page)

    def test_it_lists_recommendations_to_route_and_decisions_to_record(self) -> None:
        self.published()
        recommendation = Recommendation.objects.get()
        page = self.start_page(self.coordinator)
        self.assertIn("Rekommendationer att expediera till huvudmännen", page)
        self.assertIn(recommendation.title, page)

        Recommendation.objects.filter(pk=recommendation.pk).update(
            routed_at=timezone.now(), answer_by=today() - datetime.timedelta(days=3)
        )
        for principal in (self.region, self.umea, self.skelleftea):
            PrincipalDecision.objects.get_or_create(
                recommendation=recommendation, principal=principal
            )
        decisions = PrincipalDecision.objects.filter(recommendation=recommendation)
        decisions.update(state=DecisionState.SENT)
        decisions.filter(principal=self.region).update(state=DecisionState.ADOPTED)
        total = decisions.count()
        page = self.start_page(self.coordinator)

        self.assertNotIn("Rekommendationer att expediera", page)
        self.assertIn("Huvudmännens beslut att registrera", page)
        self.assertIn(f"1 av {total} huvudmän har beslutat", page)
        passed = today() - datetime.timedelta(days=3)
        self.assertIn(f"svaren skulle ha kommit {date_text(passed)}", page)

        PrincipalDecision.objects.update(state=DecisionState.ADOPTED)
        self.assertNotIn("Huvudmännens beslut att registrera", self.start_page(self.coordinator))

    def test_it_lists_overdue_assignments(self) -> None:
        late = today() - datetime.timedelta(days=2)
        made = self.assignment("Rutin för utskrivning", due_on=late)
        self.assignment("Inte försenat", due_on=days(30))

        page = self.start_page(self.coordinator)

        self.assertIn("Försenade uppdrag", page)
        self.assertIn(reverse("cases:assignment", args=[made.pk]), page)
        self.assertIn(
            "från Samråd vård och omsorg till Länssamverkansgruppen, "
            f'<span class="warn-text">skulle ha återrapporterats {date_text(late)}</span>',
            page,
        )
        self.assertNotIn("Inte försenat", page)

    def test_it_says_when_nothing_waits(self) -> None:
        page = self.start_page(self.coordinator)

        self.assertIn("Inga kallelser, minnesanteckningar, rekommendationer eller", page)
