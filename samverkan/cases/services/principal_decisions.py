"""Each principal's decision on a recommendation, and the register of decision bodies.

The coordinator records where a principal stands (`decision_record`): in preparation, or
decided with the date, the principal's registry number and paragraph, and a link to or the
file of the decision. Where each principal decides is a register of decision bodies per
principal (`decision_body_*`), one of them the default that routing uses.
"""

from __future__ import annotations

import datetime
import mimetypes
import os
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import F
from django.http import FileResponse, Http404
from django.utils import timezone

from samverkan.audit.services import record_create, record_delete, record_update, snapshot
from samverkan.cases.models import DECIDED_STATES, DecisionBody, DecisionState, PrincipalDecision
from samverkan.lib.errors import DomainError, refuse_stale, sync_saved
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.lib.textcheck import check_text
from samverkan.meetings.documents import DOCX, PDF, check_file
from samverkan.structure.models import Principal

STALE_DECISION = (
    "Någon annan har registrerat beslutet för {principal} sedan du öppnade sidan. Det du "
    "skrev sparades inte: jämför med det som nu är registrerat och spara igen."
)
STALE_BODY = (
    "Någon annan har ändrat beslutsinstansen sedan du öppnade sidan. Ladda om sidan och gör "
    "om ändringen; inget sparades."
)
DECISION_FILE_KINDS = (PDF, DOCX)


# --- Recording a principal's decision ---------------------------------------------------


def _check_link(link: str) -> str:
    link = link.strip()
    if not link:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise DomainError(
            "Ange länken som en hel webbadress som börjar med https:// eller http://.",
            field="link",
        ) from None
    if len(link) > 200:
        raise DomainError("Länken får vara högst 200 tecken.", field="link")
    return link


def _check_decision_file(uploaded: File) -> None:
    checked = check_file(uploaded)
    if checked.kind not in DECISION_FILE_KINDS:
        raise DomainError(
            f"Filen ser ut att vara {checked.kind.label}. Beslutet laddas upp som PDF eller "
            "Word-dokument (.docx).",
            field="file",
        )


@transaction.atomic
def decision_record(
    *,
    decision: PrincipalDecision,
    expected_version: int | None,
    by: User | None,
    state: str,
    decided_on: datetime.date | None = None,
    registry_number: str = "",
    paragraph: str = "",
    link: str = "",
    note: str = "",
    file: File | None = None,
    remove_file: bool = False,
    today: datetime.date | None = None,
) -> PrincipalDecision:
    """Record where a principal stands: in preparation, or decided (with the date, their
    registry number and paragraph, a link to or the file of their decision, a note)."""
    today = today or local_today()
    current = (
        PrincipalDecision.objects.select_for_update(of=("self",))
        .select_related("principal", "recommendation", "decision_body")
        .get(pk=decision.pk)
    )
    refuse_stale(
        current=current.lock_version,
        expected=expected_version,
        message=STALE_DECISION.format(principal=current.principal.name),
    )
    if state not in DecisionState.values:
        raise DomainError("Välj ett läge i listan.", field="state")
    if state == DecisionState.NOT_SENT and current.sent_on:
        raise DomainError(
            f"Rekommendationen expedierades till {current.principal.name} "
            f"{date_text(current.sent_on)} och kan inte bli oexpedierad.",
            field="state",
        )
    if state == DecisionState.SENT and not current.sent_on:
        raise DomainError(
            "Rekommendationen är inte expedierad till "
            f"{current.principal.name}; expediera den i stället, så skickas den och får datum.",
            field="state",
        )
    if state in DECIDED_STATES:
        if decided_on is None:
            raise DomainError("Ange datum för huvudmannens beslut.", field="decided_on")
        if decided_on > today:
            raise DomainError("Beslutsdatum kan inte vara i framtiden.", field="decided_on")
        if decided_on < current.recommendation.decided_on:
            raise DomainError(
                "Beslutsdatum kan inte vara före rekommendationen, som beslutades "
                f"{date_text(current.recommendation.decided_on)}.",
                field="decided_on",
            )
    elif decided_on is not None:
        raise DomainError(
            "Beslutsdatum anges bara när huvudmannen har beslutat; töm fältet eller välj ett "
            "läge där beslut är fattat.",
            field="decided_on",
        )
    registry_number = check_text(registry_number.strip(), field="registry_number", max_length=60)
    # Stored as the number alone ("45"): pages and exports write "§ 45" themselves.
    paragraph = check_text(paragraph.strip().lstrip("§").strip(), field="paragraph", max_length=30)
    note = check_text(note.strip(), field="note")
    link = _check_link(link)
    if file is not None:
        _check_decision_file(file)
    before = snapshot(current)
    old_file = current.file.name or ""
    replaced = bool(old_file) and (file is not None or remove_file)
    current.state = state
    current.decided_on = decided_on
    current.registry_number = registry_number
    current.paragraph = paragraph
    current.link = link
    current.note = note
    current.recorded_by = by
    current.recorded_at = timezone.now()
    current.lock_version += 1
    if file is not None:
        current.file.save(file.name or "beslut", file, save=False)
    elif remove_file:
        current.file = ""  # type: ignore[assignment]
    current.save()
    if replaced:
        storage = current.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    record_update(
        by=by, obj=current, before=before, parts={"file": (old_file, current.file.name or "")}
    )
    sync_saved(decision, current)
    return current


