"""Periodic reports on other apps' pages without those apps' views knowing about them: the
public body page lists the body's delivered public reports (one query) and links the
working list for those who may read it."""

from __future__ import annotations

from typing import Any

from django import template

from samverkan.followup.access.reports import can_list_for
from samverkan.followup.selectors.reports import public_reports_of
from samverkan.followup.services.report_pdf import period_label
from samverkan.structure.models import Body

register = template.Library()


@register.inclusion_tag("followup/reports/_public_list.html", takes_context=True)
def public_reports(context: template.Context, body: Body) -> dict[str, Any]:
    """The public reports, and for the chair, the secretary, the members and the
    coordinators a link to the body's reports on the working pages."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "body": body,
        "rows": [(r, period_label(r)) for r in public_reports_of(body)],
        "may_list": user is not None and can_list_for(user, body),
    }
