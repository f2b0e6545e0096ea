"""Issue 15, item 1, walked in a browser: the coordinator adds a member from 1 January next
year, sees the appointment under "Planerade", moves its start, removes it, and replaces a
member in one step, answering the question about the substitute; the next term's page too.

Every page visited is checked with axe at 1280 and 390 px, and at 390 px no page is wider
than the screen. Screenshots land in the temporary directory as `members_*.png`.
"""

from __future__ import annotations

import datetime
import re
import tempfile
from pathlib import Path

from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.structure.models import Membership, Person, Role
from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase

PHONE, DESKTOP = 390, 1280
RAW = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|\b(?:vice_chair|substitute|co_opted)\b")


class MembershipsBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.seat_body()
        self.greta = Person.objects.create(
            key="greta-holm", first_name="Greta", last_name="Holm", employer=self.region
        )

    def check_page(self, name: str) -> None:
        """At both widths: axe finds nothing, no raw values, and at 390 px nothing is wider
        than the screen; a screenshot of each."""
        for width in (DESKTOP, PHONE):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.assert_accessible()
            self.assertEqual(RAW.findall(self.page.inner_text("main")), [], name)
            scroll = self.page.evaluate("document.documentElement.scrollWidth")
            if width == PHONE:
                self.assertLessEqual(scroll, width, f"{name} is {scroll} px wide at {width}")
            self.page.screenshot(
                path=str(Path(tempfile.gettempdir()) / f"members_{name}_{width}.png"),
                full_page=True,
            )
        self.page.set_viewport_size({"width": DESKTOP, "height": 900})

    def planned_section(self) -> str:
        text = self.page.inner_text("main")
        return text[text.index("Planerade") : text.index("Avslutade")]

    def test_a_planned_member_is_added_changed_removed_and_a_member_replaced(self) -> None:
        page = self.page
        page.set_viewport_size({"width": DESKTOP, "height": 900})
        next_year = datetime.date(local_today().year + 1, 1, 1)
        self.log_in("koordinator", PASSWORD)
        page.goto(self.url("/arbeta/s/vasterbotten/g/lsg/"))
        self.check_page("body")

        # 1. Add Greta from 1 January next year, searching for her in the picker.
        add = page.locator("form[action$='/ledamoter/']")
        add.get_by_label("Sök person").fill("Holm")
        # The search leaves only the people who match in the list.
        options = page.locator("#id_member-person option")
        page.locator("#id_member-person option", has_text="Berg, Alice").wait_for(state="detached")
        self.assertEqual(options.count(), 2)  # "Ny person" and Greta
        add.get_by_label("Person", exact=True).select_option(label="Holm, Greta (Västerbotten)")
        add.get_by_label("Roll", exact=True).select_option(label="Ledamot")
        add.get_by_label("Representerar").select_option(label="Region Västerbotten")
        add.get_by_label("Från", exact=True).fill(next_year.isoformat())
        add.get_by_role("button", name="Lägg till").click()
        page.get_by_text(
            f"Greta Holm är tillagd som ledamot från {date_text(next_year)}"
        ).wait_for()
        self.assertIn("Greta Holm", self.planned_section())
        self.assertIn(f"Planerade (börjar {date_text(next_year)})", page.inner_text("main"))
        self.check_page("planned")

        # 2. Move its start a month on.
        later = next_year + datetime.timedelta(days=31)
        page.get_by_role("link", name="Ändra det planerade uppdraget för Greta Holm").click()
        self.check_page("planned_edit")
        page.get_by_label("Från", exact=True).fill(later.isoformat())
        page.get_by_role("button", name="Spara uppdraget").click()
        page.get_by_text(f"Planerade (börjar {date_text(later)})").wait_for()

        # 3. Remove it: it never started.
        page.get_by_role("button", name="Ta bort det planerade uppdraget för Greta Holm").click()
        page.get_by_text("Det planerade uppdraget för Greta Holm").wait_for()
        self.assertIn("Inga planerade uppdrag", page.inner_text("main"))
        self.assertFalse(Membership.objects.filter(person=self.greta).exists())

        # 4. Replace the vice chair Bo with Greta; Dan, Bo's substitute, stays on for her.
        page.get_by_role("link", name="Byt ledamot – ersätt Bo Lind").click()
        page.get_by_role("heading", name="Byt ledamot i Länssamverkansgruppen").wait_for()
        self.check_page("replace")
        last_day = next_year - datetime.timedelta(days=1)
        page.get_by_label("Sista dag för nuvarande ledamot").fill(last_day.isoformat())
        page.get_by_label("Efterträdare", exact=True).select_option(
            label="Holm, Greta (Västerbotten)"
        )
        page.get_by_label("Ersättaren blir ersättare för efterträdaren").check()
        page.get_by_role("button", name="Byt ledamot").click()
        page.get_by_text(f"Greta Holm är vice ordförande från {date_text(next_year)}").wait_for()
        self.assertIn("Greta Holm", self.planned_section())
        self.assertIn("Dan Ström", self.planned_section())
        self.check_page("replaced")
        successor = Membership.objects.get(person=self.greta)
        self.assertEqual((successor.role, successor.start), (Role.VICE_CHAIR, next_year))

        # 5. The next term: Greta as vice chair for the region from 1 January.
        page.get_by_role("link", name=re.compile("Nästa mandatperiod")).click()
        page.get_by_role("heading", name=re.compile("Nästa mandatperiod")).wait_for()
        self.assertIn("Greta Holm (vice ordförande)", page.inner_text("main"))
        self.check_page("next_term")
