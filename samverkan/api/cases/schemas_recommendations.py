"""Request and response shapes of recommendations, the principals' decisions and the
decision bodies. The conventions are those of `samverkan.api.base`: PUT and PATCH apply
only what the client sends; references are ids with a `<field>_name` beside them.

A registrar's address is contact data: `sent_to` and `registrar_email` are rendered from
`visible_sent_to` and `visible_registrar_email`, which the router fills (empty for an
anonymous caller)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from ninja import Field, Schema

from samverkan.api.base import Day, Id, InputSchema, LocalDateTime, LockVersion, omittable
from samverkan.cases.models import (
    DECIDED_STATES,
    DecisionState,
    PrincipalDecision,
    Recommendation,
)

STATES = (
    "`not_sent` inte expedierad, `sent` expedierad, `preparing` under beredning hos "
    "huvudmannen, `adopted` antagen, `adopted_changed` antagen med ändringar, `rejected` "
    "inte antagen, `not_deciding` beslutas inte"
)


class RecommendationDecisionOut(Schema):
    id: int = Field(description="Beslutsposten (`/recommendation-decisions/{id}`)")
    recommendation: int = Field(validation_alias="recommendation_id")
    principal: int = Field(validation_alias="principal_id")
    principal_name: str = Field(validation_alias="principal.name")
    decision_body: int | None = Field(
        validation_alias="decision_body_id",
        description="Beslutsinstansen den skickades eller ska skickas till; null om "
        "huvudmannens standardinstans ska användas",
    )
    decision_body_name: str | None
    state: DecisionState = Field(description=STATES)
    state_label: str = Field(description="Läget på svenska")
    decided: bool = Field(description="Huvudmannen har beslutat (eller beslutat att inte göra det)")
    sent_on: datetime.date | None = Field(description="Expedierad")
    sent_to: str = Field(
        validation_alias="visible_sent_to",
        description="Registratorns adress den skickades till; tom för den som inte är inloggad",
    )
    decided_on: datetime.date | None = Field(description="Huvudmannens beslutsdatum")
    registry_number: str = Field(description="Huvudmannens diarienummer")
    paragraph: str
    link: str = Field(description="Länk till beslutet")
    file_url: str | None = Field(
        description="Adressen till filen med beslutet (`/recommendation-decisions/{id}/file`), "
        "om någon"
    )
    note: str
    recorded_at: LocalDateTime | None = Field(description="När läget senast registrerades")
    lock_version: int

    @staticmethod
    def resolve_decision_body_name(obj: PrincipalDecision) -> str | None:
        return obj.decision_body.name if obj.decision_body else None

    @staticmethod
    def resolve_state_label(obj: PrincipalDecision) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_decided(obj: PrincipalDecision) -> bool:
        return obj.state in DECIDED_STATES

    @staticmethod
    def resolve_file_url(obj: PrincipalDecision) -> str | None:
        return reverse("api-v1:decision_file", args=[obj.pk]) if obj.file else None


class RecommendationOut(Schema):
    id: int
    structure: str = Field(validation_alias="structure.slug", description="Strukturens slug")
    body: int = Field(validation_alias="body_id", description="Gruppen som rekommenderade")
    body_name: str = Field(validation_alias="body.name")
    case: int | None = Field(validation_alias="case_id", description="Ärendet, om något")
    minutes: int = Field(validation_alias="minutes_id", description="Minnesanteckningarna")
    published: bool = Field(description="Minnesanteckningarna är publicerade")
    number: str = Field(description="Diarienummer (ärendets), om något")
    title: str
    text: str = Field(description="Rekommendationen")
    decided_on: datetime.date = Field(description="Mötesdagen då gruppen rekommenderade")
    answer_by: datetime.date | None = Field(description="Huvudmännen svarar senast")
    routed_at: LocalDateTime | None = Field(description="Senast expedierad")
    principal_count: int = Field(description="Huvudmän som rekommendationen gäller")
    decided_count: int = Field(description="Huvudmän som har beslutat")
    lock_version: int

    @staticmethod
    def resolve_published(obj: Recommendation) -> bool:
        return obj.minutes.published_at is not None


class RecommendationDetailOut(RecommendationOut):
    decisions: list[RecommendationDecisionOut] = Field(
        description="En per huvudman: regionen först, sedan kommunerna"
    )


class NotReachedOut(Schema):
    principal_name: str
    address: str
    error: str = Field(description="Varför e-postservern inte tog emot meddelandet")


class RouteOut(Schema):
    recommendation: RecommendationDetailOut
    sent: list[int] = Field(description="Beslutsposterna som expedierades nu")
    not_reached: list[NotReachedOut] = Field(
        description="Meddelanden som inte kom fram; de huvudmännen är inte expedierade"
    )


class RouteIn(InputSchema):
    answer_by: Day = Field(description="Svar senast, ett datum efter i dag")
    principals: list[Id] | None = Field(
        None,
        description="Huvudmännen att skicka till (även igen); utelämnat: alla som inte har "
        "fått rekommendationen",
        max_length=500,
    )
    decision_bodies: dict[str, Id] | None = Field(
        None,
        description='Beslutsinstans per huvudman (`{"<huvudmannens id>": <instansens id>}`) '
        "för den som inte ska få den till sin standardinstans",
    )
    lock_version: LockVersion | None = Field(None, description="Rekommendationens version")


class PrincipalsIn(InputSchema):
    principals: list[Id] = Field(
        description="Alla huvudmän som rekommendationen ska gälla; de som fått den kan inte "
        "tas bort",
        min_length=1,
        max_length=500,
    )
    lock_version: LockVersion


class DecisionPut(InputSchema):
    """Only the fields sent are changed; the rules are checked on the result."""

    lock_version: LockVersion
    state: DecisionState = omittable(description=STATES)
    decided_on: Day | None = Field(
        None, description="Beslutsdatum; krävs när huvudmannen har beslutat, aldrig i framtiden"
    )
    registry_number: str = omittable(max_length=60, description="Huvudmannens diarienummer")
    paragraph: str = omittable(max_length=30)
    link: str = omittable(max_length=200, description="https://… till beslutet")
    note: str = omittable()


class DecisionFileIn(InputSchema):
    """The form field beside the file when a decision's file is sent as
    `multipart/form-data`."""

    lock_version: LockVersion


class DecisionBodyOut(Schema):
    id: int
    principal: int = Field(validation_alias="principal_id")
    principal_name: str = Field(validation_alias="principal.name")
    name: str
    registrar_email: str = Field(validation_alias="visible_registrar_email")
    is_default: bool = Field(description="Huvudmannens standardinstans")
    lock_version: int


class DecisionBodyIn(InputSchema):
    principal: Id
    name: str = Field(
        min_length=1, max_length=200, description="T.ex. `Socialnämnden, Umeå kommun`"
    )
    registrar_email: str = Field("", max_length=254, description="Registratorns e-post")
    is_default: bool = Field(
        False, description="Gör den till standard; en huvudmans första blir det alltid"
    )


class DecisionBodyPatch(InputSchema):
    lock_version: LockVersion
    name: str = omittable(min_length=1, max_length=200)
    registrar_email: str = omittable(max_length=254)
    is_default: bool = omittable(
        description="`true` gör den till standard; en standardinstans slutar vara det bara "
        "när en annan blir det"
    )
