from __future__ import annotations

import datetime
import textwrap

from django.contrib.auth.models import User
from django.test import TestCase

from samverkan.structure.importer import structure_import
from samverkan.structure.models import Body, Charter, Membership, Person, Principal, Structure
from samverkan.structure.yamlsource import StructureFileInvalid

VALID = textwrap.dedent(
    """\
    structure:
      key: test
      name: Testsamverkan
      region: "24"
    people:
      - key: anna-test
        first_name: Anna
        last_name: Test
        email: anna.test@region.example
      - key: bo-test
        first_name: Bo
        last_name: Test
    coordinators: [anna-test]
    bodies:
      - key: lsg
        name: Länsgruppen
        kind: county_group
        level: regional
        mandate: recommends
        charter:
          version: "1"
          decided_on: 2020-01-01
          rules:
            meetings: {min_per_year: 3, booking_deadline: "11-30"}
            documents: {lead_time: 10, unit: working_days}
            leadership: {chair_rotation: yearly, different_principals: true}
            members: {substitutes: allowed}
            composition:
              - {principal_kind: municipality, per_principal: true, count: 1, substitutes: true}
              - {principal: "2480", count: 2}
              - {principal_kind: region, count: 4}
            minutes: {approval: chair_and_adjuster, public: true}
            standing_agenda: ["Föregående minnesanteckningar"]
          citations:
            leadership: "Ordförande representerar den ena huvudmannen"
        members:
          - {person: anna-test, role: chair, principal: "24", start: 2026-01-01}
          - {person: bo-test, role: vice_chair, principal: "2480", start: 2026-01-01}
    """
)


def snapshot() -> tuple[int, ...]:
    return (
        Structure.objects.count(),
        Body.objects.count(),
        Charter.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
    )


