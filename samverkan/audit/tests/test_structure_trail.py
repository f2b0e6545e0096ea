"""Every change to the structure through its services is in the trail: who, which object,
and each value from → to in Swedish."""

from __future__ import annotations

import datetime

from samverkan.audit.models import Change
from samverkan.audit.tests.base import newest, values
from samverkan.structure.importer import structure_import
from samverkan.structure.models import (
    CHARTER_BOOKKEEPING_FIELDS,
    Charter,
    Membership,
    Person,
    Role,
)
from samverkan.structure.services import (
    body_update,
    charter_create_version,
    charter_set_composition,
    charter_set_reporting,
    charter_set_role_links,
    charter_set_standing_items,
    charter_update,
    membership_create,
    membership_end,
    membership_update,
    person_create,
    person_update,
    principal_create,
    principal_update,
    structure_update,
)
from samverkan.structure.services.history import CHARTER_LABELS
from samverkan.structure.tests.test_import_errors import VALID
from samverkan.testing.base import BaseTestCase


class StructureTrailTests(BaseTestCase):
    def test_it_records_a_structure_change(self) -> None:
        structure_update(by=self.admin, structure=self.structure, description="Ny beskrivning")
        row = newest(self.structure)
        self.assertEqual(row.actor_id, self.admin.pk)
        self.assertEqual(row.action, "update")
        self.assertEqual(values(row), {"Beskrivning": ("", "Ny beskrivning")})
        self.assertEqual(row.structure_id, self.structure.pk)

    def test_it_records_a_principal_made_and_renamed(self) -> None:
        principal = principal_create(by=self.admin, kind="organisation", name="Brukarrådet")
        self.assertEqual(newest(principal).action, "create")
        self.assertEqual(values(newest(principal))["Namn"], ("", "Brukarrådet"))
        principal_update(by=self.admin, principal=principal, name="Brukarrådet i länet")
        row = newest(principal)
        self.assertEqual(values(row), {"Namn": ("Brukarrådet", "Brukarrådet i länet")})
        self.assertEqual(row.actor_name, "admin")

    def test_it_records_a_body_change_with_the_related_names(self) -> None:
        body_update(
            by=self.coordinator,
            body=self.body,
            expected_version=self.body.lock_version,
            name="Länsgruppen",
            parent=None,
        )
        row = newest(self.body)
        self.assertEqual(row.actor_id, self.coordinator.pk)
        self.assertEqual(
            values(row),
            {
                "Namn": ("Länssamverkansgruppen", "Länsgruppen"),
                "Uppdragsgivare": ("Samråd vård och omsorg", ""),
            },
        )

    def test_it_records_a_charter_correction_with_rules_and_duties(self) -> None:
        charter_update(
            by=self.coordinator,
            charter=self.charter,
            expected_version=self.charter.lock_version,
            meetings_min_per_year=4,
            substitutes="not_allowed",
            duties=[
                {"who": "Koordinatorn", "what": "Verksamhetsberättelse", "frequency": "yearly"}
            ],
        )
        row = newest(self.charter)
        got = values(row)
        self.assertEqual(got["Minsta antal möten per år"], ("3", "4"))
        self.assertEqual(got["Ersättare"], ("Ersättare finns", "Inga ersättare"))
        self.assertEqual(got["Åtaganden"], ("", "Koordinatorn: Verksamhetsberättelse (varje år)"))
        # Shown on the body's page.
        self.assertEqual(
            Change.objects.get(pk=row.id).scope_id, self.body.pk, "charter is on the body page"
        )

    def test_it_records_a_new_version_as_what_differs_and_the_old_one_superseded(self) -> None:
        new = charter_create_version(
            by=self.coordinator,
            body=self.body,
            version="2027",
            expected_version=self.charter.lock_version,
            meetings_min_per_year=5,
        )
        row = newest(new)
        self.assertEqual(row.action, "create")
        got = values(row)
        self.assertEqual(got["Version"], ("2020", "2027"))
        self.assertEqual(got["Minsta antal möten per år"], ("3", "5"))
        self.assertNotIn("Beslutad av", got, "unchanged values are not repeated")
        old = newest(Charter.objects.get(pk=self.charter.pk))
        self.assertEqual(values(old)["Status"], ("Gällande", "Ersatt"))
        self.assertIn("2027", old.note)

    def test_it_records_the_composition_as_it_read_before_and_after(self) -> None:
        charter_set_composition(
            by=self.coordinator,
            charter=self.charter,
            rules=[{"principal": self.umea, "min_count": 3, "max_count": 3}],
        )
        old, new = values(newest(self.charter))["Sammansättning"]
        self.assertIn("Umeå kommun: 2 platser, ledamot, med ersättare", old)
        self.assertIn("Kommun (var och en): 1 plats", old)
        self.assertEqual(new, "Umeå kommun: 3 platser, ledamot")

    def test_it_records_standing_items_reporting_and_role_links(self) -> None:
        charter_set_standing_items(
            by=self.coordinator,
            charter=self.charter,
            items=[("Föregående minnesanteckningar", ""), ("Övrigt", "om något är aktuellt")],
        )
        self.assertEqual(
            values(newest(self.charter))["Stående punkter på dagordningen"],
            (
                "1. Föregående minnesanteckningar",
                "1. Föregående minnesanteckningar\n2. Övrigt (om något är aktuellt)",
            ),
        )
        charter_set_reporting(
            by=self.coordinator,
            charter=self.charter,
            duties=[{"to_body": self.council, "frequency": "yearly", "what": "Årsrapport"}],
        )
        old, new = values(newest(self.charter))["Rapportering"]
        self.assertEqual(old, "")
        self.assertTrue(new.startswith("Till Samråd vård och omsorg:"), new)
        self.assertIn("Årsrapport", new)
        charter_set_role_links(
            by=self.coordinator,
            charter=self.charter,
            links=[{"role": Role.CHAIR, "kind": "member_of", "to_body": self.council}],
        )
        old, new = values(newest(self.charter))["Roller i andra grupper"]
        self.assertEqual(old, "")
        self.assertIn("Ordförande", new)
        self.assertIn("Samråd vård och omsorg", new)

    def test_it_records_a_membership_made_changed_and_ended(self) -> None:
        seat = membership_create(
            by=self.coordinator,
            body=self.body,
            person=self.cecilia,
            role=Role.MEMBER,
            principal=self.skelleftea,
            start=datetime.date(2026, 1, 1),
        )
        made = values(newest(seat))
        self.assertEqual(made["Roll"], ("", "Ledamot"))
        self.assertEqual(made["Representerar"], ("", "Skellefteå kommun"))
        self.assertEqual(made["Person"], ("", "Cecilia Ek"))
        membership_update(
            by=self.coordinator,
            membership=seat,
            expected_version=seat.lock_version,
            function="Socialtjänst",
        )
        self.assertEqual(values(newest(seat)), {"Funktion": ("", "Socialtjänst")})
        seat = Membership.objects.get(pk=seat.pk)
        membership_end(
            by=self.admin,
            membership=seat,
            on=datetime.date(2026, 6, 30),
            reason="Ny tjänst",
            expected_version=seat.lock_version,
        )
        row = newest(seat)
        self.assertEqual(row.actor_id, self.admin.pk)
        self.assertEqual(
            values(row),
            {"Till och med": ("", "2026-06-30"), "Anledning till avslut": ("", "Ny tjänst")},
        )

    def test_it_records_a_person_even_when_the_form_already_changed_the_object(self) -> None:
        person = person_create(by=self.coordinator, first_name="Doris", last_name="Dahl")
        self.assertEqual(values(newest(person))["Förnamn"], ("", "Doris"))
        # A bound ModelForm has written its input onto the instance before the service runs.
        alice = Person.objects.get(pk=self.alice.pk)
        alice.title = "Förvaltningschef"
        person_update(by=self.coordinator, person=alice, title="Förvaltningschef")
        self.assertEqual(values(newest(alice)), {"Befattning": ("Socialchef", "Förvaltningschef")})

    def test_it_records_nothing_when_nothing_changed(self) -> None:
        before = Change.objects.count()
        charter_set_composition(
            by=self.coordinator,
            charter=self.charter,
            rules=[
                {
                    "principal_kind": "municipality",
                    "per_principal": True,
                    "min_count": 1,
                    "max_count": 1,
                    "with_substitutes": True,
                },
                {"principal": self.umea, "min_count": 2, "max_count": 2, "with_substitutes": True},
                {
                    "principal_kind": "region",
                    "min_count": 4,
                    "max_count": 4,
                    "with_substitutes": True,
                },
            ],
        )
        self.assertEqual(Change.objects.count(), before)


