"""Deviations in collaboration: reporting, answering, closing, escalating, and a structure's
handlers, categories and settings. One typed keyword-only function per action, the actor
as `by=`, an audit row per action.

Patient identity never enters the system: every free text is scanned for a valid
personnummer or samordningsnummer (`samverkan.lib.personnummer`, date and check digit
checked) before anything is written, and a hit refuses the whole action with the field
named; a random ten-digit number that fails the checks is accepted.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping, Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from samverkan.audit.registry import track
from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.deviations.models import (
    DEFAULT_ANSWER_DAYS,
    DEFAULT_CATEGORIES,
    Deviation,
    DeviationCategory,
    DeviationHandler,
    DeviationSettings,
    DeviationStatus,
)
from samverkan.deviations.notices import queue_handler_notice, send_deviation_notices
from samverkan.lib.errors import DomainError, refuse_stale, sync_saved
from samverkan.lib.localtime import local_today
from samverkan.lib.personnummer import find_identity_numbers
from samverkan.lib.textcheck import check_text
from samverkan.structure.models import Body, Principal, Structure
from samverkan.structure.selectors import structure_principals

STALE = (
    "Någon annan har ändrat avvikelsen sedan du öppnade den. Ladda om sidan och försök igen; "
    "inget sparades."
)
# The Swedish names of the free-text fields, for the refusals.
FIELD_LABELS = {
    "reporting_unit": "Rapporterande enhet",
    "concerned_unit": "Berörd enhet",
    "routine": "Överenskommelse eller rutin",
    "description": "Beskrivning",
    "contact_name": "Kontaktperson",
    "contact_phone": "Telefon",
    "contact_email": "E-post",
    "reporter_email": "Din e-postadress",
    "investigation": "Utredning",
    "measures": "Åtgärder",
}
MAX_ANSWER_DAYS = 365
UPDATE_LIMITS = {
    "reporting_unit": 200,
    "concerned_unit": 200,
    "routine": 300,
    "contact_name": 200,
    "contact_phone": 40,
}

track(
    Deviation,
    key="deviation",
    label="Avvikelse",
    # The texts themselves stay out of the history: the deviation is the one place for them.
    fields={
        "status": "Status",
        "category": "Kategori",
        "concerned_principal": "Berörd huvudman",
        "answer_due": "Svar senast",
        "answered_by": "Besvarad av",
        "escalated_to": "Lyft till",
    },
    structure=lambda d: d.structure_id,
)
track(
    DeviationHandler,
    key="deviation_handler",
    label="Avvikelsehandläggare",
    fields={"principal": "Huvudman", "user": "Handläggare"},
    scope=lambda h: ("structure", h.structure_id),
    structure=lambda h: h.structure_id,
)
track(
    DeviationSettings,
    key="deviation_settings",
    label="Avvikelsehantering",
    fields={"answer_days": "Svar inom (dagar)", "follow_up_body": "Följs upp av"},
    scope=lambda s: ("structure", s.structure_id),
    structure=lambda s: s.structure_id,
)
track(
    DeviationCategory,
    key="deviation_category",
    label="Avvikelsekategori",
    fields={"name": "Namn", "active": "I bruk"},
    scope=lambda c: ("structure", c.structure_id),
    structure=lambda c: c.structure_id,
)


# The free texts of a report, scanned for identity numbers before anything else.
IDENTITY_CHECKED = (
    "reporting_unit",
    "concerned_unit",
    "routine",
    "description",
    "contact_name",
    "contact_phone",
    "contact_email",
    "reporter_email",
)


class IdentityInText(DomainError):
    """A text holds a valid personnummer or samordningsnummer; nothing was stored. The API
    answers 422 with the fields named."""


def refuse_identity(texts: Mapping[str, str]) -> None:
    """Refuse, naming every field, when any text holds a valid identity number."""
    errors: dict[str, list[str]] = {}
    for field, text in texts.items():
        hits = find_identity_numbers(text or "")
        if not hits:
            continue
        kinds = sorted({hit.kind for hit in hits})
        label = FIELD_LABELS.get(field, field)
        errors[field] = [
            f"{label} innehåller ett {' och ett '.join(kinds)}. Ta bort det och allt annat "
            "som kan peka ut patienten (namn, födelsedatum, adress): en avvikelse i "
            "samverkan ska vara avidentifierad. Inget har sparats."
        ]
    if errors:
        raise IdentityInText(
            "Avvikelsen innehåller patientens identitet och sparades inte. "
            "Ta bort personnumret i " + ", ".join(FIELD_LABELS.get(f, f) for f in errors) + ".",
            errors=errors,
        )


# --- A structure's settings -----------------------------------------------------------------


def deviation_settings_of(structure: Structure) -> DeviationSettings:
    """The structure's settings, made with the defaults (and the default categories) the
    first time deviations are used in it."""
    found = DeviationSettings.objects.filter(structure=structure).first()
    if found is not None:
        return found
    with transaction.atomic():
        made, created = DeviationSettings.objects.get_or_create(
            structure=structure,
            defaults={
                "answer_days": DEFAULT_ANSWER_DAYS,
                "report_token": secrets.token_urlsafe(24),
            },
        )
        if created and not DeviationCategory.objects.filter(structure=structure).exists():
            DeviationCategory.objects.bulk_create(
                DeviationCategory(structure=structure, name=name, position=index)
                for index, name in enumerate(DEFAULT_CATEGORIES)
            )
    return made


@transaction.atomic
def deviation_settings_set(
    *,
    by: User | None,
    structure: Structure,
    answer_days: int,
    follow_up_body: Body | None,
) -> DeviationSettings:
    found = deviation_settings_of(structure)
    if not 1 <= answer_days <= MAX_ANSWER_DAYS:
        raise DomainError(f"Ange mellan 1 och {MAX_ANSWER_DAYS} dagar.", field="answer_days")
    if follow_up_body is not None and follow_up_body.structure_id != structure.pk:
        raise DomainError("Välj en grupp i strukturen.", field="follow_up_body")
    before = snapshot(found)
    found.answer_days = answer_days
    found.follow_up_body = follow_up_body
    found.lock_version += 1
    found.save()
    record_update(by=by, obj=found, before=before)
    return found


@transaction.atomic
def report_link_regenerate(*, by: User | None, structure: Structure) -> DeviationSettings:
    """A new secret for the reporting page: the old link stops working at once."""
    found = deviation_settings_of(structure)
    before = snapshot(found)
    found.report_token = secrets.token_urlsafe(24)
    found.save(update_fields=["report_token", "updated_at"])
    record_update(by=by, obj=found, before=before, note="Ny länk till rapportsidan")
    return found


@transaction.atomic
def categories_set(
    *, by: User | None, structure: Structure, names: Sequence[str]
) -> list[DeviationCategory]:
    """The categories the form offers, in this order; others stay for the deviations that
    have them but are no longer offered."""
    deviation_settings_of(structure)
    wanted: list[str] = []
    for raw in names:
        name = check_text(raw.strip(), field="categories", max_length=100)
        if name and name.casefold() not in {w.casefold() for w in wanted}:
            wanted.append(name)
    if not wanted:
        raise DomainError("Ange minst en kategori.", field="categories")
    refuse_identity({"categories": "\n".join(wanted)})
    existing = {c.name.casefold(): c for c in DeviationCategory.objects.filter(structure=structure)}
    result = []
    for position, name in enumerate(wanted):
        category = existing.pop(name.casefold(), None)
        if category is None:
            category = DeviationCategory.objects.create(
                structure=structure, name=name, position=position
            )
            record_create(by=by, obj=category)
        else:
            before = snapshot(category)
            category.name, category.position, category.active = name, position, True
            category.save()
            record_update(by=by, obj=category, before=before)
        result.append(category)
    for category in existing.values():
        if category.active:
            before = snapshot(category)
            category.active = False
            category.save(update_fields=["active"])
            record_update(by=by, obj=category, before=before)
    return result


@transaction.atomic
def handler_set(
    *, by: User | None, structure: Structure, principal: Principal, user: User | None
) -> DeviationHandler | None:
    """Who handles the principal's deviations in the structure; None removes the handler."""
    if principal.pk not in {p.pk for p in structure_principals(structure)}:
        raise DomainError(
            f"{principal.name} är inte huvudman i {structure.name}.", field="principal"
        )
    found = DeviationHandler.objects.filter(structure=structure, principal=principal).first()
    if user is None:
        if found is not None:
            before = snapshot(found)
            record_update(by=by, obj=found, before=before, note="Handläggaren togs bort")
            found.delete()
        return None
    if not user.is_active:
        raise DomainError("Kontot är inte aktivt.", field="user")
    if found is None:
        found = DeviationHandler.objects.create(structure=structure, principal=principal, user=user)
        record_create(by=by, obj=found)
        return found
    before = snapshot(found)
    found.user = user
    found.save()
    record_update(by=by, obj=found, before=before)
    return found


