"""Request and response shapes of the meeting API: meetings, agendas and the year's plan.

The conventions are those of `samverkan.api.schemas`: references are ids under the
field's own name with a `<field>_name` beside them in responses, input schemas
forbid unknown fields, and PATCH schemas apply only what the client sends.

Times are ISO 8601 with an offset (`2027-03-16T13:00:00+01:00`); responses give
them in Europe/Stockholm. Agenda item owners are shown by name only, never with
contact details.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ValidationError, WrapValidator, field_validator

from samverkan.api.auth import user_of
from samverkan.api.schemas import Id, InputSchema, SmallInt, omittable
from samverkan.lib.localtime import STOCKHOLM
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingStatus,
)
from samverkan.meetings.services import document_deadline
from samverkan.structure.models import MeetingForm
from samverkan.structure.services import current_charter

DATETIME_MESSAGE = "Ange tiden som ÅÅÅÅ-MM-DDTtt:mm med tidszon, t.ex. 2027-03-16T13:00:00+01:00."


def _aware(value: Any, handler: Any) -> datetime.datetime:
    """A date and time with an offset; Swedish messages instead of pydantic's."""
    try:
        parsed: datetime.datetime = handler(value)
    except ValidationError:
        raise ValueError(DATETIME_MESSAGE) from None
    if timezone.is_naive(parsed):
        raise ValueError("Tiden saknar tidszon. " + DATETIME_MESSAGE)
    return parsed


AwareDateTime = Annotated[datetime.datetime, WrapValidator(_aware)]
FormChoice = MeetingForm | Literal[""]
# New items are cases, assignments or information; standing items come from the charter.
NewItemKind = Literal["case", "assignment", "information"]


def _stockholm(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value, STOCKHOLM)


# --- Meetings ----------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    uid: str = Field(description="Stabil över flyttar; samma UID som i kalenderflödena")
    body: int
    body_name: str
    structure: str = Field(description="Strukturens slug")
    title: str
    starts_at: datetime.datetime = Field(description="Europe/Stockholm")
    ends_at: datetime.datetime = Field(description="Europe/Stockholm")
    place: str
    video_link: str
    form: FormChoice
    status: MeetingStatus
    convener: int | None = Field(description="Sammankallande (person)")
    convener_name: str | None
    sequence: int = Field(description="iCalendar SEQUENCE; höjs vid varje ändring")
    lock_version: int
    updated_at: datetime.datetime

    @staticmethod
    def resolve_id(obj: Meeting) -> int:
        return obj.pk

    @staticmethod
    def resolve_uid(obj: Meeting) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_video_link(obj: Meeting, context: dict[str, Any]) -> str:
        # A video link can carry a passcode: only for logged-in callers, as in the feeds.
        request = context.get("request")
        return obj.video_link if request is not None and user_of(request).is_authenticated else ""

    @staticmethod
    def resolve_body(obj: Meeting) -> int:
        return obj.body_id

    @staticmethod
    def resolve_body_name(obj: Meeting) -> str:
        return obj.body.name

    @staticmethod
    def resolve_structure(obj: Meeting) -> str:
        return obj.body.structure.slug

    @staticmethod
    def resolve_starts_at(obj: Meeting) -> datetime.datetime:
        return _stockholm(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj: Meeting) -> datetime.datetime:
        return _stockholm(obj.ends_at)

    @staticmethod
    def resolve_convener(obj: Meeting) -> int | None:
        return obj.convener_id

    @staticmethod
    def resolve_convener_name(obj: Meeting) -> str | None:
        return obj.convener.full_name if obj.convener_id and obj.convener else None


class AgendaItemOut(Schema):
    id: int
    meeting: int
    position: int = Field(description="Ordningen på dagordningen, från 0")
    kind: AgendaItemKind
    title: str
    owner: int | None = Field(description="Ansvarig (person); kontaktuppgifter visas inte här")
    owner_name: str | None
    presenter: str
    planned_minutes: int | None
    description: str = Field(description="Kort ärendebeskrivning")
    proposal: str = Field(description="Förslag till åtgärd")
    question: str = Field(description="Frågeställning")
    standing_item: int | None = Field(description="Den stående punkten i uppdragsbeskrivningen")
    lock_version: int

    @staticmethod
    def resolve_id(obj: AgendaItem) -> int:
        return obj.pk

    @staticmethod
    def resolve_meeting(obj: AgendaItem) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_owner(obj: AgendaItem) -> int | None:
        return obj.owner_id

    @staticmethod
    def resolve_owner_name(obj: AgendaItem) -> str | None:
        return obj.owner.full_name if obj.owner_id and obj.owner else None

    @staticmethod
    def resolve_standing_item(obj: AgendaItem) -> int | None:
        return obj.standing_item_id


class MeetingEventOut(Schema):
    kind: MeetingEventKind
    at: datetime.datetime
    old_starts_at: datetime.datetime | None
    new_starts_at: datetime.datetime | None
    note: str = Field(description="Anledningen, t.ex. varför mötet flyttades eller ställdes in")

    @staticmethod
    def resolve_at(obj: MeetingEvent) -> datetime.datetime:
        return _stockholm(obj.at)

    @staticmethod
    def resolve_old_starts_at(obj: MeetingEvent) -> datetime.datetime | None:
        return _stockholm(obj.old_starts_at) if obj.old_starts_at else None

    @staticmethod
    def resolve_new_starts_at(obj: MeetingEvent) -> datetime.datetime | None:
        return _stockholm(obj.new_starts_at) if obj.new_starts_at else None


class MeetingDetailOut(MeetingOut):
    document_deadline: datetime.date | None = Field(
        description="Sista dag för handlingar enligt uppdragsbeskrivningen; null om den "
        "inte anger någon"
    )
    agenda: list[AgendaItemOut] = Field(description="Dagordningen i ordning")
    events: list[MeetingEventOut] = Field(description="Mötets historik, äldst först")

    @staticmethod
    def resolve_document_deadline(obj: Meeting) -> datetime.date | None:
        return document_deadline(obj, current_charter(obj.body))

    @staticmethod
    def resolve_agenda(obj: Meeting) -> list[AgendaItem]:
        return list(obj.agenda_items.all())

    @staticmethod
    def resolve_events(obj: Meeting) -> list[MeetingEvent]:
        return list(obj.events.all())


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

    lock_version: int = Field(description="Versionen du läste; krävs för optimistisk låsning")
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
        None, description="Versionen du läste; har mötet ändrats sedan dess blir svaret 409"
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

    lock_version: int = Field(description="Versionen du läste; krävs för optimistisk låsning")
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
    body: int
    body_name: str
    year: int
    proposals: list[ProposalOut]
    status: BookingStatusOut


class PlanBookIn(InputSchema):
    days: list[datetime.date] = Field(description="Dagarna att boka, ÅÅÅÅ-MM-DD")
    place: str = Field("", max_length=300)

    @field_validator("days")
    @classmethod
    def each_day_once(cls, value: list[datetime.date]) -> list[datetime.date]:
        if len(set(value)) != len(value):
            raise ValueError("Samma dag finns med flera gånger.")
        return value
