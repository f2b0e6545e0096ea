"""The meeting page's panels: apps above meetings add to the page without meetings importing them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from unittest import mock

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from samverkan.lib.localtime import local
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.panels import Contribution, MeetingPageRegistry, meeting_page
from samverkan.meetings.services import meeting_create
from samverkan.testing.base import BaseTestCase

DAY = datetime.date.today() + datetime.timedelta(days=60)


def note_panel(request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]) -> Contribution:
    return Contribution(
        section=format_html("<section><h2>Anteckning</h2><p>{}</p></section>", meeting.pk),
        under_items={items[0].pk: format_html("<p>Under {}</p>", items[0].title)},
    )


class MeetingPanelTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.coordinator)
        self.meeting = meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=None
        )
        self.url = reverse("meetings:meeting", args=[self.meeting.pk])

    def test_minutes_registers_its_panel_when_the_apps_are_ready(self) -> None:
        self.assertIn("minutes", meeting_page.names())
        self.assertContains(self.client.get(self.url), "Minnesanteckningar")

    def test_a_registered_panel_adds_a_section_and_html_under_an_item(self) -> None:
        registry = MeetingPageRegistry()
        registry.register("note", note_panel)
        with mock.patch("samverkan.meetings.views.meeting_page", registry):
            response = self.client.get(self.url)
        first = self.meeting.agenda_items.order_by("position").first()
        assert first is not None
        self.assertContains(response, f"<h2>Anteckning</h2><p>{self.meeting.pk}</p>", html=True)
        self.assertContains(response, f"<p>Under {first.title}</p>", html=True)
        # Only the registered panels show: without minutes, no minutes section.
        self.assertNotContains(response, "Skriv minnesanteckningar")

    def test_registering_a_name_again_replaces_the_panel(self) -> None:
        registry = MeetingPageRegistry()
        registry.register("note", note_panel)
        registry.register("note", lambda request, meeting, items: Contribution())
        self.assertEqual(registry.names(), ["note"])
        contributed = registry.contribute(HttpRequest(), self.meeting, [])
        self.assertEqual((contributed.sections, contributed.under_items), ([], {}))

    def test_html_not_marked_safe_is_escaped(self) -> None:
        registry = MeetingPageRegistry()
        registry.register("raw", lambda request, meeting, items: Contribution(section="<b>x</b>"))
        with mock.patch("samverkan.meetings.views.meeting_page", registry):
            response = self.client.get(self.url)
        self.assertContains(response, "&lt;b&gt;x&lt;/b&gt;")
