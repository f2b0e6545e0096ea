"""In a browser: the county group's matrix, then the chair of a local group updating its
implementation from the document's page; axe finds nothing at 1280 and 390 px and no page
gets wider than the phone."""

from __future__ import annotations

from django.urls import reverse

from samverkan.governing.models import Implementation, ImplementationStatus
from samverkan.governing.tests.base import GoverningData
from samverkan.testing.base import PASSWORD
from samverkan.testing.browser import BrowserTestCase

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class GoverningBrowserTests(GoverningData, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.make_governing()

    def check(self, name: str) -> None:
        for size, label in ((DESKTOP, "1280"), (PHONE, "390")):
            self.page.set_viewport_size(size)
            width = self.page.evaluate("document.documentElement.scrollWidth")
            self.assertLessEqual(width, size["width"], f"{self.page.url} is wider than {label}")
            self.assert_accessible()
            self.screenshot(f"governing-{name}-{label}")
        self.page.set_viewport_size(DESKTOP)

    def test_the_matrix_and_updating_an_implementation(self) -> None:
        page = self.page
        page.set_viewport_size(DESKTOP)
        self.log_in(self.local_chair.username, PASSWORD)
        page.goto(self.url(reverse("governing:matrix", args=[self.structure.slug, self.body.key])))
        self.assertIn("Sammanlagt 4:", page.inner_text("main"))
        self.check("matrix")
        page.locator("table.matrix tbody tr").first.get_by_role("link").nth(1).click()
        page.wait_for_url(f"**{reverse('governing:document', args=[self.internal_doc.pk])}**")
        page.get_by_text("Uppdatera implementeringen i Lokal grupp 0").click()
        page.get_by_label("Status").select_option("implemented")
        page.get_by_role("button", name="Spara implementeringen i Lokal grupp 0").click()
        main = page.inner_text("main")
        self.assertIn("Ange vilken dag dokumentet implementerades", main)
        self.check("refused")
        page.get_by_label("Implementerad", exact=True).fill("2026-01-15")
        page.get_by_role("button", name="Spara implementeringen i Lokal grupp 0").click()
        self.assertIn("Implementeringen i Lokal grupp 0 är implementerad.", page.inner_text("main"))
        row = Implementation.objects.get(document=self.internal_doc, body=self.locals[0])
        self.assertEqual(row.status, ImplementationStatus.IMPLEMENTED)
        self.check("document")
        page.goto(self.url(reverse("governing:matrix", args=[self.structure.slug, self.body.key])))
        self.assertIn("Implementerad 1", page.inner_text("main"))
        page.goto(self.url(reverse("governing:list", args=[self.structure.slug])))
        self.check("list")
        page.goto(self.url(reverse("governing_public:list", args=[self.structure.slug])))
        self.assertNotIn("Arbetsutkast", page.inner_text("main"))
        page.get_by_role("link", name="Överenskommelse om utskrivning").click()
        self.assertIn("Uppdragsgivare för implementeringen", page.inner_text("main"))
        self.check("public")
