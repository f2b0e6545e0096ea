"""Request and response shapes of governing documents and their implementation.

The conventions are those of `samverkan.api.base`. A document's response is only ever
rendered for a document `samverkan.governing.access` lets the caller read; the
implementation rows only for a reader of the structure's internal pages.
"""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from samverkan.api.base import Day, Id, InputSchema, LockVersion, omittable
from samverkan.governing.models import (
    DocumentKind,
    GoverningDocument,
    Implementation,
    ImplementationStatus,
)

SUMMARY_MAX = 20_000


class DocumentOut(Schema):
    id: int
    structure: str = Field(validation_alias="structure.slug", description="Strukturens slug")
    title: str
    kind: DocumentKind = Field(
        description="`agreement` överenskommelse, `contract` avtal, `guideline` riktlinje, "
        "`routine` rutin, `knowledge_support` kunskapsstöd, `plan` plan eller målbild, "
        "`other` annat"
    )
    kind_label: str
    version: str
    owner: str
    decided_by: str
    decided_on: datetime.date | None
    valid_until: datetime.date | None
    next_revision: datetime.date | None
    summary: str
    url: str
    has_file: bool
    public: bool
    parent: int | None = Field(validation_alias="parent_id")
    commissioned_by: int | None = Field(validation_alias="commissioned_by_id")
    commissioned_by_name: str | None
    lock_version: int

    @staticmethod
    def resolve_kind_label(obj: GoverningDocument) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_has_file(obj: GoverningDocument) -> bool:
        return bool(obj.file)

    @staticmethod
    def resolve_commissioned_by_name(obj: GoverningDocument) -> str | None:
        return obj.commissioned_by.name if obj.commissioned_by else None


class DocumentIn(InputSchema):
    structure: Id = Field(description="Strukturen (id)")
    title: str = Field(min_length=1, max_length=300)
    kind: DocumentKind
    version: str = Field("", max_length=20)
    owner: str = Field("", max_length=200)
    decided_by: str = Field("", max_length=200)
    decided_on: Day | None = None
    valid_until: Day | None = None
    next_revision: Day | None = None
    summary: str = Field("", max_length=SUMMARY_MAX)
    url: str = Field("", max_length=500, description="https://… eller tomt")
    public: bool = True
    parent: Id | None = Field(None, description="Överordnat dokument i samma struktur (id)")
    commissioned_by: Id | None = Field(None, description="Uppdragsgivande grupp (id)")


class DocumentPatch(InputSchema):
    lock_version: LockVersion
    title: str = omittable(min_length=1, max_length=300)
    kind: DocumentKind = omittable()
    version: str = omittable(max_length=20)
    owner: str = omittable(max_length=200)
    decided_by: str = omittable(max_length=200)
    decided_on: Day | None = None
    valid_until: Day | None = None
    next_revision: Day | None = None
    summary: str = omittable(max_length=SUMMARY_MAX)
    url: str = omittable(max_length=500)
    public: bool = omittable()
    parent: Id | None = None
    commissioned_by: Id | None = None


class DocumentFileIn(InputSchema):
    lock_version: LockVersion


class ImplementationOut(Schema):
    document: int = Field(validation_alias="document_id")
    body: int = Field(validation_alias="body_id")
    body_name: str = Field(validation_alias="body.name")
    status: ImplementationStatus = Field(
        description="`not_started` inte påbörjad, `planned` planerad, `implemented` "
        "implementerad, `followed_up` uppföljd"
    )
    status_label: str
    planned_on: datetime.date | None
    implemented_on: datetime.date | None
    followed_up_on: datetime.date | None
    note: str
    lock_version: int

    @staticmethod
    def resolve_status_label(obj: Implementation) -> str:
        return str(obj.get_status_display())


class ImplementersIn(InputSchema):
    bodies: list[Id] = Field(
        max_length=500, description="Alla grupper som ska implementera dokumentet (id)"
    )
    confirm_removal: bool = Field(
        False,
        description="Ta bort även grupper som har kommit igång; utan den nekas det (400)",
    )


class ImplementationPatch(InputSchema):
    lock_version: LockVersion | None = None
    status: ImplementationStatus
    planned_on: Day | None = None
    implemented_on: Day | None = None
    followed_up_on: Day | None = None
    note: str | None = Field(None, max_length=2000)
