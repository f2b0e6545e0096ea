"""Memberships: who sits in a body, for which principal, in which role and for how long."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import ProtectedError

from samverkan.audit.services import record_create, record_delete, record_update, snapshot
from samverkan.lib.errors import DomainError, refuse_stale, reject_unknown_fields
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.structure.models import Body, Membership, Person, Principal, Role
from samverkan.structure.rules import (
    Violation,
    membership_violations,
    principal_outside_structure,
)
from samverkan.structure.selectors import current_charter
from samverkan.structure.services.saving import save_locked


def _refuse_violations(violations: list[Violation], prefix: str = "") -> None:
    if violations:
        errors: dict[str, list[str]] = {}
        for violation in violations:
            errors.setdefault(violation.field, []).append(prefix + violation.message)
        first = violations[0]
        raise DomainError(prefix + first.message, field=first.field, errors=errors)


def _check_membership(membership: Membership) -> None:
    body = membership.body
    if membership.start and membership.end and membership.end < membership.start:
        raise DomainError("Slutdatum ligger före startdatum.", field="end")
    outside = principal_outside_structure(membership.principal, body.structure.region)
    if outside:
        raise DomainError(outside, field="principal")
    if membership.ex_officio_for is not None and (
        membership.ex_officio_for.structure_id != body.structure_id
    ):
        raise DomainError("Gruppen hör till en annan struktur.", field="ex_officio_for")
    others = list(
        Membership.objects.filter(body=body)
        .exclude(pk=membership.pk)
        .select_related("person", "principal")
    )
    charter = current_charter(body)
    _refuse_violations(
        membership_violations(charter=charter, memberships=others, changed=membership)
    )
    # A seat that changes must still suit the substitutes who stand in for it.
    if membership.pk is not None:
        for sub in others:
            if sub.substitute_for_id == membership.pk:
                sub.substitute_for = membership
                rest = [m for m in others if m.pk != sub.pk] + [membership]
                found = membership_violations(charter=charter, memberships=rest, changed=sub)
                _refuse_violations(
                    [v for v in found if v.field in {"substitute_for", "principal"}],
                    prefix=f"Ersättaren {sub.person}: ",
                )


@transaction.atomic
def membership_create(
    *,
    by: User | None,
    body: Body,
    person: Person,
    role: str,
    principal: Principal,
    substitute_for: Membership | None = None,
    function: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    nominated_by: str = "",
    ex_officio_for: Body | None = None,
) -> Membership:
    # Lock the body so that two concurrent additions are checked one after the other.
    Body.objects.select_for_update().filter(pk=body.pk).first()
    membership = Membership(
        body=body,
        person=person,
        role=role,
        principal=principal,
        substitute_for=substitute_for,
        function=function,
        start=start,
        end=end,
        nominated_by=nominated_by,
        ex_officio_for=ex_officio_for,
    )
    _check_membership(membership)
    membership.save()
    record_create(by=by, obj=membership)
    return membership


MEMBERSHIP_FIELDS = (
    "ex_officio_for",
    "role",
    "principal",
    "substitute_for",
    "function",
    "start",
    "end",
    "nominated_by",
    "end_reason",
)


@transaction.atomic
def membership_update(
    *, by: User | None, membership: Membership, expected_version: int | None, **changes: Any
) -> Membership:
    reject_unknown_fields(changes, MEMBERSHIP_FIELDS)
    Body.objects.select_for_update().filter(pk=membership.body_id).first()
    candidate = Membership.objects.select_related("body", "person", "principal").get(
        pk=membership.pk
    )
    refuse_stale(
        current=candidate.lock_version,
        expected=expected_version,
        message=(
            "Någon annan har ändrat uppdraget sedan du öppnade det (nu: "
            f"{candidate.get_role_display().lower()} för {candidate.principal}, "
            f"från {candidate.start or 'okänt datum'}"
            f"{f' till och med {candidate.end}' if candidate.end else ', tills vidare'}). "
            "Dina ändringar sparades inte; ladda om och gör om dem."
        ),
    )
    before = snapshot(candidate)
    for name, value in changes.items():
        setattr(candidate, name, value)
    _check_membership(candidate)
    fields = {name: getattr(candidate, name) for name in changes}
    save_locked(candidate, expected_version=candidate.lock_version, fields=fields)
    record_update(by=by, obj=candidate, before=before)
    return candidate


def membership_end(
    *,
    by: User | None,
    membership: Membership,
    on: datetime.date,
    reason: str = "",
    expected_version: int | None = None,
) -> Membership:
    """End a membership; it stays in the history, it is never deleted."""
    if membership.start and on < membership.start:
        raise DomainError("Ett uppdrag kan inte avslutas före sitt startdatum.", field="end")
    if membership.end and membership.end < on:
        raise DomainError(f"Uppdraget avslutades redan {membership.end}.", field="end")
    return membership_update(
        membership=membership, by=by, expected_version=expected_version, end=on, end_reason=reason
    )


@transaction.atomic
def membership_withdraw(
    *,
    by: User | None,
    membership: Membership,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> None:
    """Remove a planned appointment before it starts: it never held, so it is no part of the
    body's history; the audit trail keeps what it was. One that has started is ended."""
    today = today or local_today()
    Body.objects.select_for_update().filter(pk=membership.body_id).first()
    current = Membership.objects.select_related("body", "person", "principal").get(pk=membership.pk)
    refuse_stale(
        current=current.lock_version,
        expected=expected_version,
        message="Någon annan har ändrat uppdraget sedan du öppnade det; ladda om sidan.",
    )
    if current.start is None or current.start <= today:
        raise DomainError(
            "Bara ett planerat uppdrag som inte har börjat kan tas bort; "
            "ett uppdrag som har börjat avslutas i stället och finns kvar i historiken.",
            field="start",
        )
    waiting = list(current.substitutes.select_related("person"))
    if waiting:
        names = ", ".join(str(m.person) for m in waiting)
        raise DomainError(
            f"{names} är ersättare för det planerade uppdraget; ta bort eller ändra "
            "ersättaruppdraget först.",
            field="substitute_for",
        )
    record_delete(by=by, obj=current, note="Planerat uppdrag borttaget innan det började.")
    try:
        current.delete()
    except ProtectedError:
        raise DomainError(
            "Uppdraget används redan på andra ställen och kan inte tas bort; avsluta det i stället.",
            field="start",
        ) from None


