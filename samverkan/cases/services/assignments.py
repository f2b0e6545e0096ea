"""Assignments (uppdrag): given by a body to a lower body, a working group or a person, with
the charter's headings, and reported back to the body that is to receive the report.

The giving body's charter in force decides the description's headings
(`assignment_headings`; one "Uppdrag" heading where it sets none) and whether someone must
be made responsible for writing it (`assignment_needs_responsible`, 001's "ska
ansvarig/ansvariga utses"). The life of an assignment: given → in progress → reported
(the report-back as text and/or a file) → closed when the receiving body accepts the
report; or withdrawn at any time before it is closed. The callers check who may act
(`cases/access.py`); these functions check the rules and keep the history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.http import FileResponse, Http404

from samverkan.audit.registry import track
from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.cases.models import (
    OPEN_ASSIGNMENT_STATUSES,
    Assignment,
    AssignmentStatus,
    Case,
)
from samverkan.lib.errors import DomainError, refuse_stale, reject_unknown_fields, sync_saved
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.lib.textcheck import check_text
from samverkan.meetings.documents import check_file
from samverkan.minutes.models import Minutes
from samverkan.structure.models import Body, Charter, Person

# Where a charter sets no headings, the description is one text under this heading.
DEFAULT_HEADINGS = ("Uppdrag",)
TITLE_MAX = 300
STALE = (
    "Någon annan har ändrat uppdraget sedan du öppnade det. Dina ändringar sparades inte; "
    "ladda om sidan och gör om dem."
)
FINISHED = frozenset({AssignmentStatus.CLOSED, AssignmentStatus.WITHDRAWN})


def _sections_text(sections: Any) -> str:
    if not isinstance(sections, list):
        return str(sections)
    return "\n".join(
        f"{s.get('heading', '')}: {s.get('text', '')}" for s in sections if isinstance(s, dict)
    )


track(
    Assignment,
    key="assignment",
    label="Uppdrag",
    fields={
        "title": "Rubrik",
        "given_by": "Från",
        "to_body": "Till grupp",
        "to_person": "Till person",
        "report_to": "Mottagare av återrapportering",
        "case": "Ärende",
        "minutes": "Minnesanteckningar",
        "sections": "Uppdragsbeskrivning",
        "responsible": "Ansvariga",
        "given_on": "Givet",
        "due_on": "Återrapporteras senast",
        "status": "Status",
        "report_text": "Återrapportering",
        "report_file_name": "Bifogad fil",
        "reported_on": "Återrapporterat",
        "closed_on": "Avslutat",
    },
    structure=lambda a: a.structure_id,
    formats={"sections": _sections_text},
)


# --- What the giving body's charter asks for ---------------------------------------------


def giving_charter(body: Body) -> Charter | None:
    return Charter.objects.in_force().filter(body=body).first()


def assignment_headings(body: Body, charter: Charter | None = None) -> list[str]:
    """The headings of an assignment description from `body`, in the charter's order."""
    charter = charter if charter is not None else giving_charter(body)
    headings = [str(h).strip() for h in (charter.assignment_headings if charter else []) or []]
    return [h for h in headings if h] or list(DEFAULT_HEADINGS)


def needs_responsible(body: Body, charter: Charter | None = None) -> bool:
    charter = charter if charter is not None else giving_charter(body)
    return bool(charter and charter.assignment_needs_responsible)


