"""Request and response shapes of minutes, their items, publication holds and open actions.

The conventions are those of `samverkan.api.base`: PATCH and PUT apply only what the client
sends, and times are in Europe/Stockholm. The detail of minutes and their items render
what `shown.py` builds (masked in the public view); the list, holds and open actions render
the models.
"""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from samverkan.api.base import MAX_COUNTER, Id, InputSchema, LocalDateTime, LockVersion, omittable
from samverkan.lib.localtime import local_today, meeting_day
from samverkan.minutes.access import is_published
from samverkan.minutes.models import (
    ApprovalDecision,
    ApproverRole,
    EntryKind,
    FollowUpOutcome,
    HoldResolution,
    Minutes,
    MinutesAction,
    MinutesStatus,
    PublicationHold,
)
from samverkan.minutes.render import title_of
from samverkan.structure.models import MinutesApproval

ApprovalRule = MinutesApproval | Literal[""]
Resolution = HoldResolution


# --- Minutes -------------------------------------------------------------------


class MinutesFields(Schema):
    """What every minutes response shows: read from `Minutes`, or from a
    `shown.MinutesView`, which reads as its minutes."""

    id: int
    title: str = Field(
        description="`Minnesanteckningar` eller, för en rättelse, `Tillägg till minnesanteckningar`"
    )
    meeting: int = Field(validation_alias="meeting_id")
    meeting_day: datetime.date = Field(description="Mötesdagen")
    meeting_starts_at: LocalDateTime = Field(
        validation_alias="meeting.starts_at", description="Europe/Stockholm"
    )
    body: int = Field(validation_alias="meeting.body_id")
    body_name: str = Field(validation_alias="meeting.body.name")
    structure: str = Field(
        validation_alias="meeting.body.structure.slug", description="Strukturens slug"
    )
    status: MinutesStatus = Field(
        description="`draft` utkast, `pending` väntar på justering, `returned` återsänd för "
        "ändring, `approved` justerad (och då aldrig mer ändrad)"
    )
    public: bool = Field(description="Uppdragsbeskrivningen gör anteckningarna offentliga")
    published: bool = Field(
        description="Publicerade: justerade, offentliga och utan obehandlade personnummer"
    )
    addendum_to: int | None = Field(
        validation_alias="addendum_to_id",
        description="Minnesanteckningarna som tillägget rättar",
    )
    submitted_at: LocalDateTime | None = Field(description="Skickade för justering")
    approved_at: LocalDateTime | None
    published_at: LocalDateTime | None
    sha256: str = Field(
        validation_alias="shown_sha256",
        description="SHA-256 av texten som `/minutes/{id}/text` ger den som frågar (UTF-8): "
        "originalet som justerades för gruppens ledamöter, skrivare, justerare och "
        "koordinatorer, annars den publicerade texten, där maskerade personnummer är "
        "ersatta; tom före justering",
    )
    published_sha256: str = Field(
        description="SHA-256 av den publicerade texten (med maskerade personnummer ersatta), "
        "den som textfilen på den publika sidan har; samma som `sha256` när inget är "
        "maskerat, tom före publicering"
    )
    lock_version: int
    updated_at: LocalDateTime

    @staticmethod
    def resolve_title(obj: Minutes) -> str:
        return title_of(obj)

    @staticmethod
    def resolve_meeting_day(obj: Minutes) -> datetime.date:
        return meeting_day(obj.meeting)

    @staticmethod
    def resolve_published(obj: Minutes) -> bool:
        return is_published(obj)


class MinutesOut(MinutesFields):
    pass


class AttendanceRowOut(Schema):
    name: str
    role: str = Field(description="Rollen i klartext, t.ex. `Ordförande`")
    principal: str = Field(description="Huvudmannen personen företräder, om någon")
    present: bool
    stands_in_for: str = Field(description="Ersättare för vem, om någon")


class EntryOut(Schema):
    kind: EntryKind
    kind_label: str = Field(description="T.ex. `Beslut`, `Rekommendation till huvudmännen`")
    text: str


class ActionOut(Schema):
    id: int
    text: str
    owner: int | None = Field(description="Ansvarig (person), om den finns i registret")
    owner_name: str = Field(description="Den ansvariges namn, även utanför registret")
    due_on: datetime.date = Field(description="Klart senast")


