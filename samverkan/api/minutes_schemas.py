"""Request and response shapes of the minutes API, and how a response is built.

The conventions are those of `samverkan.api.schemas`: references are ids under the
field's own name with a `<field>_name` beside them, input schemas forbid unknown fields,
PATCH and PUT apply only what the client sends, and times are in Europe/Stockholm.

A caller who sees minutes only because they are published (anyone outside the body's
writers, members and approvers) gets the public view: every text with the personnummer
that were masked before publication replaced by `render.MASK`, and no approvers'
comments (those are the approval's working notes, not part of the minutes). The detail
is therefore built as plain data here (`minutes_detail`), not by resolvers on the model.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Schema

from samverkan.api.schemas import Id, InputSchema, omittable
from samverkan.lib.localtime import STOCKHOLM, meeting_day
from samverkan.minutes.models import (
    ApprovalDecision,
    ApproverRole,
    EntryKind,
    FollowUpOutcome,
    HoldResolution,
    Minutes,
    MinutesAction,
    MinutesApprover,
    MinutesItem,
    MinutesStatus,
    PublicationHold,
)
from samverkan.minutes.render import mask, title_of
from samverkan.structure.models import MinutesApproval, Person

ApprovalRule = MinutesApproval | Literal[""]
Resolution = HoldResolution


def _stockholm(value: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(value, STOCKHOLM) if value is not None else None


# --- Minutes -------------------------------------------------------------------


class MinutesFields(Schema):
    id: int
    title: str = Field(
        description="`Minnesanteckningar` eller, för en rättelse, `Tillägg till minnesanteckningar`"
    )
    meeting: int
    meeting_day: datetime.date = Field(description="Mötesdagen")
    meeting_starts_at: datetime.datetime = Field(description="Europe/Stockholm")
    body: int
    body_name: str
    structure: str = Field(description="Strukturens slug")
    status: MinutesStatus = Field(
        description="`draft` utkast, `pending` väntar på justering, `returned` återsänd för "
        "ändring, `approved` justerad (och då aldrig mer ändrad)"
    )
    public: bool = Field(description="Uppdragsbeskrivningen gör anteckningarna offentliga")
    published: bool = Field(
        description="Publicerade: justerade, offentliga och utan obehandlade personnummer"
    )
    addendum_to: int | None = Field(description="Minnesanteckningarna som tillägget rättar")
    submitted_at: datetime.datetime | None = Field(description="Skickade för justering")
    approved_at: datetime.datetime | None
    published_at: datetime.datetime | None
    sha256: str = Field(
        description="SHA-256 av den justerade texten (`/minutes/{id}/text`, UTF-8); tom före "
        "justering"
    )
    lock_version: int
    updated_at: datetime.datetime


class MinutesOut(MinutesFields):
    @staticmethod
    def resolve_id(obj: Minutes) -> int:
        return obj.pk

    @staticmethod
    def resolve_title(obj: Minutes) -> str:
        return title_of(obj)

    @staticmethod
    def resolve_meeting(obj: Minutes) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_meeting_day(obj: Minutes) -> datetime.date:
        return meeting_day(obj.meeting)

    @staticmethod
    def resolve_meeting_starts_at(obj: Minutes) -> datetime.datetime | None:
        return _stockholm(obj.meeting.starts_at)

    @staticmethod
    def resolve_body(obj: Minutes) -> int:
        return obj.meeting.body_id

    @staticmethod
    def resolve_body_name(obj: Minutes) -> str:
        return obj.meeting.body.name

    @staticmethod
    def resolve_structure(obj: Minutes) -> str:
        return obj.meeting.body.structure.slug

    @staticmethod
    def resolve_published(obj: Minutes) -> bool:
        return bool(obj.status == MinutesStatus.APPROVED and obj.public and obj.published_at)

    @staticmethod
    def resolve_addendum_to(obj: Minutes) -> int | None:
        return obj.addendum_to_id

    @staticmethod
    def resolve_submitted_at(obj: Minutes) -> datetime.datetime | None:
        return _stockholm(obj.submitted_at)

    @staticmethod
    def resolve_approved_at(obj: Minutes) -> datetime.datetime | None:
        return _stockholm(obj.approved_at)

    @staticmethod
    def resolve_published_at(obj: Minutes) -> datetime.datetime | None:
        return _stockholm(obj.published_at)

    @staticmethod
    def resolve_updated_at(obj: Minutes) -> datetime.datetime | None:
        return _stockholm(obj.updated_at)


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
    requested_at: datetime.datetime | None
    decided_at: datetime.datetime | None


class MinutesDetailOut(MinutesFields):
    approval_rule: ApprovalRule = Field(
        description="Uppdragsbeskrivningens regel för justering när anteckningarna skickades"
    )
    taken_by: int | None = Field(description="Sekreterare (person)")
    taken_by_name: str | None
    chaired_by: int | None = Field(description="Ordförande vid mötet (person)")
    chaired_by_name: str | None
    adjuster: int | None = Field(description="Justeringsperson (person)")
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


def _person(person: Person | None, found: list[str]) -> tuple[int | None, str | None]:
    if person is None:
        return None, None
    return person.pk, mask(person.full_name, found)


def item_detail(item: MinutesItem, found: list[str]) -> dict[str, Any]:
    """An item with its parts as ItemOut data; `found` are the strings to mask."""
    return {
        "id": item.pk,
        "minutes": item.minutes_id,
        "position": item.position,
        "agenda_item": item.agenda_item_id,
        "title": mask(item.title, found),
        "notes": mask(item.notes, found),
        "follows_up_previous": item.follows_up_previous,
        "lock_version": item.lock_version,
        "entries": [
            {"kind": e.kind, "kind_label": str(e.get_kind_display()), "text": mask(e.text, found)}
            for e in item.entries.all()
        ],
        "actions": [action_detail(a, found) for a in item.actions.all()],
        "follow_ups": [
            {
                "action_id": f.action_id,
                "action_text": mask(f.action.text, found),
                "action_owner_name": mask(f.action.owner_label, found),
                "action_due_on": f.action.due_on,
                "action_meeting_day": meeting_day(f.action.item.minutes.meeting),
                "outcome": f.outcome,
                "note": mask(f.note, found),
            }
            for f in item.follow_ups.all()
        ],
    }


def action_detail(action: MinutesAction, found: Iterable[str] = ()) -> dict[str, Any]:
    found = list(found)
    return {
        "id": action.pk,
        "text": mask(action.text, found),
        "owner": action.owner_id,
        "owner_name": mask(action.owner_label, found),
        "due_on": action.due_on,
    }


def approver_detail(approver: MinutesApprover, *, public_view: bool) -> dict[str, Any]:
    return {
        "round": approver.round,
        "role": approver.role,
        "person": approver.person_id,
        "person_name": approver.person.full_name,
        "decision": approver.decision,
        "comment": "" if public_view else approver.comment,
        "requested_at": _stockholm(approver.requested_at),
        "decided_at": _stockholm(approver.decided_at),
    }


def minutes_detail(
    minutes: Minutes,
    *,
    items: list[MinutesItem],
    approvers: list[MinutesApprover],
    addenda: list[int],
    allowed_kinds: Iterable[str],
    verified: bool | None,
    found: list[str],
    public_view: bool,
    open_holds: int,
) -> dict[str, Any]:
    """MinutesDetailOut data; in the public view `found` are masked everywhere."""
    shown = found if public_view else []
    taken_by, taken_by_name = _person(minutes.taken_by, shown)
    chaired_by, chaired_by_name = _person(minutes.chaired_by, shown)
    adjuster, adjuster_name = _person(minutes.adjuster, shown)
    return {
        **MinutesOut.from_orm(minutes).model_dump(),
        "approval_rule": minutes.approval_rule,
        "taken_by": taken_by,
        "taken_by_name": taken_by_name,
        "chaired_by": chaired_by,
        "chaired_by_name": chaired_by_name,
        "adjuster": adjuster,
        "adjuster_name": adjuster_name,
        "attendance": [
            {
                "name": mask(str(row.get("name", "")), shown),
                "role": str(row.get("role", "")),
                "principal": str(row.get("principal", "")),
                "present": bool(row.get("present", True)),
                "stands_in_for": mask(str(row.get("stands_in_for", "")), shown),
            }
            for row in minutes.attendance
        ],
        "notes": mask(minutes.notes, shown),
        "items": [item_detail(item, shown) for item in items],
        "approvers": [approver_detail(a, public_view=public_view) for a in approvers],
        "addenda": addenda,
        "allowed_entry_kinds": [kind for kind in EntryKind.values if kind in allowed_kinds],
        "verified": verified,
        "masked": public_view and bool(found),
        "open_holds": open_holds,
    }


class MinutesPatch(InputSchema):
    """Only the fields sent are changed; `null` clears a person."""

    lock_version: int = Field(description="Versionen du läste; krävs för optimistisk låsning")
    taken_by: Id | None = Field(None, description="Sekreterare (person)")
    chaired_by: Id | None = Field(None, description="Ordförande vid mötet (person)")
    adjuster: Id | None = Field(
        None,
        description="Justeringsperson: en annan än ordföranden, som sitter i gruppen eller "
        "deltog i mötet",
    )
    notes: str = omittable(description="Övrigt")


class LockVersionIn(InputSchema):
    lock_version: int = Field(description="Versionen du läste; krävs för optimistisk låsning")


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

    lock_version: int = Field(description="Punktens version som du läste")
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
    minutes: int
    found: str = Field(description="Det som ser ut som ett personnummer")
    kind: str = Field(description="`personnummer` eller `samordningsnummer`")
    context: str = Field(description="Raden där det står")
    resolution: Resolution = Field(
        description="`mask` maskeras i den publicerade versionen, `publish` får publiceras, "
        "tom om ingen har tagit ställning"
    )
    resolved_by: str | None = Field(description="Vem som tog ställning")
    resolved_at: datetime.datetime | None
    note: str

    @staticmethod
    def resolve_id(obj: PublicationHold) -> int:
        return obj.pk

    @staticmethod
    def resolve_minutes(obj: PublicationHold) -> int:
        return obj.minutes_id

    @staticmethod
    def resolve_resolved_by(obj: PublicationHold) -> str | None:
        user = obj.resolved_by
        if user is None:
            return None
        return user.get_full_name() or user.get_username()

    @staticmethod
    def resolve_resolved_at(obj: PublicationHold) -> datetime.datetime | None:
        return _stockholm(obj.resolved_at)


class HoldResolvedOut(HoldOut):
    minutes_published_at: datetime.datetime | None = Field(
        description="Satt när den sista träffen är behandlad och anteckningarna publicerades"
    )

    @staticmethod
    def resolve_minutes_published_at(obj: PublicationHold) -> datetime.datetime | None:
        return _stockholm(obj.minutes.published_at)


class HoldResolveIn(InputSchema):
    resolution: Literal["mask", "publish"] = Field(
        description="`mask`: maskeras i den publicerade versionen; `publish`: inte ett "
        "personnummer, eller får publiceras"
    )
    note: str = Field("", max_length=300)


# --- Open actions ----------------------------------------------------------------


class OpenActionOut(ActionOut):
    minutes: int = Field(description="Minnesanteckningarna där åtgärden beslutades")
    meeting_day: datetime.date
    overdue: bool = Field(description="Sista dagen har passerat")
