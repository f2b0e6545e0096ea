"""The cases' part of a meeting's page, registered with the meeting page's panels.

Under an agenda item that is a case's handling, the case's registry number and a link to
its whole way across bodies and meetings. One query, however long the agenda; none when
the agenda has no case.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string

from samverkan.cases.selectors.cases import case_step_of_items
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting
from samverkan.meetings.panels import Contribution, Lazy, meeting_page, no_section


def _case_item(meeting: Meeting, item: AgendaItem) -> bool:
    return item.kind == AgendaItemKind.CASE


def cases_on_meeting_page(
    request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]
) -> Contribution:
    steps = case_step_of_items(
        item_ids=[item.pk for item in items if item.kind == AgendaItemKind.CASE]
    )
    return Contribution(
        under_items={
            item_id: render_to_string(
                "cases/case_panel.html", {"case": step.case, "step": step}, request=request
            )
            for item_id, step in steps.items()
        }
    )


def register_case_panel() -> None:
    meeting_page.register(
        "cases",
        cases_on_meeting_page,
        lazy=Lazy(label="Ärendets väg", section=no_section, under=_case_item),
    )
