"""Periodic reports on other apps' pages without those apps' views knowing about them: the
public body page lists the body's delivered public reports (one query) and links the
working list for those who may read it."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from samverkan.followup.access.reports import can_list_for
from samverkan.followup.selectors.reports import public_reports_of, receives_reports
from samverkan.followup.services.report_pdf import period_label
from samverkan.structure.models import Body

register = template.Library()

# A facts table frozen before the tables got their scroll region: `<table>` with its caption,
# not already inside a region.
BARE_TABLE = re.compile(
    r'(?<!tabindex="0">)<table>(\s*<caption>(.*?)</caption>.*?</table>)', re.DOTALL
)


@register.filter
def scroll_tables(facts_html: str) -> SafeString:
    """The report's frozen facts (`facts_html`, rendered by the system from
    `followup/reports/facts/`) with every table in a keyboard-scrollable region, so that a
    report frozen earlier does not make a narrow screen scroll sideways either."""

    def wrap(match: re.Match[str]) -> str:
        # The caption is the system's own text, escaped when it was rendered.
        label = re.sub(r"<[^>]+>", "", match.group(2))
        return (
            f'<div class="table-scroll" role="region" aria-label="Tabell: {label}" '
            f'tabindex="0"><table>{match.group(1)}</div>'
        )

    return mark_safe(BARE_TABLE.sub(wrap, facts_html))  # noqa: S308 - the system's own HTML


@register.inclusion_tag("followup/reports/_public_list.html", takes_context=True)
def public_reports(context: template.Context, body: Body) -> dict[str, Any]:
    """The public reports, and for the chair, the secretary, the members and the
    coordinators a link to the body's reports on the working pages."""
    request = context.get("request")
    user = getattr(request, "user", None)
    may_list = user is not None and can_list_for(user, body)
    return {
        "body": body,
        "rows": [(r, period_label(r)) for r in public_reports_of(body)],
        "may_list": may_list,
        "receives": may_list and receives_reports(body),
    }
