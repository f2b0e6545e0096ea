"""Request and response shapes of cases (ärenden), their timeline and registry numbers.

The conventions are those of `samverkan.api.base`: references are ids under the field's own
name with a `<field>_name` beside them in responses, PATCH applies only what is sent, and
every change may send the `lock_version` that was read (PATCH must).
"""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from samverkan.api.base import Id, InputSchema, LocalDateTime, LockVersion, omittable
from samverkan.cases.models import (
    FINAL_CASE_STATUSES,
    Case,
    CaseStatus,
    RaisedVia,
    StepOutcome,
    StepRole,
)
from samverkan.cases.selectors.cases import TimelineStep

LONG = 20_000


class CaseOut(Schema):
    id: int
    number: str = Field(description="Diarienumret i strukturens format")
    title: str
    description: str = Field(description="Kort ärendebeskrivning")
    proposal: str = Field(description="Förslag till åtgärd")
    question: str = Field(description="Frågeställning")
    structure: str = Field(validation_alias="structure.slug", description="Strukturens slug")
    raised_in: int = Field(validation_alias="raised_in_id", description="Gruppen där det väcktes")
    raised_in_name: str = Field(validation_alias="raised_in.name")
    raised_via: RaisedVia = Field(
        description="`member` av en ledamot, `coordinator` av koordinatorn, `network` för ett "
        "nätverk utanför strukturen via dess linjechef"
    )
    raised_by: int | None = Field(validation_alias="raised_by_id", description="Personen")
    raised_by_name: str | None
    network_name: str
    line_manager: str
    raised_on: datetime.date
    status: CaseStatus = Field(
        description="`raised` väckt, `preparing` under beredning, `on_agenda` på en dagordning, "
        "`lifted` lyft till en annan grupp, `recommended` rekommendation till huvudmännen, "
        "`resolved` avgjort, `answered` besvarat, `closed` avslutat"
    )
    status_label: str
    finished: bool = Field(description="Färdigbehandlat: avgjort, besvarat eller avslutat")
    current_body: int = Field(
        validation_alias="current_body_id", description="Gruppen som har ärendet nu"
    )
    current_body_name: str = Field(validation_alias="current_body.name")
    closed_on: datetime.date | None = Field(description="Dagen det blev färdigbehandlat")
    lock_version: int
    updated_at: LocalDateTime

    @staticmethod
    def resolve_raised_by_name(obj: Case) -> str | None:
        return obj.raised_by.full_name if obj.raised_by else None

    @staticmethod
    def resolve_status_label(obj: Case) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_finished(obj: Case) -> bool:
        return obj.status in FINAL_CASE_STATUSES


class StepOut(Schema):
    """One body's handling of the case."""

    id: int = Field(validation_alias="step.pk")
    position: int = Field(validation_alias="step.position")
    body: int = Field(validation_alias="step.body_id")
    body_name: str = Field(validation_alias="step.body.name")
    role: StepRole = Field(
        validation_alias="step.role",
        description="`prepare` bereda, `opinion` yttra sig, `decide` besluta, `information` "
        "för kännedom",
    )
    role_label: str
    received_on: datetime.date = Field(validation_alias="step.received_on")
    meeting: int | None = Field(validation_alias="step.meeting_id", description="Mötet")
    meeting_day: datetime.date | None
    agenda_item: int | None = Field(validation_alias="step.agenda_item_id")
    agenda_item_title: str | None
    minutes: int | None = Field(
        description="Minnesanteckningarna där behandlingen står, om du får läsa dem"
    )
    minutes_url: str | None = Field(description="Minnesanteckningarnas sida, om du får läsa dem")
    outcome: StepOutcome = Field(
        validation_alias="step.outcome",
        description="Tom medan behandlingen pågår; `prepared`, `resolved`, `lifted`, "
        "`answered`, `recommended`, `closed` eller `noted`",
    )
    outcome_label: str
    outcome_text: str = Field(validation_alias="step.outcome_text")
    handled_on: datetime.date | None = Field(validation_alias="step.handled_on")
    note: str = Field(validation_alias="step.note")
    is_open: bool = Field(description="Behandlingen i gruppen som har ärendet nu")

    @staticmethod
    def resolve_role_label(obj: TimelineStep) -> str:
        return str(obj.step.get_role_display())

    @staticmethod
    def resolve_agenda_item_title(obj: TimelineStep) -> str | None:
        return obj.step.agenda_item.title if obj.step.agenda_item else None

    @staticmethod
    def resolve_minutes(obj: TimelineStep) -> int | None:
        return obj.step.minutes_id if obj.minutes_url else None

    @staticmethod
    def resolve_minutes_url(obj: TimelineStep) -> str | None:
        return obj.minutes_url or None


class CaseIn(InputSchema):
    body: Id = Field(description="Gruppen där ärendet väcks")
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=LONG)
    proposal: str = Field("", max_length=LONG)
    question: str = Field("", max_length=LONG)
    raised_via: RaisedVia = RaisedVia.MEMBER
    raised_by: Id | None = Field(
        None, description="Ledamoten som väcker det; utan: den som anropar"
    )
    network_name: str = Field("", max_length=200)
    line_manager: str = Field("", max_length=200)


class CasePatch(InputSchema):
    lock_version: LockVersion
    title: str = omittable(min_length=1, max_length=300)
    description: str = omittable(max_length=LONG)
    proposal: str = omittable(max_length=LONG)
    question: str = omittable(max_length=LONG)
    network_name: str = omittable(max_length=200)
    line_manager: str = omittable(max_length=200)


class CaseActionIn(InputSchema):
    lock_version: LockVersion | None = Field(
        None, description="Versionen du läste; en nyare i databasen ger 409"
    )


class LiftIn(CaseActionIn):
    body: Id | None = Field(
        None,
        description="Gruppen ärendet lyfts till; utan: dit uppdragsbeskrivningen säger "
        "(`escalates_to`), annars uppdragsgivaren",
    )
    role: StepRole = Field(StepRole.DECIDE, description="Vad gruppen ska göra; inte `information`")
    note: str = Field("", max_length=2000)


class PrepareIn(CaseActionIn):
    body: Id = Field(description="Arbetsutskottet, beredningen eller arbetsgruppen")
    note: str = Field("", max_length=2000)


class AgendaIn(CaseActionIn):
    meeting: Id = Field(description="Ett kommande möte i gruppen som har ärendet")


class AnswerIn(CaseActionIn):
    body: Id | None = Field(None, description="Gruppen svaret går till; utan: den ärendet kom från")
    text: str = Field(min_length=1, max_length=LONG)


class TextIn(CaseActionIn):
    text: str = Field(min_length=1, max_length=LONG)


class NumberingOut(Schema):
    structure: str = Field(validation_alias="structure.slug")
    pattern: str = Field(description="T.ex. `SAM {year}/{number}`; `{number:03}` ger 007")
    saved: bool = Field(description="Falskt: strukturens förval, ännu inte sparat")
    year: int = Field(description="Året för det senaste löpnumret (0: inget ännu)")
    last_number: int
    next_number: str = Field(description="Numret nästa ärende som väcks i dag får")


class NumberingIn(InputSchema):
    pattern: str = Field(min_length=1, max_length=60)
