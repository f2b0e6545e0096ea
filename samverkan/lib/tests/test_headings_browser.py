"""Long headings on a phone: a body's long name in the h1 and h2 of its page at 390 px wraps
between words and hyphenates Swedish compounds instead of cutting them at any letter, and
the page never gets wider than the screen."""

from __future__ import annotations

from django.urls import reverse

from samverkan.structure.models import Body
from samverkan.testing.base import Personas
from samverkan.testing.browser import BrowserTestCase

LONG_NAME = "Länssamverkansgruppen för vård och omsorg i Västerbottens län"


class LongHeadingsBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        Body.objects.filter(pk=self.body.pk).update(name=LONG_NAME)

    def test_a_long_body_name_hyphenates_on_a_phone(self) -> None:
        page = self.page
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(self.url(reverse("public:body", args=["vasterbotten", "lsg"])))

        self.assertEqual(page.get_attribute("html", "lang"), "sv")
        self.assertIn(LONG_NAME, page.inner_text("h1"))
        for heading in ("h1", "main h2"):
            with self.subTest(heading):
                style = page.locator(heading).first.evaluate(
                    "h => { const s = getComputedStyle(h);"
                    " return [s.hyphens, s.overflowWrap, s.wordBreak]; }"
                )
                self.assertEqual(style, ["auto", "break-word", "normal"])
        # The name's long first word stays whole on its line (one box, not two).
        word_boxes = page.locator("h1").evaluate(
            "h => { const r = document.createRange(); const t = h.firstChild;"
            " r.setStart(t, 0); r.setEnd(t, 'Länssamverkansgruppen'.length);"
            " return r.getClientRects().length; }"
        )
        self.assertEqual(word_boxes, 1)
        self.assertLessEqual(
            page.evaluate("document.documentElement.scrollWidth"),
            390,
            "the page is wider than the phone",
        )
        self.screenshot("lang-rubrik-390")