class ImportErrorTests(TestCase):
    def assert_refused(self, text: str, *, line: int | None, field: str, message: str) -> None:
        before = snapshot()
        with self.assertRaises(StructureFileInvalid) as ctx:
            structure_import(text=text, path="fel.yaml")
        self.assertEqual(snapshot(), before, "an invalid file must change nothing")
        rendered = [str(e) for e in ctx.exception.errors]
        match = [
            e
            for e in ctx.exception.errors
            if e.field == field and message in e.message and (line is None or e.line == line)
        ]
        self.assertTrue(match, f"no error {field!r} at line {line} with {message!r} in {rendered}")
        self.assertTrue(all(r.startswith("fel.yaml") for r in rendered))

    def test_it_imports_the_valid_file(self) -> None:
        report = structure_import(text=VALID, path="ok.yaml")
        self.assertEqual(report.counts["bodies created"], 1)
        self.assertEqual(Body.objects.get(key="lsg").charters.get().meetings_min_per_year, 3)

    def test_it_reports_broken_yaml_with_its_line(self) -> None:
        broken = VALID.replace("  name: Testsamverkan\n", "  name: [Testsamverkan\n")
        with self.assertRaises(StructureFileInvalid) as ctx:
            structure_import(text=broken, path="fel.yaml")
        self.assertIn("ogiltig YAML", str(ctx.exception))
        self.assertIsNotNone(ctx.exception.errors[0].line)

    def test_it_names_line_and_field_of_a_wrong_type(self) -> None:
        text = VALID.replace("min_per_year: 3", "min_per_year: tre")
        line = next(i for i, row in enumerate(text.splitlines(), 1) if "min_per_year: tre" in row)
        self.assert_refused(
            text, line=line, field="bodies[0].charter.rules.meetings.min_per_year", message="heltal"
        )

    def test_it_refuses_an_unknown_field(self) -> None:
        text = VALID.replace(
            "    kind: county_group\n", "    kind: county_group\n    colour: blue\n"
        )
        line = text.splitlines().index("    colour: blue") + 1
        self.assert_refused(text, line=line, field="bodies[0].colour", message="okänt fält")

    def test_it_refuses_an_unknown_choice(self) -> None:
        text = VALID.replace("mandate: recommends", "mandate: maybe")
        self.assert_refused(text, line=None, field="bodies[0].mandate", message="tillåtna värden")

    def test_it_refuses_a_missing_field(self) -> None:
        text = VALID.replace("    level: regional\n", "")
        self.assert_refused(text, line=None, field="bodies[0].level", message="saknas")

    def test_it_refuses_an_unknown_principal_code(self) -> None:
        text = VALID.replace('principal: "2480", start', 'principal: "9999", start')
        line = next(i for i, row in enumerate(text.splitlines(), 1) if '"9999"' in row)
        self.assert_refused(
            text, line=line, field="bodies[0].members[1].principal", message="okänd huvudman"
        )

    def test_it_refuses_an_unquoted_code(self) -> None:
        text = VALID.replace('region: "24"', "region: 24")
        self.assert_refused(text, line=4, field="structure.region", message="citattecken")

    def test_it_refuses_a_duplicate_key_in_a_mapping(self) -> None:
        text = VALID.replace("  name: Testsamverkan\n", "  name: Testsamverkan\n  name: Igen\n")
        self.assert_refused(text, line=4, field="structure.name", message="två gånger")

    def test_it_refuses_an_unknown_parent_and_a_cycle(self) -> None:
        text = VALID.replace(
            "    kind: county_group\n", "    parent: lsg\n    kind: county_group\n"
        )
        self.assert_refused(text, line=None, field="bodies[0].parent", message="cirkel")
        text = VALID.replace(
            "    kind: county_group\n", "    parent: finns-inte\n    kind: county_group\n"
        )
        self.assert_refused(text, line=None, field="bodies[0].parent", message="okänd grupp")

    def test_it_refuses_chair_and_vice_chair_of_the_same_principal_kind_citing_the_charter(
        self,
    ) -> None:
        text = VALID.replace(
            'role: vice_chair, principal: "2480"', 'role: vice_chair, principal: "24"'
        )
        self.assert_refused(
            text,
            line=None,
            field="bodies[0].members[1].principal",
            message="Ordförande representerar den ena huvudmannen",
        )

    def test_it_refuses_substitutes_where_the_charter_forbids_them(self) -> None:
        text = VALID.replace(
            "members: {substitutes: allowed}", "members: {substitutes: not_allowed}"
        )
        text += '      - {person: bo-test, role: substitute, principal: "24", substitute_for: anna-test}\n'
        self.assert_refused(
            text, line=None, field="bodies[0].members[2].role", message="inga ersättare"
        )

    def test_it_refuses_min_above_max(self) -> None:
        text = VALID.replace("min_per_year: 3,", "min_per_year: 9, max_per_year: 4,")
        self.assert_refused(
            text, line=None, field="bodies[0].charter.rules.meetings", message="större än"
        )

    def test_it_leaves_the_database_unchanged_when_a_late_check_fails(self) -> None:
        structure_import(text=VALID, path="ok.yaml")
        before = snapshot()
        # Valid shape and references; only the membership rule check after the writes fails.
        text = VALID.replace("name: Länsgruppen", "name: Nytt namn").replace(
            'role: vice_chair, principal: "2480"', 'role: vice_chair, principal: "24"'
        )
        with self.assertRaises(StructureFileInvalid):
            structure_import(text=text, path="fel.yaml")
        self.assertEqual(snapshot(), before)
        self.assertEqual(Body.objects.get(key="lsg").name, "Länsgruppen")

    def test_a_second_import_changes_nothing(self) -> None:
        first = structure_import(text=VALID, path="ok.yaml")
        self.assertTrue(first.changed)
        stamps = list(Body.objects.values_list("updated_at", flat=True)) + list(
            Membership.objects.values_list("updated_at", flat=True)
        )
        second = structure_import(text=VALID, path="ok.yaml")
        self.assertFalse(second.changed, second.summary())
        self.assertEqual(
            stamps,
            list(Body.objects.values_list("updated_at", flat=True))
            + list(Membership.objects.values_list("updated_at", flat=True)),
        )

    def test_a_new_charter_version_supersedes_the_old(self) -> None:
        structure_import(text=VALID, path="ok.yaml")
        structure_import(text=VALID.replace('version: "1"', 'version: "2"'), path="ok.yaml")
        body = Body.objects.get(key="lsg")
        self.assertEqual(
            dict(body.charters.values_list("version", "status")),
            {"1": "superseded", "2": "in_force"},
        )


