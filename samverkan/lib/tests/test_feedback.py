"""Feedback where the eye is: a refused form is summed up at the top of the main content,
each reason a link to its field, in the same region as the success messages; htmx partial
answers update that region too (samverkan/lib/feedback.py)."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from samverkan.lib.localtime import local
from samverkan.meetings.services import meeting_create
from samverkan.minutes.tests.base import MinutesTestCase
from samverkan.minutes.tests.test_views import item_post
from samverkan.testing.base import BaseTestCase

SUMMARY = re.compile(r'<section class="error-summary".*?</section>', re.S)


class SummaryChecks:
    def assert_summary_on_top(self, html: str, *anchors: str) -> str:
        """The summary comes before the page's heading, in the feedback region, and each of
        its links leads to an element of the page."""
        found = SUMMARY.search(html)
        assert found is not None, "no error summary"
        summary = found.group(0)
        self.assertLess(html.index('id="aterkoppling"'), html.index("<h1"))  # type: ignore[attr-defined]
        self.assertLess(found.start(), html.index("<h1"))  # type: ignore[attr-defined]
        self.assertIn('tabindex="-1"', summary)  # type: ignore[attr-defined]
        self.assertIn("data-feedback-focus", summary)  # type: ignore[attr-defined]
        links = re.findall(r'href="#([^"]+)"', summary)
        for anchor in anchors:
            self.assertIn(anchor, links)  # type: ignore[attr-defined]
        for link in links:
            self.assertIn(f'id="{link}"', html)  # type: ignore[attr-defined]
        return summary


class FeedbackTests(SummaryChecks, BaseTestCase):
    def test_it_sums_up_a_refused_membership_at_the_top_with_links_to_the_fields(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("work:membership_add", args=["vasterbotten", "lsg"]),
            {"member-start": "2026-01-01"},
        )
        self.assertEqual(response.status_code, 200)
        summary = self.assert_summary_on_top(response.content.decode(), "id_member-role")
        self.assertIn("Det du skickade kunde inte tas emot", summary)

    def test_it_sums_up_a_refused_meeting_edit_at_the_top(self) -> None:
        day = datetime.date.today() + datetime.timedelta(days=60)
        meeting = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=self.coordinator
        )
        self.login(self.coordinator)
        response = self.client.post(
            reverse("meetings:meeting_save", args=[meeting.pk]),
            {"meeting-lock_version": str(meeting.lock_version), "meeting-day": ""},
        )
        self.assertEqual(response.status_code, 200)
        self.assert_summary_on_top(response.content.decode(), "id_meeting-day")

    def test_a_success_message_is_in_the_same_region_and_takes_no_focus(self) -> None:
        day = datetime.date.today() + datetime.timedelta(days=60)
        meeting = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=self.coordinator
        )
        self.login(self.coordinator)
        response = self.client.post(
            reverse("meetings:agenda_item_add", args=[meeting.pk]),
            {"item-kind": "information", "item-title": "Nyheter från regionen"},
            follow=True,
        )
        html = response.content.decode()
        region = html[html.index('id="aterkoppling"') : html.index("<h1")]
        self.assertIn("Punkten är tillagd.", region)
        self.assertNotIn("data-feedback-focus", region)
        self.assertNotIn("error-summary", html)

    def test_a_page_without_a_refusal_has_an_empty_region(self) -> None:
        html = self.client.get(reverse("public:home")).content.decode()
        self.assertIn('id="aterkoppling"', html)
        self.assertNotIn("error-summary", html)


class MinutesFeedbackTests(SummaryChecks, MinutesTestCase):
    def test_it_sums_up_a_refused_minutes_header_at_the_top(self) -> None:
        minutes = self.start()
        self.login(self.secretary_user)
        response = self.client.post(
            reverse("minutes:header", args=[minutes.pk]),
            {
                "chaired_by": str(self.alice.pk),
                "taken_by": str(self.sara.pk),
                "adjuster": str(self.alice.pk),
                "lock_version": str(minutes.lock_version),
            },
        )
        summary = self.assert_summary_on_top(response.content.decode())
        self.assertIn("Justeringspersonen ska vara en annan än ordföranden", summary)

    def test_an_htmx_refusal_updates_the_region_out_of_band(self) -> None:
        minutes = self.start()
        item = self.case_item(minutes)
        self.login(self.secretary_user)
        response = self.client.post(
            reverse("minutes:item", args=[item.pk]),
            item_post(item, **{"a-0-text": "Skicka avtalet"}),
            headers={"HX-Request": "true"},
        )
        html = response.content.decode()
        self.assertNotIn("<h1", html)  # a partial answer
        self.assertIn('id="aterkoppling" class="feedback" data-hx-swap-oob="true"', html)
        summary = SUMMARY.search(html)
        assert summary is not None
        for link in re.findall(r'href="#([^"]+)"', summary.group(0)):
            self.assertIn(f'id="{link}"', html)

    def test_an_htmx_success_clears_the_region(self) -> None:
        minutes = self.start()
        item = self.case_item(minutes)
        self.login(self.secretary_user)
        response = self.client.post(
            reverse("minutes:item", args=[item.pk]),
            item_post(item, notes="Avtalet diskuterades."),
            headers={"HX-Request": "true"},
        )
        html = response.content.decode()
        self.assertIn('data-hx-swap-oob="true"', html)
        self.assertNotIn("error-summary", html)


class ReadingTests(BaseTestCase):
    def test_a_form_bound_to_a_query_string_gets_no_summary(self) -> None:
        # A search with a wrong year is a reading, not a refused submission.
        response = self.client.get(reverse("search:search"), {"q": "avtal", "year": "inte-ett-år"})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "error-summary")