def _clean_sections(
    body: Body, sections: Sequence[Mapping[str, Any]] | None, charter: Charter | None
) -> list[dict[str, str]]:
    """The description under exactly the charter's headings, in its order; no sections at
    all gives the headings with nothing written yet (the responsible write it)."""
    headings = assignment_headings(body, charter)
    if not sections:
        return [{"heading": h, "text": ""} for h in headings]
    given: list[str] = []
    texts: list[str] = []
    for section in sections:
        heading = str(section.get("heading", "") or "").strip()
        text = str(section.get("text", "") or "").strip()
        check_text(heading, field="sections", max_length=200)
        check_text(text, field="sections")
        given.append(heading)
        texts.append(text)
    if given != headings:
        listed = ", ".join(f"”{h}”" for h in headings)
        source = (
            f"som uppdragsbeskrivningen för {body.name} anger"
            if charter and charter.assignment_headings
            else f"eftersom uppdragsbeskrivningen för {body.name} inte anger några andra"
        )
        missing = [h for h in headings if h not in given]
        extra = [h for h in given if h not in headings]
        detail = ""
        if missing:
            detail += " Saknas: " + ", ".join(f"”{h}”" for h in missing) + "."
        if extra:
            detail += " Hör inte dit: " + ", ".join(f"”{h}”" for h in extra) + "."
        if not missing and not extra:
            detail = " Rubrikerna står i fel ordning."
        raise DomainError(
            f"Uppdragsbeskrivningen ska ha rubrikerna {listed} i den ordningen, {source}." + detail,
            field="sections",
        )
    return [{"heading": h, "text": t} for h, t in zip(headings, texts, strict=True)]


# --- Checks ---------------------------------------------------------------------------------


def _ancestors(body: Body) -> list[int]:
    """The ids above `body` in its structure's tree, nearest first (one query)."""
    parents = dict(Body.objects.filter(structure_id=body.structure_id).values_list("pk", "parent"))
    found: list[int] = []
    current = parents.get(body.pk)
    while current is not None and current not in found:
        found.append(current)
        current = parents.get(current)
    return found


def _check_receiver(given_by: Body, to_body: Body | None, to_person: Person | None) -> None:
    if to_body is None and to_person is None:
        raise DomainError(
            "Välj vem som får uppdraget: en grupp under "
            f"{given_by.name}, en arbetsgrupp eller en person.",
            field="to_body",
        )
    if to_body is not None and to_person is not None:
        raise DomainError(
            "Ett uppdrag ges antingen till en grupp eller till en person, inte båda.",
            field="to_person",
        )
    if to_body is None:
        return
    if to_body.structure_id != given_by.structure_id:
        raise DomainError(
            f"{to_body.name} hör till en annan struktur än {given_by.name}.", field="to_body"
        )
    if to_body.pk == given_by.pk or given_by.pk not in _ancestors(to_body):
        raise DomainError(
            f"{to_body.name} ligger inte under {given_by.name} i strukturen. Ett uppdrag ges "
            "till en lägre grupp i samma gren, en arbetsgrupp eller en person.",
            field="to_body",
        )


def _check_links(
    given_by: Body, report_to: Body, case: Case | None, minutes: Minutes | None
) -> None:
    if report_to.structure_id != given_by.structure_id:
        raise DomainError(
            f"{report_to.name} hör till en annan struktur än {given_by.name}.", field="report_to"
        )
    if case is not None and case.structure_id != given_by.structure_id:
        raise DomainError("Ärendet hör till en annan struktur.", field="case")
    if minutes is not None:
        body_id = Minutes.objects.filter(pk=minutes.pk).values_list("meeting__body", flat=True)
        if body_id.first() != given_by.pk:
            raise DomainError(
                f"Minnesanteckningarna är inte från ett möte i {given_by.name}.", field="minutes"
            )


def _check_dates(given_on: datetime.date, due_on: datetime.date | None) -> None:
    if due_on is None:
        raise DomainError("Ange när uppdraget ska återrapporteras.", field="due_on")
    if due_on <= given_on:
        raise DomainError(
            f"Återrapporteringen ska ligga efter dagen uppdraget ges ({date_text(given_on)}).",
            field="due_on",
        )


def _check_responsible(given_by: Body, responsible: list[Person], charter: Charter | None) -> None:
    if not responsible and needs_responsible(given_by, charter):
        raise DomainError(
            f"Uppdragsbeskrivningen för {given_by.name} säger att ansvarig eller ansvariga ska "
            "utses när ett uppdrag ges: välj minst en ansvarig.",
            field="responsible",
        )