class ImportChangeTests(TestCase):
    def setUp(self) -> None:
        structure_import(text=VALID, path="ok.yaml")

    def test_it_swaps_a_chair_and_ends_the_one_no_longer_in_the_file(self) -> None:
        text = VALID.replace(
            "  - key: bo-test\n",
            "  - key: cia-test\n    first_name: Cia\n    last_name: Test\n  - key: bo-test\n",
        ).replace("{person: anna-test, role: chair", "{person: cia-test, role: chair")
        report = structure_import(text=text, path="ok.yaml")
        self.assertEqual(report.counts["memberships ended"], 1)
        anna = Membership.objects.get(person__key="anna-test")
        self.assertIsNotNone(anna.end)
        self.assertEqual(anna.end_reason, "Finns inte längre i strukturfilen")
        self.assertIsNone(Membership.objects.get(person__key="cia-test").end)
        self.assertFalse(structure_import(text=text, path="ok.yaml").changed)

    def test_it_changes_a_start_date_without_duplicating_the_membership(self) -> None:
        text = VALID.replace(
            '{person: anna-test, role: chair, principal: "24", start: 2026-01-01}',
            '{person: anna-test, role: chair, principal: "24", start: 2025-06-01}',
        )
        structure_import(text=text, path="ok.yaml")
        self.assertEqual(
            list(
                Membership.objects.filter(person__key="anna-test").values_list("start", flat=True)
            ),
            [datetime.date(2025, 6, 1)],
        )

    def test_it_is_idempotent_when_a_child_comes_before_its_parent(self) -> None:
        text = VALID.replace(
            "    mandate: recommends\n", "    mandate: recommends\n    parent: topp\n", 1
        )
        text += (
            "  - key: topp\n    name: Toppen\n    kind: political_council\n"
            "    level: regional\n    mandate: recommends\n"
        )
        structure_import(text=text, path="ok.yaml")
        self.assertEqual(Body.objects.get(key="lsg").parent.key, "topp")
        self.assertFalse(structure_import(text=text, path="ok.yaml").changed)

    def test_it_bumps_lock_versions_so_stale_forms_conflict(self) -> None:
        body = Body.objects.get(key="lsg")
        structure_import(text=VALID.replace("name: Länsgruppen", "name: Nytt namn"), path="ok.yaml")
        self.assertEqual(Body.objects.get(key="lsg").lock_version, body.lock_version + 1)

    def test_it_refuses_an_organisation_key_that_is_a_municipalitys(self) -> None:
        text = VALID.replace(
            "people:\n", "organisations:\n  - {key: uppsala-kommun, name: Kapad}\npeople:\n", 1
        )
        with self.assertRaises(StructureFileInvalid) as ctx:
            structure_import(text=text, path="fel.yaml")
        self.assertIn("används redan av Uppsala kommun", str(ctx.exception))
        self.assertEqual(
            Principal.objects.get(scb_code="0380", kind="municipality").name, "Uppsala kommun"
        )

    def test_it_refuses_a_coordinator_whose_account_belongs_to_someone_else(self) -> None:
        User.objects.create_user("bo.test@region.example")
        Person.objects.filter(key="bo-test").update(
            email="bo.test@region.example",
            user=User.objects.get(username="bo.test@region.example"),
        )
        text = VALID.replace("email: anna.test@region.example", "email: bo.test@region.example")
        with self.assertRaises(StructureFileInvalid) as ctx:
            structure_import(text=text, path="fel.yaml")
        self.assertIn("hör redan till en annan person (bo-test)", str(ctx.exception))

    def test_it_refuses_too_long_text_with_the_limit(self) -> None:
        text = VALID.replace(
            "email: anna.test@region.example",
            "email: anna.test@region.example\n    phone: '" + "1" * 41 + "'",
        )
        with self.assertRaises(StructureFileInvalid) as ctx:
            structure_import(text=text, path="fel.yaml")
        self.assertIn("people[0].phone: är för lång (högst 40 tecken)", str(ctx.exception))
