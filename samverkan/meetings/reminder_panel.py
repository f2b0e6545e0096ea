"""The meeting page's reminders section: which went out, and which did not and why.

Registered with the meeting page's panels (`panels.py`) from `MeetingsConfig.ready()`, like
the panels of the apps above. The coordinator sees here a reminder that failed, is being
tried again or may not have arrived (`samverkan.lib.outbox`), with the reason; the start
page lists the same across the coordinator's structures. One query.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string

from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.panels import Contribution, Lazy, meeting_page
from samverkan.meetings.reminders import meeting_reminders


def reminders_on_meeting_page(
    request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]
) -> Contribution:
    reminders = meeting_reminders(meeting)
    if not reminders:
        return Contribution()
    return Contribution(
        section=render_to_string(
            "meetings/_reminders.html",
            {
                "reminders": reminders,
                "trouble": [r for r in reminders if r.needs_attention],
                "sent": sum(1 for r in reminders if r.state == "sent"),
            },
            request=request,
        )
    )


def register_meeting_panels() -> None:
    meeting_page.register(
        "reminders", reminders_on_meeting_page, lazy=Lazy(label="Påminnelser om handlingar")
    )
