"""Bodies: the groups of a structure's tree."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.lib.errors import DomainError, refuse_stale, reject_unknown_fields
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.structure.models import Body, Duration, PrincipalKind, Structure

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
    "chair_extended_until",
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
    record_create(by=by, obj=body)
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
    before = snapshot(fresh)
    for name, value in changes.items():
        setattr(fresh, name, value)
    _check_body(fresh)
    fresh.full_clean(exclude=["structure"])
    fresh.lock_version += 1
    fresh.save()
    record_update(by=by, obj=fresh, before=before)
    return fresh


@transaction.atomic
def body_meeting_forms_reviewed(
    *, by: User | None, body: Body, on: datetime.date, today: datetime.date | None = None
) -> Body:
    """The body has reviewed its meeting forms ("Mötesformerna revideras varje år") on `on`,
    whether or not the review changed them. A later day replaces an earlier one, and an
    earlier one corrects a mistake, so the day is set as given."""
    today = today or local_today()
    if on > today:
        raise DomainError(
            f"Översynen kan inte registreras i förväg: {date_text(on)} har inte varit än. "
            "Ange dagen då mötesformerna sågs över.",
            field="on",
        )
    # The review is a fact of its own: it does not raise the body's lock version, so that
    # nobody editing the body's details meanwhile has their save refused because of it.
    fresh = Body.objects.select_for_update(of=("self",)).get(pk=body.pk)
    before = snapshot(fresh)
    fresh.meeting_forms_reviewed_on = on
    fresh.save(update_fields=["meeting_forms_reviewed_on", "updated_at"])
    record_update(by=by, obj=fresh, before=before)
    body.meeting_forms_reviewed_on = on
    return fresh
