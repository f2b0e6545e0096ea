"""Domain actions on the structure: one function per action, checks before writes.

Views, the API, management commands and tasks all call these; none of them
writes structure models directly.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from samverkan.lib.errors import (
    DomainError,
    refuse_stale,
    reject_unknown_fields,
    save_with_lock,
)
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    CompositionRule,
    Duration,
    Membership,
    Person,
    Principal,
    PrincipalKind,
    ReportingDuty,
    Role,
    RoleLink,
    StandingAgendaItem,
    Structure,
)
from samverkan.structure.rules import (
    Violation,
    membership_violations,
    principal_outside_structure,
)


def _apply(instance: Any, changes: dict[str, Any], *, exclude: list[str] | None = None) -> Any:
    """Set the changes, validate the fields and save: for objects without a lock version."""
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def current_charter(body: Body) -> Charter | None:
    return body.charters.in_force().first()


def _save_with_lock(instance: Any, *, expected_version: int | None, fields: dict[str, Any]) -> None:
    save_with_lock(
        instance,
        expected_version=expected_version,
        fields=fields,
        exclude=["structure", "body", "person", "principal", "parent"],
    )


# --- Memberships -----------------------------------------------------------


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
    for name, value in changes.items():
        setattr(candidate, name, value)
    _check_membership(candidate)
    fields = {name: getattr(candidate, name) for name in changes}
    _save_with_lock(candidate, expected_version=candidate.lock_version, fields=fields)
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


# --- Bodies ----------------------------------------------------------------


BODY_FIELDS = (
    "name",
    "short_name",
    "kind",
    "level",
    "parent",
    "municipality",
    "mandate",
    "duration",
    "end_date",
    "description",
)


def _check_body(body: Body) -> None:
    if body.parent is not None:
        if body.parent.structure_id != body.structure_id:
            raise DomainError("Uppdragsgivaren måste höra till samma struktur.", field="parent")
        ancestor: Body | None = body.parent
        while ancestor is not None:
            if body.pk is not None and ancestor.pk == body.pk:
                raise DomainError(
                    "En grupp kan inte vara sin egen uppdragsgivare, varken direkt eller via "
                    "en annan grupp.",
                    field="parent",
                )
            ancestor = ancestor.parent
    if body.municipality is not None:
        if body.municipality.kind != PrincipalKind.MUNICIPALITY:
            raise DomainError(f"{body.municipality} är ingen kommun.", field="municipality")
        region = body.structure.region
        if body.municipality.county_code != region.county_code:
            raise DomainError(
                f"{body.municipality} ligger inte i {region.name}s län.", field="municipality"
            )
    if body.duration == Duration.TEMPORARY and body.end_date is None:
        raise DomainError("En tillfällig grupp behöver ett slutdatum.", field="end_date")


def unique_body_key(structure: Structure, name: str) -> str:
    base = slugify(name)[:70] or "grupp"
    key, n = base, 2
    while Body.objects.filter(structure=structure, key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def body_create(*, by: User | None, structure: Structure, key: str = "", **fields: Any) -> Body:
    reject_unknown_fields(fields, BODY_FIELDS)
    if key and Body.objects.filter(structure=structure, key=key).exists():
        raise DomainError(f"Nyckeln {key} används redan i strukturen.", field="key")
    # A new body is shown after the structure's existing ones.
    last = Body.objects.filter(structure=structure).order_by("-position").first()
    body = Body(
        structure=structure,
        key=key or unique_body_key(structure, fields.get("name", "")),
        position=(last.position + 1) if last else 0,
        **fields,
    )
    _check_body(body)
    body.full_clean(exclude=["structure"])
    body.save()
    return body


@transaction.atomic
def body_update(
    *, by: User | None, body: Body, expected_version: int | None, **changes: Any
) -> Body:
    reject_unknown_fields(changes, BODY_FIELDS)
    fresh = Body.objects.select_for_update().get(pk=body.pk)
    refuse_stale(
        current=fresh.lock_version,
        expected=expected_version,
        message=(
            "Någon annan har ändrat gruppen sedan du öppnade den. Dina ändringar sparades inte; "
            "ladda om sidan och gör om dem."
        ),
    )
    for name, value in changes.items():
        setattr(fresh, name, value)
    _check_body(fresh)
    fresh.full_clean(exclude=["structure"])
    fresh.lock_version += 1
    fresh.save()
    return fresh


# --- Charters --------------------------------------------------------------


@transaction.atomic
def charter_update(
    *, by: User | None, charter: Charter, expected_version: int | None, **changes: Any
) -> Charter:
    """Edit a charter version in place (corrections, or a draft being written)."""
    fresh = Charter.objects.select_for_update().get(pk=charter.pk)
    merged = Charter.objects.get(pk=charter.pk)
    for name, value in changes.items():
        setattr(merged, name, value)
    _check_charter(merged)
    _save_with_lock(fresh, expected_version=expected_version, fields=changes)
    return fresh


@transaction.atomic
def charter_create_version(
    *,
    by: User | None,
    body: Body,
    version: str,
    based_on: Charter | None = None,
    expected_version: int | None = None,
    **values: Any,
) -> Charter:
    """A new version of the body's charter comes into force and replaces the current one."""
    if Charter.objects.filter(body=body, version=version).exists():
        raise DomainError(f"Versionen {version} finns redan för {body}.", field="version")
    previous = Charter.objects.select_for_update().in_force().filter(body=body).first()
    if previous is not None:
        refuse_stale(
            current=previous.lock_version,
            expected=expected_version,
            message="Någon annan har ändrat den gällande uppdragsbeskrivningen sedan du öppnade "
            "den. Den nya versionen sparades inte; ladda om sidan och gör om ändringarna.",
        )
    template = based_on or previous
    data: dict[str, Any] = {}
    if template is not None:
        for field in Charter._meta.concrete_fields:
            if field.name not in {"id", "body", "version", "status", "lock_version", "updated_at"}:
                data[field.attname] = getattr(template, field.attname)
    data.update(values)
    if previous is not None:
        previous.status = CharterStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
    charter = Charter(body=body, version=version, status=CharterStatus.IN_FORCE, **data)
    _check_charter(charter)
    charter.full_clean(exclude=["body"])
    charter.save()
    if template is not None:
        _copy_charter_children(template, charter)
    return charter


