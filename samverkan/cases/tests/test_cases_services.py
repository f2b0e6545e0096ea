"""Cases between the levels: numbering, the way from body to body, and what approved
minutes do to a case."""

from __future__ import annotations

import datetime
import threading
import unittest
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from samverkan.audit.models import Change
from samverkan.cases.models import Case, CaseStatus, CaseStep, StepOutcome, StepRole
from samverkan.cases.services import cases_minutes
from samverkan.cases.services.cases import (
    case_answer,
    case_close,
    case_lift,
    case_put_on_agenda,
    case_resolve,
    case_send_for_preparation,
    case_update,
)
from samverkan.cases.services.cases_numbering import case_numbering_set, numbering_problem
from samverkan.cases.services.cases_steps import lift_default
from samverkan.cases.tests.test_cases_base import TODAY, CasePersonas, CasesTestCase
from samverkan.lib.errors import ConflictError, DomainError
from samverkan.meetings.models import AgendaItem
from samverkan.minutes.approved import when_approved
from samverkan.minutes.models import EntryKind, MinutesStatus
from samverkan.minutes.services import EntryIn
from samverkan.structure.models import Charter, CharterStatus, Principal
from samverkan.structure.reference import load_reference_principals
from samverkan.testing.transactional import KeepsReferenceData


def steps_of(case: Case) -> list[tuple[str, str, str]]:
    return [
        (s.body.name, s.role, s.outcome)
        for s in CaseStep.objects.filter(case=case).select_related("body").order_by("position")
    ]


class NumberingTests(CasesTestCase):
    def test_it_numbers_cases_by_the_structures_default_format(self) -> None:
        first = self.raise_case()
        second = self.raise_case(title="Läkemedelsgenomgångar i hemtjänsten")
        self.assertEqual(first.number, "VAS 2026/1")
        self.assertEqual(second.number, "VAS 2026/2")

    def test_it_uses_the_coordinators_format_with_a_width(self) -> None:
        self.raise_case()
        case_numbering_set(structure=self.structure, pattern="LS/{number:03}/{year}", by=None)
        self.assertEqual(self.raise_case().number, "LS/002/2026")

    def test_it_starts_the_running_numbers_again_each_year(self) -> None:
        self.raise_case()
        self.raise_case()
        next_year = self.raise_case(today=datetime.date(2027, 1, 4))
        self.assertEqual(next_year.number, "VAS 2027/1")
        self.assertEqual(next_year.raised_on, datetime.date(2027, 1, 4))

    def test_each_structure_numbers_on_its_own(self) -> None:
        self.raise_case()
        other = self.raise_case(
            body=self.other_body, by=self.other_coordinator, raised_via="coordinator"
        )
        self.assertEqual(other.number, "BLE 2026/1")

    def test_it_refuses_a_format_without_the_running_number(self) -> None:
        with self.assertRaises(DomainError) as refused:
            case_numbering_set(structure=self.structure, pattern="SAM {year}", by=self.coordinator)
        self.assertEqual(refused.exception.field, "pattern")
        self.assertIn("måste innehålla {number}", refused.exception.message)
        self.assertIsNotNone(numbering_problem("SAM {number}"))  # no year: numbers would recur
        self.assertIsNotNone(numbering_problem("SAM {year}/{number}/{user}"))
        self.assertIsNotNone(numbering_problem("SAM {year}/{number"))
        self.assertIsNone(numbering_problem("Dnr {{SAM}} {year}-{number:04}"))


