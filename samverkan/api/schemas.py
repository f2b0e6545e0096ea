"""Request and response shapes of the API.

References to other objects are ids under the field's own name (`"body": 12`),
the same in requests and responses, with a `<field>_name` beside it in responses
for reading. Choices are the models' values (`"county_group"`, `"chair"`).

Input schemas forbid unknown fields. PATCH schemas give every field a default
only so that it may be left out: what the client sends is applied
(`exclude_unset`), and a field that cannot be empty refuses `null`.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

from samverkan.api.auth import user_of
from samverkan.structure.access import can_see_contacts
from samverkan.structure.models import (
    Body,
    BodyKind,
    BodyLevel,
    ChairRotation,
    Charter,
    CharterStatus,
    CompositionRole,
    CompositionRule,
    Convener,
    Duration,
    LeadTimeUnit,
    Mandate,
    MeetingForm,
    Membership,
    MinutesApproval,
    MinutesTaker,
    Person,
    Principal,
    PrincipalKind,
    ReportFrequency,
    ReportingDuty,
    Role,
    RoleLink,
    RoleLinkKind,
    Structure,
    Substitutes,
)
from samverkan.structure.schema import CITATION_KEYS

SmallInt = Annotated[int, Field(ge=0, le=32767)]
Id = Annotated[int, Field(ge=1)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]


def omittable(**kwargs: Any) -> Any:
    """A field a PATCH may leave out; when sent it must hold a value (not null)."""
    return Field(None, **kwargs)


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ErrorOut(Schema):
    detail: str = Field(description="Förklaring på svenska")
    errors: dict[str, list[str]] = Field(
        description="Meddelanden per fält; `__all__` när felet inte gäller ett enskilt fält"
    )


def _request_user(context: Any) -> Any:
    request = (context or {}).get("request")
    return user_of(request) if request is not None else None


# --- Principals ------------------------------------------------------------


class PrincipalOut(Schema):
    id: int
    kind: PrincipalKind
    name: str
    short_name: str
    slug: str
    scb_code: str
    county_code: str
    org_type: str

    @staticmethod
    def resolve_id(obj: Principal) -> int:
        return obj.pk


class PrincipalIn(InputSchema):
    kind: PrincipalKind = Field(
        PrincipalKind.ORGANISATION,
        description="Bara `organisation`; regioner och kommuner kommer från SCB:s register.",
    )
    name: str = Field(min_length=1, max_length=200)
    short_name: str = Field("", max_length=100)
    slug: Slug | Literal[""] = Field("", description="Skapas av namnet om det utelämnas")
    county_code: str = Field("", pattern=r"^(\d{2})?$")
    org_type: str = Field("", max_length=100)


class PrincipalPatch(InputSchema):
    """Only the fields sent are changed."""

    name: str = omittable(min_length=1, max_length=200)
    short_name: str = omittable(max_length=100)
    county_code: str = omittable(pattern=r"^(\d{2})?$")
    org_type: str = omittable(max_length=100)


# --- Structures ------------------------------------------------------------


class StructureOut(Schema):
    id: int
    slug: str
    name: str
    region: int
    region_name: str
    description: str
    website: str
    updated_at: datetime.datetime

    @staticmethod
    def resolve_id(obj: Structure) -> int:
        return obj.pk

    @staticmethod
    def resolve_region(obj: Structure) -> int:
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj: Structure) -> str:
        return obj.region.name


class StructureIn(InputSchema):
    slug: Slug
    name: str = Field(min_length=1, max_length=200)
    region: Id = Field(description="Id för regionen (huvudman av typen region)")
    description: str = ""
    website: str = Field("", max_length=200)


class StructurePatch(InputSchema):
    """Only the fields sent are changed."""

    name: str = omittable(min_length=1, max_length=200)
    description: str = omittable()
    website: str = omittable(max_length=200)


# --- Bodies ----------------------------------------------------------------


class BodyOut(Schema):
    id: int
    structure: str = Field(description="Strukturens slug")
    key: str
    name: str
    short_name: str
    kind: BodyKind
    level: BodyLevel
    parent: int | None = Field(description="Uppdragsgivaren")
    municipality: int | None
    mandate: Mandate
    duration: Duration
    end_date: datetime.date | None
    description: str
    position: int
    current_charter: int | None = Field(description="Id för gällande uppdragsbeskrivning")
    lock_version: int
    updated_at: datetime.datetime

    @staticmethod
    def resolve_id(obj: Body) -> int:
        return obj.pk

    @staticmethod
    def resolve_structure(obj: Body) -> str:
        return obj.structure.slug

    @staticmethod
    def resolve_parent(obj: Body) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_municipality(obj: Body) -> int | None:
        return obj.municipality_id

    @staticmethod
    def resolve_current_charter(obj: Body) -> int | None:
        # Set by the API's queryset (a prefetch of the charter in force).
        in_force = getattr(obj, "in_force_charters", None)
        if in_force is None:
            in_force = list(obj.charters.in_force())
        return in_force[0].pk if in_force else None


class BodyIn(InputSchema):
    structure: Slug = Field(description="Strukturens slug")
    key: Slug | Literal[""] = Field("", description="Skapas av namnet om den utelämnas")
    name: str = Field(min_length=1, max_length=200)
    short_name: str = Field("", max_length=40)
    kind: BodyKind
    level: BodyLevel
    parent: Id | None = Field(None, description="Uppdragsgivarens id")
    municipality: Id | None = Field(None, description="Kommunen som en lokal grupp omfattar")
    mandate: Mandate
    duration: Duration = Duration.LASTING
    end_date: datetime.date | None = None
    description: str = ""


class BodyPatch(InputSchema):
    """Only the fields sent are changed."""

    lock_version: int = Field(description="Versionen du läste; krävs för optimistisk låsning")
    name: str = omittable(min_length=1, max_length=200)
    short_name: str = omittable(max_length=40)
    kind: BodyKind = omittable()
    level: BodyLevel = omittable()
    parent: Id | None = Field(None, description="Uppdragsgivarens id")
    municipality: Id | None = Field(None, description="Kommunen som en lokal grupp omfattar")
    mandate: Mandate = omittable()
    duration: Duration = omittable()
    end_date: datetime.date | None = None
    description: str = omittable()


# --- Charters --------------------------------------------------------------


class SectionSchema(Schema):
    heading: str = Field(min_length=1)
    text: str = ""


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
    escalates_to: int | None = Field(None, description="Id för gruppen dit frågor lyfts")
    may_appoint_working_groups: bool = omittable()
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


class CharterRulesIn(CharterRules, InputSchema):
    @field_validator("citations")
    @classmethod
    def known_citation_keys(cls, value: dict[str, str]) -> dict[str, str]:
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


class CharterPatch(CharterRulesIn):
    lock_version: int = Field(description="Versionen du läste; krävs för optimistisk låsning")


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

    lock_version: int = Field(description="Versionen du läste; krävs för optimistisk låsning")
    rules: list[CompositionRuleIn]


class StandingItemIn(InputSchema):
    title: str = Field(min_length=1, max_length=300)
    condition: str = Field("", max_length=200)


class StandingItemsIn(InputSchema):
    """The standing agenda items, in order; they replace the ones the charter has."""

    lock_version: int = Field(description="Versionen du läste; krävs för optimistisk låsning")
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

    lock_version: int = Field(description="Versionen du läste; krävs för optimistisk låsning")
    duties: list[ReportingDutyIn]


class RoleLinkIn(InputSchema):
    role: Role
    kind: RoleLinkKind
    to_body: Id
    term_years: int | None = Field(None, ge=1, le=10)


class RoleLinksIn(InputSchema):
    """The roles here that bring a duty in another body; they replace the charter's."""

    lock_version: int = Field(description="Versionen du läste; krävs för optimistisk låsning")
    links: list[RoleLinkIn]


