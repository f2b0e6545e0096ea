"""The activity plan under a meeting's agenda item about it ("Revidering av den lokala
aktivitetsplanen", "Uppföljning av aktivitetsplanen"): the body's plan for the meeting's
year in short, its activities counted per status, the overdue ones and a link.

No query when no item's title speaks of the activity plan; otherwise a fixed few (the
reader's right to see it, the plan, its activities), however long the agenda and the plan.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string

from samverkan.followup.access.plans import can_read_body_plans
from samverkan.followup.selectors.plans import (
    PLAN_WORD,
    overdue_activities,
    plans_with_activities,
    status_counts,
)
from samverkan.lib.localtime import local_today, meeting_day
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.panels import Contribution, Lazy, meeting_page, no_section


def is_plan_item(item: AgendaItem) -> bool:
    return PLAN_WORD in item.title.casefold()


def plan_on_meeting_page(
    request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]
) -> Contribution:
    wanted = [item.pk for item in items if is_plan_item(item)]
    if not wanted:
        return Contribution()
    body = meeting.body
    if not can_read_body_plans(request.user, body):
        return Contribution()
    year = meeting_day(meeting).year
    # The plan for the meeting's year, or the latest before it when that year has none.
    plan = plans_with_activities().filter(body=body, year__lte=year).order_by("-year").first()
    today = local_today()
    html = render_to_string(
        "followup/plans/meeting_panel.html",
        {
            "plan": plan,
            "body": body,
            "year": year,
            "counts": status_counts(plan) if plan else [],
            "overdue": overdue_activities(plan, today) if plan else [],
            "today": today,
        },
        request=request,
    )
    return Contribution(under_items=dict.fromkeys(wanted, html))


def register_plan_panel() -> None:
    meeting_page.register(
        "activity_plans",
        plan_on_meeting_page,
        lazy=Lazy(
            label="Aktivitetsplanen",
            section=no_section,
            under=lambda meeting, item: is_plan_item(item),
        ),
    )