class RaisingTests(CasesTestCase):
    def test_a_member_raises_a_case_in_their_body(self) -> None:
        case = self.raise_case()
        self.assertEqual(case.status, CaseStatus.RAISED)
        self.assertEqual(case.current_body, self.local)
        self.assertEqual(case.raised_by, self.greta)
        self.assertEqual(steps_of(case), [(self.local.name, StepRole.DECIDE, "")])
        self.assertTrue(Change.objects.filter(object_type="case", object_id=case.pk).exists())

    def test_it_refuses_someone_who_does_not_sit_in_the_body(self) -> None:
        with self.assertRaises(DomainError) as refused:
            self.raise_case(by=self.member_user)  # Bo sits in LSG, not in the local group
        self.assertEqual(refused.exception.field, "raised_by")
        self.assertIn("sitter inte i Lokala samverkansgruppen Umeå", refused.exception.message)
        self.assertFalse(Case.objects.exists())

    def test_a_network_needs_its_name_and_line_manager(self) -> None:
        with self.assertRaises(DomainError) as refused:
            self.raise_case(raised_via="network", network_name="Demensnätverket")
        self.assertEqual(refused.exception.field, "line_manager")
        case = self.raise_case(
            raised_via="network", network_name="Demensnätverket", line_manager="Eva Öst"
        )
        self.assertEqual((case.network_name, case.line_manager), ("Demensnätverket", "Eva Öst"))

    def test_only_coordinators_raise_as_coordinator(self) -> None:
        with self.assertRaises(DomainError):
            self.raise_case(raised_via="coordinator")
        self.assertEqual(
            self.raise_case(raised_via="coordinator", by=self.coordinator).raised_via, "coordinator"
        )

    def test_a_title_is_required_and_edits_need_the_version_read(self) -> None:
        with self.assertRaises(DomainError) as refused:
            self.raise_case(title="  ")
        self.assertEqual(refused.exception.field, "title")
        case = self.raise_case()
        case_update(case=case, by=self.local_user, expected_version=1, title="Ny rubrik")
        self.assertEqual(case.lock_version, 2)
        with self.assertRaises(ConflictError):
            case_update(case=self.fresh(case), by=self.local_user, expected_version=1, proposal="x")


