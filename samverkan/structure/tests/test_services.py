from __future__ import annotations

import datetime

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.structure.models import Body, Charter, Membership, Role
from samverkan.structure.services import (
    body_update,
    charter_create_version,
    charter_update,
    membership_create,
    membership_update,
)
from samverkan.testing.base import BaseTestCase, principal


class MembershipRuleTests(BaseTestCase):
    def test_it_refuses_a_principal_outside_the_structure(self) -> None:
        with self.assertRaises(DomainError) as ctx:
            membership_create(
                by=None,
                body=self.body,
                person=self.cecilia,
                role=Role.MEMBER,
                principal=principal("12"),
            )
        self.assertEqual(ctx.exception.field, "principal")
        self.assertIn("hör inte till samverkan med Region Västerbotten", ctx.exception.message)

    def test_it_refuses_substitute_for_on_a_member(self) -> None:
        with self.assertRaises(DomainError) as ctx:
            membership_create(
                by=None,
                body=self.body,
                person=self.cecilia,
                role=Role.MEMBER,
                principal=self.umea,
                substitute_for=self.chair,
            )
        self.assertEqual(ctx.exception.field, "substitute_for")

    def test_it_refuses_a_substitute_for_a_seat_in_another_body(self) -> None:
        other_seat = Membership.objects.create(
            body=self.council, person=self.cecilia, role=Role.MEMBER, principal=self.umea
        )
        with self.assertRaises(DomainError) as ctx:
            membership_create(
                by=None,
                body=self.body,
                person=self.cecilia,
                role=Role.SUBSTITUTE,
                principal=self.umea,
                substitute_for=other_seat,
            )
        self.assertEqual(ctx.exception.field, "substitute_for")

    def test_it_refuses_moving_a_seat_away_from_its_substitutes_principal(self) -> None:
        sub = membership_create(
            by=None,
            body=self.body,
            person=self.cecilia,
            role=Role.SUBSTITUTE,
            principal=self.umea,
            substitute_for=self.chair,
        )
        with self.assertRaises(DomainError) as ctx:
            membership_update(
                by=None, membership=self.chair, expected_version=None, principal=self.skelleftea
            )
        self.assertIn("Ersättaren Cecilia Ek", ctx.exception.message)
        self.assertEqual(Membership.objects.get(pk=self.chair.pk).principal_id, self.umea.pk)
        with self.assertRaises(DomainError):
            membership_update(
                by=None, membership=self.chair, expected_version=None, role=Role.SECRETARY
            )
        self.assertEqual(Membership.objects.get(pk=sub.pk).substitute_for_id, self.chair.pk)

    def test_it_refuses_a_stale_membership_edit(self) -> None:
        Membership.objects.filter(pk=self.vice.pk).update(lock_version=5)
        with self.assertRaises(ConflictError):
            membership_update(by=None, membership=self.vice, expected_version=1, function="x")
        self.assertEqual(Membership.objects.get(pk=self.vice.pk).function, "")


class BodyAndCharterTests(BaseTestCase):
    def test_it_refuses_a_municipality_in_another_county(self) -> None:
        with self.assertRaises(DomainError) as ctx:
            body_update(
                by=None, body=self.body, expected_version=None, municipality=principal("1080")
            )
        self.assertEqual(ctx.exception.field, "municipality")
        self.assertIsNone(Body.objects.get(pk=self.body.pk).municipality)

    def test_it_refuses_a_new_version_from_a_stale_form(self) -> None:
        charter_update(by=None, charter=self.charter, expected_version=1, meetings_min_per_year=4)
        with self.assertRaises(ConflictError):
            charter_create_version(
                by=None, body=self.body, version="2027", expected_version=1, meetings_min_per_year=3
            )
        self.assertEqual(
            list(self.body.charters.values_list("version", "meetings_min_per_year")), [("2020", 4)]
        )

    def test_it_merges_a_partial_lead_time_change_with_the_saved_unit(self) -> None:
        charter_update(by=None, charter=self.charter, expected_version=None, document_lead_value=7)
        self.charter.refresh_from_db()
        self.assertEqual(
            (self.charter.document_lead_value, self.charter.document_lead_unit), (7, "working_days")
        )

    def test_a_new_version_carries_composition_and_items_over(self) -> None:
        new = charter_create_version(
            by=None, body=self.body, version="2027", decided_on=datetime.date(2026, 11, 1)
        )
        self.assertEqual((new.composition.count(), new.standing_items.count()), (3, 1))
        self.charter.refresh_from_db()
        self.assertEqual(self.charter.status, "superseded")

    def test_it_refuses_duties_of_another_shape_than_the_structure_files(self) -> None:
        for duties, message in (
            ({"who": "A"}, "ska vara en lista"),
            ([{"who": "A", "what": "b", "when": "nu"}], "Åtagande 1: ange vem (who)"),
            ([{"who": " ", "what": "b"}], "ange vem som har åtagandet"),
            ([{"who": "A" * 201, "what": "b"}], "högst 200 tecken"),
            ([{"who": "A", "what": "b"}, {"who": "A", "what": ""}], "Åtagande 2: ange vad"),
            ([{"who": "A", "what": "b", "frequency": "weekly"}], "hur ofta ska vara något av"),
            ([{"who": "A", "what": "b", "due": "31 juni"}], "ÅÅÅÅ-MM-DD"),
        ):
            with self.subTest(duties=duties), self.assertRaises(DomainError) as ctx:
                charter_update(by=None, charter=self.charter, expected_version=None, duties=duties)
            self.assertEqual(ctx.exception.field, "duties")
            self.assertIn(message, str(ctx.exception))
        charter_update(
            by=None,
            charter=self.charter,
            expected_version=None,
            duties=[{"who": "A", "what": "b", "frequency": "once", "due": "2027-06-30"}],
        )
        self.assertEqual(Charter.objects.get(pk=self.charter.pk).duties[0]["due"], "2027-06-30")

    def test_it_refuses_to_escalate_to_a_body_of_another_structure(self) -> None:
        with self.assertRaises(DomainError) as ctx:
            charter_update(
                by=None, charter=self.charter, expected_version=None, escalates_to=self.other_body
            )
        self.assertEqual(ctx.exception.field, "escalates_to")
        charter_update(
            by=None, charter=self.charter, expected_version=None, escalates_to=self.council
        )
        self.assertEqual(Charter.objects.get(pk=self.charter.pk).escalates_to, self.council)
