"""What the apps above meetings show on a meeting's page, without meetings importing them.

In the spirit of Django's admin and system-check registries: an app higher in the layers
(minutes, for one) registers a panel from its `AppConfig.ready()`, and the meeting page
shows whatever the registered panels return. A panel is a callable
`(request, meeting, items) -> Contribution`, where `items` is the agenda as the page shows
it. It returns rendered HTML (from its own templates, with `render_to_string`): a section of
its own, shown after the meeting's own sections, and snippets shown under some of the
agenda's items. A panel runs a fixed number of queries, however long the agenda.

    from samverkan.meetings.panels import Contribution, Lazy, meeting_page

    def minutes_panel(request, meeting, items):
        return Contribution(section=render_to_string(...), under_items={item.pk: ...})

    meeting_page.register("minutes", minutes_panel, lazy=Lazy(label="Minnesanteckningar"))

A panel registered `lazy` costs the page no query: the page puts a loader where its section
would be (or, for a panel that only adds under items, under its first item) and empty
places under the items it may add to, and htmx fetches the panel from
`meetings:meeting_panel` when the page has loaded; the answer swaps in the section and, out
of band, each item's snippet. `Lazy.section` and `Lazy.under` say, without a query, where
the panel may show something (from the meeting's status and the items' titles); where they
say no, nothing is fetched. Without JavaScript the loader is a link to the panel's own page.
The panel's URL is read with the same check as the meeting page (`get_meeting_for_read`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from samverkan.meetings.models import AgendaItem, Meeting


@dataclass(frozen=True)
class Contribution:
    """One panel's HTML for one meeting's page; strings not marked safe are escaped."""

    section: str = ""
    under_items: Mapping[int, str] = field(default_factory=dict)  # by agenda item id


Panel = Callable[[HttpRequest, Meeting, Sequence[AgendaItem]], Contribution]


def no_section(meeting: Meeting, items: Sequence[AgendaItem]) -> bool:
    """For a panel that only adds under items."""
    return False


def _always(meeting: Meeting, items: Sequence[AgendaItem]) -> bool:
    return True


def _nowhere(meeting: Meeting, item: AgendaItem) -> bool:
    return False


@dataclass(frozen=True)
class Lazy:
    """How a panel loads after the page: `label` names it (the link without JavaScript and
    its own page's heading); `section(meeting, items)` and `under(meeting, item)` say, with
    no query, whether it may show a section and under which items it may add something."""

    label: str
    section: Callable[[Meeting, Sequence[AgendaItem]], bool] = _always
    under: Callable[[Meeting, AgendaItem], bool] = _nowhere


@dataclass(frozen=True)
class Registered:
    panel: Panel
    lazy: Lazy | None


def slot_id(name: str, item_id: int | None = None) -> str:
    """The id of a lazy panel's loader, or of its place under an agenda item."""
    return f"panel-{name}" if item_id is None else f"panel-{name}-{item_id}"


@dataclass(frozen=True)
class PageContributions:
    """Every registered panel's HTML, in the order the panels were registered; a lazy
    panel's HTML is its loader and its empty places under items."""

    sections: list[str]
    under_items: dict[int, list[str]]

    def under(self, item: AgendaItem) -> list[str]:
        return self.under_items.get(item.pk, [])


class MeetingPageRegistry:
    def __init__(self) -> None:
        self._panels: dict[str, Registered] = {}

    def register(self, name: str, panel: Panel, *, lazy: Lazy | None = None) -> None:
        """Show `panel` on every meeting's page; registering a name again replaces it."""
        self._panels[name] = Registered(panel, lazy)

    def names(self) -> list[str]:
        return list(self._panels)

    def get(self, name: str) -> Registered | None:
        return self._panels.get(name)

    def contribute(
        self, request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]
    ) -> PageContributions:
        sections: list[str] = []
        under_items: dict[int, list[str]] = {}
        for name, registered in self._panels.items():
            if registered.lazy is not None:
                contribution = _placeholders(name, registered.lazy, meeting, items)
            else:
                contribution = registered.panel(request, meeting, items)
            if contribution.section:
                sections.append(contribution.section)
            for item_id, html in contribution.under_items.items():
                if html:
                    under_items.setdefault(item_id, []).append(html)
        return PageContributions(sections, under_items)


def _placeholders(
    name: str, lazy: Lazy, meeting: Meeting, items: Sequence[AgendaItem]
) -> Contribution:
    """The loader and the empty places of a lazy panel, or nothing where it has nothing to
    show; no query."""
    section = lazy.section(meeting, items)
    under = [item.pk for item in items if lazy.under(meeting, item)]
    if not section and not under:
        return Contribution()
    url = reverse("meetings:meeting_panel", args=[meeting.pk, name])
    loader = format_html(
        '<div id="{}" class="panel-loader" data-hx-get="{}" data-hx-trigger="load" '
        'data-hx-swap="outerHTML" data-hx-sync="closest main:queue all">'
        '<p><a href="{}">{}</a></p></div>',
        slot_id(name),
        url,
        url,
        lazy.label,
    )
    places: dict[int, SafeString] = {
        pk: format_html('<div id="{}"></div>', slot_id(name, pk)) for pk in under
    }
    if section:
        return Contribution(section=loader, under_items=places)
    first = under[0]
    places[first] = format_html("{}{}", places[first], loader)
    return Contribution(under_items=places)


meeting_page = MeetingPageRegistry()
