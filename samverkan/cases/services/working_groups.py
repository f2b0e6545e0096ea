"""Working groups and preparation committees that a body creates, often for an assignment.

The group is a body of its own under the creating body, made through the structure's
`body_create`; its members are memberships made through `membership_create`, the same
checks as anywhere in the structure. What a working group has beyond that is a
`WorkingGroup` row: who created it, for which assignment, and when it must next be reviewed
(004: "ses över minst en gång per år" for working groups, every second year for preparation
committees; the creating body's charter may say `working_groups_review_months`). Someone
from outside the structure (a person for an "Annan organisation") may be a member only where
the creating body's charter allows it (002: `working_groups_may_include_outsiders`).
"""

from __future__ import annotations

import calendar
import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from samverkan.audit.registry import track
from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.cases.models import Assignment, WorkingGroup
from samverkan.lib.errors import DomainError, refuse_stale, sync_saved
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.lib.textcheck import check_text
from samverkan.structure.models import (
    Body,
    BodyKind,
    Charter,
    Duration,
    Mandate,
    Membership,
    Person,
    Principal,
    PrincipalKind,
    Role,
)
from samverkan.structure.services import (
    body_create,
    membership_create,
    person_create,
    principal_create,
)
from samverkan.structure.services.history import structure_of_body

WORKING_GROUP_KINDS = (BodyKind.WORKING_GROUP, BodyKind.PREPARATION_COMMITTEE)
# 004: working groups are reviewed at least yearly, preparation committees every second year.
DEFAULT_REVIEW_MONTHS = {BodyKind.WORKING_GROUP: 12, BodyKind.PREPARATION_COMMITTEE: 24}
STALE = (
    "Någon annan har ändrat arbetsgruppen sedan du öppnade den. Ladda om sidan och försök "
    "igen; inget sparades."
)

