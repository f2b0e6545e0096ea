"""The assignments' part of a meeting's page, registered with the meeting page's panels.

On a coming meeting of a body, the assignments it has been given and not yet reported
appear by themselves under its standing item whose title starts with "Aktuella uppdrag"
(003: "Aktuella uppdrag från länsamverkansgrupp"), or, where its agenda has no such item,
in a section of their own. On a coming meeting of the body that is to receive a
report-back, the reports due by the meeting day, or delivered and not yet accepted, appear
as the section "Återrapporteringar". One query, however long the agenda.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string

from samverkan.cases.selectors.assignments import assignments_for_meeting
from samverkan.lib.localtime import meeting_day
from samverkan.meetings.models import (
    OPEN_STATUSES,
    AgendaItem,
    AgendaItemKind,
    Meeting,
)
from samverkan.meetings.panels import Contribution, Lazy, meeting_page

STANDING_TITLE = "aktuella uppdrag"


def is_assignments_item(item: AgendaItem) -> bool:
    """The standing item where current assignments are taken up (its title as copied from
    the charter, so no query for the standing item itself)."""
    return item.kind == AgendaItemKind.STANDING and item.title.strip().lower().startswith(
        STANDING_TITLE
    )


def _open(meeting: Meeting, items: Sequence[AgendaItem]) -> bool:
    return meeting.status in OPEN_STATUSES


def _under(meeting: Meeting, item: AgendaItem) -> bool:
    return meeting.status in OPEN_STATUSES and is_assignments_item(item)


def assignments_on_meeting_page(
    request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]
) -> Contribution:
    if meeting.status not in OPEN_STATUSES:
        return Contribution()  # a held or cancelled meeting's page shows what was, not what is due
    day = meeting_day(meeting)
    found = assignments_for_meeting(body=meeting.body, day=day)
    standing = [item for item in items if is_assignments_item(item)]
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "day": day,
        "received": found.received,
        "reports": found.reports,
        "under_standing_item": bool(standing),
    }
    section = ""
    if found.reports or (found.received and not standing):
        section = render_to_string(
            "cases/assignment_meeting_section.html", context, request=request
        )
    under: dict[int, str] = {}
    if standing:
        html = render_to_string("cases/assignment_meeting_item.html", context, request=request)
        under = {item.pk: html for item in standing}
    return Contribution(section=section, under_items=under)


def register_assignment_panel() -> None:
    meeting_page.register(
        "assignments",
        assignments_on_meeting_page,
        lazy=Lazy(label="Uppdrag och återrapporteringar", section=_open, under=_under),
    )