def _bump_charter(charter: Charter, expected_version: int | None) -> None:
    """Lock the charter and count its version up: its parts change with it."""
    fresh = Charter.objects.select_for_update().get(pk=charter.pk)
    refuse_stale(
        current=fresh.lock_version,
        expected=expected_version,
        message=(
            "Någon annan har ändrat uppdragsbeskrivningen sedan du öppnade den. "
            "Dina ändringar sparades inte; ladda om sidan och gör om dem."
        ),
    )
    charter.lock_version = fresh.lock_version + 1
    Charter.objects.filter(pk=charter.pk).update(
        lock_version=charter.lock_version, updated_at=timezone.now()
    )


@transaction.atomic
def charter_set_standing_items(
    *,
    by: User | None,
    charter: Charter,
    items: list[tuple[str, str]],
    expected_version: int | None = None,
) -> None:
    """Replace the standing agenda items: (title, condition) pairs in their order.

    An item keeps its "reviews previous minutes" mark when its title stays the same.
    """
    existing = list(charter.standing_items.all())
    current = [(i.title, i.condition) for i in existing]
    if current == items:
        return
    reviewing = {i.title for i in existing if i.reviews_previous_minutes}
    for index, (title, _condition) in enumerate(items):
        if not title.strip():
            raise DomainError(f"Punkt {index + 1} saknar rubrik.", field="standing_items")
    _bump_charter(charter, expected_version)
    charter.standing_items.all().delete()
    StandingAgendaItem.objects.bulk_create(
        StandingAgendaItem(
            charter=charter,
            position=index,
            title=title.strip(),
            condition=condition,
            reviews_previous_minutes=title.strip() in reviewing,
        )
        for index, (title, condition) in enumerate(items)
    )


COMPOSITION_FIELDS = (
    "principal_kind",
    "principal",
    "per_principal",
    "min_count",
    "max_count",
    "with_substitutes",
    "role",
    "functions",
    "appointed_by",
    "optional",
)


