"""Deviations in a browser: a municipal nurse reports a deviation against the region's
hospital (a personnummer is refused, ten random digits are not), the hospital's handler
answers, and the local group's next meeting shows the summary under "Uppföljning
avvikelser". axe finds nothing at 1280 and 390 px, and no page is wider than the screen."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.urls import reverse

from samverkan.deviations import services
from samverkan.deviations.models import Deviation, DeviationStatus
from samverkan.deviations.tests.base import PERSONNUMMER, RANDOM_DIGITS
from samverkan.lib.localtime import local, local_today
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from samverkan.structure.models import Body, Membership, Person, Role
from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase

WIDE, NARROW = 1280, 390


class DeviationBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        today = local_today()
        self.nurse = User.objects.create_user("sjukskoterska", "s@umea.example", PASSWORD)
        Person.objects.create(
            key="nora-sjo",
            first_name="Nora",
            last_name="Sjö",
            employer=self.umea,
            email="nora.sjo@umea.example",
            user=self.nurse,
        )
        self.handler = User.objects.create_user(
            "handlaggare", "h@region.example", PASSWORD, first_name="Rut", last_name="Holm"
        )
        self.local_user = User.objects.create_user("lokal", "lokal@umea.example", PASSWORD)
        local_person = Person.objects.create(
            key="lisa-lokal",
            first_name="Lisa",
            last_name="Lund",
            employer=self.umea,
            user=self.local_user,
        )
        self.local = Body.objects.create(
            structure=self.structure,
            key="lokal-umea",
            name="Lokala samverkansgruppen Umeå",
            kind="local_group",
            level="local",
            mandate="none",
            parent=self.body,
            municipality=self.umea,
        )
        Membership.objects.create(
            body=self.local,
            person=local_person,
            role=Role.CHAIR,
            principal=self.umea,
            start=today - datetime.timedelta(days=365),
        )
        services.deviation_settings_set(
            by=None, structure=self.structure, answer_days=60, follow_up_body=self.local
        )
        services.handler_set(
            by=None, structure=self.structure, principal=self.region, user=self.handler
        )
        for day in (today - datetime.timedelta(days=60), today + datetime.timedelta(days=14)):
            meeting = Meeting.objects.create(
                body=self.local,
                starts_at=local(day, 13),
                ends_at=local(day, 15),
                place="Stadshuset",
                status=MeetingStatus.PLANNED,
            )
        self.next_meeting = meeting
        AgendaItem.objects.create(
            meeting=meeting,
            position=1,
            kind=AgendaItemKind.STANDING,
            title="Uppföljning avvikelser",
        )

    def check(self, name: str) -> None:
        """Accessible at both widths, nothing wider than the narrow screen; screenshots."""
        for width in (WIDE, NARROW):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.assert_accessible()
            scroll = self.page.evaluate("document.documentElement.scrollWidth")
            self.assertLessEqual(scroll, width, f"{name} is {scroll} px wide at {width} px")
            self.screenshot(f"deviations-{name}-{width}")

    def test_a_nurse_reports_the_hospital_answers_and_the_local_group_follows_up(self) -> None:
        page = self.page
        self.log_in("sjukskoterska", PASSWORD)
        page.goto(self.url(reverse("deviations:new", args=[self.structure.slug])))
        self.check("rapportera")
        page.get_by_label("Rapporterande enhet").fill("Hemsjukvården Umeå centrum")
        page.get_by_label("Berörd huvudman").select_option(label="Region Västerbotten")
        page.get_by_label("Berörd enhet").fill("Norrlands universitetssjukhus, avd 12")
        page.get_by_label("Kategori").select_option(label="Utskrivning")
        page.get_by_label("Beskrivning av händelsen").fill(
            f"Patient {PERSONNUMMER} skrevs ut utan läkemedelslista."
        )
        page.get_by_role("button", name="Rapportera avvikelsen").click()
        page.get_by_text("Beskrivning innehåller ett personnummer").first.wait_for()
        self.assertEqual(Deviation.objects.count(), 0)
        self.check("personnummer-nekas")

        page.get_by_label("Beskrivning av händelsen").fill(
            f"Patienten skrevs ut utan läkemedelslista; remiss {RANDOM_DIGITS} kom inte fram."
        )
        page.get_by_role("button", name="Rapportera avvikelsen").click()
        page.get_by_text("Avvikelsen är rapporterad till Region Västerbotten").wait_for()
        deviation = Deviation.objects.get()
        self.assertIn(RANDOM_DIGITS, deviation.description)
        self.check("rapporterad")

        self.context.clear_cookies()
        self.log_in("handlaggare", PASSWORD)
        page.goto(self.url(reverse("deviations:list", args=[self.structure.slug])))
        self.check("lista")
        page.get_by_role("link", name=f"Utskrivning avvikelse {deviation.pk}").click()
        page.get_by_label("Utredning: vad hände och varför").fill(
            "Läkemedelslistan skickades inte med vid helgutskrivning."
        )
        page.get_by_label("Åtgärder").fill("Checklista vid utskrivning införs på avdelningen.")
        page.get_by_role("button", name="Spara svaret").click()
        page.get_by_text("Svaret är sparat").wait_for()
        self.assertEqual(Deviation.objects.get().status, DeviationStatus.ANSWERED)
        self.check("besvarad")

        self.context.clear_cookies()
        self.log_in("lokal", PASSWORD)
        page.goto(self.url(reverse("meetings:meeting", args=[self.next_meeting.pk])))
        panel = page.locator(".card", has_text="Avvikelser i samverkan sedan förra mötet")
        panel.wait_for()
        self.assertIn("1 avvikelse, 0 obesvarade", panel.inner_text())
        self.assertIn("Region Västerbotten", panel.inner_text())
        self.check("mote")
        page.get_by_role("link", name="Hela sammanställningen").click()
        page.get_by_text("Per kategori", exact=True).wait_for()
        self.check("sammanstallning")