class SubstituteChoice:
    """What becomes of the ended member's substitutes when a member is replaced."""

    KEEP = "keep"  # they stand in for the successor from the same day
    END = "end"  # their appointment ends with the member's
    OTHER = "other"  # theirs ends, and another person stands in for the successor

    ALL = (KEEP, END, OTHER)


@dataclass
class Replacement:
    ended: Membership
    successor: Membership
    substitutes: list[Membership]  # the substitutes' appointments that were made or ended


@transaction.atomic
def membership_replace(
    *,
    by: User | None,
    membership: Membership,
    successor: Person,
    last_day: datetime.date,
    substitutes: str = SubstituteChoice.KEEP,
    substitute_person: Person | None = None,
    reason: str = "",
    role: str | None = None,
    principal: Principal | None = None,
    function: str | None = None,
    nominated_by: str = "",
    expected_version: int | None = None,
) -> Replacement:
    """End one appointment on `last_day` and start the successor's the day after, in one
    step: either both are saved or neither. The successor takes the seat's role, principal
    and function unless others are given; the substitutes follow `substitutes`."""
    if substitutes not in SubstituteChoice.ALL:
        raise DomainError("Välj vad som händer med ersättaren.", field="substitutes")
    if substitutes == SubstituteChoice.OTHER and substitute_person is None:
        raise DomainError(
            "Välj vem som blir ersättare för efterträdaren.", field="substitute_person"
        )
    if successor.pk == membership.person_id:
        raise DomainError("Efterträdaren är samma person som ledamoten.", field="successor")
    first_day = last_day + datetime.timedelta(days=1)
    # The seat's substitutes as they are before the seat ends; ending it checks the rest.
    standing_in = [
        m
        for m in Membership.objects.filter(substitute_for=membership).select_related("person")
        if m.end is None or m.end > last_day
    ]
    ended = membership_end(
        by=by,
        membership=membership,
        on=last_day,
        reason=reason or f"Ersatt av {successor} från {date_text(first_day)}.",
        expected_version=expected_version,
    )
    role = role or ended.role
    new = membership_create(
        by=by,
        body=ended.body,
        person=successor,
        role=role,
        principal=principal or ended.principal,
        substitute_for=ended.substitute_for if role == Role.SUBSTITUTE else None,
        function=ended.function if function is None else function,
        start=first_day,
        nominated_by=nominated_by,
    )
    touched: list[Membership] = []
    for sub in standing_in:
        started_later = sub.start is not None and sub.start > last_day
        if started_later:
            # Planned to start after the seat ends: it moves to the successor as it is.
            if substitutes == SubstituteChoice.KEEP:
                touched.append(
                    membership_update(
                        by=by, membership=sub, expected_version=None, substitute_for=new
                    )
                )
            else:
                membership_withdraw(by=by, membership=sub, today=last_day)
            continue
        touched.append(
            membership_end(
                by=by,
                membership=sub,
                on=last_day,
                reason=f"Ledamoten {ended.person} ersattes av {successor}.",
            )
        )
        if substitutes == SubstituteChoice.KEEP:
            touched.append(_substitute(by=by, seat=new, person=sub.person, function=sub.function))
    if substitutes == SubstituteChoice.OTHER and substitute_person is not None:
        touched.append(_substitute(by=by, seat=new, person=substitute_person, function=""))
    return Replacement(ended=ended, successor=new, substitutes=touched)


def _substitute(*, by: User | None, seat: Membership, person: Person, function: str) -> Membership:
    return membership_create(
        by=by,
        body=seat.body,
        person=person,
        role=Role.SUBSTITUTE,
        principal=seat.principal,
        substitute_for=seat,
        function=function,
        start=seat.start,
    )