@transaction.atomic
def charter_set_composition(
    *,
    by: User | None,
    charter: Charter,
    rules: list[dict[str, Any]],
    expected_version: int | None = None,
) -> None:
    """Replace the seats per principal that the charter sets out."""
    region = charter.body.structure.region
    rows = []
    for index, values in enumerate(rules):
        reject_unknown_fields(values, COMPOSITION_FIELDS)
        row = CompositionRule(charter=charter, position=index, **values)
        where = f"Rad {index + 1}: "
        if bool(row.principal_kind) == bool(row.principal_id):
            raise DomainError(
                where + "ange antingen en sorts huvudman eller en namngiven huvudman.",
                field="composition",
            )
        if (
            row.min_count is not None
            and row.max_count is not None
            and row.min_count > row.max_count
        ):
            raise DomainError(where + "minsta antal är större än högsta.", field="composition")
        if row.principal is not None and principal_outside_structure(row.principal, region):
            raise DomainError(
                where + principal_outside_structure(row.principal, region), field="composition"
            )
        row.full_clean(exclude=["charter", "principal"])
        rows.append(row)
    _replace_parts(charter, "composition", COMPOSITION_FIELDS, rows, expected_version)


def _replace_parts(
    charter: Charter,
    related: str,
    fields: tuple[str, ...],
    rows: list[Any],
    expected_version: int | None,
) -> None:
    """Replace one list of the charter's parts, if it differs, counting the charter's version up."""

    def values(row: Any) -> dict[str, Any]:
        return {
            name: getattr(row, f"{name}_id" if name in ("principal", "to_body") else name)
            for name in fields
        }

    if [values(r) for r in getattr(charter, related).all()] == [values(r) for r in rows]:
        return
    _bump_charter(charter, expected_version)
    getattr(charter, related).all().delete()
    if rows:
        type(rows[0]).objects.bulk_create(rows)


def _part_target(charter: Charter, to_body: Body | None, where: str, field: str) -> None:
    if to_body is None:
        raise DomainError(where + "ange en grupp.", field=field)
    if to_body.structure_id != charter.body.structure_id:
        raise DomainError(where + f"{to_body} hör till en annan struktur.", field=field)
    if to_body.pk == charter.body_id:
        raise DomainError(where + "gruppen kan inte hänvisa till sig själv.", field=field)


REPORTING_FIELDS = ("to_body", "frequency", "what", "reported_by", "via", "public")


@transaction.atomic
def charter_set_reporting(
    *,
    by: User | None,
    charter: Charter,
    duties: list[dict[str, Any]],
    expected_version: int | None = None,
) -> None:
    """Replace the charter's reporting duties (to which body, how often, what)."""
    rows = []
    for index, values in enumerate(duties):
        reject_unknown_fields(values, REPORTING_FIELDS)
        row = ReportingDuty(charter=charter, **values)
        _part_target(charter, values.get("to_body"), f"Rad {index + 1}: ", "reporting")
        row.full_clean(exclude=["charter", "to_body"])
        rows.append(row)
    _replace_parts(charter, "reporting", REPORTING_FIELDS, rows, expected_version)


ROLE_LINK_FIELDS = ("role", "kind", "to_body", "term_years")


@transaction.atomic
def charter_set_role_links(
    *,
    by: User | None,
    charter: Charter,
    links: list[dict[str, Any]],
    expected_version: int | None = None,
) -> None:
    """Replace the roles here that bring a duty in another body (e.g. the chair sits in LSG)."""
    rows = []
    for index, values in enumerate(links):
        reject_unknown_fields(values, ROLE_LINK_FIELDS)
        row = RoleLink(charter=charter, **values)
        _part_target(charter, values.get("to_body"), f"Rad {index + 1}: ", "role_links")
        if row.role not in Role.values:
            raise DomainError(f"Rad {index + 1}: okänd roll {row.role!r}.", field="role_links")
        row.full_clean(exclude=["charter", "to_body"])
        rows.append(row)
    _replace_parts(charter, "role_links", ROLE_LINK_FIELDS, rows, expected_version)


def _copy_charter_children(source: Charter, target: Charter) -> None:
    for related in ("composition", "standing_items", "reporting", "role_links"):
        for row in getattr(source, related).all():
            row.pk = None
            row.charter = target
            row.save()