class LabelTests(BaseTestCase):
    def test_it_names_every_charter_field_in_swedish(self) -> None:
        fields = {
            f.name
            for f in Charter._meta.concrete_fields
            if f.name not in CHARTER_BOOKKEEPING_FIELDS
        }
        self.assertEqual(fields - set(CHARTER_LABELS), set(), "add the new fields' labels")


class ImportTrailTests(BaseTestCase):
    def test_it_records_the_importer_as_the_system(self) -> None:
        structure_import(text=VALID, path="test.yaml")
        imported = Change.objects.filter(note="Från en strukturfil.")
        self.assertTrue(imported.exists())
        self.assertFalse(imported.exclude(actor=None).exists())
        self.assertEqual(
            set(imported.values_list("object_type", flat=True)),
            {"structure", "person", "body", "charter", "membership"},
        )
        bo = Person.objects.get(key="bo-test")
        self.assertEqual(newest(bo).actor_name, "Systemet")

        # The file changes a name and drops a member: both are in the trail, from → to.
        changed = "".join(
            line
            for line in VALID.replace("name: Länsgruppen", "name: Länsgruppen för vård").splitlines(
                keepends=True
            )
            if "bo-test, role: vice_chair" not in line
        )
        structure_import(text=changed, path="test.yaml")
        seat = Membership.objects.get(person=bo)
        ended = values(newest(seat))
        self.assertEqual(ended["Anledning till avslut"], ("", "Finns inte längre i strukturfilen"))
        body = seat.body
        self.assertEqual(values(newest(body))["Namn"], ("Länsgruppen", "Länsgruppen för vård"))
        self.assertIsNone(newest(body).actor_id)
