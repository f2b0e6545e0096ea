"""Structure files have limits: an alias bomb, a self-referring alias, control characters
and overlong texts are refused quickly with file and line, and nothing is changed."""

from __future__ import annotations

import time

from django.test import TestCase

from samverkan.structure.importer import structure_import
from samverkan.structure.models import Person
from samverkan.structure.tests.test_import_errors import VALID, snapshot
from samverkan.structure.yamlsource import MAX_VALUES, StructureFileInvalid

# Nine levels of nine aliases: a few hundred bytes that written out are 490 million values.
BOMB = "".join(
    f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]\n" for level in range(1, 9)
)
BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + BOMB


class StructureFileLimitTests(TestCase):
    def refused(self, text: str) -> list[str]:
        before = snapshot()
        # CPU time, not wall time: a busy machine (two test processes) must not fail it.
        started = time.process_time()
        with self.assertRaises(StructureFileInvalid) as ctx:
            structure_import(text=text, path="fel.yaml")
        self.assertLess(time.process_time() - started, 5, "a refusal must come quickly")
        self.assertEqual(snapshot(), before, "a refused file changes nothing")
        return [str(error) for error in ctx.exception.errors]

    def test_an_alias_bomb_is_refused_with_the_line_of_the_alias(self) -> None:
        errors = self.refused(VALID + BOMB)
        self.assertEqual(len(errors), 1, errors)
        # The last level (*a7, on the file's last line) repeats the most.
        last_line = len((VALID + BOMB).splitlines())
        self.assertTrue(errors[0].startswith(f"fel.yaml:{last_line}: för många alias: *a7"))
        self.assertIn(f"högst {MAX_VALUES:,}".replace(",", "\u00a0"), errors[0])

    def test_an_alias_that_contains_itself_is_refused(self) -> None:
        errors = self.refused(VALID + "loop: &loop {again: *loop}\n")
        self.assertEqual(
            errors,
            [
                f"fel.yaml:{len(VALID.splitlines()) + 1}: ogiltig YAML: "
                "aliaset *loop innehåller sig självt"
            ],
        )

    def test_deep_nesting_is_refused(self) -> None:
        errors = self.refused(VALID + "deep: " + "[" * 3000 + "]" * 3000 + "\n")
        self.assertIn("för djupt nästlade", errors[0])

    def test_ordinary_aliases_still_share_a_charter(self) -> None:
        # Blekinge's fifteen local groups share one charter by an anchor (`*lokal`).
        with open("structures/blekinge.yaml", encoding="utf-8") as handle:
            report = structure_import(text=handle.read(), path="structures/blekinge.yaml")
        self.assertGreater(report.counts["bodies created"], 15)

    def test_a_control_character_in_a_text_is_refused_with_line_and_field(self) -> None:
        # YAML writes a NUL as "\0" in double quotes; a name with it was stored before.
        text = VALID.replace("first_name: Anna", 'first_name: "An\\0na"')
        errors = self.refused(text)
        line = next(i for i, row in enumerate(text.splitlines(), 1) if "An\\0na" in row)
        self.assertEqual(len(errors), 1, errors)
        self.assertTrue(errors[0].startswith(f"fel.yaml:{line}: people[0].first_name: innehåller"))
        self.assertIn("U+0000, NUL", errors[0])
        self.assertFalse(Person.objects.filter(key="anna-test").exists())

    def test_control_characters_in_lists_are_refused_but_tabs_and_newlines_are_text(self) -> None:
        errors = self.refused(
            VALID.replace(
                'standing_agenda: ["Föregående minnesanteckningar"]',
                'standing_agenda: ["Föregående\\x1bminnesanteckningar"]',
            )
        )
        self.assertIn("U+001B", errors[0])
        text = VALID.replace(
            "name: Testsamverkan", 'name: Testsamverkan\n  description: "Rad ett\\n\\tRad två"'
        )
        structure_import(text=text, path="ok.yaml")

    def test_a_long_text_is_refused_with_its_length(self) -> None:
        text = VALID.replace(
            "name: Testsamverkan", "name: Testsamverkan\n  description: " + "x" * 20_001
        )
        errors = self.refused(text)
        self.assertIn(
            "structure.description: är för lång (20\u00a0001 tecken, högst 20\u00a0000)", errors[0]
        )
