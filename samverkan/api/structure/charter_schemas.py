"""Request and response shapes of charters (uppdragsbeskrivningar) and their rules.

Every rule field of `structure.models.Charter` is here, with the model's types and choices
(`structure/tests/test_rule_fields.py` checks it). The conventions are those of
`samverkan.api.base`.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

from samverkan.api.base import MAX_COUNTER, Id, InputSchema, LockVersion, SmallInt, omittable
from samverkan.structure.models import (
    ChairRotation,
    CharterStatus,
    CompositionRole,
    CompositionRule,
    Convener,
    DutyFrequency,
    LeadTimeUnit,
    MeetingForm,
    MinutesApproval,
    MinutesTaker,
    PrincipalKind,
    ReportFrequency,
    Role,
    RoleLinkKind,
    Substitutes,
)
from samverkan.structure.schema import known_citation_keys


class SectionSchema(Schema):
    heading: str = Field(min_length=1)
    text: str = ""


class DutyOut(Schema):
    """A standing duty in the charter's words (an entry of `Charter.duties`)."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    who: str
    what: str
    frequency: DutyFrequency
    due: datetime.date | None = None


class DutyIn(InputSchema):
    """As in the structure file: who does what, how often, and by when if once."""

    who: str = Field(min_length=1, max_length=200)
    what: str = Field(min_length=1)
    frequency: DutyFrequency = DutyFrequency.CONTINUOUS
    due: datetime.date | None = None


class CharterRules(Schema):
    """The charter's text fields and rules, as in the model (see structure/models.py)."""

    title: str = omittable(max_length=300)
    registry_number: str = omittable(max_length=60)
    document_owner: str = omittable(max_length=200)
    created_by_text: str = omittable(max_length=200)
    decided_by: str = omittable(max_length=200)
    decided_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    next_revision: datetime.date | None = None
    revision_interval_months: SmallInt | None = None

    purpose: str = omittable()
    goals: list[str] = omittable()
    target_groups: list[str] = omittable()
    tasks: list[str] = omittable()
    mandate_text: str = omittable()
    governing_documents: list[str] = omittable()
    sections: list[SectionSchema] = omittable()

    meetings_min_per_year: SmallInt | None = None
    meetings_max_per_year: SmallInt | None = None
    meetings_min_per_quarter: SmallInt | None = None
    meetings_planned_per_year: bool = omittable()
    booking_deadline_month: Annotated[int, Field(ge=1, le=12)] | None = None
    booking_deadline_day: Annotated[int, Field(ge=1, le=31)] | None = None
    meeting_form: MeetingForm = omittable()
    meeting_forms_revised_yearly: bool = omittable()
    guests_may_be_invited: bool = omittable()
    follows_parent_calendar: bool = omittable()

    document_lead_value: SmallInt | None = None
    document_lead_unit: LeadTimeUnit | Literal[""] = omittable()
    document_lead_approximate: bool = omittable()
    items_need_description_and_proposal: bool = omittable()
    items_need_description: bool = omittable(
        description="Ärenden behöver en kort problemformulering; lösningsförslag om det finns"
    )
    documents_sent_by: str = omittable(max_length=200)

    chair_rotation: ChairRotation = omittable()
    chair_rotation_extendable: bool = omittable()
    chair_and_vice_chair_from_different_principals: bool = omittable()
    chair_principal_kind: PrincipalKind | Literal[""] = omittable()
    chair_principal_kind_may_share: bool = omittable()
    convener: Convener = omittable()
    chair_owns_agenda: bool = omittable()
    chair_term_years: SmallInt | None = None

    substitutes: Substitutes = omittable()
    substitute_called_by_member: bool = omittable()
    members_need_mandate: bool = omittable()
    member_term_years: SmallInt | None = None
    new_members_reported_to: str = omittable(max_length=200)

    minutes_taken_by: MinutesTaker = omittable()
    minutes_approval: MinutesApproval = omittable()
    minutes_public: bool = omittable()
    minutes_published_at: str = omittable(max_length=200)
    minutes_distributed_to_all: bool = omittable()
    minutes_template_required: bool = omittable()
    decisions_followed_up_in_next_minutes: bool = omittable()

    keeps_balance_list: bool = omittable()
    escalates_to: Id | None = Field(None, description="Id för gruppen dit frågor lyfts")
    may_appoint_working_groups: bool = omittable()
    working_groups_may_include_outsiders: bool = omittable(
        description="Arbetsgrupper får ha deltagare utanför samverkansgruppen"
    )
    recommendations_routed_by: str = omittable(
        max_length=200,
        description="Vem som förmedlar rekommendationer till huvudmännens beslutsinstanser",
    )
    working_groups_review_months: SmallInt | None = None
    assignment_headings: list[str] = omittable()
    assignment_needs_responsible: bool = omittable()

    internal_evaluation_yearly: bool = omittable()
    mandate_review_by: datetime.date | None = None
    implementation_plan: str = omittable()
    implementation_followup_on: datetime.date | None = None

    citations: dict[str, str] = omittable(
        description="Citat ur uppdragsbeskrivningen per regelgrupp"
    )
    notes: str = omittable()
    # `duties` too, in the shape of `CharterOut` or `CharterRulesIn`.