class FollowUpOut(Schema):
    action_id: int = Field(description="Åtgärden från tidigare minnesanteckningar")
    action_text: str
    action_owner_name: str
    action_due_on: datetime.date
    action_meeting_day: datetime.date = Field(description="Mötet där åtgärden beslutades")
    outcome: FollowUpOutcome = Field(
        description="`done` klar, `continues` pågår, `cancelled` avskriven"
    )
    note: str


class ItemOut(Schema):
    id: int
    minutes: int
    position: int
    agenda_item: int | None = Field(description="Punkten på dagordningen, om någon")
    title: str
    notes: str
    follows_up_previous: bool = Field(
        description="Punkten där åtgärder från tidigare möten följs upp"
    )
    lock_version: int
    entries: list[EntryOut] = Field(description="Beslut, rekommendationer, förslag m.m.")
    actions: list[ActionOut]
    follow_ups: list[FollowUpOut]


class ApproverOut(Schema):
    round: int = Field(description="Justeringsomgången; en ny börjar vid varje inskick")
    role: ApproverRole
    person: int
    person_name: str
    decision: ApprovalDecision
    comment: str = Field(description="Varför anteckningarna återsändes; tom i den publika vyn")
    requested_at: LocalDateTime | None
    decided_at: LocalDateTime | None


class MinutesDetailOut(MinutesFields):
    approval_rule: ApprovalRule = Field(
        description="Uppdragsbeskrivningens regel för justering när anteckningarna skickades"
    )
    taken_by: int | None = Field(validation_alias="taken_by_id", description="Sekreterare (person)")
    taken_by_name: str | None
    chaired_by: int | None = Field(
        validation_alias="chaired_by_id", description="Ordförande vid mötet (person)"
    )
    chaired_by_name: str | None
    adjuster: int | None = Field(
        validation_alias="adjuster_id", description="Justeringsperson (person)"
    )
    adjuster_name: str | None
    attendance: list[AttendanceRowOut] = Field(description="Närvaron som mötet registrerade")
    notes: str = Field(description="Övrigt")
    items: list[ItemOut] = Field(description="Paragraferna i ordning")
    approvers: list[ApproverOut] = Field(description="Justerarna, omgång för omgång")
    addenda: list[int] = Field(description="Tilläggen som rättar de här anteckningarna")
    allowed_entry_kinds: list[EntryKind] = Field(
        description="Vad gruppen får skriva enligt sitt mandat; en grupp som inte är "
        "beslutsfattande får inte skriva beslut eller rekommendationer"
    )
    verified: bool | None = Field(
        description="För justerade anteckningar: om raderna fortfarande ger den text och den "
        "SHA-256 som justerades; null före justering"
    )
    masked: bool = Field(
        description="Den publika vyn: personnummer som maskerades före publicering är "
        "ersatta med `[personnummer borttaget]`"
    )
    open_holds: int = Field(
        description="Obehandlade träffar på personnummer som hindrar publicering (`/holds`)"
    )


class MinutesPatch(InputSchema):
    """Only the fields sent are changed; `null` clears a person."""

    lock_version: LockVersion
    taken_by: Id | None = Field(None, description="Sekreterare (person)")
    chaired_by: Id | None = Field(None, description="Ordförande vid mötet (person)")
    adjuster: Id | None = Field(
        None,
        description="Justeringsperson: en annan än ordföranden, som sitter i gruppen eller "
        "deltog i mötet",
    )
    notes: str = omittable(description="Övrigt")


class LockVersionIn(InputSchema):
    lock_version: LockVersion


class SubmitIn(LockVersionIn):
    text_sha256: str | None = Field(
        None,
        max_length=64,
        description="`text_sha256` från förhandsvisningen (`GET /minutes/{id}/preview`): "
        "har texten ändrats sedan dess händer ingenting (409)",
    )


class MinutesWarningOut(Schema):
    code: str = Field(
        description="empty_headings, agenda_items_missing, approver_absent, chair_absent, "
        "approver_missing, personnummer eller no_items"
    )
    message: str