class CharterVersionIn(CharterRulesIn):
    """A new version; fields left out are copied from `based_on` or the charter in force."""

    version: str = Field(min_length=1, max_length=20)
    based_on: Id | None = Field(None, description="Versionen att utgå från; annars den gällande")
    lock_version: int | None = Field(
        None,
        description="Den gällande versionens lock_version när du läste den; skickas den med "
        "nekas den nya versionen (409) om någon har ändrat den gällande sedan dess.",
    )


class CompositionRuleOut(Schema):
    id: int
    position: int
    principal_kind: PrincipalKind | Literal[""]
    principal: int | None
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
    def resolve_id(obj: CompositionRule) -> int:
        return obj.pk

    @staticmethod
    def resolve_principal(obj: CompositionRule) -> int | None:
        return obj.principal_id

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
    to_body: int
    to_body_name: str
    frequency: ReportFrequency
    what: str
    reported_by: str
    via: str
    public: bool

    @staticmethod
    def resolve_id(obj: ReportingDuty) -> int:
        return obj.pk

    @staticmethod
    def resolve_to_body(obj: ReportingDuty) -> int:
        return obj.to_body_id

    @staticmethod
    def resolve_to_body_name(obj: ReportingDuty) -> str:
        return obj.to_body.name


class RoleLinkOut(Schema):
    id: int
    role: str
    kind: RoleLinkKind
    to_body: int
    to_body_name: str
    term_years: int | None

    @staticmethod
    def resolve_id(obj: RoleLink) -> int:
        return obj.pk

    @staticmethod
    def resolve_to_body(obj: RoleLink) -> int:
        return obj.to_body_id

    @staticmethod
    def resolve_to_body_name(obj: RoleLink) -> str:
        return obj.to_body.name