class WayBetweenBodiesTests(CasesTestCase):
    def test_a_case_lifted_prepared_and_recommended_carries_its_whole_history(self) -> None:
        case = self.raise_case()
        # Lifted from the local group to its commissioning body, LSG.
        case_lift(case=case, by=self.local_user, today=TODAY)
        self.assertEqual((case.status, case.current_body), (CaseStatus.LIFTED, self.body))
        # LSG sends it to its AU, which puts it on its meeting.
        case_send_for_preparation(case=case, to_body=self.au, by=self.secretary_user, today=TODAY)
        self.assertEqual((case.status, case.current_body), (CaseStatus.PREPARING, self.au))
        case_put_on_agenda(case=case, meeting=self.au_meeting, by=self.coordinator)
        item = AgendaItem.objects.get(case_step__case=case)
        self.assertEqual(
            (item.meeting, item.kind, item.title), (self.au_meeting, "case", case.title)
        )
        self.assertEqual(item.proposal, case.proposal)
        self.assertEqual(case.status, CaseStatus.ON_AGENDA)
        # The AU's approved minutes propose to LSG: prepared, back with LSG.
        self.approve_minutes(
            self.au_meeting, {item.pk: [EntryIn(EntryKind.PROPOSAL, "AU föreslår en länsrutin.")]}
        )
        case = self.fresh(case)
        self.assertEqual((case.status, case.current_body), (CaseStatus.RAISED, self.body))
        # LSG puts it on its meeting and recommends the principals.
        case_put_on_agenda(case=case, meeting=self.lsg_meeting, by=self.secretary_user)
        lsg_item = AgendaItem.objects.get(meeting=self.lsg_meeting, kind="case")
        minutes = self.approve_minutes(
            self.lsg_meeting,
            {
                lsg_item.pk: [
                    EntryIn(EntryKind.RECOMMENDATION, "Huvudmännen rekommenderas att anta rutinen.")
                ]
            },
        )
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)
        case = self.fresh(case)
        self.assertEqual((case.status, case.current_body), (CaseStatus.RECOMMENDED, self.body))
        self.assertEqual(
            steps_of(case),
            [
                (self.local.name, StepRole.DECIDE, StepOutcome.LIFTED),
                (self.body.name, StepRole.DECIDE, StepOutcome.RECOMMENDED),
                (self.au.name, StepRole.PREPARE, StepOutcome.PREPARED),
            ],
        )
        lsg_step = CaseStep.objects.get(case=case, body=self.body)
        self.assertEqual(lsg_step.minutes, minutes)
        self.assertEqual(lsg_step.meeting, self.lsg_meeting)
        self.assertEqual(lsg_step.handled_on, datetime.date(2026, 11, 24))
        self.assertIn("Huvudmännen rekommenderas", lsg_step.outcome_text)

    def test_a_decision_in_approved_minutes_resolves_the_case(self) -> None:
        case = self.raise_case()
        case_put_on_agenda(case=case, meeting=self.local_meeting, by=self.local_user)
        item = AgendaItem.objects.get(case_step__case=case)
        self.approve_minutes(
            self.local_meeting, {item.pk: [EntryIn(EntryKind.DECISION, "Rutinen antas.")]}
        )
        case = self.fresh(case)
        self.assertEqual(case.status, CaseStatus.RESOLVED)
        self.assertEqual(case.closed_on, datetime.date(2026, 11, 24))

    def test_a_proposal_from_a_body_that_does_not_decide_goes_up_by_itself(self) -> None:
        case = self.raise_case(body=self.au, by=self.coordinator, raised_via="coordinator")
        case_put_on_agenda(case=case, meeting=self.au_meeting, by=self.coordinator)
        item = AgendaItem.objects.get(case_step__case=case)
        self.approve_minutes(
            self.au_meeting, {item.pk: [EntryIn(EntryKind.PROPOSAL, "Förslag till LSG.")]}
        )
        case = self.fresh(case)
        self.assertEqual((case.status, case.current_body), (CaseStatus.LIFTED, self.body))
        self.assertEqual(steps_of(case)[-1], (self.body.name, StepRole.DECIDE, ""))

    def test_only_information_keeps_the_case_in_the_body(self) -> None:
        case = self.raise_case()
        case_put_on_agenda(case=case, meeting=self.local_meeting, by=self.local_user)
        item = AgendaItem.objects.get(case_step__case=case)
        minutes = self.approve_minutes(
            self.local_meeting, {item.pk: [EntryIn(EntryKind.INFORMATION, "Frågan diskuterades.")]}
        )
        case = self.fresh(case)
        self.assertEqual((case.status, case.current_body), (CaseStatus.RAISED, self.local))
        step = CaseStep.objects.get(case=case)
        self.assertEqual((step.minutes, step.outcome), (minutes, ""))
        # On a later meeting it gets a handling of its own; the first meeting stays in the timeline.
        later = self.planned(self.local, datetime.date(2027, 3, 9))
        case_put_on_agenda(case=case, meeting=later, by=self.local_user)
        self.assertEqual(
            [
                (s.meeting_id, s.outcome)
                for s in CaseStep.objects.filter(case=case).order_by("position")
            ],
            [(self.local_meeting.pk, StepOutcome.NOTED), (later.pk, "")],
        )

    def test_the_charters_escalates_to_decides_where_a_case_is_lifted(self) -> None:
        Charter.objects.create(
            body=self.local,
            version="1.0",
            status=CharterStatus.IN_FORCE,
            escalates_to=self.council,
            citations={"cases": "Frågor av länsövergripande karaktär lyfts till Samrådet."},
        )
        default = lift_default(self.local)
        self.assertEqual(default.body, self.council)
        self.assertIn("lyfts till Samrådet", default.words)
        case = self.raise_case()
        case_lift(case=case, by=self.local_user)
        self.assertEqual(case.current_body, self.council)

    def test_it_refuses_to_lift_to_the_same_body_or_another_structure(self) -> None:
        case = self.raise_case()
        for target, words in (
            (self.local, "redan hos"),
            (self.other_body, "annan samverkansstruktur"),
        ):
            with self.subTest(target=target.name), self.assertRaises(DomainError) as refused:
                case_lift(case=self.fresh(case), by=self.local_user, to_body=target)
            self.assertEqual(refused.exception.field, "body")
            self.assertIn(words, refused.exception.message)
        self.assertEqual(self.fresh(case).status, CaseStatus.RAISED)

    def test_a_case_without_a_proposal_cannot_go_on_an_agenda_whose_charter_demands_one(
        self,
    ) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            items_need_description_and_proposal=True,
            citations={"documents": "Varje ärende ska ha ett förslag till åtgärd."},
        )
        case = self.raise_case(body=self.body, by=self.secretary_user, proposal="")
        with self.assertRaises(DomainError) as refused:
            case_put_on_agenda(case=case, meeting=self.lsg_meeting, by=self.secretary_user)
        self.assertEqual(refused.exception.field, "proposal")
        self.assertIn("förslag till åtgärd", refused.exception.message)
        self.assertEqual(self.fresh(case).status, CaseStatus.RAISED)
        self.assertFalse(AgendaItem.objects.filter(meeting=self.lsg_meeting, kind="case").exists())

    def test_an_answer_goes_back_down_and_shows_there(self) -> None:
        case = self.raise_case()
        case_lift(case=case, by=self.local_user)
        case_answer(
            case=case,
            by=self.secretary_user,
            text="Det finns redan en rutin; se bilaga.",
            today=TODAY,
        )
        case = self.fresh(case)
        self.assertEqual((case.status, case.current_body), (CaseStatus.ANSWERED, self.local))
        self.assertEqual(
            steps_of(case)[-2:],
            [
                (self.body.name, StepRole.DECIDE, StepOutcome.ANSWERED),
                (self.local.name, StepRole.INFORMATION, ""),
            ],
        )
        with self.assertRaises(DomainError):
            case_update(case=case, by=self.local_user, expected_version=None, title="Sent")

    def test_resolving_in_a_preparing_body_sends_the_case_back(self) -> None:
        case = self.raise_case(body=self.body, by=self.secretary_user)
        case_send_for_preparation(case=case, to_body=self.au, by=self.secretary_user)
        case_resolve(case=case, by=self.coordinator, text="Beredd: föreslår en länsrutin.")
        self.assertEqual((case.status, case.current_body), (CaseStatus.RAISED, self.body))
        with self.assertRaises(DomainError):  # a council is no preparing body
            case_send_for_preparation(case=case, to_body=self.council, by=self.secretary_user)
        case_close(case=case, by=self.secretary_user, text="Frågan löstes i linjen.")
        self.assertEqual(case.status, CaseStatus.CLOSED)


