"""Request and response shapes of deviations in collaboration and their summary.

The conventions are those of `samverkan.api.base`. The response carries the details, so it
is only ever rendered for a deviation `samverkan.deviations.access` lets the caller read.
"""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from samverkan.api.base import Id, InputSchema, LocalDateTime, LockVersion, omittable
from samverkan.deviations.models import Deviation, DeviationStatus

LONG = 20_000


class DeviationOut(Schema):
    id: int
    structure: str = Field(validation_alias="structure.slug", description="Strukturens slug")
    occurred_on: datetime.date
    reported_on: datetime.date
    reporting_principal: int = Field(validation_alias="reporting_principal_id")
    reporting_principal_name: str = Field(validation_alias="reporting_principal.name")
    reporting_unit: str
    concerned_principal: int = Field(validation_alias="concerned_principal_id")
    concerned_principal_name: str = Field(validation_alias="concerned_principal.name")
    concerned_unit: str
    routine: str = Field(description="Överenskommelsen eller rutinen som inte följdes")
    category: int = Field(validation_alias="category_id")
    category_name: str = Field(validation_alias="category.name")
    description: str = Field(description="Avidentifierad beskrivning")
    contact_name: str
    contact_phone: str
    contact_email: str
    status: DeviationStatus = Field(
        description="`received` mottagen, `escalated` lyft till gruppen som följer upp, "
        "`answered` besvarad, `closed` avslutad"
    )
    status_label: str
    answer_due: datetime.date
    investigation: str
    measures: str
    answered_at: LocalDateTime | None
    escalated_to: int | None = Field(validation_alias="escalated_to_id")
    closed_at: LocalDateTime | None
    lock_version: int

    @staticmethod
    def resolve_status_label(obj: Deviation) -> str:
        return str(obj.get_status_display())


class DeviationIn(InputSchema):
    structure: Id = Field(description="Strukturen (id)")
    occurred_on: datetime.date
    reporting_principal: Id
    reporting_unit: str = Field(min_length=1, max_length=200)
    concerned_principal: Id
    concerned_unit: str = Field("", max_length=200)
    routine: str = Field("", max_length=300)
    category: Id = Field(description="En av strukturens kategorier (id)")
    description: str = Field(min_length=1, max_length=LONG)
    contact_name: str = Field(min_length=1, max_length=200)
    contact_phone: str = Field("", max_length=40)
    contact_email: str = Field("", max_length=254)


class DeviationPatch(InputSchema):
    lock_version: LockVersion
    reporting_unit: str = omittable(max_length=200)
    concerned_unit: str = omittable(max_length=200)
    routine: str = omittable(max_length=300)
    description: str = omittable(max_length=LONG)
    contact_name: str = omittable(max_length=200)
    contact_phone: str = omittable(max_length=40)
    contact_email: str = omittable(max_length=254)


class AnswerIn(InputSchema):
    lock_version: LockVersion | None = None
    investigation: str = Field(min_length=1, max_length=LONG)
    measures: str = Field(min_length=1, max_length=LONG)


class RowOut(Schema):
    name: str
    total: int
    open: int
    overdue: int


class SummaryOut(Schema):
    structure: str = Field(validation_alias="structure.slug")
    body: int | None = Field(validation_alias="body.pk", default=None)
    period_from: datetime.date | None
    period_to: datetime.date | None
    total: int
    open: int = Field(description="Obesvarade")
    overdue: int = Field(description="Obesvarade efter svarsdatum")
    categories: list[RowOut]
    concerned: list[RowOut] = Field(description="Per berörd huvudman")
    reporting: list[RowOut] = Field(description="Per rapporterande huvudman")
