from __future__ import annotations

import datetime

from samverkan.api.tests.base import ApiTestCase
from samverkan.structure.models import Charter, CharterStatus, Membership, Role


class AnonymousReadTests(ApiTestCase):
    def test_it_lets_anonymous_read_structures(self) -> None:
        response = self.call("get", "/structures")

        self.assertEqual(response.status_code, 200)
        page = response.json()
        self.assertEqual(page["count"], 2)
        self.assertEqual([s["slug"] for s in page["items"]], ["blekinge", "vasterbotten"])
        vasterbotten = self.call("get", "/structures/vasterbotten").json()
        self.assertEqual(vasterbotten["region"], self.region.pk)
        self.assertEqual(vasterbotten["region_name"], self.region.name)

    def test_it_lets_anonymous_read_bodies_with_their_current_charter(self) -> None:
        page = self.call("get", "/bodies", {"structure": "vasterbotten"}).json()

        self.assertEqual(page["count"], 3)
        by_key = {b["key"]: b for b in page["items"]}
        self.assertEqual(set(by_key), {"samrad", "lsg", "lsg-au"})
        self.assertEqual(by_key["lsg"]["current_charter"], self.charter.pk)
        self.assertIsNone(by_key["samrad"]["current_charter"])
        self.assertEqual(by_key["lsg"]["parent"], self.council.pk)

        body = self.call("get", f"/bodies/{self.body.pk}").json()
        self.assertEqual(body["name"], "Länssamverkansgruppen")
        self.assertEqual(body["current_charter"], self.charter.pk)
        self.assertEqual(body["lock_version"], 1)
        self.assertEqual(body["structure"], "vasterbotten")

    def test_it_filters_bodies(self) -> None:
        page = self.call("get", "/bodies", {"parent": self.body.pk}).json()
        self.assertEqual([b["key"] for b in page["items"]], ["lsg-au"])
        page = self.call("get", "/bodies", {"kind": "county_group"}).json()
        self.assertEqual({b["key"] for b in page["items"]}, {"lsg", "lsvo"})

    def test_it_hides_contact_details_from_anonymous(self) -> None:
        person = self.call("get", f"/people/{self.alice.pk}").json()
        self.assertEqual(person["full_name"], "Alice Berg")
        self.assertEqual(person["employer_name"], self.umea.name)
        self.assertIsNone(person["email"])
        self.assertIsNone(person["phone"])

        page = self.call("get", "/people").json()
        self.assertEqual(page["count"], 3)
        for item in page["items"]:
            self.assertIsNone(item["email"], item)
            self.assertIsNone(item["phone"], item)
        self.assertNotIn(b"alice.berg@umea.example", self.call("get", "/people").content)

    def test_it_shows_contact_details_to_authenticated_users(self) -> None:
        person = self.call("get", f"/people/{self.alice.pk}", user=self.member_user).json()
        self.assertEqual(person["email"], "alice.berg@umea.example")
        self.assertEqual(person["phone"], "070-174 06 05")

    def test_it_paginates(self) -> None:
        first = self.call("get", "/principals", {"kind": "municipality", "limit": 5}).json()
        second = self.call(
            "get", "/principals", {"kind": "municipality", "limit": 5, "offset": 5}
        ).json()

        self.assertEqual(len(first["items"]), 5)
        self.assertEqual(first["count"], second["count"])
        self.assertGreater(first["count"], 200)  # every municipality in Sweden
        self.assertFalse({p["id"] for p in first["items"]} & {p["id"] for p in second["items"]})

    def test_it_filters_principals(self) -> None:
        page = self.call("get", "/principals", {"county_code": "24", "kind": "region"}).json()
        self.assertEqual([p["id"] for p in page["items"]], [self.region.pk])
        page = self.call("get", "/principals", {"q": "Umeå"}).json()
        self.assertIn(self.umea.pk, [p["id"] for p in page["items"]])
        principal = self.call("get", f"/principals/{self.umea.pk}").json()
        self.assertEqual(principal["scb_code"], "2480")
        self.assertEqual(principal["kind"], "municipality")