class ApprovedMinutesTests(CasesTestCase):
    def cases_on_one_meeting(self, count: int) -> dict[int, list[EntryIn]]:
        entries = {}
        for n in range(count):
            case = self.raise_case(title=f"Fråga {n}")
            case_put_on_agenda(case=case, meeting=self.local_meeting, by=self.local_user)
            item = AgendaItem.objects.get(case_step__case=case)
            entries[item.pk] = [EntryIn(EntryKind.DECISION, f"Beslut {n}.")]
        return entries

    def test_it_records_minutes_on_the_cases_in_a_fixed_number_of_queries(self) -> None:
        ContentType.objects.get_for_model(Case)  # cached from here on, as in a running server
        counts = []
        for size in (1, 4):
            with self.subTest(size=size):
                Case.objects.all().delete()
                meeting = self.planned(self.local, datetime.date(2027, 2, 9 + size))
                self.local_meeting = meeting
                entries = self.cases_on_one_meeting(size)
                # Approve without the hook, then count the hook's own queries.
                with mock.patch.dict(when_approved._hooks, {"cases.steps": lambda m, by: None}):
                    minutes = self.approve_minutes(meeting, entries)
                with CaptureQueriesContext(connection) as queries:
                    cases_minutes.steps_from_minutes(minutes, self.coordinator)
                counts.append(len(queries))
                self.assertEqual(Case.objects.filter(status=CaseStatus.RESOLVED).count(), size)
        self.assertEqual(counts[0], counts[1])

    def test_approving_minutes_never_fails_because_of_a_case(self) -> None:
        entries = self.cases_on_one_meeting(1)
        with (
            mock.patch.object(cases_minutes, "apply_outcome", side_effect=RuntimeError("fel")),
            self.assertLogs("samverkan.cases.services.cases_minutes", "ERROR"),
        ):
            minutes = self.approve_minutes(self.local_meeting, entries)
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)
        self.assertEqual(Case.objects.get().status, CaseStatus.ON_AGENDA)


@unittest.skipUnless(connection.vendor == "postgresql", "needs concurrent transactions")
class ConcurrentNumberingTests(CasePersonas, KeepsReferenceData):
    """Two cases raised at the same moment never get the same number. Real concurrent
    transactions need a database server (SQLite takes its write lock at the start of each
    transaction, so there they are one after the other anyway)."""

    def setUp(self) -> None:
        # The flush between transactional tests removes the principals a migration loads.
        load_reference_principals(Principal)
        self.make_personas()
        self.make_minutes_personas()
        self.make_case_personas()

    def test_it_never_gives_two_cases_the_same_number(self) -> None:
        barrier = threading.Barrier(4)
        numbers: list[str] = []

        def raise_one(n: int) -> None:
            try:
                barrier.wait()
                numbers.append(self.raise_case(title=f"Samtidig fråga {n}").number)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=raise_one, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(numbers), [f"VAS 2026/{n}" for n in range(1, 5)])