class CharterSummaryOut(Schema):
    id: int
    body: int
    body_name: str
    version: str
    status: CharterStatus
    title: str
    decided_by: str
    decided_on: datetime.date | None
    valid_until: datetime.date | None
    next_revision: datetime.date | None
    lock_version: int
    updated_at: datetime.datetime

    @staticmethod
    def resolve_id(obj: Charter) -> int:
        return obj.pk

    @staticmethod
    def resolve_body(obj: Charter) -> int:
        return obj.body_id

    @staticmethod
    def resolve_body_name(obj: Charter) -> str:
        return obj.body.name


class CharterOut(CharterRules):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    id: int
    body: int
    body_name: str
    version: str
    status: CharterStatus
    lock_version: int
    updated_at: datetime.datetime
    composition: list[CompositionRuleOut]
    standing_items: list[StandingItemOut]
    reporting: list[ReportingOut]
    role_links: list[RoleLinkOut]

    @staticmethod
    def resolve_id(obj: Charter) -> int:
        return obj.pk

    @staticmethod
    def resolve_body(obj: Charter) -> int:
        return obj.body_id

    @staticmethod
    def resolve_body_name(obj: Charter) -> str:
        return obj.body.name

    @staticmethod
    def resolve_escalates_to(obj: Charter) -> int | None:
        return obj.escalates_to_id


# --- People ----------------------------------------------------------------


class PersonOut(Schema):
    id: int
    key: str
    first_name: str
    last_name: str
    full_name: str
    title: str
    employer: int | None
    employer_name: str | None
    email: str | None = Field(description="Bara för inloggade; annars null")
    phone: str | None = Field(description="Bara för inloggade; annars null")

    @staticmethod
    def resolve_id(obj: Person) -> int:
        return obj.pk

    @staticmethod
    def resolve_employer(obj: Person) -> int | None:
        return obj.employer_id

    @staticmethod
    def resolve_employer_name(obj: Person) -> str | None:
        return obj.employer.name if obj.employer_id and obj.employer else None

    @staticmethod
    def resolve_email(obj: Person, context: Any) -> str | None:
        user = _request_user(context)
        return obj.email if user is not None and can_see_contacts(user) else None

    @staticmethod
    def resolve_phone(obj: Person, context: Any) -> str | None:
        user = _request_user(context)
        return obj.phone if user is not None and can_see_contacts(user) else None


