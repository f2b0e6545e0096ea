"""In a browser: a coordinator imports a CSV file, sees the charts with their tables, and
the public page shows the public indicator; axe finds nothing at 1280 and 390 px and the
pages never get wider than the phone."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from django.urls import reverse

from samverkan.meetings.models import AgendaItem, AgendaItemKind
from samverkan.minutes.tests.base import held_meeting
from samverkan.statistics import services
from samverkan.statistics.models import PeriodKind
from samverkan.statistics.tests.base import give_local_groups
from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CSV = "kommun;månad;antal\n" + "".join(
    f"{code};2024-{month:02d};{(month * 3 + int(code[-1])) % 11 + 2}\n"
    for code in ("2480", "2481", "2482")
    for month in range(1, 13)
)


class StatisticsBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        give_local_groups(self)
        self.indicator = services.define_indicator(
            structure=self.structure,
            by=self.coordinator,
            name="Genomförda SIP",
            unit="antal",
            period_kind=PeriodKind.MONTHLY,
            public=True,
        )

    def check(self, name: str) -> None:
        for size, label in ((DESKTOP, "1280"), (PHONE, "390")):
            self.page.set_viewport_size(size)
            width = self.page.evaluate("document.documentElement.scrollWidth")
            self.assertLessEqual(width, size["width"], f"{self.page.url} is wider than {label}")
            self.assert_accessible()
            self.screenshot(f"statistics-{name}-{label}")

    def test_a_coordinator_imports_a_file_and_the_public_sees_the_chart(self) -> None:
        page = self.page
        page.set_viewport_size(DESKTOP)
        self.log_in(self.coordinator.username, PASSWORD)
        page.goto(self.url(reverse("statistics:indicator_list", args=[self.structure.slug])))
        self.check("list")
        page.get_by_role("link", name="Genomförda SIP").click()
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        tmp = Path(folder.name) / "sip.csv"
        tmp.write_text("kommun;månad;antal\n2480;2024-01;5\n9999;2024-02;3\n", encoding="utf-8")
        page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(tmp))
        page.get_by_role("button", name="Importera filen").click()
        main = page.inner_text("main")
        self.assertIn("Rad 3: okänd kommunkod eller kommun ”9999”", main)
        self.assertIn("Indikatorn har inga värden ännu", main)
        self.check("refused")
        tmp.write_text(CSV, encoding="utf-8")
        page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(tmp))
        page.get_by_role("button", name="Importera filen").click()
        page.wait_for_url(f"**{reverse('statistics:indicator', args=[self.indicator.pk])}")
        self.assertIn("36 nya och 0 ändrade värden", page.inner_text("main"))
        chart = page.locator(f"#chart-{self.indicator.pk}-serie svg, section svg").first
        self.assertEqual(chart.get_attribute("role"), "img")
        table = page.locator(f'table[data-chart="chart-{self.indicator.pk}-serie"]')
        self.assertEqual(table.locator("tbody tr").count(), 12)
        self.assertIn("Umeå", table.inner_text())
        self.check("indicator")

        meeting = held_meeting(self.body, datetime.date(2025, 3, 4))
        AgendaItem.objects.create(
            meeting=meeting,
            kind=AgendaItemKind.STANDING,
            title="Uppföljning SIP och annan aktuell statistik",
        )
        page.goto(self.url(reverse("meetings:meeting", args=[meeting.pk])))
        # The panel loads after the page (htmx); wait for it before counting.
        page.locator(".statistics-panel svg[role=img]").first.wait_for()
        self.assertEqual(page.locator(".statistics-panel svg[role=img]").count(), 1)
        self.check("meeting")

        self.context.clear_cookies()
        page.goto(self.url(reverse("public:structure", args=[self.structure.slug])))
        page.get_by_role("link", name="Statistik").click()
        page.get_by_role("link", name="Genomförda SIP").click()
        self.assertEqual(page.locator("svg[role=img]").count(), 3)
        self.check("public")