class CharterRulesIn(CharterRules, InputSchema):
    duties: list[DutyIn] = omittable(
        description="Åtaganden med ansvarig, i ordning; ersätter uppdragsbeskrivningens"
    )

    @field_validator("citations")
    @classmethod
    def known_citation_keys(cls, value: dict[str, str]) -> dict[str, str]:
        return known_citation_keys(value)


class CharterPatch(CharterRulesIn):
    lock_version: LockVersion


class CompositionRuleIn(InputSchema):
    principal_kind: PrincipalKind | Literal[""] = ""
    principal: Id | None = None
    per_principal: bool = False
    min_count: int | None = Field(None, ge=0, le=100)
    max_count: int | None = Field(None, ge=0, le=100)
    with_substitutes: bool = False
    role: CompositionRole = CompositionRole.MEMBER
    functions: str = Field("", max_length=2000)
    appointed_by: str = Field("", max_length=200)
    optional: bool = False


class CompositionIn(InputSchema):
    """The whole composition, in order; it replaces the one the charter has."""

    lock_version: LockVersion
    rules: list[CompositionRuleIn]


class StandingItemIn(InputSchema):
    title: str = Field(min_length=1, max_length=300)
    condition: str = Field("", max_length=200)


class StandingItemsIn(InputSchema):
    """The standing agenda items, in order; they replace the ones the charter has."""

    lock_version: LockVersion
    items: list[StandingItemIn]


class ReportingDutyIn(InputSchema):
    to_body: Id
    frequency: ReportFrequency
    what: str = Field("", max_length=300)
    reported_by: str = Field("", max_length=200)
    via: str = Field("", max_length=200)
    public: bool = False


class ReportingIn(InputSchema):
    """The reporting duties, in order; they replace the ones the charter has."""

    lock_version: LockVersion
    duties: list[ReportingDutyIn]


class RoleLinkIn(InputSchema):
    role: Role
    kind: RoleLinkKind
    to_body: Id
    term_years: int | None = Field(None, ge=1, le=10)


class RoleLinksIn(InputSchema):
    """The roles here that bring a duty in another body; they replace the charter's."""

    lock_version: LockVersion
    links: list[RoleLinkIn]


class CharterVersionIn(CharterRulesIn):
    """A new version; fields left out are copied from `based_on` or the charter in force."""

    version: str = Field(min_length=1, max_length=20)
    based_on: Id | None = Field(None, description="Versionen att utgå från; annars den gällande")
    lock_version: int | None = Field(
        None,
        ge=0,
        le=MAX_COUNTER,
        description="Den gällande versionens lock_version när du läste den; skickas den med "
        "nekas den nya versionen (409) om någon har ändrat den gällande sedan dess.",
    )


class CompositionRuleOut(Schema):
    id: int
    position: int
    principal_kind: PrincipalKind | Literal[""]
    principal: int | None = Field(validation_alias="principal_id")
    principal_name: str | None
    per_principal: bool
    min_count: int | None
    max_count: int | None
    with_substitutes: bool
    role: CompositionRole
    functions: str
    appointed_by: str
    optional: bool

    @staticmethod
    def resolve_principal_name(obj: CompositionRule) -> str | None:
        return obj.principal.name if obj.principal_id and obj.principal else None


class StandingItemOut(Schema):
    id: int
    position: int
    title: str
    condition: str
    reviews_previous_minutes: bool


class ReportingOut(Schema):
    id: int
    to_body: int = Field(validation_alias="to_body_id")
    to_body_name: str = Field(validation_alias="to_body.name")
    frequency: ReportFrequency
    what: str
    reported_by: str
    via: str
    public: bool


class RoleLinkOut(Schema):
    id: int
    role: str
    kind: RoleLinkKind
    to_body: int = Field(validation_alias="to_body_id")
    to_body_name: str = Field(validation_alias="to_body.name")
    term_years: int | None


class CharterSummaryOut(Schema):
    id: int
    body: int = Field(validation_alias="body_id")
    body_name: str = Field(validation_alias="body.name")
    version: str
    status: CharterStatus
    title: str
    decided_by: str
    decided_on: datetime.date | None
    valid_until: datetime.date | None
    next_revision: datetime.date | None
    lock_version: int
    updated_at: datetime.datetime


class CharterOut(CharterRules):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    escalates_to: int | None = Field(
        None, validation_alias="escalates_to_id", description="Id för gruppen dit frågor lyfts"
    )
    duties: list[DutyOut] = omittable(description="Åtaganden med ansvarig, i ordning")
    id: int
    body: int = Field(validation_alias="body_id")
    body_name: str = Field(validation_alias="body.name")
    version: str
    status: CharterStatus
    lock_version: int
    updated_at: datetime.datetime
    composition: list[CompositionRuleOut]
    standing_items: list[StandingItemOut]
    reporting: list[ReportingOut]
    role_links: list[RoleLinkOut]