class CharterReadTests(ApiTestCase):
    def test_it_returns_a_charter_with_all_its_rules(self) -> None:
        response = self.call("get", f"/charters/{self.charter.pk}")

        self.assertEqual(response.status_code, 200)
        charter = response.json()
        self.assertEqual(charter["body"], self.body.pk)
        self.assertEqual(charter["version"], "2020")
        self.assertEqual(charter["status"], "in_force")
        self.assertEqual(charter["meetings_min_per_year"], 3)
        self.assertEqual(charter["document_lead_unit"], "working_days")
        self.assertTrue(charter["chair_and_vice_chair_from_different_principals"])
        self.assertEqual(charter["decided_on"], "2020-01-01")
        self.assertIn("leadership", charter["citations"])
        self.assertEqual(
            [(r["principal_kind"], r["principal"], r["min_count"]) for r in charter["composition"]],
            [("municipality", None, 1), ("", self.umea.pk, 2), ("region", None, 4)],
        )
        self.assertEqual(charter["composition"][1]["principal_name"], self.umea.name)
        self.assertEqual(
            [i["title"] for i in charter["standing_items"]], ["Föregående minnesanteckningar"]
        )
        self.assertEqual(charter["reporting"], [])
        self.assertEqual(charter["role_links"], [])

    def test_it_lists_charters_of_a_body(self) -> None:
        page = self.call("get", "/charters", {"body": self.body.pk}).json()
        self.assertEqual([c["id"] for c in page["items"]], [self.charter.pk])
        self.assertEqual(self.call("get", "/charters", {"body": self.au.pk}).json()["count"], 0)

    def test_it_shows_drafts_only_to_logged_in_users(self) -> None:
        draft = Charter.objects.create(
            body=self.body, version="2027-utkast", status=CharterStatus.DRAFT
        )

        self.assertEqual(self.call("get", f"/charters/{draft.pk}").status_code, 404)
        anonymous = self.call("get", "/charters", {"body": self.body.pk}).json()
        self.assertEqual([c["id"] for c in anonymous["items"]], [self.charter.pk])

        response = self.call("get", f"/charters/{draft.pk}", user=self.coordinator)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "draft")


class MembershipReadTests(ApiTestCase):
    def test_it_lists_memberships_by_body(self) -> None:
        page = self.call("get", "/memberships", {"body": self.body.pk}).json()

        self.assertEqual(page["count"], 2)
        by_role = {m["role"]: m for m in page["items"]}
        self.assertEqual(by_role["chair"]["person_name"], "Alice Berg")
        self.assertEqual(by_role["chair"]["principal"], self.umea.pk)
        self.assertEqual(by_role["vice_chair"]["person"], self.bo.pk)
        self.assertEqual(by_role["chair"]["structure"], "vasterbotten")

    def test_it_filters_memberships_on_person_principal_and_activity(self) -> None:
        Membership.objects.create(
            body=self.au,
            person=self.cecilia,
            role=Role.MEMBER,
            principal=self.skelleftea,
            start=datetime.date(2020, 1, 1),
            end=datetime.date(2021, 12, 31),
        )
        by_person = self.call("get", "/memberships", {"person": self.cecilia.pk}).json()
        self.assertEqual(by_person["count"], 1)
        by_principal = self.call("get", "/memberships", {"principal": self.umea.pk}).json()
        self.assertEqual([m["id"] for m in by_principal["items"]], [self.chair.pk])

        active = self.call("get", "/memberships", {"active": "true"}).json()
        self.assertEqual({m["id"] for m in active["items"]}, {self.chair.pk, self.vice.pk})
        self.assertTrue(all(m["active"] for m in active["items"]))
        ended = self.call("get", "/memberships", {"active": "false"}).json()
        self.assertEqual([m["person"] for m in ended["items"]], [self.cecilia.pk])
        self.assertFalse(ended["items"][0]["active"])
