"""Rapporter (återrapportering): a body's report per term or year to the body above it.

Through the same services and rules as the working pages (`samverkan.followup.services.
reports`), every lookup through `samverkan.followup.access.reports`:

- Drafts and approved reports exist (for the API too) only for the body's chair and
  secretary, the structure's coordinators and admins; for everyone else 404.
- Delivered reports are also read by the members of the body and of the receiving body.
- A second report for the same period answers 409 with the existing one's address; a text
  edit from an old `lock_version` answers 409.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    GUARDED_READ_ERRORS,
    WRITE_ERRORS,
    IdFilter,
    Pagination,
    acting_user,
    referenced,
)
from samverkan.api.followup.report_schemas import (
    DeliverIn,
    LockIn,
    ReportIn,
    ReportListOut,
    ReportOut,
    ReportPatch,
)
from samverkan.followup.access import reports as access
from samverkan.followup.models import PeriodicReport, ReportStatus
from samverkan.followup.selectors.reports import reports_listed
from samverkan.followup.services import reports as services
from samverkan.followup.views.reports import pdf_response
from samverkan.lib.errors import DomainError
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Body

router = Router(tags=["Rapporter"])

PDF_RESPONSE: dict[str, Any] = {
    "responses": {
        "200": {
            "description": "Rapporten som PDF/A; ett utkast märkt som utkast, en lämnad "
            "rapport som filen sparades när den lämnades",
            "content": {"application/pdf": {"schema": {"type": "string"}}},
        }
    },
}


def _read(request: HttpRequest, report_id: int) -> PeriodicReport:
    return access.get_report_for_read(user_of(request), report_id)


@router.get(
    "",
    response={200: list[ReportListOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista rapporter",
    description="Senaste perioden först, de rapporter du får läsa: utkast och godkända för "
    "gruppens ordförande och sekreterare och koordinatorerna, lämnade också för ledamöterna "
    "i gruppen och i den mottagande gruppen. Lämnade offentliga rapporter för alla, också "
    "utan inloggning, som på den publika webben.",
)
@paginate(Pagination)
def list_reports(
    request: HttpRequest,
    body: IdFilter = None,
    to_body: IdFilter = None,
    status: ReportStatus | None = None,
) -> QuerySet[PeriodicReport]:
    rows = reports_listed(viewer=user_of(request), body=body, to_body=to_body, status=status)
    return rows.defer("sections")


@router.get(
    "/{id:report_id}",
    response={200: ReportOut, **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en rapport med avsnitt, fakta och texter",
)
def get_report(request: HttpRequest, report_id: int) -> PeriodicReport:
    return _read(request, report_id)


@router.get(
    "/{id:report_id}/pdf",
    response={**GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra={**READ_SECURITY, **PDF_RESPONSE},
    summary="Rapporten som PDF/A",
)
def get_report_pdf(request: HttpRequest, report_id: int) -> HttpResponseBase:
    return pdf_response(_read(request, report_id))


@router.post(
    "",
    response={201: ReportOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ta fram en rapport",
    description="Ett utkast för gruppen och perioden (`vt` 1 januari–30 juni, `ht` 1 "
    "juli–31 december, `year` kalenderåret), med uppgifterna hämtade nu. Mottagaren är "
    "uppdragsbeskrivningens rapportering om `to_body` utelämnas; en annan mottagare än "
    "uppdragsbeskrivningens (eller uppdragsgivaren om den inte säger något) ger 400 med "
    "`to_body`. Finns redan en rapport för perioden: 409 med dess adress.",
)
def create_report(request: HttpRequest, payload: ReportIn) -> Status[PeriodicReport]:
    user = acting_user(request)
    bodies = Body.objects.select_related("structure")
    body = referenced(bodies, payload.body, field="body", message="Gruppen finns inte.")
    access.body_for_writing(user, body)
    to_body = (
        referenced(bodies, payload.to_body, field="to_body", message="Gruppen finns inte.")
        if payload.to_body is not None
        else None
    )
    report = services.generate_report(
        by=user, body=body, period=payload.period, year=payload.year, to_body=to_body
    )
    return Status(201, access.get_report_for_read(user, report.pk))


@router.patch(
    "/{id:report_id}",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra sammanfattningen och avsnittens texter",
    description="Bara ett utkast. `texts` per avsnittets `key`; avsnitt som inte skickas "
    "behåller sin text. Skicka `lock_version` som du läste (409 annars).",
)
def update_report(request: HttpRequest, report_id: int, payload: ReportPatch) -> PeriodicReport:
    user = acting_user(request)
    report = access.get_report_for_edit(user, report_id)
    services.report_texts_update(
        by=user,
        report=report,
        expected_version=payload.lock_version,
        summary=payload.summary,
        texts=payload.texts,
    )
    return access.get_report_for_read(user, report_id)


@router.post(
    "/{id:report_id}/approve",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Godkänn rapporten",
    description="Ett utkast med sammanfattning blir godkänt; av ordföranden, sekreteraren "
    "eller koordinatorn.",
)
def approve_report(request: HttpRequest, report_id: int, payload: LockIn) -> PeriodicReport:
    user = acting_user(request)
    report = access.get_report_for_edit(user, report_id)
    services.report_approve(by=user, report=report, expected_version=payload.lock_version)
    return access.get_report_for_read(user, report_id)


@router.post(
    "/{id:report_id}/reopen",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Öppna en godkänd rapport som utkast igen",
)
def reopen_report(request: HttpRequest, report_id: int, payload: LockIn) -> PeriodicReport:
    user = acting_user(request)
    report = access.get_report_for_edit(user, report_id)
    services.report_reopen(by=user, report=report, expected_version=payload.lock_version)
    return access.get_report_for_read(user, report_id)


@router.post(
    "/{id:report_id}/deliver",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lämna rapporten",
    description="En godkänd rapport läggs som informationspunkt på den mottagande gruppens "
    "nästa kommande möte (eller mötet `meeting`, ett av dess kommande) och PDF-filen sparas. "
    "Har mottagaren inget kommande möte: 400.",
)
def deliver_report(request: HttpRequest, report_id: int, payload: DeliverIn) -> PeriodicReport:
    user = acting_user(request)
    report = access.get_report_for_edit(user, report_id)
    meeting = None
    if payload.meeting is not None:
        meeting = Meeting.objects.filter(pk=payload.meeting, body_id=report.to_body_id).first()
        if meeting is None:
            raise DomainError(
                f"Mötet är inte ett av {report.to_body.name}s möten.", field="meeting"
            )
    services.report_deliver(
        by=user,
        report=report,
        expected_version=payload.lock_version,
        meeting=meeting,
        early=payload.early,
    )
    return access.get_report_for_read(user, report_id)
