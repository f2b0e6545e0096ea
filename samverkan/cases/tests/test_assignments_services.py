"""Giving, changing, reporting and closing assignments; creating and reviewing working groups."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from samverkan.audit.models import Change
from samverkan.cases.models import AssignmentStatus
from samverkan.cases.services.assignments import (
    assignment_close,
    assignment_give,
    assignment_headings,
    assignment_report,
    assignment_start,
    assignment_update,
    assignment_withdraw,
    needs_responsible,
)
from samverkan.cases.services.working_groups import (
    add_months,
    working_group_add_member,
    working_group_add_outsider,
    working_group_reviewed,
)
from samverkan.cases.tests.test_assignments_base import (
    DUE,
    EIGHT_HEADINGS,
    GIVEN,
    AssignmentTestCase,
    sections,
)
from samverkan.lib.errors import ConflictError, DomainError
from samverkan.structure.importer import structure_import_file
from samverkan.structure.models import (
    Body,
    Charter,
    Membership,
    Person,
    Principal,
    PrincipalKind,
)


class GiveTests(AssignmentTestCase):
    def test_it_gives_an_assignment_under_the_charters_eight_headings(self) -> None:
        assignment = self.give()

        self.assertEqual([s["heading"] for s in assignment.sections], EIGHT_HEADINGS)
        self.assertEqual(
            assignment.sections[1]["text"], "Ta fram en gemensam rutin för utskrivning."
        )
        self.assertEqual(assignment.status, AssignmentStatus.GIVEN)
        self.assertEqual(assignment.report_to, self.body)  # the giver, by default
        self.assertEqual(list(assignment.responsible.all()), [self.cecilia])
        self.assertEqual(assignment.structure, self.structure)
        self.assertTrue(
            Change.objects.filter(object_type="assignment", object_id=assignment.pk).exists()
        )

    def test_it_writes_the_headings_empty_when_no_sections_are_given(self) -> None:
        assignment = self.give(sections=None)
        self.assertEqual([s["heading"] for s in assignment.sections], EIGHT_HEADINGS)
        self.assertEqual({s["text"] for s in assignment.sections}, {""})

    def test_it_refuses_other_headings_naming_what_is_missing_and_what_is_not_there(
        self,
    ) -> None:
        wrong = [*sections()[:7], {"heading": "Uppföljning", "text": ""}]
        with self.assertRaises(DomainError) as refused:
            self.give(sections=wrong)
        self.assertEqual(refused.exception.field, "sections")
        self.assertIn("Saknas: ”Uppföljning – hur?”", refused.exception.message)
        self.assertIn("Hör inte dit: ”Uppföljning”", refused.exception.message)
        self.assertIn("”Bakgrund”, ”Uppdrag”", refused.exception.message)

    def test_it_refuses_the_headings_in_another_order(self) -> None:
        swapped = sections()
        swapped[0], swapped[1] = swapped[1], swapped[0]
        with self.assertRaises(DomainError) as refused:
            self.give(sections=swapped)
        self.assertIn("fel ordning", refused.exception.message)

    def test_it_uses_one_uppdrag_heading_where_the_charter_sets_none(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            assignment_headings=[], assignment_needs_responsible=False
        )
        assignment = self.give(
            sections=[{"heading": "Uppdrag", "text": "Gör en kartläggning."}], responsible=[]
        )
        self.assertEqual(
            assignment.sections, [{"heading": "Uppdrag", "text": "Gör en kartläggning."}]
        )
        with self.assertRaises(DomainError) as refused:
            self.give(sections=sections(), responsible=[])
        self.assertIn("inte anger några andra", refused.exception.message)

    def test_it_refuses_an_assignment_without_responsible_when_the_charter_requires_one(
        self,
    ) -> None:
        with self.assertRaises(DomainError) as refused:
            self.give(responsible=[])
        self.assertEqual(refused.exception.field, "responsible")
        self.assertIn("ansvarig eller ansvariga ska utses", refused.exception.message)

    def test_it_refuses_a_receiver_that_is_not_below_the_giver(self) -> None:
        for receiver in (self.council, self.body, self.other_body):
            with self.subTest(receiver=receiver.name), self.assertRaises(DomainError) as refused:
                self.give(to_body=receiver)
            self.assertEqual(refused.exception.field, "to_body")
        sibling = Body.objects.create(
            structure=self.structure,
            key="beredning",
            name="Beredning vuxna",
            kind="preparation_committee",
            level="regional",
            mandate="none",
            parent=self.council,
        )
        with self.assertRaises(DomainError) as refused:
            self.give(to_body=sibling)
        self.assertIn("ligger inte under Länssamverkansgruppen", refused.exception.message)

    def test_it_gives_to_a_grandchild_or_a_person_but_not_both_nor_neither(self) -> None:
        grandchild = Body.objects.create(
            structure=self.structure,
            key="au-grupp",
            name="Grupp under AU",
            kind="working_group",
            level="regional",
            mandate="none",
            parent=self.au,
        )
        self.assertEqual(self.give(to_body=grandchild).to_body, grandchild)
        self.assertEqual(self.give(to_body=None, to_person=self.bo).to_person, self.bo)
        with self.assertRaises(DomainError):
            self.give(to_body=self.local, to_person=self.bo)
        with self.assertRaises(DomainError):
            self.give(to_body=None)

    def test_it_refuses_a_due_date_not_after_the_day_it_is_given(self) -> None:
        for due in (GIVEN, GIVEN - datetime.timedelta(days=1), None):
            with self.subTest(due=due), self.assertRaises(DomainError) as refused:
                self.give(due_on=due)
            self.assertEqual(refused.exception.field, "due_on")

    def test_it_refuses_a_report_receiver_in_another_structure(self) -> None:
        with self.assertRaises(DomainError) as refused:
            self.give(report_to=self.other_body)
        self.assertEqual(refused.exception.field, "report_to")


class LifeTests(AssignmentTestCase):
    def test_it_changes_an_assignment_with_the_version_read_and_refuses_a_stale_one(
        self,
    ) -> None:
        assignment = self.give()
        version = assignment.lock_version
        assignment_update(
            by=self.chair_user,
            assignment=assignment,
            expected_version=version,
            due_on=DUE + datetime.timedelta(days=30),
            responsible=[self.cecilia, self.bo],
        )
        assignment.refresh_from_db()
        self.assertEqual(assignment.due_on, DUE + datetime.timedelta(days=30))
        self.assertEqual(assignment.responsible.count(), 2)
        with self.assertRaises(ConflictError):
            assignment_update(
                by=self.chair_user, assignment=assignment, expected_version=version, title="X"
            )

    def test_it_starts_reports_and_closes(self) -> None:
        assignment = self.give()
        assignment_start(by=self.chair_user, assignment=assignment)
        self.assertEqual(assignment.status, AssignmentStatus.IN_PROGRESS)
        with self.assertRaises(DomainError):
            assignment_close(by=self.chair_user, assignment=assignment)
        assignment_report(
            by=self.chair_user,
            assignment=assignment,
            text="Rutinen är framtagen och bifogas.",
            file=SimpleUploadedFile("rutin.txt", "Rutin för utskrivning\n".encode()),
            today=datetime.date(2027, 2, 20),
        )
        assignment.refresh_from_db()
        self.assertEqual(assignment.status, AssignmentStatus.REPORTED)
        self.assertEqual(assignment.reported_on, datetime.date(2027, 2, 20))
        self.assertEqual(assignment.report_file_name, "rutin.txt")
        self.assertTrue(assignment.report_content_type.startswith("text/plain"))
        assignment_close(by=self.chair_user, assignment=assignment, today=datetime.date(2027, 3, 5))
        self.assertEqual(assignment.status, AssignmentStatus.CLOSED)
        self.assertEqual(assignment.closed_on, datetime.date(2027, 3, 5))
        with self.assertRaises(DomainError):
            assignment_withdraw(by=self.chair_user, assignment=assignment)
        with self.assertRaises(DomainError):
            assignment_update(
                by=self.chair_user, assignment=assignment, expected_version=None, title="Ny"
            )

    def test_it_needs_text_or_a_file_and_refuses_a_program(self) -> None:
        assignment = self.give()
        with self.assertRaises(DomainError) as refused:
            assignment_report(by=self.chair_user, assignment=assignment, text="  ")
        self.assertEqual(refused.exception.field, "report_text")
        with self.assertRaises(DomainError) as refused:
            assignment_report(
                by=self.chair_user,
                assignment=assignment,
                file=SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 100),
            )
        self.assertEqual(refused.exception.field, "file")
        assignment.refresh_from_db()
        self.assertEqual(assignment.status, AssignmentStatus.GIVEN)

    def test_it_withdraws_with_a_reason_in_the_history(self) -> None:
        assignment = self.give()
        assignment_withdraw(
            by=self.chair_user, assignment=assignment, reason="Frågan löstes på annat sätt."
        )
        self.assertEqual(assignment.status, AssignmentStatus.WITHDRAWN)
        self.assertTrue(
            Change.objects.filter(
                object_type="assignment",
                object_id=assignment.pk,
                note="Frågan löstes på annat sätt.",
            ).exists()
        )


class WorkingGroupTests(AssignmentTestCase):
    def test_it_creates_a_working_group_under_the_body_reviewed_within_a_year(self) -> None:
        group = self.working_group()
        self.assertEqual(group.body.parent, self.body)
        self.assertEqual(group.body.kind, "working_group")
        self.assertEqual(group.body.mandate, "none")
        self.assertEqual(group.review_on, datetime.date(2028, 1, 11))

    def test_it_reviews_a_preparation_committee_every_second_year_unless_the_charter_says(
        self,
    ) -> None:
        committee = self.working_group(name="Beredning barn", kind="preparation_committee")
        self.assertEqual(committee.review_on, datetime.date(2029, 1, 11))
        Charter.objects.filter(pk=self.charter.pk).update(working_groups_review_months=6)
        group = self.working_group(name="Arbetsgrupp 2")
        self.assertEqual(group.review_on, datetime.date(2027, 7, 11))
        with self.assertRaises(DomainError) as refused:
            self.working_group(name="Arbetsgrupp 3", review_on=datetime.date(2027, 12, 1))
        self.assertIn("minst var 6:e månad", refused.exception.message)

    def test_it_needs_an_end_date_after_today_for_a_temporary_group(self) -> None:
        with self.assertRaises(DomainError) as refused:
            self.working_group(duration="temporary")
        self.assertEqual(refused.exception.field, "end_date")
        with self.assertRaises(DomainError):
            self.working_group(duration="temporary", end_date=GIVEN)
        group = self.working_group(duration="temporary", end_date=datetime.date(2027, 6, 30))
        self.assertEqual(group.body.end_date, datetime.date(2027, 6, 30))

    def test_it_can_be_given_an_assignment_and_linked_to_one(self) -> None:
        assignment = self.give()
        group = self.working_group(assignment=assignment)
        given = self.give(to_body=group.body)
        self.assertEqual(given.to_body, group.body)
        self.assertEqual(group.assignment, assignment)
        with self.assertRaises(DomainError):
            self.working_group(name="Fel", created_by=self.other_local, assignment=given)

    def test_it_records_a_review_and_sets_the_next(self) -> None:
        group = self.working_group()
        day = datetime.date(2027, 12, 20)
        working_group_reviewed(by=self.chair_user, working_group=group, today=day)
        self.assertEqual(group.reviewed_on, day)
        self.assertEqual(group.review_on, datetime.date(2028, 12, 20))
        with self.assertRaises(DomainError):
            working_group_reviewed(
                by=self.chair_user,
                working_group=group,
                today=day,
                next_review_on=datetime.date(2030, 1, 1),
            )
        with self.assertRaises(ConflictError):
            working_group_reviewed(
                by=self.chair_user, working_group=group, today=day, expected_version=1
            )

    def test_it_lets_outsiders_join_only_where_the_charter_allows_it(self) -> None:
        group = self.working_group()
        users = Principal.objects.create(
            kind=PrincipalKind.ORGANISATION, name="Brukarrådet", slug="brukarradet"
        )
        with self.assertRaises(DomainError) as refused:
            working_group_add_member(
                by=self.chair_user, working_group=group, person=self.bo, principal=users
            )
        self.assertEqual(refused.exception.field, "principal")
        with self.assertRaises(DomainError):
            working_group_add_outsider(
                by=self.chair_user,
                working_group=group,
                first_name="Hanna",
                last_name="Ny",
                organisation_name="Anhörigföreningen",
            )
        self.assertFalse(Principal.objects.filter(name="Anhörigföreningen").exists())

        Charter.objects.filter(pk=self.charter.pk).update(working_groups_may_include_outsiders=True)
        working_group_add_member(
            by=self.chair_user, working_group=group, person=self.bo, principal=self.region
        )
        seat = working_group_add_outsider(
            by=self.chair_user,
            working_group=group,
            first_name="Hanna",
            last_name="Ny",
            email="hanna@anhoriga.example",
            organisation_name="Anhörigföreningen",
        )
        self.assertEqual(seat.principal.kind, PrincipalKind.ORGANISATION)
        self.assertEqual(seat.person.employer, seat.principal)
        self.assertEqual(Membership.objects.filter(body=group.body).count(), 2)

    def test_it_adds_months_up_to_the_months_last_day(self) -> None:
        self.assertEqual(add_months(datetime.date(2027, 1, 31), 1), datetime.date(2027, 2, 28))
        self.assertEqual(add_months(datetime.date(2027, 11, 30), 24), datetime.date(2029, 11, 30))


class SeedTests(TestCase):
    """001 as shipped: a Sörmland local arena's charter has exactly eight headings and asks
    for someone responsible."""

    @classmethod
    def setUpTestData(cls) -> None:
        structure_import_file(path=Path(settings.STRUCTURES_DIR) / "sormland-lokala-arenor.yaml")

    def test_it_gives_from_a_local_arena_under_the_charters_eight_headings(self) -> None:
        arena = Body.objects.filter(
            structure__slug="sormland-lokala-arenor", kind="local_group"
        ).first()
        assert arena is not None
        headings = assignment_headings(arena)
        self.assertEqual(len(headings), 8)
        self.assertEqual(headings[:2], ["Bakgrund", "Uppdrag"])
        self.assertTrue(needs_responsible(arena))
        person = Person.objects.filter(memberships__body=arena).first()
        assert person is not None
        with self.assertRaises(DomainError):
            assignment_give(
                by=None, given_by=arena, title="Rutin", to_person=person, due_on=DUE, given_on=GIVEN
            )
        given = assignment_give(
            by=None,
            given_by=arena,
            title="Rutin",
            to_person=person,
            responsible=[person],
            due_on=DUE,
            given_on=GIVEN,
        )
        self.assertEqual([s["heading"] for s in given.sections], headings)