class MinutesPreviewOut(Schema):
    action: str = Field(
        description="submit (skickas för justering), adopt (fastställs utan justering) eller "
        "approve (din justering)"
    )
    text: str = Field(description="Texten precis som den låses")
    text_sha256: str = Field(description="Skickas med `submit` eller `approve`")
    lock_version: int
    warnings: list[MinutesWarningOut]
    consequence: str = Field(description="Vad som händer när du bekräftar, på svenska")


class EntryIn(InputSchema):
    kind: EntryKind
    text: str


class ActionIn(InputSchema):
    text: str = Field(description="Vad som ska göras")
    owner: Id | None = Field(None, description="Ansvarig (person) i registret")
    owner_name: str = Field(
        "", max_length=200, description="Ansvarig utanför registret, t.ex. `Förvaltningen`"
    )
    due_on: datetime.date = Field(description="Klart senast, ÅÅÅÅ-MM-DD")


class FollowUpIn(InputSchema):
    action_id: Id = Field(description="En åtgärd som följs upp under punkten")
    outcome: FollowUpOutcome
    note: str = ""


class ItemPut(InputSchema):
    """Only the fields sent are changed; a list that is sent replaces the item's list."""

    lock_version: int = Field(ge=0, le=MAX_COUNTER, description="Punktens version som du läste")
    title: str = omittable(min_length=1, max_length=300)
    notes: str = omittable(description="Anteckningar")
    entries: list[EntryIn] = omittable(description="Ersätter punktens alla poster")
    actions: list[ActionIn] = omittable(description="Ersätter punktens alla åtgärder")
    follow_ups: list[FollowUpIn] = omittable(
        description="Läget för åtgärder från tidigare möten som följs upp under punkten"
    )


class ItemIn(InputSchema):
    title: str = Field(min_length=1, max_length=300, description="T.ex. `Övriga frågor`")


class ReturnIn(InputSchema):
    comment: str = Field(description="Vad som behöver ändras; går till sekreteraren")


class AddendumIn(InputSchema):
    title: str = Field("", max_length=300, description="Rubriken; `Rättelse` om den utelämnas")
    text: str = Field(description="Rättelsen")


# --- Publication holds -----------------------------------------------------------


class HoldOut(Schema):
    id: int
    minutes: int = Field(validation_alias="minutes_id")
    found: str = Field(description="Det som ser ut som ett personnummer")
    kind: str = Field(description="`personnummer` eller `samordningsnummer`")
    context: str = Field(description="Raden där det står")
    resolution: Resolution = Field(
        description="`mask` maskeras i den publicerade versionen, `publish` får publiceras, "
        "tom om ingen har tagit ställning"
    )
    resolved_by: str | None = Field(description="Vem som tog ställning")
    resolved_at: LocalDateTime | None
    note: str

    @staticmethod
    def resolve_resolved_by(obj: PublicationHold) -> str | None:
        user = obj.resolved_by
        if user is None:
            return None
        return user.get_full_name() or user.get_username()


class HoldResolvedOut(HoldOut):
    minutes_published_at: LocalDateTime | None = Field(
        validation_alias="minutes.published_at",
        description="Satt när den sista träffen är behandlad och anteckningarna publicerades",
    )


class HoldResolveIn(InputSchema):
    resolution: Literal["mask", "publish"] = Field(
        description="`mask`: maskeras i den publicerade versionen; `publish`: inte ett "
        "personnummer, eller får publiceras"
    )
    note: str = Field("", max_length=300)


# --- Open actions ----------------------------------------------------------------


class OpenActionOut(ActionOut):
    # Read from `MinutesAction`; an `ActionOut` in minutes is read from `shown.ShownAction`.
    owner: int | None = Field(
        validation_alias="owner_id", description="Ansvarig (person), om den finns i registret"
    )
    owner_name: str = Field(
        validation_alias="owner_label", description="Den ansvariges namn, även utanför registret"
    )
    minutes: int = Field(
        validation_alias="item.minutes_id",
        description="Minnesanteckningarna där åtgärden beslutades",
    )
    meeting_day: datetime.date
    overdue: bool = Field(description="Sista dagen har passerat")

    @staticmethod
    def resolve_meeting_day(obj: MinutesAction) -> datetime.date:
        return meeting_day(obj.item.minutes.meeting)

    @staticmethod
    def resolve_overdue(obj: MinutesAction) -> bool:
        return obj.due_on < local_today()
