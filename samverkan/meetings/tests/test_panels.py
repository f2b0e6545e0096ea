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
from samverkan.meetings.panels import (
    Contribution,
    Lazy,
    MeetingPageRegistry,
    meeting_page,
    no_section,
)
from samverkan.meetings.services import meeting_create
from samverkan.meetings.tests.lazy_parts import loader_urls, split_part
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


class LazyPanelTests(BaseTestCase):
    """A lazy panel puts only a loader and empty places on the page, without a query, and
    answers from its own address: the section in the loader's place and, out of band, each
    item's snippet in the item's place."""

    def setUp(self) -> None:
        self.login(self.coordinator)
        self.meeting = meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=None
        )
        self.first = self.meeting.agenda_items.order_by("position").first()
        assert self.first is not None
        self.url = reverse("meetings:meeting", args=[self.meeting.pk])
        self.part = reverse("meetings:meeting_panel", args=[self.meeting.pk, "note"])
        self.registry = MeetingPageRegistry()

    def page(self) -> str:
        with mock.patch("samverkan.meetings.views.meeting_page", self.registry):
            return self.client.get(self.url).content.decode()

    def answer(self, **headers: str) -> str:
        with mock.patch("samverkan.meetings.views_panels.meeting_page", self.registry):
            response = self.client.get(self.part, headers=headers)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_section_loads_in_the_loader_s_place_and_items_get_theirs_out_of_band(self) -> None:
        calls: list[int] = []

        def counted(request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]):  # type: ignore[no-untyped-def]
            calls.append(meeting.pk)
            return note_panel(request, meeting, items)

        self.registry.register(
            "note",
            counted,
            lazy=Lazy(label="Anteckning", under=lambda meeting, item: item.pk == self.first.pk),  # type: ignore[union-attr]
        )
        page = self.page()
        self.assertEqual(calls, [])  # the page does not run the panel
        self.assertIn(f'<div id="panel-note-{self.first.pk}"></div>', page)
        self.assertIn(f'data-hx-get="{self.part}"', page)
        self.assertIn(f'<a href="{self.part}">Anteckning</a>', page)
        self.assertEqual(loader_urls(page)[0], self.part)
        main, pieces = split_part(self.answer(**{"HX-Request": "true"}))
        self.assertInHTML(f"<h2>Anteckning</h2><p>{self.meeting.pk}</p>", main)
        self.assertEqual(list(pieces), [f"panel-note-{self.first.pk}"])
        self.assertInHTML(f"<p>Under {self.first.title}</p>", pieces[f"panel-note-{self.first.pk}"])
        # Without JavaScript, the link opens the panel as a page of its own.
        alone = self.answer()
        self.assertIn("<h1>Anteckning: ", alone)
        self.assertInHTML(
            f'<h2 id="panel-note-{self.first.pk}-rubrik">{self.first.title}</h2>', alone
        )

    def test_a_panel_only_under_items_loads_from_its_first_item_and_nothing_where_none(
        self,
    ) -> None:
        self.registry.register(
            "note",
            note_panel,
            lazy=Lazy(label="Anteckning", section=no_section, under=lambda m, i: True),
        )
        page = self.page()
        loader = page.index('id="panel-note"')
        self.assertLess(page.index(f'id="panel-note-{self.first.pk}"'), loader)
        self.assertEqual(page.count('id="panel-note"'), 1)
        self.registry.register(
            "note", note_panel, lazy=Lazy(label="Anteckning", section=no_section)
        )
        self.assertNotIn("panel-note", self.page())
