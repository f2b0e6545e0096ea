"""Working pages for periodic reports: a body's reports and those it received, "Ta fram
rapport", the report's page (facts, texts, approve, reopen, deliver) and its PDF; and the
public pages of delivered public reports.

A refused action shows its page again with the reason beside the field and at the top.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from samverkan.followup.access import reports as access
from samverkan.followup.forms.reports import DeliverForm, LockForm, ReportNewForm, TextsForm
from samverkan.followup.models import PeriodicReport, ReportStatus
from samverkan.followup.selectors.reports import (
    receives_reports,
    reports_listed,
    reports_of,
    reports_received,
)
from samverkan.followup.services import reports as services
from samverkan.followup.services.report_pdf import (
    period_label,
    read_early,
    report_pdf,
    report_pdf_name,
)
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_today
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.meetings.access import meeting_rights
from samverkan.structure.access import get_body_for_read, get_structure_for_read

PER_PAGE = 50


def _rows(reports: list[PeriodicReport]) -> list[tuple[PeriodicReport, str]]:
    return [(r, period_label(r)) for r in reports]


@login_required
@require_safe
def report_list(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    body = get_body_for_read(slug, key)
    access.body_for_listing(request.user, body)
    return render(
        request,
        "followup/reports/list.html",
        {
            "body": body,
            "structure": body.structure,
            "rows": _rows(reports_of(viewer=request.user, body=body)),
            "may_write": access.can_write_for(request.user, body),
            "receives": receives_reports(body),
        },
    )


@login_required
@require_safe
def report_structure_list(request: HttpRequest, structure_slug: str) -> HttpResponse:
    """Every report in the structure the user may read, by status: for the coordinators
    the whole picture, for others what their roles let them read."""
    structure = get_structure_for_read(structure_slug)
    status = request.GET.get("status", "")
    status = status if status in ReportStatus.values else ""
    # 50 a page, without the sections (charts and tables, the bulk of a report's row).
    rows = (
        reports_listed(viewer=request.user, status=status or None)
        .filter(body__structure=structure)
        .defer("sections", "summary")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "followup/reports/structure_list.html",
        {
            "structure": structure,
            "page": page,
            "rows": _rows(list(page.object_list)),
            "statuses": ReportStatus.choices,
            "status": status,
            "query": urlencode({"status": status}) if status else "",
        },
    )


@login_required
@require_safe
def report_received(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    body = get_body_for_read(slug, key)
    access.body_for_listing(request.user, body)
    return render(
        request,
        "followup/reports/received.html",
        {
            "body": body,
            "structure": body.structure,
            "rows": _rows(reports_received(viewer=request.user, body=body)),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_new(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    user = acting_user(request)
    body = get_body_for_read(slug, key)
    access.body_for_writing(user, body)
    # Only the receivers the charter names (or the parent): "Till" offers nothing else.
    bodies = services.allowed_receivers(body)
    duties = services.reporting_duties(body)
    today = local_today()
    default_to = duties[0].to_body_id if duties else body.parent_id
    yearly = bool(duties) and duties[0].frequency == "yearly"
    initial: dict[str, object] = {
        "period": services.PeriodKey.YEAR
        if yearly
        else (services.PeriodKey.VT if today.month <= 6 else services.PeriodKey.HT),
        "year": today.year,
        "to_body": default_to,
    }
    # The start page's "Rapporter att lämna" links here with the period it means.
    asked = {k: request.GET[k] for k in ("period", "year", "to_body") if request.GET.get(k)}
    initial.update(asked)
    form = ReportNewForm(
        request.POST if request.method == "POST" else None, bodies=bodies, initial=initial
    )
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.generate_report(
                by=user,
                body=body,
                period=data["period"],
                year=data["year"],
                to_body=next((b for b in bodies if b.pk == data["to_body"]), None),
                today=today,
            )
        except services.ReportExists as exc:
            existing = exc.existing
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, "Ett utkast är framtaget. Skriv era kommentarer nedan.")
            return redirect("followup:report", report.pk)
    return render(
        request,
        "followup/reports/new.html",
        {
            "body": body,
            "structure": body.structure,
            "form": form,
            "duties": duties,
            "existing": existing,
        },
        status=400 if request.method == "POST" else 200,
    )


def _page(
    request: HttpRequest,
    report: PeriodicReport,
    *,
    texts_form: TextsForm | None = None,
    deliver_form: DeliverForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_write = access.can_write_for(request.user, report.body)
    lock = {"lock_version": report.lock_version}
    draft = report.status == ReportStatus.DRAFT
    approved = report.status == ReportStatus.APPROVED
    if may_write and draft and texts_form is None:
        initial = {**lock, "summary": report.summary}
        initial.update({f"text_{s['key']}": s.get("text", "") for s in report.sections})
        texts_form = TextsForm(initial=initial, sections=report.sections)
    meetings = services.coming_meetings(report.to_body) if may_write and approved else []
    ended = services.period_ended(report)
    if may_write and approved and deliver_form is None:
        deliver_form = DeliverForm(
            initial={**lock, "meeting": meetings[0].pk if meetings else None},
            meetings=meetings,
            early=not ended,
        )
    meeting = report.agenda_item.meeting if report.agenda_item else None
    sections = [
        {**s, "field": texts_form.section_field(s["key"]) if texts_form else None}
        for s in report.sections
    ]
    return render(
        request,
        "followup/reports/page.html",
        {
            "report": report,
            "body": report.body,
            "structure": report.body.structure,
            "period_label": period_label(report),
            "sections": sections,
            "texts_form": texts_form if may_write and draft else None,
            "lock_form": LockForm(initial=lock) if may_write else None,
            "deliver_form": deliver_form if may_write and approved else None,
            "has_meetings": bool(meetings),
            "period_ended": ended,
            "read_early": read_early(report),
            "may_write": may_write,
            "meeting": meeting,
            "meeting_readable": meeting is not None and meeting_rights(request.user, meeting).read,
        },
        status=status,
    )


@login_required
@require_safe
def report_page(request: HttpRequest, report_id: int) -> HttpResponse:
    return _page(request, access.get_report_for_read(request.user, report_id))


def _back(request: HttpRequest, report_id: int) -> str:
    return reverse("followup:report", args=[report_id])


@login_required
@post_action(_back)
def report_save(request: HttpRequest, report_id: int) -> HttpResponse:
    user = acting_user(request)
    report = access.get_report_for_edit(user, report_id)
    form = TextsForm(request.POST, sections=report.sections)
    # "Godkänn rapporten" is a button of the texts form: what was typed is saved first, so
    # approving never throws a text away.
    approve = request.POST.get("action") == "approve"
    if form.is_valid():
        try:
            services.report_texts_update(
                by=user,
                report=report,
                expected_version=form.cleaned_data["lock_version"],
                summary=form.cleaned_data["summary"],
                texts=form.texts(),
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
            return _page(request, report, texts_form=form, status=400)
        if not approve:
            messages.success(request, "Texterna är sparade.")
            return redirect("followup:report", report.pk)
        try:
            services.report_approve(by=user, report=report, expected_version=report.lock_version)
        except DomainError as exc:
            # The texts are saved; the form shows them as typed with the reason.
            messages.error(
                request, f"Texterna är sparade, men rapporten godkändes inte: {exc.message}"
            )
            data = request.POST.copy()
            data["lock_version"] = str(report.lock_version)
            refused = TextsForm(data, sections=report.sections)
            refused.is_valid()
            show_refusal(refused, exc.errors)
            return _page(request, report, texts_form=refused, status=400)
        messages.success(request, "Texterna är sparade och rapporten är godkänd; den kan lämnas.")
        return redirect("followup:report", report.pk)
    return _page(request, report, texts_form=form, status=400)


def _simple_action(request: HttpRequest, report_id: int, action: str) -> HttpResponse:
    user = acting_user(request)
    report = access.get_report_for_edit(user, report_id)
    form = LockForm(request.POST)
    version = form.cleaned_data["lock_version"] if form.is_valid() else None
    run = {
        "approve": (services.report_approve, "Rapporten är godkänd och kan lämnas."),
        "reopen": (services.report_reopen, "Rapporten är ett utkast igen och kan ändras."),
        "regenerate": (
            services.report_regenerate,
            "Uppgifterna är hämtade på nytt; era texter finns kvar.",
        ),
    }
    function, done = run[action]
    try:
        function(by=user, report=report, expected_version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("followup:report", report.pk)


@login_required
@post_action(_back)
def report_approve(request: HttpRequest, report_id: int) -> HttpResponse:
    return _simple_action(request, report_id, "approve")


@login_required
@post_action(_back)
def report_reopen(request: HttpRequest, report_id: int) -> HttpResponse:
    return _simple_action(request, report_id, "reopen")


@login_required
@post_action(_back)
def report_regenerate(request: HttpRequest, report_id: int) -> HttpResponse:
    return _simple_action(request, report_id, "regenerate")


@login_required
@post_action(_back)
def report_deliver(request: HttpRequest, report_id: int) -> HttpResponse:
    user = acting_user(request)
    report = access.get_report_for_edit(user, report_id)
    meetings = services.coming_meetings(report.to_body)
    form = DeliverForm(request.POST, meetings=meetings, early=not services.period_ended(report))
    if form.is_valid():
        try:
            services.report_deliver(
                by=user,
                report=report,
                expected_version=form.cleaned_data["lock_version"],
                meeting=next((m for m in meetings if m.pk == form.cleaned_data["meeting"]), None),
                early=bool(form.cleaned_data.get("early")),
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"Rapporten är lämnad och står på dagordningen för {report.to_body.name}.",
            )
            return redirect("followup:report", report.pk)
    elif not meetings:
        messages.error(
            request,
            f"{report.to_body.name} har inget kommande möte att ta upp rapporten på. Be "
            "koordinatorn planera ett möte och lämna rapporten sedan.",
        )
    return _page(request, report, deliver_form=form, status=400)


def pdf_response(report: PeriodicReport) -> HttpResponseBase:
    """The frozen file once delivered; otherwise made now, marked as a draft."""
    if report.status == ReportStatus.DELIVERED and report.pdf:
        return FileResponse(
            report.pdf.open("rb"),
            as_attachment=True,
            filename=report_pdf_name(report),
            content_type="application/pdf",
        )
    response = HttpResponse(report_pdf(report, draft=True), content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    name = report_pdf_name(report).removesuffix(".pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-utkast-{stamp}.pdf"'
    return response


@login_required
@require_safe
def report_pdf_view(request: HttpRequest, report_id: int) -> HttpResponseBase:
    return pdf_response(access.get_report_for_read(request.user, report_id))


# --- The public site ----------------------------------------------------------------------------


@require_safe
def public_report(request: HttpRequest, slug: str, key: str, report_id: int) -> HttpResponse:
    report = access.get_public_report(slug, key, report_id)
    return render(
        request,
        "followup/reports/public.html",
        {
            "report": report,
            "body": report.body,
            "structure": report.body.structure,
            "period_label": period_label(report),
            "read_early": read_early(report),
        },
    )


@require_safe
def public_report_pdf(
    request: HttpRequest, slug: str, key: str, report_id: int
) -> HttpResponseBase:
    return pdf_response(access.get_public_report(slug, key, report_id))
