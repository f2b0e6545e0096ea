from __future__ import annotations

import datetime

from samverkan.api.tests.base import ApiTestCase
from samverkan.structure.models import Membership, Role
from samverkan.structure.services import membership_end


class MembershipWriteTests(ApiTestCase):
    def test_it_lets_the_coordinator_add_a_membership(self) -> None:
        response = self.call(
            "post",
            "/memberships",
            {
                "body": self.body.pk,
                "person": self.cecilia.pk,
                "role": "member",
                "principal": self.skelleftea.pk,
                "start": "2026-02-01",
                "function": "Socialtjänst",
            },
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 201, response.content)
        created = response.json()
        membership = Membership.objects.get(pk=created["id"])
        self.assertEqual(membership.body, self.body)
        self.assertEqual(membership.person, self.cecilia)
        self.assertEqual(membership.role, Role.MEMBER)
        self.assertEqual(membership.principal, self.skelleftea)
        self.assertEqual(membership.start, datetime.date(2026, 2, 1))
        self.assertEqual(membership.function, "Socialtjänst")
        self.assertEqual(created["person_name"], "Cecilia Ek")
        self.assertEqual(created["lock_version"], 1)

    def test_it_refuses_chair_and_vice_chair_from_the_same_kind_of_principal(self) -> None:
        # The region's vice chair leaves; a municipality's person would succeed them.
        membership_end(by=None, membership=self.vice, on=datetime.date(2026, 6, 30))

        response = self.call(
            "post",
            "/memberships",
            {
                "body": self.body.pk,
                "person": self.cecilia.pk,
                "role": "vice_chair",
                "principal": self.skelleftea.pk,
                "start": "2026-07-01",
            },
            user=self.coordinator,
        )

        payload = self.assertError(response, 400, field="principal")
        self.assertEqual(list(payload["errors"]), ["principal"])
        message = payload["errors"]["principal"][0]
        self.assertEqual(payload["detail"], message)
        self.assertIn("Ordförande och vice ordförande ska representera olika huvudmän", message)
        self.assertIn("Cecilia Ek och Alice Berg (ordförande)", message)
        # It quotes the charter it applies.
        self.assertIn(
            "uppdragsbeskrivningen för Länssamverkansgruppen, beslutad 2020-01-01", message
        )
        self.assertIn(
            "”Ordförande representerar den ena huvudmannen, och vice ordförande representerar "
            "den andra huvudmannen.”",
            message,
        )
        self.assertFalse(Membership.objects.filter(person=self.cecilia).exists())

    def test_it_accepts_a_vice_chair_from_the_other_side(self) -> None:
        membership_end(by=None, membership=self.vice, on=datetime.date(2026, 6, 30))
        response = self.call(
            "post",
            "/memberships",
            {
                "body": self.body.pk,
                "person": self.bo.pk,
                "role": "vice_chair",
                "principal": self.region.pk,
                "start": "2026-07-01",
            },
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Membership.objects.filter(body=self.body, role=Role.VICE_CHAIR).count(), 2)

    def test_it_refuses_a_reference_to_nothing(self) -> None:
        response = self.call(
            "post",
            "/memberships",
            {
                "body": self.body.pk,
                "person": 999999,
                "role": "member",
                "principal": self.skelleftea.pk,
            },
            user=self.coordinator,
        )
        self.assertError(response, 400, detail="Personen med id 999999 finns inte.", field="person")
        response = self.call(
            "post",
            "/memberships",
            {
                "body": 999999,
                "person": self.cecilia.pk,
                "role": "member",
                "principal": self.skelleftea.pk,
            },
            user=self.coordinator,
        )
        self.assertError(response, 404, detail="Gruppen finns inte.")
        self.assertFalse(Membership.objects.filter(person=self.cecilia).exists())

    def test_it_updates_a_membership_with_the_current_lock_version(self) -> None:
        response = self.call(
            "patch",
            f"/memberships/{self.chair.pk}",
            {"lock_version": 1, "function": "Socialchef", "nominated_by": "Umeå kommun"},
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["lock_version"], 2)
        chair = Membership.objects.get(pk=self.chair.pk)
        self.assertEqual(chair.function, "Socialchef")
        self.assertEqual(chair.nominated_by, "Umeå kommun")
        self.assertEqual(chair.lock_version, 2)

    def test_it_refuses_a_stale_lock_version_and_changes_nothing(self) -> None:
        Membership.objects.filter(pk=self.chair.pk).update(
            lock_version=2, function="Av någon annan"
        )

        response = self.call(
            "patch",
            f"/memberships/{self.chair.pk}",
            {"lock_version": 1, "function": "Min ändring"},
            user=self.coordinator,
        )

        payload = self.assertError(response, 409)
        self.assertIn("Någon annan har ändrat uppdraget", payload["detail"])
        chair = Membership.objects.get(pk=self.chair.pk)
        self.assertEqual(chair.function, "Av någon annan")
        self.assertEqual(chair.lock_version, 2)

    def test_it_requires_the_lock_version(self) -> None:
        response = self.call(
            "patch", f"/memberships/{self.chair.pk}", {"function": "X"}, user=self.coordinator
        )
        payload = self.assertError(response, 400, field="lock_version")
        self.assertEqual(payload["errors"], {"lock_version": ["Fältet måste anges."]})
        self.assertEqual(Membership.objects.get(pk=self.chair.pk).function, "")


