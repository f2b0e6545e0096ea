"""In a browser: a refused submission is summed up at the top, in view and focused, with
links to the fields; htmx posts (which carry the CSRF token from `data-hx-headers`) update
the same region. axe finds nothing at 1280 and 390 px."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.lib.localtime import local
from samverkan.meetings.services import meeting_create
from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase

WIDTHS = (1280, 390)

IN_VIEW = """() => {
    const el = document.getElementById('felsammanfattning');
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, height: innerHeight,
            focused: document.activeElement === el};
}"""


class FeedbackBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        # The live server's first answer imports every view; on a busy machine that can take
        # longer than a page load may.
        self.context.request.get(self.url("/favicon.ico"), timeout=120_000)
        day = datetime.date.today() + datetime.timedelta(days=60)
        self.meeting = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=self.coordinator
        )

    def assert_summary_in_view_and_focused(self) -> None:
        self.page.locator("#felsammanfattning").wait_for()
        self.page.wait_for_function(
            "() => document.activeElement && document.activeElement.id === 'felsammanfattning'"
        )
        box = self.page.evaluate(IN_VIEW)
        assert box is not None
        self.assertTrue(box["focused"])
        self.assertGreaterEqual(box["top"], 0)
        self.assertLess(box["top"], box["height"])

    def test_a_refused_meeting_edit_is_summed_up_at_the_top_and_focused(self) -> None:
        page = self.page
        self.log_in("koordinator", PASSWORD)
        url = self.url(reverse("meetings:meeting", args=[self.meeting.pk]))
        for width in WIDTHS:
            with self.subTest(width=width):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(url)
                # Far down the page: the form to change the meeting, emptied and sent.
                page.locator("#id_meeting-day").fill("")
                page.get_by_role("button", name="Spara mötet").click()
                page.wait_for_load_state()
                self.assert_summary_in_view_and_focused()
                self.assertIn(
                    "Det du skickade kunde inte tas emot",
                    page.locator("#felsammanfattning").inner_text(),
                )
                self.screenshot(f"aterkoppling-mote-{width}")
                self.assert_accessible()
                # The link leads to the field.
                page.locator('#felsammanfattning a[href="#id_meeting-day"]').click()
                page.wait_for_function("() => location.hash === '#id_meeting-day'")

    def test_an_htmx_refusal_updates_the_banner_place_and_the_csrf_header_goes_along(
        self,
    ) -> None:
        page = self.page
        self.log_in("koordinator", PASSWORD)
        url = self.url(reverse("meetings:meeting", args=[self.meeting.pk]))
        for width in WIDTHS:
            with self.subTest(width=width):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(url)
                with page.expect_response(
                    lambda r: r.url.endswith(
                        reverse("meetings:notice_guest", args=[self.meeting.pk])
                    )
                ) as answer:
                    page.get_by_role("button", name="Bjud in").click()
                # Sent by htmx (no reload), accepted by the CSRF check, refused by the form.
                self.assertEqual(answer.value.status, 200)
                self.assertEqual(answer.value.request.headers.get("hx-request"), "true")
                self.assert_summary_in_view_and_focused()
                self.screenshot(f"aterkoppling-htmx-{width}")
                self.assert_accessible()