# --- Reporting ------------------------------------------------------------------------------


def _email(value: str, field: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise DomainError("Ange en giltig e-postadress.", field=field) from None
    return value


@transaction.atomic
def deviation_report(
    *,
    by: User | None,
    structure: Structure,
    occurred_on: datetime.date,
    reporting_principal: Principal,
    reporting_unit: str,
    concerned_principal: Principal,
    category: DeviationCategory,
    description: str,
    contact_name: str,
    concerned_unit: str = "",
    routine: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    reporter_email: str = "",
    today: datetime.date | None = None,
) -> Deviation:
    """Report a deviation; the concerned principal's handler is told by email."""
    texts = {
        "reporting_unit": reporting_unit,
        "concerned_unit": concerned_unit,
        "routine": routine,
        "description": description,
        "contact_name": contact_name,
        "contact_phone": contact_phone,
        "contact_email": contact_email,
        # The reporting page's own address is free text too: an address made of a
        # personnummer would otherwise be stored and shown.
        "reporter_email": reporter_email,
    }
    # Before anything else, so that a number never reaches a row, a log or a later refusal.
    refuse_identity(texts)
    today = today or local_today()
    found = deviation_settings_of(structure)
    principals = {p.pk for p in structure_principals(structure)}
    if reporting_principal.pk not in principals:
        raise DomainError("Välj en huvudman i strukturen.", field="reporting_principal")
    if concerned_principal.pk not in principals:
        raise DomainError("Välj en huvudman i strukturen.", field="concerned_principal")
    if concerned_principal.pk == reporting_principal.pk:
        raise DomainError(
            "En avvikelse i samverkan gäller en annan huvudman än den egna.",
            field="concerned_principal",
        )
    if category.structure_id != structure.pk or not category.active:
        raise DomainError("Välj en av strukturens kategorier.", field="category")
    if occurred_on > today:
        raise DomainError("Datumet kan inte ligga efter i dag.", field="occurred_on")
    cleaned = {
        "reporting_unit": check_text(
            reporting_unit.strip(), field="reporting_unit", max_length=200
        ),
        "concerned_unit": check_text(
            concerned_unit.strip(), field="concerned_unit", max_length=200
        ),
        "routine": check_text(routine.strip(), field="routine", max_length=300),
        "description": check_text(description.strip(), field="description"),
        "contact_name": check_text(contact_name.strip(), field="contact_name", max_length=200),
        "contact_phone": check_text(contact_phone.strip(), field="contact_phone", max_length=40),
    }
    for field in ("reporting_unit", "description", "contact_name"):
        if not cleaned[field]:
            raise DomainError(f"Fyll i {FIELD_LABELS[field].lower()}.", field=field)
    reporter_email = _email(reporter_email, "reporter_email")
    if by is None and not reporter_email:
        raise DomainError(
            "Ange din e-postadress, så att handläggaren kan nå dig.", field="reporter_email"
        )
    deviation = Deviation.objects.create(
        structure=structure,
        occurred_on=occurred_on,
        reported_at=timezone.now(),
        reported_on=today,
        reporting_principal=reporting_principal,
        concerned_principal=concerned_principal,
        category=category,
        contact_email=_email(contact_email, "contact_email"),
        reported_by=by,
        reporter_email=reporter_email or (by.email if by else ""),
        answer_due=today + datetime.timedelta(days=found.answer_days),
        **cleaned,
    )
    record_create(by=by, obj=deviation)
    if queue_handler_notice(deviation) is not None:
        # Straight away after the commit; a mail server that is down leaves the row for the
        # worker's retries (`tasks.py`).
        transaction.on_commit(lambda: send_deviation_notices(deviation_id=deviation.pk))
    return deviation


def _locked(deviation: Deviation, expected_version: int | None) -> Deviation:
    current = Deviation.objects.select_for_update().get(pk=deviation.pk)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE)
    return current


