from __future__ import annotations

import datetime

from samverkan.api.tests.base import ApiTestCase
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    CompositionRule,
    Person,
    Principal,
    PrincipalKind,
    Structure,
)


class BodyWriteTests(ApiTestCase):
    def test_it_lets_the_coordinator_create_a_body(self) -> None:
        response = self.call(
            "post",
            "/bodies",
            {
                "structure": "vasterbotten",
                "name": "Arbetsgrupp barn och unga",
                "kind": "working_group",
                "level": "regional",
                "mandate": "none",
                "parent": self.body.pk,
                "duration": "temporary",
                "end_date": "2027-12-31",
            },
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 201, response.content)
        body = Body.objects.get(pk=response.json()["id"])
        self.assertEqual(body.structure, self.structure)
        self.assertEqual(body.key, "arbetsgrupp-barn-och-unga")
        self.assertEqual(body.parent, self.body)
        self.assertEqual(body.end_date, datetime.date(2027, 12, 31))
        self.assertIsNone(response.json()["current_charter"])

    def test_it_refuses_a_temporary_body_without_end_date(self) -> None:
        response = self.call(
            "post",
            "/bodies",
            {
                "structure": "vasterbotten",
                "name": "Tillfällig",
                "kind": "working_group",
                "level": "regional",
                "mandate": "none",
                "duration": "temporary",
            },
            user=self.coordinator,
        )
        self.assertError(
            response, 400, detail="En tillfällig grupp behöver ett slutdatum.", field="end_date"
        )
        self.assertFalse(Body.objects.filter(name="Tillfällig").exists())

    def test_it_refuses_a_parent_in_another_structure(self) -> None:
        response = self.call(
            "patch",
            f"/bodies/{self.au.pk}",
            {"lock_version": 1, "parent": self.other_body.pk},
            user=self.coordinator,
        )
        self.assertError(
            response, 400, detail="Uppdragsgivaren måste höra till samma struktur.", field="parent"
        )
        self.assertEqual(Body.objects.get(pk=self.au.pk).parent, self.body)

    def test_it_updates_only_the_fields_sent(self) -> None:
        response = self.call(
            "patch",
            f"/bodies/{self.body.pk}",
            {"lock_version": 1, "description": "Länets samverkansgrupp."},
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["lock_version"], 2)
        body = Body.objects.get(pk=self.body.pk)
        self.assertEqual(body.description, "Länets samverkansgrupp.")
        self.assertEqual(body.name, "Länssamverkansgruppen")
        self.assertEqual(body.parent, self.council)
        self.assertEqual(body.lock_version, 2)

    def test_it_refuses_a_stale_lock_version_and_changes_nothing(self) -> None:
        Body.objects.filter(pk=self.body.pk).update(lock_version=3, name="Ändrad av någon annan")

        response = self.call(
            "patch",
            f"/bodies/{self.body.pk}",
            {"lock_version": 2, "name": "Min ändring"},
            user=self.coordinator,
        )

        payload = self.assertError(response, 409)
        self.assertIn("Någon annan har ändrat gruppen", payload["detail"])
        body = Body.objects.get(pk=self.body.pk)
        self.assertEqual(body.name, "Ändrad av någon annan")
        self.assertEqual(body.lock_version, 3)

    def test_it_refuses_null_for_a_field_that_cannot_be_empty(self) -> None:
        response = self.call(
            "patch",
            f"/bodies/{self.body.pk}",
            {"lock_version": 1, "name": None},
            user=self.coordinator,
        )
        self.assertError(response, 400, field="name")
        self.assertEqual(Body.objects.get(pk=self.body.pk).name, "Länssamverkansgruppen")


