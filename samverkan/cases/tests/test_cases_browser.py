"""Cases in a browser 390 px wide: the local group's chair raises a case and lifts it to the
county group, whose secretary puts it on a coming meeting; axe finds nothing on any page and
no page is wider than the screen."""

from __future__ import annotations

from django.urls import reverse

from samverkan.cases.models import Case, CaseStatus
from samverkan.cases.tests.test_cases_base import CasePersonas
from samverkan.testing.base import PASSWORD
from samverkan.testing.browser import BrowserTestCase

WIDTH = 390


class CaseBrowserTests(CasePersonas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.make_minutes_personas()
        self.make_case_personas()
        self.page.set_viewport_size({"width": WIDTH, "height": 800})

    def check_page(self, name: str) -> None:
        """Accessible, and nothing wider than the screen."""
        self.assert_accessible()
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, WIDTH, f"{name} is {width} px wide at {WIDTH} px")

    def test_a_case_is_raised_lifted_and_put_on_the_county_groups_agenda(self) -> None:
        page = self.page
        self.log_in("lokal", PASSWORD)
        page.goto(self.url(reverse("cases:case_list", args=[self.structure.slug])))
        self.check_page("Ärenden")
        page.get_by_role("link", name="Väck ärende i Lokala samverkansgruppen Umeå").click()
        self.check_page("Väck ärende")
        page.get_by_label("Rubrik").fill("Utskrivning från slutenvården")
        page.get_by_label("Kort ärendebeskrivning").fill("Kommunen får besked för sent.")
        page.get_by_label("Förslag till åtgärd").fill("En gemensam rutin för länet.")
        page.get_by_role("button", name="Väck ärendet").click()
        page.get_by_text("Ärendet är väckt").wait_for()
        case = Case.objects.get()
        self.check_page("Ärendet")

        # The default is the commissioning body, LSG, already chosen.
        page.get_by_role("button", name="Lyft ärendet").click()
        page.get_by_text("Hos Länssamverkansgruppen nu").wait_for()
        page.get_by_role("heading", name="2. Länssamverkansgruppen: besluta").wait_for()
        self.check_page("Lyft ärende")

        self.context.clear_cookies()
        self.log_in("sekreterare", PASSWORD)
        page.goto(self.url(reverse("cases:case", args=[case.pk])))
        page.get_by_label("Möte").select_option(index=1)
        page.get_by_role("button", name="Sätt på dagordningen").click()
        page.get_by_text("Ärendet är satt på dagordningen.").wait_for()
        self.check_page("Ärendet på dagordningen")
        self.assertEqual(Case.objects.get().status, CaseStatus.ON_AGENDA)

        page.goto(self.url(reverse("cases:case_list", args=[self.structure.slug]) + "?lage=open"))
        page.get_by_role("link", name="Utskrivning från slutenvården").wait_for()
        self.check_page("Ärenden, filtrerade")
