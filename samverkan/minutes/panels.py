"""The minutes' part of a meeting's page, registered with the meeting page's panels.

Meetings sit below minutes and do not import them: `MinutesConfig.ready()` registers
`minutes_on_meeting_page`, which shows the minutes section (links to the meeting's minutes,
or the button that starts them) and, under the standing item that reviews the previous
minutes, the actions from earlier minutes still open. A fixed number of queries, whatever
the agenda and however many minutes the meeting has.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string

from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.panels import Contribution, Lazy, meeting_page
from samverkan.minutes.access import can_write_minutes, is_published
from samverkan.minutes.services import open_actions, status_text


def reviews_previous_minutes(meeting: Meeting, item: AgendaItem) -> bool:
    """The standing item that reviews the previous minutes (its standing item is read with
    the agenda, so no query)."""
    return item.standing_item is not None and item.standing_item.reviews_previous_minutes


def minutes_on_meeting_page(
    request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]
) -> Contribution:
    actions = open_actions(meeting.body, before=meeting.starts_at)
    minutes_list = list(meeting.minutes.order_by("pk"))  # each knows its meeting
    for minutes in minutes_list:
        minutes.status_text = status_text(  # type: ignore[attr-defined]
            minutes, published=is_published(minutes)
        )
    section = render_to_string(
        "minutes/_meeting_minutes.html",
        {
            "meeting": meeting,
            "minutes_list": minutes_list,
            "open_actions": actions,
            "can_write_minutes": can_write_minutes(request.user, meeting.body),
        },
        request=request,
    )
    reviewing = [item for item in items if reviews_previous_minutes(meeting, item)]
    if not reviewing:
        return Contribution(section=section)
    under = render_to_string("minutes/_meeting_open_actions.html", {"open_actions": actions})
    return Contribution(section=section, under_items={item.pk: under for item in reviewing})


def register_meeting_panels() -> None:
    meeting_page.register(
        "minutes",
        minutes_on_meeting_page,
        lazy=Lazy(label="Minnesanteckningar", under=reviews_previous_minutes),
    )
