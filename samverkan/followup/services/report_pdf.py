"""A periodic report as a tagged PDF/A (`samverkan.lib.pdf.html_to_pdfa`): title, body,
receiver, period, status, the sections' facts (charts as inline SVG) and texts. A draft is
marked "Utkast" on its first page; a delivered report's file is made once, on delivery, and
kept in `PeriodicReport.pdf`."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.text import slugify

from samverkan.followup.models import PeriodicReport
from samverkan.lib.localtime import local_day
from samverkan.lib.pdf import html_to_pdfa


def period_label(report: PeriodicReport) -> str:
    year = report.period_end.year
    if report.period != "term":
        return str(year)
    return f"{'VT' if report.period_end.month == 6 else 'HT'} {year}"


def read_early(report: PeriodicReport) -> bool:
    """Whether the facts were read before the period ended (a term report taken forth
    mid-term): the report page and the PDF say so."""
    return report.generated_at is not None and local_day(report.generated_at) <= report.period_end


def report_pdf(report: PeriodicReport, *, draft: bool) -> bytes:
    html = render_to_string(
        "followup/reports/pdf.html",
        {
            "report": report,
            "draft": draft,
            "period_label": period_label(report),
            "read_early": read_early(report),
        },
    )
    return html_to_pdfa(html)


def report_pdf_name(report: PeriodicReport) -> str:
    return f"rapport-{slugify(report.body.name)}-{slugify(period_label(report))}.pdf"
