"""Charters: versions of a body's uppdragsbeskrivning, their rules and their parts."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from samverkan.audit.services import record_create, record_parts, record_update, snapshot
from samverkan.lib.errors import DomainError, refuse_stale, reject_unknown_fields
from samverkan.structure.models import (
    CHARTER_BOOKKEEPING_FIELDS,
    Body,
    Charter,
    CharterStatus,
    CompositionRule,
    DutyFrequency,
    ReportingDuty,
    Role,
    RoleLink,
    StandingAgendaItem,
)
from samverkan.structure.rules import principal_outside_structure
from samverkan.structure.services.history import (
    PART_RELATIONS,
    PART_TEXTS,
    standing_items_text,
    standing_pairs,
)
from samverkan.structure.services.saving import save_locked


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
    before = snapshot(fresh)
    save_locked(fresh, expected_version=expected_version, fields=changes)
    record_update(by=by, obj=fresh, before=before)
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
    made_from = snapshot(template) if template is not None else None
    data: dict[str, Any] = {}
    if template is not None:
        for field in Charter._meta.concrete_fields:
            if field.name not in CHARTER_BOOKKEEPING_FIELDS:
                data[field.attname] = getattr(template, field.attname)
    data.update(values)
    if previous is not None:
        superseded = snapshot(previous)
        previous.status = CharterStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        record_update(by=by, obj=previous, before=superseded, note=f"Ersatt av version {version}.")
    charter = Charter(body=body, version=version, status=CharterStatus.IN_FORCE, **data)
    _check_charter(charter)
    charter.full_clean(exclude=["body"])
    charter.save()
    if template is not None and made_from is not None:
        _copy_charter_children(template, charter)
        # The new version's history tells what differs from the one it was made from.
        record_update(
            by=by,
            obj=charter,
            before=made_from,
            created=True,
            note=f"Ny version, gjord utifrån version {template.version}.",
        )
    else:
        record_create(by=by, obj=charter)
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
    current = standing_pairs(existing)
    if current == items:
        return
    reviewing = {i.title for i in existing if i.reviews_previous_minutes}
    for index, (title, _condition) in enumerate(items):
        if not title.strip():
            raise DomainError(f"Punkt {index + 1} saknar rubrik.", field="standing_items")
    _bump_charter(charter, expected_version)
    charter.standing_items.all().delete()
    created = StandingAgendaItem.objects.bulk_create(
        StandingAgendaItem(
            charter=charter,
            position=index,
            title=title.strip(),
            condition=condition,
            reviews_previous_minutes=title.strip() in reviewing,
        )
        for index, (title, condition) in enumerate(items)
    )
    record_parts(
        by=by,
        obj=charter,
        parts={
            "standing_items": (
                standing_items_text(current),
                standing_items_text(standing_pairs(created)),
            )
        },
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
    _replace_parts(charter, "composition", COMPOSITION_FIELDS, rows, expected_version, by)


def _replace_parts(
    charter: Charter,
    related: str,
    fields: tuple[str, ...],
    rows: list[Any],
    expected_version: int | None,
    by: User | None,
) -> None:
    """Replace one list of the charter's parts, if it differs, counting the charter's version
    up; the history keeps the list as it read before and after."""

    def values(row: Any) -> dict[str, Any]:
        return {
            name: getattr(row, f"{name}_id" if name in ("principal", "to_body") else name)
            for name in fields
        }

    existing = list(getattr(charter, related).select_related(PART_RELATIONS[related]))
    if [values(r) for r in existing] == [values(r) for r in rows]:
        return
    _bump_charter(charter, expected_version)
    getattr(charter, related).all().delete()
    if rows:
        type(rows[0]).objects.bulk_create(rows)
    text = PART_TEXTS[related]
    record_parts(by=by, obj=charter, parts={related: (text(existing), text(rows))})


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
    _replace_parts(charter, "reporting", REPORTING_FIELDS, rows, expected_version, by)


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
    _replace_parts(charter, "role_links", ROLE_LINK_FIELDS, rows, expected_version, by)


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
    if charter.escalates_to_id is not None and charter.escalates_to is not None:
        if charter.escalates_to.structure_id != charter.body.structure_id:
            raise DomainError(
                "Gruppen som frågor lyfts till måste höra till samma struktur.",
                field="escalates_to",
            )
    _check_duties(charter.duties)


DUTY_KEYS = frozenset({"who", "what", "frequency", "due"})


def _check_duties(duties: Any) -> None:
    """Each standing duty says who does what, how often and perhaps by when, as in a structure file."""
    if not isinstance(duties, list):
        raise DomainError("Åtagandena ska vara en lista.", field="duties")
    for index, duty in enumerate(duties):
        where = f"Åtagande {index + 1}: "
        if not isinstance(duty, dict) or not set(duty) <= DUTY_KEYS:
            raise DomainError(
                where + "ange vem (who), vad (what), hur ofta (frequency) och "
                "eventuellt senast när (due).",
                field="duties",
            )
        who, what = duty.get("who"), duty.get("what")
        if not isinstance(who, str) or not who.strip():
            raise DomainError(where + "ange vem som har åtagandet.", field="duties")
        if len(who) > 200:
            raise DomainError(where + "vem får vara högst 200 tecken.", field="duties")
        if not isinstance(what, str) or not what.strip():
            raise DomainError(where + "ange vad åtagandet är.", field="duties")
        if duty.get("frequency", DutyFrequency.CONTINUOUS) not in DutyFrequency.values:
            raise DomainError(
                where + "hur ofta ska vara något av " + ", ".join(DutyFrequency.values) + ".",
                field="duties",
            )
        due = duty.get("due")
        try:
            if due is not None:
                datetime.date.fromisoformat(due)
        except (TypeError, ValueError):
            raise DomainError(
                where + "senast när ska vara ett datum ÅÅÅÅ-MM-DD.", field="duties"
            ) from None
