"""Memberships: who sits in a body, for which principal, in which role and for how long."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.lib.errors import DomainError, refuse_stale, reject_unknown_fields
from samverkan.structure.models import Body, Membership, Person, Principal
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
