from __future__ import annotations

from samverkan.accounts.models import ApiToken
from samverkan.accounts.services import api_token_create, api_token_revoke
from samverkan.api.tests.base import ApiTestCase
from samverkan.structure.models import Body

UNAUTHORIZED = "Ogiltig eller saknad API-nyckel."


class TokenTests(ApiTestCase):
    def test_it_accepts_a_valid_token_and_records_its_use(self) -> None:
        token = ApiToken.objects.get(user=self.coordinator)
        self.assertIsNone(token.last_used_at)

        response = self.call("get", "/me", user=self.coordinator)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["username"], "koordinator")
        token.refresh_from_db()
        self.assertIsNotNone(token.last_used_at)

    def test_it_lets_a_token_write(self) -> None:
        response = self.call(
            "patch",
            f"/bodies/{self.body.pk}",
            {"lock_version": 1, "short_name": "LSG-V"},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Body.objects.get(pk=self.body.pk).short_name, "LSG-V")

    def test_it_refuses_a_write_without_a_token(self) -> None:
        response = self.call("patch", f"/bodies/{self.body.pk}", {"lock_version": 1, "name": "X"})

        self.assertError(response, 401, detail=UNAUTHORIZED)
        self.assertEqual(response["WWW-Authenticate"], "Bearer")
        self.assertEqual(Body.objects.get(pk=self.body.pk).name, "Länssamverkansgruppen")

    def test_it_refuses_an_invalid_token(self) -> None:
        for header in ("sv_not-a-real-token", ""):
            response = self.call(
                "post",
                "/memberships",
                {
                    "body": self.body.pk,
                    "person": self.cecilia.pk,
                    "role": "member",
                    "principal": self.skelleftea.pk,
                },
                token=header,
            )
            self.assertError(response, 401, detail=UNAUTHORIZED)
        response = self.client.patch(
            f"/api/v1/bodies/{self.body.pk}",
            {"lock_version": 1, "name": "X"},
            content_type="application/json",
            headers={"Authorization": "Basic Zm9vOmJhcg=="},
        )
        self.assertError(response, 401, detail=UNAUTHORIZED)
        self.assertFalse(self.body.memberships.filter(person=self.cecilia).exists())

    def test_it_refuses_a_revoked_token_for_writes_and_reads(self) -> None:
        token, raw = api_token_create(by=self.coordinator, name="gammal")
        self.assertEqual(self.call("get", "/me", token=raw).status_code, 200)
        api_token_revoke(token=token, by=None)

        response = self.call(
            "patch", f"/bodies/{self.body.pk}", {"lock_version": 1, "name": "Ny"}, token=raw
        )
        self.assertError(response, 401, detail=UNAUTHORIZED)
        self.assertEqual(Body.objects.get(pk=self.body.pk).name, "Länssamverkansgruppen")
        # A read with a bad token is refused too, rather than silently answered as anonymous.
        self.assertError(self.call("get", "/structures", token=raw), 401, detail=UNAUTHORIZED)

    def test_it_refuses_the_token_of_an_inactive_user(self) -> None:
        self.coordinator.is_active = False
        self.coordinator.save()
        response = self.call("get", "/me", user=self.coordinator)
        self.assertError(response, 401, detail=UNAUTHORIZED)

    def test_it_accepts_a_browser_session_for_reads_but_not_for_writes(self) -> None:
        self.login(self.coordinator)

        response = self.call("get", f"/people/{self.alice.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["email"], "alice.berg@umea.example")

        response = self.call("patch", f"/bodies/{self.body.pk}", {"lock_version": 1, "name": "Ny"})
        self.assertError(response, 401, detail=UNAUTHORIZED)
        self.assertEqual(Body.objects.get(pk=self.body.pk).name, "Länssamverkansgruppen")


class MeTests(ApiTestCase):
    def test_it_describes_a_coordinator(self) -> None:
        response = self.call("get", "/me", user=self.coordinator)

        self.assertEqual(response.status_code, 200)
        me = response.json()
        self.assertFalse(me["is_admin"])
        self.assertEqual(
            me["coordinated_structures"],
            [{"id": self.structure.pk, "slug": "vasterbotten", "name": "Samverkan Västerbotten"}],
        )
        self.assertIsNone(me["person"])
        self.assertEqual(me["body_roles"], [])

    def test_it_lists_the_body_roles_of_a_member(self) -> None:
        me = self.call("get", "/me", user=self.member_user).json()

        self.assertEqual(me["person"], {"id": self.bo.pk, "full_name": "Bo Lind"})
        self.assertEqual(me["coordinated_structures"], [])
        self.assertEqual(
            me["body_roles"],
            [
                {
                    "body": self.body.pk,
                    "body_name": "Länssamverkansgruppen",
                    "structure": "vasterbotten",
                    "roles": ["vice_chair"],
                }
            ],
        )

    def test_it_marks_the_admin(self) -> None:
        self.assertTrue(self.call("get", "/me", user=self.admin).json()["is_admin"])

    def test_it_needs_someone_to_describe(self) -> None:
        self.assertError(self.call("get", "/me"), 401, detail=UNAUTHORIZED)
