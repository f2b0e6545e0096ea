"""Previews in a browser, at 1280 and 390 pixels: the notice, then minutes adopted without
justering. Axe on every page; at 390 pixels no page is wider than the screen."""

from __future__ import annotations

import datetime
import re

from django.core import mail
from django.urls import get_resolver, reverse
from django.utils import timezone

from samverkan.lib.localtime import local
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, Notice
from samverkan.meetings.services import agenda_item_add, meeting_create
from samverkan.minutes.models import Minutes, MinutesStatus
from samverkan.minutes.tests.base import MinutesPersonas, held_meeting
from samverkan.structure.models import Charter, MinutesApproval
from samverkan.testing.base import PASSWORD
from samverkan.testing.browser import BrowserTestCase


class PreviewBrowserTests(MinutesPersonas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Load the URLconf here rather than in the live server's first request, which on a
        # busy machine can outlast the page's timeout; and allow slow pages the same way.
        get_resolver().url_patterns  # noqa: B018
        self.context.set_default_timeout(60000)
        self.make_personas()
        self.make_minutes_personas()

    def check(self, name: str, width: int) -> None:
        self.assert_accessible()
        if width <= 390:
            fits = self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            # Named in the failure: the elements that reach past the screen's right edge.
            wider = self.page.evaluate(
                """() => [...document.querySelectorAll('main *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id)"""
            )
            self.assertTrue(fits, f"{self.page.url} is wider than {width} px: {wider}")
        self.screenshot(f"preview-{name}-{width}")

    def flow(self, width: int, held: Meeting) -> None:
        page = self.page
        page.set_viewport_size({"width": width, "height": 900})
        day = timezone.localdate() + datetime.timedelta(days=40)
        meeting = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=None
        )
        agenda_item_add(
            by=None, meeting=meeting, kind=AgendaItemKind.CASE, title="Gemensam hjälpmedelspolicy"
        )
        self.log_in("koordinator", PASSWORD)

        # The notice: the preview shows who gets it, the text and the warnings; sent on confirm.
        page.goto(self.url(reverse("meetings:meeting", args=[meeting.pk])))
        page.get_by_role("link", name="Förhandsgranska och skicka kallelsen").click()
        page.get_by_role("heading", name="Att kontrollera").wait_for()
        main = page.inner_text("main")
        self.assertIn("Erik Nord", main)
        self.assertIn("Saknar e-postadress", main)
        self.assertIn("Ärendet 2. Gemensam hjälpmedelspolicy har inga handlingar", main)
        self.assertFalse(Notice.objects.filter(meeting=meeting).exists())
        self.check("kallelse", width)
        page.get_by_role("button", name=re.compile("^Skicka kallelsen till")).click()
        page.get_by_text(
            re.compile(r"Kallelsen skickades till \d av \d; 1 saknar e-postadress: Erik Nord\.")
        ).wait_for()
        self.check("kallelse-skickad", width)
        self.assertEqual(Notice.objects.filter(meeting=meeting).count(), 1)

        # Minutes where the charter has no justering: preview, then "Fastställ".
        minutes = self.write(self.start(held))
        self.context.clear_cookies()
        self.log_in("sekreterare", PASSWORD)
        page.goto(self.url(reverse("minutes:minutes", args=[minutes.pk])))
        page.get_by_role("link", name="Förhandsgranska och fastställ").click()
        page.get_by_role("heading", name="Texten som låses").wait_for()
        self.assertIn("MINNESANTECKNINGAR", page.inner_text("#minnesanteckningstext"))
        self.assertIn("§ 1 Föregående minnesanteckningar", page.inner_text("main"))
        self.check("minnesanteckningar", width)
        page.get_by_role("button", name="Fastställ minnesanteckningarna").click()
        page.get_by_text("Minnesanteckningarna är fastställda, låsta och publicerade.").wait_for()
        self.assertIn("Fastställd och publicerad", page.inner_text("main"))
        self.check("fastställda", width)
        self.assertEqual(Minutes.objects.get(pk=minutes.pk).status, MinutesStatus.APPROVED)
        self.context.clear_cookies()

    def test_it_previews_then_sends_the_notice_and_adopts_the_minutes(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            minutes_approval=MinutesApproval.NONE, minutes_distributed_to_all=False
        )
        self.flow(1280, self.meeting)
        mail.outbox.clear()
        later = held_meeting(self.body, datetime.date(2026, 3, 24))
        AgendaItem.objects.create(
            meeting=later, position=5, kind=AgendaItemKind.CASE, title="Uppföljning av avtalet"
        )
        self.flow(390, later)