class EndMembershipTests(ApiTestCase):
    def test_it_ends_a_membership_and_keeps_it(self) -> None:
        response = self.call(
            "post",
            f"/memberships/{self.chair.pk}/end",
            {"on": "2026-06-30", "reason": "Ny tjänst"},
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["end"], "2026-06-30")
        chair = Membership.objects.get(pk=self.chair.pk)
        self.assertEqual(chair.end, datetime.date(2026, 6, 30))
        self.assertEqual(chair.end_reason, "Ny tjänst")
        self.assertEqual(chair.person, self.alice)
        # Still in the history, readable through the API.
        history = self.call("get", "/memberships", {"person": self.alice.pk}).json()
        self.assertEqual([m["id"] for m in history["items"]], [self.chair.pk])

    def test_it_refuses_an_end_before_the_start(self) -> None:
        response = self.call(
            "post",
            f"/memberships/{self.chair.pk}/end",
            {"on": "2025-12-31"},
            user=self.coordinator,
        )
        self.assertError(
            response,
            400,
            detail="Ett uppdrag kan inte avslutas före sitt startdatum.",
            field="end",
        )
        self.assertIsNone(Membership.objects.get(pk=self.chair.pk).end)

    def test_it_honours_a_stale_lock_version_when_ending(self) -> None:
        Membership.objects.filter(pk=self.chair.pk).update(lock_version=5)
        response = self.call(
            "post",
            f"/memberships/{self.chair.pk}/end",
            {"on": "2026-06-30", "lock_version": 4},
            user=self.coordinator,
        )
        self.assertError(response, 409)
        self.assertIsNone(Membership.objects.get(pk=self.chair.pk).end)

    def test_it_deletes_only_planned_memberships(self) -> None:
        # One that has started is ended, never deleted (planned ones: see below).
        response = self.call("delete", f"/memberships/{self.chair.pk}", user=self.coordinator)
        self.assertEqual(response.status_code, 400)
        self.assertTrue(Membership.objects.filter(pk=self.chair.pk).exists())


class MembershipsOverTimeApiTests(ApiTestCase):
    """Planned appointments through the API: listed by state, changed, deleted before they
    start, and a member replaced in one step (issue 15)."""

    def setUp(self) -> None:
        from samverkan.lib.localtime import local_today

        self.today = local_today()
        self.next_year = datetime.date(self.today.year + 1, 1, 1)
        self.planned = Membership.objects.create(
            body=self.body,
            person=self.cecilia,
            role=Role.MEMBER,
            principal=self.skelleftea,
            start=self.next_year,
        )

    def test_it_lists_memberships_by_state(self) -> None:
        response = self.call("get", f"/memberships?body={self.body.pk}&state=planned")
        self.assertEqual(response.status_code, 200, response.content)
        items = response.json()["items"]
        self.assertEqual([m["id"] for m in items], [self.planned.pk])
        self.assertEqual(items[0]["state"], "planned")
        self.assertFalse(items[0]["active"])
        current = self.call("get", f"/memberships?body={self.body.pk}&state=current").json()
        self.assertEqual({m["state"] for m in current["items"]}, {"current"})
        self.assertEqual({m["id"] for m in current["items"]}, {self.chair.pk, self.vice.pk})
        self.assertError(self.call("get", "/memberships?state=soon"), 400)

    def test_it_changes_and_deletes_a_planned_membership(self) -> None:
        later = self.next_year + datetime.timedelta(days=31)
        response = self.call(
            "patch",
            f"/memberships/{self.planned.pk}",
            {"lock_version": 1, "start": later.isoformat()},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["start"], later.isoformat())
        response = self.call("delete", f"/memberships/{self.planned.pk}", user=self.coordinator)
        self.assertEqual(response.status_code, 204, response.content)
        self.assertFalse(Membership.objects.filter(pk=self.planned.pk).exists())

    def test_it_refuses_to_delete_a_membership_that_has_started(self) -> None:
        response = self.call("delete", f"/memberships/{self.chair.pk}", user=self.coordinator)
        self.assertError(response, 400, field="start")
        self.assertTrue(Membership.objects.filter(pk=self.chair.pk).exists())

    def test_it_refuses_others(self) -> None:
        for user in (self.member_user, self.other_coordinator):
            response = self.call("delete", f"/memberships/{self.planned.pk}", user=user)
            self.assertEqual(response.status_code, 403, user)
            response = self.call(
                "post",
                f"/memberships/{self.chair.pk}/replace",
                {"successor": self.bo.pk, "last_day": "2026-12-31"},
                user=user,
            )
            self.assertEqual(response.status_code, 403, user)
        self.assertEqual(self.call("delete", f"/memberships/{self.planned.pk}").status_code, 401)
        self.assertTrue(Membership.objects.filter(pk=self.planned.pk).exists())

    def test_it_replaces_a_member_in_one_step(self) -> None:
        self.seat_body()
        dan = Membership.objects.get(person=self.dan)
        response = self.call(
            "post",
            f"/memberships/{self.vice.pk}/replace",
            {"successor": self.cecilia.pk, "last_day": "2026-12-31", "substitutes": "end"},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 201, response.content)
        payload = response.json()
        self.assertEqual(payload["ended"]["end"], "2026-12-31")
        self.assertEqual(payload["successor"]["start"], "2027-01-01")
        self.assertEqual(payload["successor"]["role"], "vice_chair")
        self.assertEqual(payload["successor"]["principal"], self.region.pk)
        self.assertEqual([m["id"] for m in payload["substitutes"]], [dan.pk])
        dan.refresh_from_db()
        self.assertEqual(dan.end, datetime.date(2026, 12, 31))

    def test_a_refused_replacement_changes_nothing(self) -> None:
        response = self.call(
            "post",
            f"/memberships/{self.vice.pk}/replace",
            {"successor": self.alice.pk, "last_day": "2026-12-31", "substitutes": "other"},
            user=self.coordinator,
        )
        self.assertError(response, 400, field="substitute_person")
        self.vice.refresh_from_db()
        self.assertIsNone(self.vice.end)