def _saved(caller: Deviation, current: Deviation) -> None:
    current.lock_version += 1
    current.save()
    sync_saved(caller, current)


@transaction.atomic
def deviation_update(
    *,
    by: User | None,
    deviation: Deviation,
    expected_version: int | None,
    **changes: str,
) -> Deviation:
    """Change the report's texts while it waits for an answer."""
    allowed = (
        "reporting_unit",
        "concerned_unit",
        "routine",
        "description",
        "contact_name",
        "contact_phone",
        "contact_email",
    )
    unknown = set(changes) - set(allowed)
    if unknown:
        raise DomainError("Okända fält: " + ", ".join(sorted(unknown)))
    refuse_identity(changes)
    current = _locked(deviation, expected_version)
    if not current.is_open:
        raise DomainError("En besvarad eller avslutad avvikelse kan inte ändras.")
    before = snapshot(current)
    for field, value in changes.items():
        value = (value or "").strip()
        if field == "contact_email":
            value = _email(value, field)
        else:
            value = check_text(value, field=field, max_length=UPDATE_LIMITS.get(field, 20_000))
        if field in ("reporting_unit", "description", "contact_name") and not value:
            raise DomainError(f"Fyll i {FIELD_LABELS[field].lower()}.", field=field)
        setattr(current, field, value)
    _saved(deviation, current)
    record_update(by=by, obj=current, before=before)
    return deviation


