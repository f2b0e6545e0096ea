from __future__ import annotations

from django.urls import reverse

from samverkan.structure.models import Membership
from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase


class PublicBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()

    def test_it_walks_the_public_pages_without_axe_violations(self) -> None:
        page = self.page
        page.goto(self.url("/"))
        self.assert_accessible()
        page.get_by_role("link", name="Samverkan Västerbotten").click()
        page.wait_for_url("**/s/vasterbotten/")
        self.assertTrue(
            page.get_by_role("link", name="Länssamverkansgruppen", exact=True).is_visible()
        )
        self.screenshot("structure")
        self.assert_accessible()
        page.get_by_role("link", name="Länssamverkansgruppen", exact=True).click()
        page.wait_for_url("**/g/lsg/")
        self.assertIn("Möts minst tre gånger per år.", page.content())
        self.assertNotIn("alice.berg@umea.example", page.content())
        self.screenshot("body")
        self.assert_accessible()
        page.get_by_role("link", name="Umeå kommun").first.click()
        page.wait_for_url("**/huvudman/**")
        self.assertIn("Länssamverkansgruppen", page.content())
        self.assert_accessible()
        page.goto(self.url(reverse("public:principals")))
        self.assert_accessible()


class CoordinatorBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()

    def test_it_lets_a_coordinator_edit_a_membership(self) -> None:
        page = self.page
        self.log_in("koordinator", PASSWORD)
        page.goto(self.url(reverse("public:body", args=["vasterbotten", "lsg"])))
        self.assertIn("alice.berg@umea.example", page.content())
        page.get_by_role("link", name="Redigera grupp, regler och ledamöter").click()
        page.wait_for_url("**/arbeta/s/vasterbotten/g/lsg/")
        self.assert_accessible()
        page.get_by_role("link", name="Ändra uppdraget för Bo Lind").click()
        page.wait_for_url("**/arbeta/uppdrag/**")
        self.assert_accessible()
        # A vice chair from the chair's side is refused with the charter's words.
        page.get_by_label("Representerar").select_option(label="Umeå kommun")
        page.get_by_role("button", name="Spara uppdraget").click()
        page.wait_for_load_state()
        self.assertIn("ska representera olika huvudmän", page.content())
        self.screenshot("membership-refused")
        self.assertEqual(Membership.objects.get(pk=self.vice.pk).principal_id, self.region.pk)
        page.get_by_label("Representerar").select_option(label="Region Västerbotten")
        page.get_by_label("Funktion").fill("Hälso- och sjukvårdsdirektör")
        page.get_by_role("button", name="Spara uppdraget").click()
        page.wait_for_url("**/arbeta/s/vasterbotten/g/lsg/")
        self.assertIn("Uppdraget för Bo Lind är sparat.", page.content())
        self.assertEqual(
            Membership.objects.get(pk=self.vice.pk).function, "Hälso- och sjukvårdsdirektör"
        )
        # Ending a membership with htmx swaps the row and keeps the history.
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Avsluta i dag – Alice Berg").click()
        page.get_by_text("Det finns kvar i historiken").wait_for()
        self.screenshot("membership-ended")
        self.assertIsNotNone(Membership.objects.get(pk=self.chair.pk).end)


class DemoAccessibilityTests(BrowserTestCase):
    """The public pages of the real seed structures, with all their text, pass axe."""

    def test_it_finds_no_axe_violations_on_the_demo_public_pages(self) -> None:
        from samverkan.structure.demo import structure_files
        from samverkan.structure.importer import structure_import_file
        from samverkan.structure.models import Body, Principal, Structure

        for file in structure_files():
            structure_import_file(path=file)
        paths = ["/", reverse("public:principals")]
        for structure in Structure.objects.all():
            paths.append(reverse("public:structure", args=[structure.slug]))
            # The body with the most members carries the longest tables.
            body = max(
                Body.objects.filter(structure=structure), key=lambda b: b.memberships.count()
            )
            paths.append(reverse("public:body", args=[structure.slug, body.key]))
        umea = Principal.objects.get(kind="municipality", scb_code="2480")
        paths.append(reverse("public:principal", args=[umea.slug]))
        for path in paths:
            with self.subTest(path=path):
                self.page.goto(self.url(path))
                self.assert_accessible()