class PersonIn(InputSchema):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    key: Slug | Literal[""] = Field("", description="Skapas av namnet om den utelämnas")
    title: str = Field("", max_length=200)
    employer: Id | None = Field(None, description="Arbetsgivarens id (huvudman)")
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)


class PersonPatch(InputSchema):
    """Only the fields sent are changed."""

    first_name: str = omittable(min_length=1, max_length=100)
    last_name: str = omittable(min_length=1, max_length=100)
    title: str = omittable(max_length=200)
    employer: Id | None = Field(None, description="Arbetsgivarens id (huvudman)")
    email: str = omittable(max_length=254)
    phone: str = omittable(max_length=40)


# --- Memberships -----------------------------------------------------------


class MembershipOut(Schema):
    id: int
    body: int
    body_name: str
    structure: str = Field(description="Strukturens slug")
    person: int
    person_name: str
    role: Role
    principal: int
    principal_name: str
    substitute_for: int | None
    function: str
    start: datetime.date | None
    end: datetime.date | None
    active: bool = Field(description="Gäller i dag")
    nominated_by: str
    end_reason: str | None = Field(description="Bara för inloggade; annars null")
    lock_version: int
    updated_at: datetime.datetime

    @staticmethod
    def resolve_id(obj: Membership) -> int:
        return obj.pk

    @staticmethod
    def resolve_body(obj: Membership) -> int:
        return obj.body_id

    @staticmethod
    def resolve_body_name(obj: Membership) -> str:
        return obj.body.name

    @staticmethod
    def resolve_structure(obj: Membership) -> str:
        return obj.body.structure.slug

    @staticmethod
    def resolve_person(obj: Membership) -> int:
        return obj.person_id

    @staticmethod
    def resolve_person_name(obj: Membership) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_principal(obj: Membership) -> int:
        return obj.principal_id

    @staticmethod
    def resolve_principal_name(obj: Membership) -> str:
        return obj.principal.name

    @staticmethod
    def resolve_substitute_for(obj: Membership) -> int | None:
        return obj.substitute_for_id

    @staticmethod
    def resolve_active(obj: Membership) -> bool:
        return obj.is_active(timezone.localdate())

    @staticmethod
    def resolve_end_reason(obj: Membership, context: Any) -> str | None:
        user = _request_user(context)
        return obj.end_reason if user is not None and can_see_contacts(user) else None


class MembershipIn(InputSchema):
    body: Id
    person: Id
    role: Role
    principal: Id = Field(description="Huvudmannen som personen representerar")
    substitute_for: Id | None = Field(None, description="Uppdraget (id) som ersättaren ersätter")
    function: str = Field("", max_length=200)
    start: datetime.date | None = None
    end: datetime.date | None = None
    nominated_by: str = Field("", max_length=200)


class MembershipPatch(InputSchema):
    """Only the fields sent are changed. To end an assignment, use `POST …/end`."""

    lock_version: int = Field(description="Versionen du läste; krävs för optimistisk låsning")
    role: Role = omittable()
    principal: Id = omittable(description="Huvudmannen som personen representerar")
    substitute_for: Id | None = Field(None, description="Uppdraget (id) som ersättaren ersätter")
    function: str = omittable(max_length=200)
    start: datetime.date | None = None
    end: datetime.date | None = None
    nominated_by: str = omittable(max_length=200)
    end_reason: str = omittable(max_length=300)


class MembershipEndIn(InputSchema):
    on: datetime.date = Field(description="Sista dagen i uppdraget")
    reason: str = Field("", max_length=300)
    lock_version: int | None = Field(None, description="Versionen du läste, om du vill låsa")


# --- Me --------------------------------------------------------------------


class StructureRef(Schema):
    id: int
    slug: str
    name: str


class BodyRoleOut(Schema):
    body: int
    body_name: str
    structure: str
    roles: list[Role]


class PersonRef(Schema):
    id: int
    full_name: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    is_admin: bool
    person: PersonRef | None
    coordinated_structures: list[StructureRef]
    body_roles: list[BodyRoleOut]
