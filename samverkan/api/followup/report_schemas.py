"""Request and response shapes of periodic reports. The conventions are those of
`samverkan.api.base`; the response is only rendered for a report
`samverkan.followup.access.reports` lets the caller read."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Field, Schema

from samverkan.api.base import Id, InputSchema, LocalDateTime, LockVersion
from samverkan.followup.models import PeriodicReport, ReportPeriod, ReportStatus
from samverkan.followup.services.reports import SUMMARY_MAX, TEXT_MAX, PeriodKey, period_key_of

SectionKey = Annotated[str, Field(min_length=1, max_length=40)]
SectionText = Annotated[str, Field(max_length=TEXT_MAX)]


class SectionOut(Schema):
    key: str
    heading: str
    facts_html: str = Field(description="Uppgifterna som HTML, frysta när de hämtades")
    text: str = Field(description="Ordförandes och sekreterarens kommentar")


class ReportListOut(Schema):
    """A report in a list: everything but the sections (their facts hold charts and tables
    and would make a page of a list megabytes); `GET /reports/{id}` has them."""

    id: int
    body: int = Field(validation_alias="body_id")
    body_name: str = Field(validation_alias="body.name")
    to_body: int = Field(validation_alias="to_body_id")
    to_body_name: str = Field(validation_alias="to_body.name")
    duty: int | None = Field(
        validation_alias="duty_id",
        description="Rapporteringen i uppdragsbeskrivningen som rapporten svarar mot",
    )
    period: ReportPeriod
    period_key: PeriodKey
    period_start: datetime.date
    period_end: datetime.date
    title: str
    summary: str
    status: ReportStatus = Field(
        description="`draft` utkast, `approved` godkänd, `delivered` lämnad"
    )
    status_label: str
    public: bool = Field(description="Offentlig när den lämnats")
    generated_at: LocalDateTime | None
    approved_at: LocalDateTime | None
    delivered_at: LocalDateTime | None
    agenda_item: int | None = Field(validation_alias="agenda_item_id")
    meeting: int | None = Field(None, validation_alias="agenda_item.meeting_id")
    lock_version: int

    @staticmethod
    def resolve_status_label(obj: PeriodicReport) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_period_key(obj: PeriodicReport) -> str:
        return period_key_of(obj)


class ReportOut(ReportListOut):
    sections: list[SectionOut]


class ReportIn(InputSchema):
    body: Id = Field(description="Gruppen som rapporterar (id)")
    period: PeriodKey = Field(description="`vt`, `ht` eller `year`")
    year: int = Field(ge=2000, le=2100)
    to_body: Id | None = Field(
        None, description="Mottagaren; utelämnad enligt uppdragsbeskrivningen"
    )


class ReportPatch(InputSchema):
    lock_version: LockVersion
    summary: str | None = Field(None, max_length=SUMMARY_MAX)
    texts: dict[SectionKey, SectionText] | None = Field(
        None, max_length=20, description="Text per avsnittets `key`"
    )


class LockIn(InputSchema):
    lock_version: LockVersion | None = None


class DeliverIn(LockIn):
    meeting: Id | None = Field(None, description="Ett av mottagarens kommande möten; annars nästa")
    early: bool = Field(
        False,
        description="Lämna fast perioden inte har slutat (annars 400 med `early`): "
        "uppgifterna saknar det som händer resten av perioden",
    )
