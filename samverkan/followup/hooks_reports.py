"""What the reports part registers with lower apps when Django starts: the meeting page's
panel and the answer to the charter check's question which reports are delivered."""

from __future__ import annotations


def ready() -> None:
    from samverkan.followup.panels_reports import is_report_item, reports_on_meeting_page
    from samverkan.followup.services.reports import delivered_reports
    from samverkan.meetings.panels import Lazy, meeting_page, no_section
    from samverkan.structure.findings import report_deliveries

    meeting_page.register(
        "reports",
        reports_on_meeting_page,
        lazy=Lazy(label="Rapporter", section=no_section, under=is_report_item),
    )
    report_deliveries.register("followup", delivered_reports)
