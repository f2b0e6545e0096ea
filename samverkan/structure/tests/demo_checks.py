"""What the structure demo shows; run in `samverkan/rules/tests/test_whole_demo.py`."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from samverkan.structure.demo import DEMO_PASSWORD, demo_load, demo_logins
from samverkan.structure.models import Membership, Structure
from samverkan.testing.demo import DemoChecks


class StructureDemoChecks(DemoChecks):
    def test_structure_demo_loads_the_four_structures_and_gives_every_role_a_login(self) -> None:
        self.assertEqual(len(self.structures_loaded), 4)
        self.assertEqual(Structure.objects.count(), 4)
        logins = dict(demo_logins())
        self.assertIn("admin", logins)
        roles = " ".join(logins.values())
        for word in ("koordinator för", "ordförande i", "ledamot i", "sekreterare i"):
            self.assertIn(word, roles)
        username = next(u for u, what in logins.items() if what.startswith("koordinator för"))
        self.assertTrue(self.client.login(username=username, password=DEMO_PASSWORD))

    def test_structure_demo_second_run_keeps_what_was_changed_in_the_demo(self) -> None:
        membership = Membership.objects.filter(end__isnull=True).first()
        assert membership is not None
        Membership.objects.filter(pk=membership.pk).update(function="Ändrad i demon")
        self.assertEqual(demo_load(), [])
        self.assertEqual(Membership.objects.get(pk=membership.pk).function, "Ändrad i demon")

    def test_structure_demo_commands_print_the_logins(self) -> None:
        out = StringIO()
        call_command("load_demo", stdout=out)
        call_command("demo_logins", stdout=out)
        self.assertIn('lösenordet "demo"', out.getvalue())
