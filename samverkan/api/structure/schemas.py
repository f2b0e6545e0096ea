"""Request and response shapes of principals, structures, bodies, people and memberships.

The conventions are those of `samverkan.api.base`. Contact data (e-mail, phone, why an
assignment ended) is read from the `visible_*` values the selectors load: null for a
caller who may not see it.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from samverkan.api.base import (
    MAX_COUNTER,
    Day,
    Id,
    InputSchema,
    LockVersion,
    Slug,
    omittable,
)
from samverkan.structure.models import (
    Body,
    BodyKind,
    BodyLevel,
    Duration,
    Mandate,
    Membership,
    MembershipState,
    Person,
    PrincipalKind,
    Role,
)

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
    region: int = Field(validation_alias="region_id")
    region_name: str = Field(validation_alias="region.name")
    description: str
    website: str
    minutes_approval_days: int = Field(
        description="Minnesanteckningar ska vara justerade och publicerade inom så många "
        "arbetsdagar efter mötet (regelkontrollens `minutes.approval_overdue`)"
    )
    updated_at: datetime.datetime


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
    # The range (1–60) is the structure's rule, checked by `structure_update`.
    minutes_approval_days: int = omittable(
        description="Arbetsdagar efter mötet inom vilka minnesanteckningarna ska vara "
        "justerade och publicerade, 1–60"
    )


# --- Bodies ----------------------------------------------------------------


class BodyOut(Schema):
    id: int
    structure: str = Field(validation_alias="structure.slug", description="Strukturens slug")
    key: str
    name: str
    short_name: str
    kind: BodyKind
    level: BodyLevel
    parent: int | None = Field(validation_alias="parent_id", description="Uppdragsgivaren")
    municipality: int | None = Field(validation_alias="municipality_id")
    mandate: Mandate
    duration: Duration
    end_date: datetime.date | None
    chair_extended_until: datetime.date | None = Field(
        description="Gruppens beslut att ordförande och vice ordförande sitter kvar längre "
        "än ett år (där uppdragsbeskrivningen tillåter det)"
    )
    meeting_forms_reviewed_on: datetime.date | None = Field(
        description="Dagen då gruppen senast såg över sina mötesformer (`POST "
        "/bodies/{id}/meeting-forms-reviewed`)"
    )
    description: str
    position: int
    current_charter: int | None = Field(description="Id för gällande uppdragsbeskrivning")
    lock_version: int
    updated_at: datetime.datetime

    @staticmethod
    def resolve_current_charter(obj: Body) -> int | None:
        # Loaded by `structure.selectors.bodies_with_charter` (the charter in force, if any).
        in_force = obj.in_force_charters  # type: ignore[attr-defined]
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
    chair_extended_until: datetime.date | None = None
    description: str = ""


class BodyPatch(InputSchema):
    """Only the fields sent are changed."""

    lock_version: LockVersion
    name: str = omittable(min_length=1, max_length=200)
    short_name: str = omittable(max_length=40)
    kind: BodyKind = omittable()
    level: BodyLevel = omittable()
    parent: Id | None = Field(None, description="Uppdragsgivarens id")
    municipality: Id | None = Field(None, description="Kommunen som en lokal grupp omfattar")
    mandate: Mandate = omittable()
    duration: Duration = omittable()
    end_date: datetime.date | None = None
    chair_extended_until: datetime.date | None = None
    description: str = omittable()


class MeetingFormsReviewedIn(InputSchema):
    on: Day | None = Field(
        None,
        description="Dagen då gruppen såg över mötesformerna, inte i framtiden; standard i dag",
    )


# --- People ----------------------------------------------------------------


class PersonOut(Schema):
    id: int
    key: str
    first_name: str
    last_name: str
    full_name: str
    title: str
    employer: int | None = Field(validation_alias="employer_id")
    employer_name: str | None
    email: str | None = Field(
        validation_alias="visible_email", description="Bara för inloggade; annars null"
    )
    phone: str | None = Field(
        validation_alias="visible_phone", description="Bara för inloggade; annars null"
    )

    @staticmethod
    def resolve_employer_name(obj: Person) -> str | None:
        return obj.employer.name if obj.employer_id and obj.employer else None


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
    body: int = Field(validation_alias="body_id")
    body_name: str = Field(validation_alias="body.name")
    structure: str = Field(validation_alias="body.structure.slug", description="Strukturens slug")
    person: int = Field(validation_alias="person_id")
    person_name: str = Field(validation_alias="person.full_name")
    role: Role
    principal: int = Field(validation_alias="principal_id")
    principal_name: str = Field(validation_alias="principal.name")
    substitute_for: int | None = Field(validation_alias="substitute_for_id")
    function: str
    start: datetime.date | None
    end: datetime.date | None
    active: bool = Field(description="Gäller i dag")
    state: MembershipState = Field(
        description="I dag: `current` (gäller), `planned` (börjar senare) eller `ended`"
    )
    nominated_by: str
    end_reason: str | None = Field(
        validation_alias="visible_end_reason", description="Bara för inloggade; annars null"
    )
    lock_version: int
    updated_at: datetime.datetime

    @staticmethod
    def resolve_active(obj: Membership) -> bool:
        return obj.is_active(timezone.localdate())

    @staticmethod
    def resolve_state(obj: Membership) -> MembershipState:
        return obj.state_on(timezone.localdate())


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

    lock_version: LockVersion
    role: Role = omittable()
    principal: Id = omittable(description="Huvudmannen som personen representerar")
    substitute_for: Id | None = Field(None, description="Uppdraget (id) som ersättaren ersätter")
    function: str = omittable(max_length=200)
    start: datetime.date | None = None
    end: datetime.date | None = None
    nominated_by: str = omittable(max_length=200)
    end_reason: str = omittable(max_length=300)


class MembershipReplaceIn(InputSchema):
    successor: Id = Field(description="Personen (id) som efterträder ledamoten")
    last_day: datetime.date = Field(
        description="Ledamotens sista dag; efterträdarens uppdrag börjar dagen efter"
    )
    substitutes: Literal["keep", "end", "other"] = Field(
        "keep",
        description="Ledamotens ersättare: `keep` blir ersättare för efterträdaren, `end` "
        "avslutas, `other` avslutas och `substitute_person` blir ny ersättare",
    )
    substitute_person: Id | None = Field(None, description="Ny ersättare (id) vid `other`")
    reason: str = Field("", max_length=300)
    lock_version: int | None = Field(
        None, ge=0, le=MAX_COUNTER, description="Versionen du läste, om du vill låsa"
    )


class MembershipReplaceOut(Schema):
    ended: MembershipOut
    successor: MembershipOut
    substitutes: list[MembershipOut] = Field(
        description="Ersättaruppdrag som avslutades eller lades till"
    )


class MembershipEndIn(InputSchema):
    on: datetime.date = Field(description="Sista dagen i uppdraget")
    reason: str = Field("", max_length=300)
    lock_version: int | None = Field(
        None, ge=0, le=MAX_COUNTER, description="Versionen du läste, om du vill låsa"
    )
