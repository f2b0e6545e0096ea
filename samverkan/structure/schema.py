"""The schema of a structure file (YAML), validated with pydantic.

One file describes one structure: its organisations, people, bodies with their
charters (rules as structured data) and memberships. See README, "Strukturfiler".
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from samverkan.lib.textcheck import nested_problem
from samverkan.structure.models import (
    BodyKind,
    BodyLevel,
    ChairRotation,
    CompositionRole,
    Convener,
    Duration,
    DutyFrequency,
    LeadTimeUnit,
    Mandate,
    MeetingForm,
    MinutesApproval,
    MinutesTaker,
    PrincipalKind,
    ReportFrequency,
    Role,
    RoleLinkKind,
    Substitutes,
)

Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
# A principal: an SCB code ("24" for Region Västerbotten, "2480" for Umeå kommun)
# or the key of an organisation declared in the file.
PrincipalRef = Annotated[str, Field(min_length=1, max_length=80)]


def _choice(enum: type) -> type:
    return Literal[tuple(c.value for c in enum)]  # type: ignore[return-value,attr-defined]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def acceptable_text(cls, value: object) -> object:
        """No control characters in any text (a "\\0" escape in double quotes makes a NUL),
        and `LONG_TEXT_MAX` for a text with no limit of its own; in lists too."""
        problem = nested_problem(value)
        if problem is not None:
            raise ValueError(problem.phrase)
        return value


class StructureInfo(Strict):
    key: Key
    name: str = Field(min_length=1, max_length=200)
    region: PrincipalRef
    description: str = ""
    website: str = Field(default="", max_length=200)


class OrganisationSpec(Strict):
    key: Key
    name: str = Field(min_length=1, max_length=200)
    short_name: str = Field(default="", max_length=100)
    org_type: str = Field(default="", max_length=100)


class PersonSpec(Strict):
    key: Key
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    title: str = Field(default="", max_length=200)
    employer: PrincipalRef | None = None
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)

    @field_validator("email")
    @classmethod
    def email_shape(cls, value: str) -> str:
        if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("är inte en giltig e-postadress")
        return value


class MeetingRules(Strict):
    min_per_year: int | None = Field(default=None, ge=0, le=366)
    max_per_year: int | None = Field(default=None, ge=1, le=366)
    min_per_quarter: int | None = Field(default=None, ge=1, le=92)
    planned_per_year: bool = False
    # "MM-DD": next year's meetings are booked by this day, e.g. "11-30".
    booking_deadline: str | None = None
    form: _choice(MeetingForm) = ""  # type: ignore[valid-type]
    forms_revised_yearly: bool = False
    guests_may_be_invited: bool = False
    follows_parent_calendar: bool = False

    @field_validator("booking_deadline")
    @classmethod
    def month_day(cls, value: str | None) -> str | None:
        if value is None:
            return value
        match = re.fullmatch(r"(\d\d)-(\d\d)", value)
        if not match:
            raise ValueError("ska skrivas MM-DD, t.ex. 11-30")
        try:
            datetime.date(2023, int(match[1]), int(match[2]))
        except ValueError:
            raise ValueError("är inget giltigt datum") from None
        return value

    @model_validator(mode="after")
    def min_not_above_max(self) -> MeetingRules:
        if (
            self.min_per_year is not None
            and self.max_per_year is not None
            and self.min_per_year > self.max_per_year
        ):
            raise ValueError("min_per_year är större än max_per_year")
        return self


class DocumentRules(Strict):
    lead_time: int | None = Field(default=None, ge=1, le=90)
    unit: _choice(LeadTimeUnit) | None = None  # type: ignore[valid-type]
    approximate: bool = False
    items_need_description_and_proposal: bool = False
    items_need_description: bool = False
    sent_by: str = Field(default="", max_length=200)

    @model_validator(mode="after")
    def unit_with_lead_time(self) -> DocumentRules:
        if (self.lead_time is None) != (self.unit is None):
            raise ValueError("lead_time och unit anges tillsammans")
        return self


class LeadershipRules(Strict):
    chair_rotation: _choice(ChairRotation) = "none"  # type: ignore[valid-type]
    extendable_by_decision: bool = False
    different_principals: bool = False
    chair_from: _choice(PrincipalKind) | None = None  # type: ignore[valid-type]
    may_share: bool = False
    convener: _choice(Convener) = ""  # type: ignore[valid-type]
    chair_owns_agenda: bool = False
    chair_term_years: int | None = Field(default=None, ge=1, le=10)


class MemberRules(Strict):
    substitutes: _choice(Substitutes) = ""  # type: ignore[valid-type]
    substitute_called_by_member: bool = False
    need_mandate: bool = False
    term_years: int | None = Field(default=None, ge=1, le=10)
    new_members_reported_to: str = Field(default="", max_length=200)


class CompositionSpec(Strict):
    principal_kind: _choice(PrincipalKind) | None = None  # type: ignore[valid-type]
    principal: PrincipalRef | None = None
    per_principal: bool = False
    count: int | None = Field(default=None, ge=0, le=100)
    min: int | None = Field(default=None, ge=0, le=100)
    max: int | None = Field(default=None, ge=0, le=100)
    substitutes: bool = False
    role: _choice(CompositionRole) = "member"  # type: ignore[valid-type]
    functions: str = ""
    appointed_by: str = Field(default="", max_length=200)
    optional: bool = False

    @model_validator(mode="after")
    def who_and_how_many(self) -> CompositionSpec:
        if (self.principal_kind is None) == (self.principal is None):
            raise ValueError("ange antingen principal_kind eller principal")
        if self.count is not None and (self.min is not None or self.max is not None):
            raise ValueError("ange antingen count eller min/max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min är större än max")
        return self

    @property
    def bounds(self) -> tuple[int | None, int | None]:
        if self.count is not None:
            return self.count, self.count
        return self.min, self.max


class MinutesRules(Strict):
    taken_by: _choice(MinutesTaker) = ""  # type: ignore[valid-type]
    approval: _choice(MinutesApproval) = ""  # type: ignore[valid-type]
    public: bool = False
    published_at: str = Field(default="", max_length=200)
    distributed_to_all: bool = False
    template_required: bool = False
    decisions_followed_up_in_next_minutes: bool = False


class StandingItemSpec(Strict):
    title: str = Field(min_length=1, max_length=300)
    condition: str = Field(default="", max_length=200)
    # Decisions and actions of the previous minutes are followed up under this item.
    previous_minutes: bool = False


# Where a body is named, "parent" means the body's own commissioning body, so that one
# charter can be shared (with a YAML anchor) by local groups under different parents.
BodyRef = Key


class ReportingSpec(Strict):
    to: BodyRef
    frequency: _choice(ReportFrequency)  # type: ignore[valid-type]
    what: str = Field(default="", max_length=300)
    by: str = Field(default="", max_length=200)
    via: str = Field(default="", max_length=200)
    public: bool = False


class RoleLinkSpec(Strict):
    role: _choice(Role)  # type: ignore[valid-type]
    kind: _choice(RoleLinkKind)  # type: ignore[valid-type]
    to: BodyRef
    term_years: int | None = Field(default=None, ge=1, le=10)


class CaseRules(Strict):
    balance_list: bool = False
    escalates_to: BodyRef | None = None
    may_appoint_working_groups: bool = False
    working_groups_may_include_outsiders: bool = False
    recommendations_routed_by: str = Field(default="", max_length=200)
    working_groups_review_months: int | None = Field(default=None, ge=1, le=60)
    assignment_headings: list[str] = Field(default_factory=list)
    assignment_needs_responsible: bool = False


class FollowUpRules(Strict):
    internal_evaluation_yearly: bool = False
    mandate_review_by: datetime.date | None = None
    implementation_plan: str = ""
    implementation_followup_on: datetime.date | None = None


class DutySpec(Strict):
    who: str = Field(min_length=1, max_length=200)
    what: str = Field(min_length=1)
    frequency: _choice(DutyFrequency) = "continuous"  # type: ignore[valid-type]
    due: datetime.date | None = None


class Rules(Strict):
    meetings: MeetingRules = Field(default_factory=MeetingRules)
    documents: DocumentRules = Field(default_factory=DocumentRules)
    leadership: LeadershipRules = Field(default_factory=LeadershipRules)
    members: MemberRules = Field(default_factory=MemberRules)
    composition: list[CompositionSpec] = Field(default_factory=list)
    minutes: MinutesRules = Field(default_factory=MinutesRules)
    standing_agenda: list[StandingItemSpec | str] = Field(default_factory=list)
    reporting: list[ReportingSpec] = Field(default_factory=list)
    role_links: list[RoleLinkSpec] = Field(default_factory=list)
    cases: CaseRules = Field(default_factory=CaseRules)
    follow_up: FollowUpRules = Field(default_factory=FollowUpRules)
    duties: list[DutySpec] = Field(default_factory=list)


class SectionSpec(Strict):
    heading: str = Field(min_length=1)
    text: str = ""


class CharterSpec(Strict):
    version: str = Field(min_length=1, max_length=20)
    title: str = Field(default="", max_length=300)
    registry_number: str = Field(default="", max_length=60)
    document_owner: str = Field(default="", max_length=200)
    created_by: str = Field(default="", max_length=200)
    decided_by: str = Field(default="", max_length=200)
    decided_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    next_revision: datetime.date | None = None
    revision_interval_months: int | None = Field(default=None, ge=1, le=120)
    purpose: str = ""
    goals: list[str] = Field(default_factory=list)
    target_groups: list[str] = Field(default_factory=list)
    tasks: list[str] = Field(default_factory=list)
    mandate_text: str = ""
    governing_documents: list[str] = Field(default_factory=list)
    sections: list[SectionSpec] = Field(default_factory=list)
    rules: Rules = Field(default_factory=Rules)
    citations: dict[str, str] = Field(default_factory=dict)
    notes: str = ""

    @field_validator("citations")
    @classmethod
    def known_citation_keys(cls, value: dict[str, str]) -> dict[str, str]:
        return known_citation_keys(value)


# A citation quotes the charter for one group of rules.
CITATION_KEYS = frozenset(
    {
        "meetings",
        "booking",
        "documents",
        "leadership",
        "members",
        "composition",
        "substitutes",
        "minutes",
        "standing_agenda",
        "reporting",
        "role_links",
        "cases",
        "working_groups",
        "follow_up",
        "mandate",
        "revision",
        "meeting_form",
        "duties",
        "recommendations",
    }
)


def known_citation_keys(value: dict[str, str]) -> dict[str, str]:
    """The citations, if every key names a group of rules (for the file's and the API's schema)."""
    unknown = set(value) - CITATION_KEYS
    if unknown:
        raise ValueError(
            "okända nycklar: "
            + ", ".join(sorted(unknown))
            + " (tillåtna: "
            + ", ".join(sorted(CITATION_KEYS))
            + ")"
        )
    return value


class MembershipSpec(Strict):
    person: Key
    role: _choice(Role)  # type: ignore[valid-type]
    principal: PrincipalRef
    substitute_for: Key | None = None
    ex_officio_for: Key | None = None
    function: str = Field(default="", max_length=200)
    start: datetime.date | None = None
    end: datetime.date | None = None
    nominated_by: str = Field(default="", max_length=200)

    @model_validator(mode="after")
    def start_before_end(self) -> MembershipSpec:
        if self.start and self.end and self.end < self.start:
            raise ValueError("end är före start")
        if self.substitute_for and self.role != Role.SUBSTITUTE:
            raise ValueError("substitute_for anges bara för rollen substitute")
        return self


class BodySpec(Strict):
    key: Key
    name: str = Field(min_length=1, max_length=200)
    short_name: str = Field(default="", max_length=40)
    kind: _choice(BodyKind)  # type: ignore[valid-type]
    level: _choice(BodyLevel)  # type: ignore[valid-type]
    parent: Key | None = None
    municipality: PrincipalRef | None = None
    mandate: _choice(Mandate)  # type: ignore[valid-type]
    duration: _choice(Duration) = "lasting"  # type: ignore[valid-type]
    end_date: datetime.date | None = None
    description: str = ""
    charter: CharterSpec | None = None
    members: list[MembershipSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def temporary_has_end(self) -> BodySpec:
        if self.duration == Duration.TEMPORARY and self.end_date is None:
            raise ValueError("en tillfällig grupp behöver end_date")
        return self


class StructureFile(Strict):
    structure: StructureInfo
    organisations: list[OrganisationSpec] = Field(default_factory=list)
    people: list[PersonSpec] = Field(default_factory=list)
    coordinators: list[Key] = Field(default_factory=list)
    bodies: list[BodySpec] = Field(min_length=1)