@transaction.atomic
def deviation_answer(
    *,
    by: User | None,
    deviation: Deviation,
    investigation: str,
    measures: str,
    expected_version: int | None = None,
) -> Deviation:
    """The concerned principal's answer: what the investigation found and the measures."""
    refuse_identity({"investigation": investigation, "measures": measures})
    current = _locked(deviation, expected_version)
    if not current.is_open:
        raise DomainError("Avvikelsen är redan besvarad.")
    investigation = check_text((investigation or "").strip(), field="investigation")
    measures = check_text((measures or "").strip(), field="measures")
    if not investigation:
        raise DomainError("Beskriv vad utredningen visade.", field="investigation")
    if not measures:
        raise DomainError("Beskriv vilka åtgärder som görs.", field="measures")
    before = snapshot(current)
    current.investigation, current.measures = investigation, measures
    current.status = DeviationStatus.ANSWERED
    current.answered_by = by
    current.answered_at = timezone.now()
    _saved(deviation, current)
    record_update(by=by, obj=current, before=before)
    return deviation


@transaction.atomic
def deviation_close(
    *, by: User | None, deviation: Deviation, expected_version: int | None = None
) -> Deviation:
    current = _locked(deviation, expected_version)
    if current.status != DeviationStatus.ANSWERED:
        raise DomainError("Bara en besvarad avvikelse kan avslutas.")
    before = snapshot(current)
    current.status = DeviationStatus.CLOSED
    current.closed_at = timezone.now()
    _saved(deviation, current)
    record_update(by=by, obj=current, before=before)
    return deviation


@transaction.atomic
def deviation_escalate(
    *, by: User | None, deviation: Deviation, note: str = "", expected_version: int | None = None
) -> Deviation:
    """Lift an unanswered deviation to the body that follows deviations up."""
    refuse_identity({"note": note})
    note = check_text((note or "").strip(), field="note", max_length=1000)
    current = _locked(deviation, expected_version)
    if current.status != DeviationStatus.RECEIVED:
        raise DomainError("Bara en obesvarad avvikelse som inte redan är lyft kan lyftas.")
    body = deviation_settings_of(current.structure).follow_up_body
    if body is None:
        raise DomainError(
            "Strukturen har ingen grupp som följer upp avvikelserna; koordinatorn anger den "
            "under inställningarna."
        )
    before = snapshot(current)
    current.status = DeviationStatus.ESCALATED
    current.escalated_to = body
    current.escalated_at = timezone.now()
    _saved(deviation, current)
    record_update(by=by, obj=current, before=before, note=note)
    return deviation
