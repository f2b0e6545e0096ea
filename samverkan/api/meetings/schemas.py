"""Request and response shapes of meetings, agendas and the year's plan.

The conventions are those of `samverkan.api.base`. Times are ISO 8601 with an offset
(`2027-03-16T13:00:00+01:00`); responses give them in Europe/Stockholm. Agenda item
owners are shown by name only, never with contact details. A meeting's video link is read
from `visible_video_link`, empty for a caller who may not see it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from samverkan.api.base import (
    MAX_COUNTER,
    AwareDateTime,
    Day,
    Id,
    InputSchema,
    LocalDateTime,
    LockVersion,
    SmallInt,
    omittable,
)
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingEventKind,
    MeetingStatus,
)
from samverkan.meetings.planning import BookingStatus, ProposedMeeting
from samverkan.meetings.selectors import document_deadline_of
from samverkan.structure.models import Body, MeetingForm

FormChoice = MeetingForm | Literal[""]
# New items are cases, assignments or information; standing items come from the charter.
NewItemKind = Literal["case", "assignment", "information"]


# --- Meetings ----------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    uid: str = Field(description="Stabil över flyttar; samma UID som i kalenderflödena")
    body: int = Field(validation_alias="body_id")
    body_name: str = Field(validation_alias="body.name")
    structure: str = Field(validation_alias="body.structure.slug", description="Strukturens slug")
    title: str
    starts_at: LocalDateTime = Field(description="Europe/Stockholm")
    ends_at: LocalDateTime = Field(description="Europe/Stockholm")
    place: str
    video_link: str = Field(
        validation_alias="visible_video_link",
        description="Tom utom för strukturens koordinatorer, gruppens ledamöter och de som är "
        "kallade till mötet",
    )
    form: FormChoice
    status: MeetingStatus
    convener: int | None = Field(
        validation_alias="convener_id", description="Sammankallande (person)"
    )
    convener_name: str | None
    sequence: int = Field(description="iCalendar SEQUENCE; höjs vid varje ändring")
    lock_version: int
    updated_at: datetime.datetime

    @staticmethod
    def resolve_uid(obj: Meeting) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_convener_name(obj: Meeting) -> str | None:
        return obj.convener.full_name if obj.convener_id and obj.convener else None


class AgendaItemOut(Schema):
    id: int
    meeting: int = Field(validation_alias="meeting_id")
    position: int = Field(description="Ordningen på dagordningen, från 0")
    kind: AgendaItemKind
    title: str
    owner: int | None = Field(
        validation_alias="owner_id",
        description="Ansvarig (person); kontaktuppgifter visas inte här",
    )
    owner_name: str | None
    presenter: str
    planned_minutes: int | None
    description: str = Field(description="Kort ärendebeskrivning")
    proposal: str = Field(description="Förslag till åtgärd")
    question: str = Field(description="Frågeställning")
    standing_item: int | None = Field(
        validation_alias="standing_item_id",
        description="Den stående punkten i uppdragsbeskrivningen",
    )
    lock_version: int

    @staticmethod
    def resolve_owner_name(obj: AgendaItem) -> str | None:
        return obj.owner.full_name if obj.owner_id and obj.owner else None


class MeetingEventOut(Schema):
    kind: MeetingEventKind
    at: LocalDateTime
    old_starts_at: LocalDateTime | None
    new_starts_at: LocalDateTime | None
    note: str = Field(description="Anledningen, t.ex. varför mötet flyttades eller ställdes in")


class MeetingDetailOut(MeetingOut):
    document_deadline: datetime.date | None = Field(
        description="Sista dag för handlingar enligt uppdragsbeskrivningen; null om den "
        "inte anger någon"
    )
    agenda: list[AgendaItemOut] = Field(
        validation_alias="agenda_items", description="Dagordningen i ordning"
    )
    events: list[MeetingEventOut] = Field(description="Mötets historik, äldst först")

    @staticmethod
    def resolve_document_deadline(obj: Meeting) -> datetime.date | None:
        return document_deadline_of(meeting=obj)


class MeetingIn(InputSchema):
    body: Id = Field(description="Gruppens id")
    starts_at: AwareDateTime = Field(description="Med tidszon, t.ex. 2027-03-16T13:00:00+01:00")
    ends_at: AwareDateTime = Field(description="Med tidszon")
    title: str = Field("", max_length=200)
    place: str = Field("", max_length=300)
    video_link: str = Field("", max_length=200)
    form: FormChoice = Field("", description="Utelämnas den gäller uppdragsbeskrivningens")
    convener: Id | None = Field(None, description="Sammankallande (person)")


class MeetingPatch(InputSchema):
    """Only the fields sent are changed. A new `starts_at` moves the meeting."""

    lock_version: LockVersion
    reason: str = Field(
        "", max_length=500, description="Anledningen; syns i mötets historik, t.ex. vid flytt"
    )
    title: str = omittable(max_length=200)
    starts_at: AwareDateTime = omittable(
        description="Ny starttid flyttar mötet; utan `ends_at` behåller det sin längd"
    )
    ends_at: AwareDateTime = omittable()
    place: str = omittable(max_length=300)
    video_link: str = omittable(max_length=200)
    form: FormChoice = omittable()
    convener: Id | None = Field(None, description="Sammankallande (person)")


class MeetingCancelIn(InputSchema):
    reason: str = Field(max_length=500, description="Varför mötet ställs in; syns i historiken")
    lock_version: int | None = Field(
        None,
        ge=0,
        le=MAX_COUNTER,
        description="Versionen du läste; har mötet ändrats sedan dess blir svaret 409",
    )


# --- Agenda ------------------------------------------------------------------


class AgendaItemIn(InputSchema):
    kind: NewItemKind
    title: str = Field(min_length=1, max_length=300)
    owner: Id | None = Field(None, description="Ansvarig: en person med uppdrag i gruppen")
    presenter: str = Field("", max_length=200)
    planned_minutes: SmallInt | None = None
    description: str = Field("", description="Kort ärendebeskrivning")
    proposal: str = Field("", description="Förslag till åtgärd")
    question: str = Field("", description="Frågeställning")


class AgendaItemPatch(InputSchema):
    """Only the fields sent are changed."""

    lock_version: LockVersion
    kind: AgendaItemKind = omittable()
    title: str = omittable(min_length=1, max_length=300)
    owner: Id | None = Field(None, description="Ansvarig: en person med uppdrag i gruppen")
    presenter: str = omittable(max_length=200)
    planned_minutes: SmallInt | None = None
    description: str = omittable()
    proposal: str = omittable()
    question: str = omittable()


class AgendaMoveIn(InputSchema):
    direction: Literal["up", "down"] = Field(description="`up` eller `down` ett steg")


# --- The year's plan ---------------------------------------------------------


@dataclass(frozen=True)
class YearPlan:
    """A body's proposed meetings for a year and whether the year is booked, for `PlanOut`."""

    body: Body
    year: int
    proposals: list[ProposedMeeting]
    status: BookingStatus


class ProposalOut(Schema):
    day: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    reason: str = Field(description="Varför just den dagen")


class BookingStatusOut(Schema):
    year: int
    booked: int = Field(description="Bokade möten under året (inställda räknas inte)")
    needed: int = Field(description="Möten som uppdragsbeskrivningen kräver")
    deadline: datetime.date | None = Field(description="Sista dag att ha året bokat")
    ok: bool
    message: str


class PlanOut(Schema):
    body: int = Field(validation_alias="body.pk")
    body_name: str = Field(validation_alias="body.name")
    year: int
    proposals: list[ProposalOut]
    status: BookingStatusOut


class PlanBookIn(InputSchema):
    days: list[Day] = Field(description="Dagarna att boka, ÅÅÅÅ-MM-DD", max_length=366)
    place: str = Field("", max_length=300)

    @field_validator("days")
    @classmethod
    def each_day_once(cls, value: list[datetime.date]) -> list[datetime.date]:
        if len(set(value)) != len(value):
            raise ValueError("Samma dag finns med flera gånger.")
        return value