def _title(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError("Ge uppdraget en rubrik.", field="title")
    return check_text(value, field="title", max_length=TITLE_MAX)


def _names(people: Iterable[Person]) -> str:
    return ", ".join(sorted(str(p) for p in people))


# --- Giving and changing --------------------------------------------------------------------


@transaction.atomic
def assignment_give(
    *,
    by: User | None,
    given_by: Body,
    title: str,
    due_on: datetime.date | None,
    to_body: Body | None = None,
    to_person: Person | None = None,
    sections: Sequence[Mapping[str, Any]] | None = None,
    responsible: Sequence[Person] = (),
    report_to: Body | None = None,
    given_on: datetime.date | None = None,
    case: Case | None = None,
    minutes: Minutes | None = None,
) -> Assignment:
    """Give an assignment from `given_by`; the report goes back to `given_by` by default."""
    charter = giving_charter(given_by)
    given_on = given_on or local_today()
    report_to = report_to or given_by
    people = list(dict.fromkeys(responsible))
    _check_dates(given_on, due_on)
    assert due_on is not None  # (checked just above)
    assignment = Assignment(
        structure_id=given_by.structure_id,
        given_by=given_by,
        to_body=to_body,
        to_person=to_person,
        title=_title(title),
        sections=_clean_sections(given_by, sections, charter),
        report_to=report_to,
        given_on=given_on,
        due_on=due_on,
        case=case,
        minutes=minutes,
        created_by=by,
    )
    _check_receiver(given_by, to_body, to_person)
    _check_links(given_by, report_to, case, minutes)
    _check_responsible(given_by, people, charter)
    assignment.save()
    assignment.responsible.set(people)
    record_create(by=by, obj=assignment, parts={"responsible": _names(people)})
    return assignment


ASSIGNMENT_FIELDS = (
    "title",
    "sections",
    "to_body",
    "to_person",
    "responsible",
    "report_to",
    "given_on",
    "due_on",
    "case",
    "minutes",
)


def _locked(assignment: Assignment, expected_version: int | None) -> Assignment:
    fresh = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("given_by", "to_body", "to_person", "report_to", "structure")
        .get(pk=assignment.pk)
    )
    refuse_stale(current=fresh.lock_version, expected=expected_version, message=STALE)
    return fresh


def _save(
    by: User | None,
    caller: Assignment,
    fresh: Assignment,
    before: Any,
    *,
    note: str = "",
    parts: Mapping[str, tuple[str, str]] | None = None,
) -> Assignment:
    fresh.lock_version += 1
    fresh.save()
    record_update(by=by, obj=fresh, before=before, note=note, parts=parts)
    sync_saved(caller, fresh)
    return caller


@transaction.atomic
def assignment_update(
    *, by: User | None, assignment: Assignment, expected_version: int | None, **changes: Any
) -> Assignment:
    """Change what the assignment says, who has it and when it is due, until it is closed."""
    reject_unknown_fields(changes, ASSIGNMENT_FIELDS)
    fresh = _locked(assignment, expected_version)
    if fresh.status in FINISHED:
        raise DomainError(f"Uppdraget är {fresh.get_status_display().lower()} och kan inte ändras.")
    before = snapshot(fresh)
    charter = giving_charter(fresh.given_by)
    responsible = changes.pop("responsible", None)
    if "title" in changes:
        changes["title"] = _title(changes["title"])
    if "sections" in changes:
        changes["sections"] = _clean_sections(fresh.given_by, changes["sections"], charter)
    if changes.get("report_to", fresh.report_to) is None:
        changes["report_to"] = fresh.given_by
    for name, value in changes.items():
        setattr(fresh, name, value)
    _check_receiver(fresh.given_by, fresh.to_body, fresh.to_person)
    _check_links(fresh.given_by, fresh.report_to, fresh.case, fresh.minutes)
    _check_dates(fresh.given_on, fresh.due_on)
    parts: dict[str, tuple[str, str]] = {}
    if responsible is not None:
        old = list(fresh.responsible.all())
        people = list(dict.fromkeys(responsible))
        _check_responsible(fresh.given_by, people, charter)
        fresh.responsible.set(people)
        parts["responsible"] = (_names(old), _names(people))
    return _save(by, assignment, fresh, before, parts=parts)


