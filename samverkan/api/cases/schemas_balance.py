"""The balanslista's response: one item per open case or recommendation, with each
principal's decision on a recommendation. Rendered from `selectors.balance.BalanceRow`."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from samverkan.cases.models import DecisionState
from samverkan.cases.selectors.balance import BalanceState


class BalanceDecisionOut(Schema):
    id: int = Field(description="Beslutsposten (`/recommendation-decisions/{id}`)")
    principal: int = Field(validation_alias="principal_id")
    principal_name: str = Field(validation_alias="principal", description="Huvudmannens kortnamn")
    state: DecisionState = Field(
        description="`not_sent`, `sent` (expedierad), `preparing`, och beslutad: `adopted`, "
        "`adopted_changed`, `rejected` eller `not_deciding`"
    )
    state_label: str
    decided: bool = Field(description="Huvudmannen har beslutat (eller beslutar inte)")
    decided_on: datetime.date | None
    registry_number: str = Field(description="Huvudmannens diarienummer")
    paragraph: str


class BalanceItemOut(Schema):
    kind: Literal["case", "recommendation"]
    id: int = Field(description="Ärendets eller rekommendationens id")
    number: str = Field(description="Diarienummer (för en rekommendation utan eget: ärendets)")
    title: str
    body: int = Field(
        validation_alias="body_id",
        description="Gruppen som har ärendet nu, eller som gav rekommendationen",
    )
    body_name: str
    state: BalanceState = Field(
        description="Ärendets status, för en rekommendation `not_routed` eller `awaiting`; "
        "`finished` när det är avslutat"
    )
    state_label: str
    date: datetime.date = Field(description="Då ärendet väcktes eller rekommendationen beslutades")
    age_days: int = Field(description="Dagar sedan `date` (för ett avslutat: till avslutet)")
    finished: bool
    finished_on: datetime.date | None
    case: int | None = Field(validation_alias="case_id")
    minutes: int | None = Field(
        validation_alias="minutes_id", description="Minnesanteckningarna med rekommendationen"
    )
    decided_count: int = Field(description="Antal huvudmän som har beslutat (0 för ett ärende)")
    principal_count: int = Field(description="Antal huvudmän som rekommendationen gäller")
    decided_text: str = Field(description="T.ex. `9 av 16 huvudmän har beslutat`")
    open_principals: list[str] = Field(description="Huvudmän som inte har beslutat (kortnamn)")
    decisions: list[BalanceDecisionOut]

    @staticmethod
    def resolve_open_principals(obj: object) -> list[str]:
        cells = getattr(obj, "open_principals", [])
        return [cell.principal for cell in cells]