class CharterWriteTests(ApiTestCase):
    def test_it_updates_charter_rules(self) -> None:
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {
                "lock_version": 1,
                "meetings_min_per_year": 4,
                "meetings_max_per_year": 6,
                "goals": ["Jämlik vård"],
                "escalates_to": self.council.pk,
                "sections": [{"heading": "Ekonomi", "text": "Egen budget saknas."}],
            },
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["lock_version"], 2)
        self.assertEqual(response.json()["escalates_to"], self.council.pk)
        charter = Charter.objects.get(pk=self.charter.pk)
        self.assertEqual((charter.meetings_min_per_year, charter.meetings_max_per_year), (4, 6))
        self.assertEqual(charter.goals, ["Jämlik vård"])
        self.assertEqual(charter.escalates_to, self.council)
        self.assertEqual(charter.sections, [{"heading": "Ekonomi", "text": "Egen budget saknas."}])
        self.assertEqual(charter.document_lead_value, 10)  # untouched
        self.assertEqual(charter.lock_version, 2)

    def test_it_refuses_a_stale_lock_version_and_changes_nothing(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(lock_version=2)
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {"lock_version": 1, "meetings_min_per_year": 12},
            user=self.coordinator,
        )
        self.assertError(response, 409)
        charter = Charter.objects.get(pk=self.charter.pk)
        self.assertEqual(charter.meetings_min_per_year, 3)
        self.assertEqual(charter.lock_version, 2)

    def test_it_refuses_rules_that_contradict_each_other(self) -> None:
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {"lock_version": 1, "meetings_min_per_year": 8, "meetings_max_per_year": 4},
            user=self.coordinator,
        )
        self.assertError(
            response,
            400,
            detail="Minsta antal möten per år är större än högsta antal.",
            field="meetings_min_per_year",
        )
        self.assertEqual(Charter.objects.get(pk=self.charter.pk).meetings_min_per_year, 3)

    def test_it_refuses_an_unknown_choice_and_citation_key(self) -> None:
        response = self.call(
            "patch",
            f"/charters/{self.charter.pk}",
            {"lock_version": 1, "minutes_approval": "nobody", "citations": {"weather": "sol"}},
            user=self.coordinator,
        )
        payload = self.assertError(response, 400, field="minutes_approval")
        self.assertIn("citations", payload["errors"])
        self.assertIn("weather", payload["errors"]["citations"][0])
        self.assertEqual(
            Charter.objects.get(pk=self.charter.pk).minutes_approval, "chair_and_adjuster"
        )

    def test_it_creates_a_new_version_that_replaces_the_one_in_force(self) -> None:
        response = self.call(
            "post",
            f"/bodies/{self.body.pk}/charters",
            {"version": "2026", "decided_on": "2026-03-01", "meetings_min_per_year": 4},
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 201, response.content)
        new = Charter.objects.get(pk=response.json()["id"])
        self.assertEqual(new.status, CharterStatus.IN_FORCE)
        self.assertEqual(new.meetings_min_per_year, 4)
        self.assertEqual(new.document_lead_value, 10)  # copied from the previous version
        self.assertEqual(CompositionRule.objects.filter(charter=new).count(), 3)
        self.assertEqual(len(response.json()["composition"]), 3)
        self.assertEqual(Charter.objects.get(pk=self.charter.pk).status, CharterStatus.SUPERSEDED)
        self.assertEqual(
            self.call("get", f"/bodies/{self.body.pk}").json()["current_charter"], new.pk
        )

    def test_it_refuses_a_version_that_exists(self) -> None:
        response = self.call(
            "post", f"/bodies/{self.body.pk}/charters", {"version": "2020"}, user=self.coordinator
        )
        self.assertError(response, 400, field="version")
        self.assertEqual(Charter.objects.filter(body=self.body).count(), 1)


