"""Periodic reports on a meeting's page (`samverkan.meetings.panels`).

- On the receiving body's meeting, under the agenda item a report was delivered to: a link
  to the report and its PDF.
- On the reporting body's own meeting, under an item about reporting (Blekinge's standing
  item "Rapportering till länsamverkansgrupp"): the status of this period's report, with a
  link for those who may read it.
A delivered report shows under its item only to those who may read it (`readable_reports`);
to others the item shows nothing of it. At most three queries however long the agenda;
none when no item concerns a report.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string

from samverkan.followup.access.reports import can_write_for, readable_reports
from samverkan.followup.models import PeriodicReport
from samverkan.followup.services.report_pdf import period_label
from samverkan.lib.localtime import local_day
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.panels import Contribution

WORD = "rapport"


def is_report_item(meeting: Meeting, item: AgendaItem) -> bool:
    return WORD in item.title.casefold()


def reports_on_meeting_page(
    request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]
) -> Contribution:
    mentioning = [item for item in items if is_report_item(meeting, item)]
    if not mentioning:
        return Contribution()
    delivered = {
        r.agenda_item_id: r
        for r in PeriodicReport.objects.filter(
            agenda_item_id__in=[i.pk for i in mentioning]
        ).select_related("body")
    }
    readable = (
        set(
            readable_reports(request.user)
            .filter(pk__in=[r.pk for r in delivered.values()])
            .values_list("pk", flat=True)
        )
        if delivered
        else set()
    )
    html: dict[int, str] = {}
    for item in mentioning:
        report = delivered.get(item.pk)
        if report is not None and report.pk in readable:
            html[item.pk] = render_to_string(
                "followup/reports/panel_delivered.html",
                {"report": report, "period_label": period_label(report)},
                request=request,
            )
    reporting = [item for item in mentioning if item.pk not in delivered]
    if not reporting:
        return Contribution(under_items=html)
    day = local_day(meeting.starts_at)
    own = list(
        readable_reports(request.user)
        .filter(body_id=meeting.body_id, period_start__lte=day, period_end__gte=day)
        .select_related("to_body")
        .order_by("period_end", "pk")
    )
    context = {
        "reports": [(r, period_label(r)) for r in own],
        "body": meeting.body,
        "may_write": can_write_for(request.user, meeting.body),
    }
    for item in reporting:
        html[item.pk] = render_to_string(
            "followup/reports/panel_status.html", context, request=request
        )
    return Contribution(under_items=html)
