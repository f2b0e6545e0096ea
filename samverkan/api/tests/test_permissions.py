from __future__ import annotations

from samverkan.api.tests.base import ApiTestCase
from samverkan.structure.models import Body, Charter, Membership, Person, Principal, Structure

NOT_COORDINATOR = "Du är inte koordinator för Samverkan Västerbotten och kan inte ändra något där."


class MemberIsRefusedTests(ApiTestCase):
    """A member of a body (not a coordinator) reads but cannot change the structure."""

    def test_it_refuses_a_member_creating_a_body(self) -> None:
        response = self.call(
            "post",
            "/bodies",
            {
                "structure": "vasterbotten",
                "name": "Ny grupp",
                "kind": "working_group",
                "level": "regional",
                "mandate": "none",
            },
            user=self.member_user,
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        self.assertFalse(Body.objects.filter(name="Ny grupp").exists())

    def test_it_refuses_a_member_changing_a_body(self) -> None:
        response = self.call(
            "patch",
            f"/bodies/{self.body.pk}",
            {"lock_version": 1, "name": "Kapad"},
            user=self.member_user,
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        self.assertEqual(Body.objects.get(pk=self.body.pk).name, "Länssamverkansgruppen")

    def test_it_refuses_a_member_adding_or_changing_memberships(self) -> None:
        response = self.call(
            "post",
            "/memberships",
            {
                "body": self.body.pk,
                "person": self.cecilia.pk,
                "role": "member",
                "principal": self.skelleftea.pk,
            },
            user=self.member_user,
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        response = self.call(
            "patch",
            f"/memberships/{self.chair.pk}",
            {"lock_version": 1, "function": "X"},
            user=self.member_user,
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        self.assertEqual(Membership.objects.filter(body=self.body).count(), 2)
        self.assertEqual(Membership.objects.get(pk=self.chair.pk).function, "")

    def test_it_refuses_a_member_changing_a_charter(self) -> None:
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {"lock_version": 1, "meetings_min_per_year": 1},
            user=self.member_user,
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        self.assertEqual(Charter.objects.get(pk=self.charter.pk).meetings_min_per_year, 3)

    def test_it_refuses_a_member_adding_or_changing_people(self) -> None:
        response = self.call(
            "post", "/people", {"first_name": "Dag", "last_name": "Ny"}, user=self.member_user
        )
        self.assertError(
            response, 403, detail="Bara koordinatorer och administratörer kan lägga till personer."
        )
        self.assertFalse(Person.objects.filter(first_name="Dag").exists())
        response = self.call(
            "patch", f"/people/{self.alice.pk}", {"title": "X"}, user=self.member_user
        )
        self.assertError(response, 403)
        self.assertEqual(Person.objects.get(pk=self.alice.pk).title, "Socialchef")

    def test_it_refuses_a_member_changing_the_structure(self) -> None:
        response = self.call(
            "patch", "/structures/vasterbotten", {"name": "Kapad"}, user=self.member_user
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        self.assertEqual(Structure.objects.get(pk=self.structure.pk).name, "Samverkan Västerbotten")

    def test_it_refuses_non_admins_adding_principals_and_structures(self) -> None:
        for user in (self.member_user, self.coordinator):
            response = self.call("post", "/principals", {"name": "Brukarrådet"}, user=user)
            self.assertError(
                response, 403, detail="Bara administratörer kan lägga till eller ändra huvudmän."
            )
            response = self.call(
                "post",
                "/structures",
                {"slug": "ny", "name": "Ny", "region": self.region.pk},
                user=user,
            )
            self.assertError(response, 403)
        self.assertFalse(Principal.objects.filter(name="Brukarrådet").exists())
        self.assertFalse(Structure.objects.filter(slug="ny").exists())


class OtherCoordinatorIsRefusedTests(ApiTestCase):
    """A coordinator of Blekinge cannot change Västerbotten."""

    def test_it_refuses_changes_to_another_structures_bodies(self) -> None:
        response = self.call(
            "patch",
            f"/bodies/{self.body.pk}",
            {"lock_version": 1, "name": "Kapad"},
            user=self.other_coordinator,
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        response = self.call(
            "post",
            "/bodies",
            {
                "structure": "vasterbotten",
                "name": "Kapad",
                "kind": "working_group",
                "level": "regional",
                "mandate": "none",
            },
            user=self.other_coordinator,
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        self.assertEqual(Body.objects.get(pk=self.body.pk).name, "Länssamverkansgruppen")
        self.assertFalse(Body.objects.filter(name="Kapad").exists())

    def test_it_refuses_changes_to_another_structures_memberships(self) -> None:
        response = self.call(
            "post",
            "/memberships",
            {
                "body": self.body.pk,
                "person": self.cecilia.pk,
                "role": "member",
                "principal": self.skelleftea.pk,
            },
            user=self.other_coordinator,
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        response = self.call(
            "patch",
            f"/memberships/{self.chair.pk}",
            {"lock_version": 1, "function": "X"},
            user=self.other_coordinator,
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        response = self.call(
            "post",
            f"/memberships/{self.chair.pk}/end",
            {"on": "2026-06-30"},
            user=self.other_coordinator,
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        chair = Membership.objects.get(pk=self.chair.pk)
        self.assertIsNone(chair.end)
        self.assertEqual(chair.function, "")
        self.assertFalse(Membership.objects.filter(person=self.cecilia).exists())

    def test_it_refuses_a_new_charter_version_in_another_structure(self) -> None:
        response = self.call(
            "post",
            f"/bodies/{self.body.pk}/charters",
            {"version": "2027"},
            user=self.other_coordinator,
        )
        self.assertError(response, 403, detail=NOT_COORDINATOR)
        self.assertEqual(Charter.objects.filter(body=self.body).count(), 1)

    def test_it_lets_the_other_coordinator_change_their_own_structure(self) -> None:
        response = self.call(
            "patch",
            f"/bodies/{self.other_body.pk}",
            {"lock_version": 1, "short_name": "LSVO"},
            user=self.other_coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Body.objects.get(pk=self.other_body.pk).short_name, "LSVO")