class PersonWriteTests(ApiTestCase):
    def test_it_lets_a_coordinator_add_and_change_a_person(self) -> None:
        response = self.call(
            "post",
            "/people",
            {
                "first_name": "Dag",
                "last_name": "Nord",
                "employer": self.lycksele.pk,
                "email": "dag.nord@lycksele.example",
            },
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 201, response.content)
        person = Person.objects.get(pk=response.json()["id"])
        self.assertEqual((person.key, person.employer), ("dag-nord", self.lycksele))
        self.assertEqual(response.json()["email"], "dag.nord@lycksele.example")

        response = self.call(
            "patch", f"/people/{person.pk}", {"title": "Enhetschef"}, user=self.coordinator
        )
        self.assertEqual(response.status_code, 200, response.content)
        person.refresh_from_db()
        self.assertEqual(person.title, "Enhetschef")
        self.assertEqual(person.email, "dag.nord@lycksele.example")

    def test_it_refuses_an_invalid_email(self) -> None:
        response = self.call(
            "patch", f"/people/{self.alice.pk}", {"email": "inte-en-adress"}, user=self.coordinator
        )
        self.assertError(response, 400, field="email")
        self.assertEqual(Person.objects.get(pk=self.alice.pk).email, "alice.berg@umea.example")

    def test_it_refuses_a_coordinator_changing_someone_only_in_another_structure(self) -> None:
        response = self.call(
            "patch", f"/people/{self.alice.pk}", {"title": "X"}, user=self.other_coordinator
        )
        self.assertError(
            response,
            403,
            detail="Du kan bara ändra personer som bara har uppdrag i strukturer där du är "
            "koordinator; be en administratör om hjälp.",
        )
        self.assertEqual(Person.objects.get(pk=self.alice.pk).title, "Socialchef")

    def test_it_does_not_let_a_coordinator_take_over_a_person_by_adding_them(self) -> None:
        # Alice sits in Västerbotten; Blekinge's coordinator adds her to a Blekinge body...
        response = self.call(
            "post",
            "/memberships",
            {
                "body": self.other_body.pk,
                "person": self.alice.pk,
                "role": "member",
                "principal": Principal.objects.get(kind="municipality", scb_code="1080").pk,
            },
            user=self.other_coordinator,
        )
        self.assertEqual(response.status_code, 201, response.content)
        # ...but may still not change her details, which Västerbotten also relies on.
        response = self.call(
            "patch",
            f"/people/{self.alice.pk}",
            {"email": "fel@example.se"},
            user=self.other_coordinator,
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Person.objects.get(pk=self.alice.pk).email, "alice.berg@umea.example")


class PrincipalAndStructureWriteTests(ApiTestCase):
    def test_it_lets_the_admin_add_an_organisation(self) -> None:
        response = self.call(
            "post",
            "/principals",
            {"name": "Norrlands universitetssjukhus", "org_type": "universitetssjukhus"},
            user=self.admin,
        )
        self.assertEqual(response.status_code, 201, response.content)
        principal = Principal.objects.get(pk=response.json()["id"])
        self.assertEqual(principal.kind, PrincipalKind.ORGANISATION)
        self.assertEqual(principal.slug, "norrlands-universitetssjukhus")

        response = self.call(
            "patch", f"/principals/{principal.pk}", {"short_name": "NUS"}, user=self.admin
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Principal.objects.get(pk=principal.pk).short_name, "NUS")

    def test_it_refuses_regions_and_municipalities(self) -> None:
        before = Principal.objects.count()
        response = self.call(
            "post",
            "/principals",
            {"kind": "municipality", "name": "Påhittad kommun"},
            user=self.admin,
        )
        payload = self.assertError(response, 400, field="kind")
        self.assertIn("SCB", payload["detail"])
        self.assertEqual(Principal.objects.count(), before)

    def test_it_lets_the_admin_add_a_structure(self) -> None:
        norrbotten = Principal.objects.get(kind=PrincipalKind.REGION, scb_code="25")
        response = self.call(
            "post",
            "/structures",
            {"slug": "norrbotten", "name": "Samverkan Norrbotten", "region": norrbotten.pk},
            user=self.admin,
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Structure.objects.get(slug="norrbotten").region, norrbotten)

        response = self.call(
            "post",
            "/structures",
            {"slug": "umea", "name": "Umeå", "region": self.umea.pk},
            user=self.admin,
        )
        self.assertError(response, 400, field="region")
        self.assertFalse(Structure.objects.filter(slug="umea").exists())

    def test_it_lets_the_coordinator_describe_their_structure(self) -> None:
        response = self.call(
            "patch",
            "/structures/vasterbotten",
            {"description": "Länets samverkan.", "website": "https://example.se/samverkan"},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        structure = Structure.objects.get(pk=self.structure.pk)
        self.assertEqual(structure.description, "Länets samverkan.")
        self.assertEqual(structure.website, "https://example.se/samverkan")

        response = self.call(
            "patch",
            "/structures/vasterbotten",
            {"website": "inte en adress"},
            user=self.coordinator,
        )
        self.assertError(response, 400, field="website")
        self.assertEqual(
            Structure.objects.get(pk=self.structure.pk).website, "https://example.se/samverkan"
        )