def _check_charter(charter: Charter) -> None:
    """Rules about the rules: checked on the charter as it will be saved."""
    low, high = charter.meetings_min_per_year, charter.meetings_max_per_year
    if low is not None and high is not None and low > high:
        raise DomainError(
            "Minsta antal möten per år är större än högsta antal.", field="meetings_min_per_year"
        )
    if (charter.document_lead_value is None) != (not charter.document_lead_unit):
        raise DomainError(
            "Ange både antal och enhet för när handlingar ska vara ute.",
            field="document_lead_value",
        )
    month, day = charter.booking_deadline_month, charter.booking_deadline_day
    if month is not None or day is not None:
        try:
            datetime.date(2023, month or 0, day or 1)
        except (ValueError, TypeError):
            raise DomainError(
                "Sista bokningsdag är inget giltigt datum.", field="booking_deadline_month"
            ) from None


# --- People ----------------------------------------------------------------


def unique_person_key(first_name: str, last_name: str) -> str:
    base = slugify(f"{first_name} {last_name}")[:70] or "person"
    key, n = base, 2
    while Person.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


def person_create(
    *, by: User | None, first_name: str, last_name: str, key: str = "", **fields: Any
) -> Person:
    if key and Person.objects.filter(key=key).exists():
        raise DomainError(f"Nyckeln {key} används redan.", field="key")
    person = Person(
        first_name=first_name,
        last_name=last_name,
        key=key or unique_person_key(first_name, last_name),
        **fields,
    )
    person.full_clean(exclude=["user", "employer"])
    person.save()
    return person


def person_update(*, by: User | None, person: Person, **changes: Any) -> Person:
    return _apply(person, changes, exclude=["user", "employer"])


def structure_principals(structure: Structure) -> list[Principal]:
    """The region and the municipalities of its county, then other organisations in use."""
    region = structure.region
    in_county = list(
        Principal.objects.filter(county_code=region.county_code).exclude(
            kind=PrincipalKind.ORGANISATION
        )
    )
    used_orgs = list(
        Principal.objects.filter(
            kind=PrincipalKind.ORGANISATION, memberships__body__structure=structure
        ).distinct()
    )
    return in_county + used_orgs


SEAT_ROLE_LABELS = {r.value: r.label for r in Role}


# --- Principals and structures ---------------------------------------------

PRINCIPAL_FIELDS = ("name", "short_name", "county_code", "org_type")
STRUCTURE_FIELDS = ("name", "description", "website")


def unique_principal_slug(name: str) -> str:
    base = slugify(name)[:110] or "organisation"
    slug, n = base, 2
    while Principal.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def principal_create(
    *, by: User | None, kind: str, name: str, slug: str = "", **fields: Any
) -> Principal:
    """Add an organisation. Regions and municipalities come from SCB's register."""
    reject_unknown_fields(fields, PRINCIPAL_FIELDS)
    if kind != PrincipalKind.ORGANISATION:
        raise DomainError(
            "Regioner och kommuner kommer från SCB:s register och kan inte läggas till här; "
            "lägg bara till andra organisationer (kind: organisation).",
            field="kind",
        )
    if slug and Principal.objects.filter(slug=slug).exists():
        raise DomainError(f"Kortnamnet {slug} används redan.", field="slug")
    principal = Principal(
        kind=PrincipalKind.ORGANISATION,
        name=name,
        slug=slug or unique_principal_slug(name),
        **fields,
    )
    principal.full_clean()
    principal.save()
    return principal


@transaction.atomic
def principal_update(*, by: User | None, principal: Principal, **changes: Any) -> Principal:
    reject_unknown_fields(changes, PRINCIPAL_FIELDS)
    return _apply(principal, changes)


@transaction.atomic
def structure_create(
    *,
    by: User | None,
    name: str,
    slug: str,
    region: Principal,
    description: str = "",
    website: str = "",
) -> Structure:
    if region.kind != PrincipalKind.REGION:
        raise DomainError(f"{region.name} är ingen region.", field="region")
    if Structure.objects.filter(slug=slug).exists():
        raise DomainError(f"Kortnamnet {slug} används redan av en annan struktur.", field="slug")
    structure = Structure(
        name=name, slug=slug, region=region, description=description, website=website
    )
    structure.full_clean(exclude=["region"])
    structure.save()
    return structure


@transaction.atomic
def structure_update(*, by: User | None, structure: Structure, **changes: Any) -> Structure:
    reject_unknown_fields(changes, STRUCTURE_FIELDS)
    return _apply(structure, changes, exclude=["region"])