def decision_file_response(decision: PrincipalDecision) -> FileResponse:
    """The file of a principal's decision as an attachment, for the page and the API alike:
    under its own name, typed by its extension (only PDF and Word files are accepted, by
    their bytes), never sniffed or run."""
    if not decision.file:
        raise Http404("Beslutet har ingen fil.")
    try:
        handle = decision.file.storage.open(decision.file.name or "", "rb")
    except FileNotFoundError as exc:
        raise Http404("Filen saknas i arkivet.") from exc
    filename = os.path.basename(decision.file.name or "beslut")
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response


# --- The register of decision bodies ----------------------------------------------------


def _check_body_values(name: str, registrar_email: str) -> tuple[str, str]:
    name = check_text(name.strip(), field="name", max_length=200)
    if not name:
        raise DomainError("Ange beslutsinstansens namn.", field="name")
    registrar_email = registrar_email.strip()
    if registrar_email:
        try:
            validate_email(registrar_email)
        except ValidationError:
            raise DomainError(
                "Ange en giltig e-postadress, t.ex. registrator@kommun.se.",
                field="registrar_email",
            ) from None
        if len(registrar_email) > 254:
            raise DomainError("E-postadressen är för lång.", field="registrar_email")
    return name, registrar_email


def _refuse_same_name(principal_id: int, name: str, exclude: int | None = None) -> None:
    same = DecisionBody.objects.filter(principal_id=principal_id, name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise DomainError(
            f"Huvudmannen har redan en beslutsinstans som heter {name}.", field="name"
        )


@transaction.atomic
def decision_body_create(
    *,
    principal: Principal,
    name: str,
    registrar_email: str = "",
    is_default: bool = False,
    by: User | None,
) -> DecisionBody:
    """A decision body of the principal; its first one is its default whatever is asked."""
    name, registrar_email = _check_body_values(name, registrar_email)
    # Lock the principal's register so two first bodies do not both become the default.
    list(DecisionBody.objects.select_for_update(of=("self",)).filter(principal=principal))
    _refuse_same_name(principal.pk, name)
    has_default = DecisionBody.objects.filter(principal=principal, is_default=True).exists()
    make_default = is_default or not has_default
    if make_default and has_default:
        DecisionBody.objects.filter(principal=principal, is_default=True).update(
            is_default=False, lock_version=F("lock_version") + 1
        )
    decision_body = DecisionBody.objects.create(
        principal=principal, name=name, registrar_email=registrar_email, is_default=make_default
    )
    record_create(by=by, obj=decision_body)
    return decision_body


DECISION_BODY_FIELDS = ("name", "registrar_email", "is_default")


@transaction.atomic
def decision_body_update(
    *,
    decision_body: DecisionBody,
    expected_version: int | None,
    by: User | None,
    **changes: Any,
) -> DecisionBody:
    """Rename it, change the registrar's address, or make it the principal's default (the
    previous default stops being one). A default stays one until another is chosen."""
    unknown = set(changes) - set(DECISION_BODY_FIELDS)
    if unknown:
        raise DomainError("Okända fält: " + ", ".join(sorted(unknown)))
    current = (
        DecisionBody.objects.select_for_update(of=("self",))
        .select_related("principal")
        .get(pk=decision_body.pk)
    )
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE_BODY)
    name, registrar_email = _check_body_values(
        changes.get("name", current.name), changes.get("registrar_email", current.registrar_email)
    )
    _refuse_same_name(current.principal_id, name, exclude=current.pk)
    is_default = bool(changes.get("is_default", current.is_default))
    if current.is_default and not is_default:
        raise DomainError(
            f"{current.name} är standardinstans för {current.principal.name}. Gör en annan "
            "beslutsinstans till standard i stället.",
            field="is_default",
        )
    before = snapshot(current)
    if is_default and not current.is_default:
        DecisionBody.objects.filter(principal_id=current.principal_id, is_default=True).update(
            is_default=False, lock_version=F("lock_version") + 1
        )
    current.name = name
    current.registrar_email = registrar_email
    current.is_default = is_default
    current.lock_version += 1
    current.save()
    record_update(by=by, obj=current, before=before)
    sync_saved(decision_body, current)
    return current


@transaction.atomic
def decision_body_delete(
    *, decision_body: DecisionBody, expected_version: int | None = None, by: User | None
) -> None:
    """Remove a decision body no decision refers to; a default's place goes to another."""
    current = (
        DecisionBody.objects.select_for_update(of=("self",))
        .select_related("principal")
        .get(pk=decision_body.pk)
    )
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE_BODY)
    used = PrincipalDecision.objects.filter(decision_body=current).count()
    if used:
        raise DomainError(
            f"{current.name} används i {used} "
            f"{'rekommendation' if used == 1 else 'rekommendationer'} och kan inte tas bort. "
            "Byt namn på den i stället, eller gör en annan instans till standard.",
            field="decision_body",
        )
    record_delete(by=by, obj=current)
    current.delete()
    if current.is_default:
        successor = (
            DecisionBody.objects.filter(principal_id=current.principal_id).order_by("name").first()
        )
        if successor is not None:
            before = snapshot(successor)
            successor.is_default = True
            successor.lock_version += 1
            successor.save(update_fields=["is_default", "lock_version"])
            record_update(by=by, obj=successor, before=before, note="Blev standardinstans.")
