"""What the charter and the minutes' state allow: entry kinds, approvers, whether to edit."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import meeting_day
from samverkan.minutes.models import (
    EDITABLE_STATUSES,
    ApproverRole,
    EntryKind,
    Minutes,
    MinutesStatus,
)
from samverkan.structure.models import (
    Body,
    Charter,
    Mandate,
    Membership,
    MinutesApproval,
    Person,
    Role,
)

STALE = (
    "Någon annan har sparat minnesanteckningarna sedan du öppnade dem. Det du skrev finns "
    "kvar i formuläret; jämför med den sparade versionen och spara igen."
)
STALE_ITEM = (
    "Någon annan har sparat den här punkten sedan du öppnade den. Det du skrev finns kvar i "
    "formuläret; jämför med den sparade versionen och spara igen."
)
FROZEN = (
    "Minnesanteckningarna är justerade och kan inte ändras. En rättelse görs som ett "
    "tillägg, som justeras för sig."
)
NOT_DECIDING = (
    "{body} är inte beslutsfattande enligt uppdragsbeskrivningen och kan inte fatta beslut "
    "eller rekommendera huvudmännen. Skriv i stället förslag eller återkoppling till "
    "uppdragsgivaren{parent}."
)

# Entry kinds each mandate may record.
KINDS_BY_MANDATE: dict[str, frozenset[str]] = {
    Mandate.DECIDES: frozenset(EntryKind),
    Mandate.RECOMMENDS: frozenset(EntryKind),
    Mandate.NOT_DECISION_MAKING: frozenset(
        {EntryKind.PROPOSAL, EntryKind.FEEDBACK, EntryKind.INFORMATION}
    ),
}


# --- Reading the charter ----------------------------------------------------------


def allowed_entry_kinds(body: Body) -> frozenset[str]:
    return KINDS_BY_MANDATE.get(body.mandate, frozenset(EntryKind))


def not_deciding_text(body: Body) -> str:
    parent = f" ({body.parent.name})" if body.parent_id and body.parent else ""
    return NOT_DECIDING.format(body=body.name, parent=parent)


def role_holder(body: Body, role: str, day: datetime.date) -> Person | None:
    membership = (
        Membership.objects.active_on(day)
        .filter(body=body, role=role)
        .select_related("person", "person__user")
        .first()
    )
    return membership.person if membership else None


@dataclass(frozen=True)
class ApproverSlot:
    role: str
    person: Person | None
    missing: str  # why the slot has nobody, in Swedish

    @property
    def label(self) -> str:
        return str(ApproverRole(self.role).label)


def approver_slots(
    minutes: Minutes, rule: str, *, holders: Mapping[str, Person | None] | None = None
) -> list[ApproverSlot]:
    """Who must approve by the charter's rule, for this meeting; an empty list for no approval.

    `holders`: the chair and vice chair on the meeting's day, by role, if the caller has read
    them (`working_page.page_people`); otherwise `role_holder` reads them."""
    body = minutes.meeting.body
    day = meeting_day(minutes.meeting)
    if holders is None:
        chair = minutes.chaired_by or role_holder(body, Role.CHAIR, day)
        vice = role_holder(body, Role.VICE_CHAIR, day)
    else:
        chair = minutes.chaired_by or holders[Role.CHAIR]
        vice = holders[Role.VICE_CHAIR]
    chair_slot = ApproverSlot(ApproverRole.CHAIR, chair, f"{body.name} har ingen ordförande.")
    vice_slot = ApproverSlot(
        ApproverRole.VICE_CHAIR, vice, f"{body.name} har ingen vice ordförande."
    )
    adjuster_slot = ApproverSlot(
        ApproverRole.ADJUSTER,
        minutes.adjuster,
        "Utse en justeringsperson för mötet innan minnesanteckningarna skickas för justering.",
    )
    slots: dict[str, list[ApproverSlot]] = {
        MinutesApproval.CHAIR_AND_ADJUSTER: [chair_slot, adjuster_slot],
        MinutesApproval.CHAIR_AND_VICE_CHAIR: [chair_slot, vice_slot],
        MinutesApproval.VICE_CHAIR: [vice_slot],
        MinutesApproval.CHAIR: [chair_slot],
    }
    return slots.get(rule, [])


def approval_rule_of(charter: Charter | None) -> str:
    return charter.minutes_approval if charter else MinutesApproval.NOT_STATED


# --- The minutes' state ---------------------------------------------------------------


def ensure_editable(minutes: Minutes) -> None:
    if minutes.status not in EDITABLE_STATUSES:
        if minutes.status == MinutesStatus.APPROVED:
            raise DomainError(FROZEN)
        raise DomainError(
            "Minnesanteckningarna väntar på justering och kan inte ändras nu. Be en av "
            "justerarna att återsända dem om något behöver ändras."
        )


def locked(minutes: Minutes) -> Minutes:
    """Re-read the minutes with a row lock, so a save and a status change never interleave."""
    return Minutes.objects.select_for_update().get(pk=minutes.pk)
