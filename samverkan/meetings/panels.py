"""What the apps above meetings show on a meeting's page, without meetings importing them.

In the spirit of Django's admin and system-check registries: an app higher in the layers
(minutes, for one) registers a panel from its `AppConfig.ready()`, and the meeting page
shows whatever the registered panels return. A panel is a callable
`(request, meeting, items) -> Contribution`, where `items` is the agenda as the page shows
it. It returns rendered HTML (from its own templates, with `render_to_string`): a section of
its own, shown after the meeting's own sections, and snippets shown under some of the
agenda's items. A panel runs a fixed number of queries, however long the agenda.

    from samverkan.meetings.panels import Contribution, meeting_page

    def minutes_panel(request, meeting, items):
        return Contribution(section=render_to_string(...), under_items={item.pk: ...})

    meeting_page.register("minutes", minutes_panel)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest

from samverkan.meetings.models import AgendaItem, Meeting


@dataclass(frozen=True)
class Contribution:
    """One panel's HTML for one meeting's page; strings not marked safe are escaped."""

    section: str = ""
    under_items: Mapping[int, str] = field(default_factory=dict)  # by agenda item id


Panel = Callable[[HttpRequest, Meeting, Sequence[AgendaItem]], Contribution]


@dataclass(frozen=True)
class PageContributions:
    """Every registered panel's HTML, in the order the panels were registered."""

    sections: list[str]
    under_items: dict[int, list[str]]

    def under(self, item: AgendaItem) -> list[str]:
        return self.under_items.get(item.pk, [])


class MeetingPageRegistry:
    def __init__(self) -> None:
        self._panels: dict[str, Panel] = {}

    def register(self, name: str, panel: Panel) -> None:
        """Show `panel` on every meeting's page; registering a name again replaces it."""
        self._panels[name] = panel

    def names(self) -> list[str]:
        return list(self._panels)

    def contribute(
        self, request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]
    ) -> PageContributions:
        sections: list[str] = []
        under_items: dict[int, list[str]] = {}
        for panel in self._panels.values():
            contribution = panel(request, meeting, items)
            if contribution.section:
                sections.append(contribution.section)
            for item_id, html in contribution.under_items.items():
                if html:
                    under_items.setdefault(item_id, []).append(html)
        return PageContributions(sections, under_items)


meeting_page = MeetingPageRegistry()