@transaction.atomic
def assignment_start(
    *, by: User | None, assignment: Assignment, expected_version: int | None = None
) -> Assignment:
    """The receiver has begun the work."""
    fresh = _locked(assignment, expected_version)
    if fresh.status != AssignmentStatus.GIVEN:
        raise DomainError(
            f"Uppdraget är {fresh.get_status_display().lower()}; bara ett givet uppdrag kan "
            "påbörjas."
        )
    before = snapshot(fresh)
    fresh.status = AssignmentStatus.IN_PROGRESS
    return _save(by, assignment, fresh, before)


@transaction.atomic
def assignment_report(
    *,
    by: User | None,
    assignment: Assignment,
    text: str = "",
    file: File | None = None,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Assignment:
    """Deliver the report-back: a text, a file (checked like a meeting document), or both.

    A report may be delivered again until it has been accepted; the new one replaces it.
    """
    fresh = _locked(assignment, expected_version)
    if fresh.status in FINISHED:
        raise DomainError(
            f"Uppdraget är {fresh.get_status_display().lower()}; återrapporteringen kan inte "
            "ändras."
        )
    text = check_text((text or "").strip(), field="report_text")
    if not text and file is None:
        raise DomainError(
            "Skriv återrapporteringen eller bifoga den som en fil.", field="report_text"
        )
    checked = check_file(file) if file is not None else None
    before = snapshot(fresh)
    fresh.report_text = text
    if checked is not None and file is not None:
        fresh.report_file.save(checked.name, file, save=False)
        fresh.report_file_name = checked.name
        fresh.report_content_type = checked.kind.content_type
    fresh.reported_on = today or local_today()
    fresh.status = AssignmentStatus.REPORTED
    return _save(by, assignment, fresh, before)


@transaction.atomic
def assignment_close(
    *,
    by: User | None,
    assignment: Assignment,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Assignment:
    """The body that receives the report accepts it: the assignment is done."""
    fresh = _locked(assignment, expected_version)
    if fresh.status != AssignmentStatus.REPORTED:
        raise DomainError(
            "Uppdraget kan avslutas först när det är återrapporterat; nu är det "
            f"{fresh.get_status_display().lower()}."
        )
    before = snapshot(fresh)
    fresh.status = AssignmentStatus.CLOSED
    fresh.closed_on = today or local_today()
    return _save(by, assignment, fresh, before, note=f"{fresh.report_to.name} tog emot rapporten.")


@transaction.atomic
def assignment_withdraw(
    *,
    by: User | None,
    assignment: Assignment,
    reason: str = "",
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Assignment:
    """The giving body takes the assignment back before it is done."""
    fresh = _locked(assignment, expected_version)
    if fresh.status in FINISHED:
        raise DomainError(f"Uppdraget är redan {fresh.get_status_display().lower()}.")
    reason = check_text((reason or "").strip(), field="reason", max_length=2000)
    before = snapshot(fresh)
    fresh.status = AssignmentStatus.WITHDRAWN
    fresh.closed_on = today or local_today()
    return _save(by, assignment, fresh, before, note=reason)


def is_overdue(assignment: Assignment, today: datetime.date | None = None) -> bool:
    """Past its due date and not yet reported."""
    return assignment.status in OPEN_ASSIGNMENT_STATUSES and assignment.due_on < (
        today or local_today()
    )


def report_file_response(assignment: Assignment) -> FileResponse:
    """The report-back's file as an attachment, for the pages and the API alike: under its
    own name, with the type its bytes showed when it was checked, never sniffed or run."""
    if not assignment.report_file:
        raise Http404("Återrapporteringen har ingen fil.")
    try:
        handle = assignment.report_file.storage.open(assignment.report_file.name or "", "rb")
    except FileNotFoundError as exc:
        raise Http404("Filen saknas i arkivet.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=assignment.report_file_name or "aterrapportering",
        content_type=assignment.report_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response