track(
    WorkingGroup,
    key="working_group",
    label="Arbetsgrupp",
    fields={
        "created_by_body": "Tillsatt av",
        "assignment": "Uppdrag",
        "review_on": "Ses över senast",
        "reviewed_on": "Senast översedd",
    },
    structure=structure_of_body,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day where it is shorter (31 → 30)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_months(created_by: Body, kind: str) -> int:
    """How often a group of this kind created by `created_by` must at least be reviewed."""
    charter = Charter.objects.in_force().filter(body=created_by).first()
    if charter is not None and charter.working_groups_review_months:
        return charter.working_groups_review_months
    return DEFAULT_REVIEW_MONTHS.get(kind, 12)  # type: ignore[call-overload]


def _check_review_on(
    review_on: datetime.date, *, today: datetime.date, months: int, field: str
) -> None:
    latest = add_months(today, months)
    if review_on <= today:
        raise DomainError("Nästa översyn ska ligga efter i dag.", field=field)
    if review_on > latest:
        raise DomainError(
            f"Gruppen ska ses över minst var {months}:e månad: välj ett datum senast "
            f"{date_text(latest)}.",
            field=field,
        )


@transaction.atomic
def working_group_create(
    *,
    by: User | None,
    created_by: Body,
    name: str,
    kind: str = BodyKind.WORKING_GROUP,
    duration: str = Duration.LASTING,
    end_date: datetime.date | None = None,
    review_on: datetime.date | None = None,
    assignment: Assignment | None = None,
    description: str = "",
    short_name: str = "",
    today: datetime.date | None = None,
) -> WorkingGroup:
    """Create a working group (or a preparation committee) under `created_by`."""
    today = today or local_today()
    if kind not in WORKING_GROUP_KINDS:
        raise DomainError("Välj arbetsgrupp eller beredning.", field="kind")
    if duration not in Duration.values:
        raise DomainError("Välj stående eller tillfällig.", field="duration")
    name = check_text((name or "").strip(), field="name", max_length=200)
    if not name:
        raise DomainError("Ge gruppen ett namn.", field="name")
    if duration == Duration.TEMPORARY and end_date is None:
        raise DomainError("En tillfällig grupp behöver ett slutdatum.", field="end_date")
    if end_date is not None and end_date <= today:
        raise DomainError("Slutdatumet ska ligga efter i dag.", field="end_date")
    if assignment is not None:
        if assignment.structure_id != created_by.structure_id or (
            created_by.pk not in (assignment.given_by_id, assignment.to_body_id)
        ):
            raise DomainError(
                f"Uppdraget är varken givet av eller till {created_by.name}.", field="assignment"
            )
    months = review_months(created_by, kind)
    if review_on is None:
        review_on = add_months(today, months)
    else:
        _check_review_on(review_on, today=today, months=months, field="review_on")
    body = body_create(
        by=by,
        structure=created_by.structure,
        name=name,
        short_name=check_text((short_name or "").strip(), field="short_name", max_length=40),
        kind=kind,
        level=created_by.level,
        parent=created_by,
        municipality=created_by.municipality,
        mandate=Mandate.NOT_DECISION_MAKING,
        duration=duration,
        end_date=end_date,
        description=check_text((description or "").strip(), field="description"),
    )
    group = WorkingGroup.objects.create(
        body=body, created_by_body=created_by, assignment=assignment, review_on=review_on
    )
    record_create(by=by, obj=group)
    return group


@transaction.atomic
def working_group_reviewed(
    *,
    by: User | None,
    working_group: WorkingGroup,
    expected_version: int | None = None,
    next_review_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> WorkingGroup:
    """The creating body has reviewed the group: record it and set the next review date
    (by default one review interval from today)."""
    today = today or local_today()
    fresh = (
        WorkingGroup.objects.select_for_update(of=("self",))
        .select_related("body")
        .get(pk=working_group.pk)
    )
    refuse_stale(current=fresh.lock_version, expected=expected_version, message=STALE)
    months = review_months(working_group.created_by_body, fresh.body.kind)
    if next_review_on is None:
        next_review_on = add_months(today, months)
    else:
        _check_review_on(next_review_on, today=today, months=months, field="next_review_on")
    before = snapshot(fresh)
    fresh.reviewed_on = today
    fresh.review_on = next_review_on
    fresh.lock_version += 1
    fresh.save()
    record_update(by=by, obj=fresh, before=before)
    sync_saved(working_group, fresh)
    return working_group


def _check_outsider(working_group: WorkingGroup, principal: Principal) -> None:
    if principal.kind != PrincipalKind.ORGANISATION:
        return
    creator = working_group.created_by_body
    charter = Charter.objects.in_force().filter(body=creator).first()
    if charter is None or not charter.working_groups_may_include_outsiders:
        raise DomainError(
            f"Uppdragsbeskrivningen för {creator.name} säger inte att dess arbetsgrupper får "
            "ha med personer utanför strukturen; välj regionen eller en kommun.",
            field="principal",
        )


@transaction.atomic
def working_group_add_member(
    *,
    by: User | None,
    working_group: WorkingGroup,
    person: Person,
    principal: Principal,
    role: str = Role.MEMBER,
    function: str = "",
    start: datetime.date | None = None,
) -> Membership:
    """A member of the group, through the structure's own membership rules."""
    _check_outsider(working_group, principal)
    return membership_create(
        by=by,
        body=working_group.body,
        person=person,
        role=role,
        principal=principal,
        function=check_text((function or "").strip(), field="function", max_length=200),
        start=start or local_today(),
    )


@transaction.atomic
def working_group_add_outsider(
    *,
    by: User | None,
    working_group: WorkingGroup,
    first_name: str,
    last_name: str,
    email: str = "",
    organisation: Principal | None = None,
    organisation_name: str = "",
    function: str = "",
    start: datetime.date | None = None,
) -> Membership:
    """A person from outside the structure, new to the system, for an organisation (an
    existing one, or a new one by name)."""
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not first_name or not last_name:
        raise DomainError("Ange personens förnamn och efternamn.", field="first_name")
    if organisation is None:
        organisation_name = (organisation_name or "").strip()
        if not organisation_name:
            raise DomainError("Välj eller skriv organisationen.", field="organisation_name")
        organisation = Principal.objects.filter(
            kind=PrincipalKind.ORGANISATION, name__iexact=organisation_name
        ).first()
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError("Ange en giltig e-postadress.", field="email") from None
    if organisation is not None and organisation.kind != PrincipalKind.ORGANISATION:
        raise DomainError(
            "Välj en annan organisation än en region eller kommun.", field="organisation"
        )
    # Refused before anything is made, so that a refusal leaves no stray person behind.
    _check_outsider(working_group, organisation or Principal(kind=PrincipalKind.ORGANISATION))
    if organisation is None:
        organisation = principal_create(
            by=by,
            kind=PrincipalKind.ORGANISATION,
            name=check_text(organisation_name, field="organisation_name", max_length=200),
        )
    person = person_create(
        by=by,
        first_name=check_text(first_name, field="first_name", max_length=100),
        last_name=check_text(last_name, field="last_name", max_length=100),
        email=email,
        employer=organisation,
    )
    return working_group_add_member(
        by=by,
        working_group=working_group,
        person=person,
        principal=organisation,
        function=function,
        start=start,
    )
