"""The deviations' part of a meeting's page: under an agenda item titled like "Uppföljning
avvikelser", the summary of the deviations reported since the body's previous meeting.

No query when no item's title speaks of deviations; otherwise a fixed few, however long
the agenda. Only readers who may see the body's aggregates get it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string

from samverkan.deviations.access import can_read_summary
from samverkan.deviations.selectors import deviation_summary
from samverkan.lib.localtime import local_day, local_today
from samverkan.meetings.models import AgendaItem, Meeting, MeetingStatus
from samverkan.meetings.panels import Contribution, Lazy, meeting_page, no_section

WORD = "avvikelse"


def is_deviations_item(meeting: Meeting, item: AgendaItem) -> bool:
    return WORD in item.title.casefold()


def deviations_on_meeting_page(
    request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]
) -> Contribution:
    wanted = [item.pk for item in items if is_deviations_item(meeting, item)]
    if not wanted:
        return Contribution()
    body = meeting.body
    if not can_read_summary(request.user, body.structure, body):
        return Contribution()
    previous = (
        Meeting.objects.filter(body=body, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    period_from = local_day(previous) if previous else None
    period_to = local_day(meeting.starts_at)
    summary = deviation_summary(
        structure=body.structure,
        body=body,
        period_from=period_from,
        period_to=period_to,
        today=local_today(),
    )
    html = render_to_string(
        "deviations/meeting_panel.html", {"summary": summary, "meeting": meeting}, request=request
    )
    return Contribution(under_items=dict.fromkeys(wanted, html))


def register_deviation_panel() -> None:
    meeting_page.register(
        "deviations",
        deviations_on_meeting_page,
        lazy=Lazy(
            label="Avvikelser sedan förra mötet", section=no_section, under=is_deviations_item
        ),
    )
