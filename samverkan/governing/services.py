"""Governing documents and their implementation: create, change and delete a document,
choose which bodies must implement it, record how far one body has come, and link a
charter's entries to the records. One typed keyword-only function per action, the actor
as `by=`, an audit row per change, optimistic locking with `lock_version`.

Access is decided by `samverkan.governing.access` before a service is called; the
services check what holds whoever acts (the same structure, dates in order, files of the
allowed kinds).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q

from samverkan.audit.registry import track
from samverkan.audit.services import record_create, record_delete, record_update, snapshot
from samverkan.governing.models import (
    CharterDocumentLink,
    DocumentKind,
    GoverningDocument,
    Implementation,
    ImplementationStatus,
)
from samverkan.lib.errors import DomainError, refuse_stale, sync_saved
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.lib.textcheck import check_text
from samverkan.meetings.documents import DOCX, ODT, PDF, XLSX, check_file
from samverkan.structure.models import Body, Charter, Structure

STALE_DOCUMENT = (
    "Någon annan har ändrat styrdokumentet sedan du öppnade det. Ladda om sidan och gör om "
    "ändringen; inget sparades."
)
STALE_IMPLEMENTATION = (
    "Någon annan har uppdaterat implementeringen i {body} sedan du öppnade sidan. Ladda om "
    "sidan och gör om ändringen; inget sparades."
)
FILE_KINDS = (PDF, DOCX, XLSX, ODT)
FILE_KINDS_TEXT = "PDF, Word (.docx), Excel (.xlsx) eller OpenDocument-text (.odt)"
TEXT_LIMITS = {"title": 300, "version": 20, "owner": 200, "decided_by": 200, "url": 500}
LABELS = {
    "title": "Titel",
    "kind": "Typ",
    "version": "Version",
    "owner": "Dokumentägare",
    "decided_by": "Beslutad av",
    "decided_on": "Beslutsdatum",
    "valid_until": "Giltig till och med",
    "next_revision": "Nästa revidering",
    "summary": "Kort beskrivning",
    "url": "Länk till dokumentet",
    "public": "Publik",
    "parent": "Överordnat dokument",
    "commissioned_by": "Uppdragsgivare",
    "file": "Fil",
}
DOCUMENT_FIELDS = tuple(LABELS)
# Deep enough for any real chain of agreements; a longer one is refused as a likely loop.
MAX_DEPTH = 20

track(
    GoverningDocument,
    key="governing_document",
    label="Styrdokument",
    # The file is told as its name (a part), not tracked as a field.
    fields={**{k: v for k, v in LABELS.items() if k != "file"}, "file_name": "Fil"},
    structure=lambda d: d.structure_id,
)
track(
    Implementation,
    key="implementation",
    label="Implementering",
    fields={
        "body": "Grupp",
        "status": "Status",
        "planned_on": "Planerad till",
        "implemented_on": "Implementerad",
        "followed_up_on": "Uppföljd",
        "note": "Kommentar",
    },
    scope=lambda i: ("governing_document", i.document_id),
    structure=lambda i: i.document.structure_id,
    name=lambda i: f"{i.document.title} i {i.body.name}",
)
track(
    CharterDocumentLink,
    key="charter_document_link",
    label="Uppdragsbeskrivningens styrdokument",
    fields={"text": "Raden i uppdragsbeskrivningen", "document": "Styrdokument"},
    scope=lambda link: ("governing_document", link.document_id),
    structure=lambda link: link.document.structure_id,
    name=lambda link: f"{link.text} → {link.document.title}",
)


# --- Checks ---------------------------------------------------------------------------------


def _url(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise DomainError(
            "Ange länken till dokumentet som en hel webbadress som börjar med https:// eller "
            "http://.",
            field="url",
        ) from None
    if len(value) > TEXT_LIMITS["url"]:
        raise DomainError(
            f"Länken till dokumentet får vara högst {TEXT_LIMITS['url']} tecken.", field="url"
        )
    return value


def check_document_file(uploaded: File) -> None:
    """Only the kinds a governing document comes in, by their bytes, within the size limit."""
    checked = check_file(uploaded)
    if checked.kind not in FILE_KINDS:
        raise DomainError(
            f"Filen ser ut att vara {checked.kind.label}. Ett styrdokument laddas upp som "
            f"{FILE_KINDS_TEXT}.",
            field="file",
        )


def _check_parent(
    structure: Structure, parent: GoverningDocument | None, document: GoverningDocument | None
) -> None:
    if parent is None:
        return
    if parent.structure_id != structure.pk:
        raise DomainError("Välj ett överordnat dokument i samma struktur.", field="parent")
    if document is None:
        return
    # Walk up from the new parent: meeting the document itself would close a loop.
    seen: set[int] = set()
    current: int | None = parent.pk
    while current is not None:
        if current == document.pk:
            raise DomainError(
                "Ett dokument kan inte ha sig självt eller ett av sina egna underordnade "
                "dokument som överordnat dokument.",
                field="parent",
            )
        if current in seen or len(seen) > MAX_DEPTH:
            break
        seen.add(current)
        current = (
            GoverningDocument.objects.filter(pk=current).values_list("parent_id", flat=True).first()
        )


def _check_commissioner(structure: Structure, body: Body | None) -> None:
    if body is not None and body.structure_id != structure.pk:
        raise DomainError(
            f"Välj en uppdragsgivare bland grupperna i {structure.name}.", field="commissioned_by"
        )


def _cleaned(values: dict[str, Any]) -> dict[str, Any]:
    """The document's values as they are stored, or a refusal naming the field."""
    cleaned = dict(values)
    for name, limit in TEXT_LIMITS.items():
        if name in cleaned and name != "url":
            cleaned[name] = check_text((cleaned[name] or "").strip(), field=name, max_length=limit)
    if "summary" in cleaned:
        cleaned["summary"] = check_text((cleaned["summary"] or "").strip(), field="summary")
    if "url" in cleaned:
        cleaned["url"] = _url(cleaned["url"])
    if "title" in cleaned and not cleaned["title"]:
        raise DomainError("Ange dokumentets titel.", field="title")
    if "kind" in cleaned and cleaned["kind"] not in DocumentKind.values:
        raise DomainError("Välj en av typerna i listan.", field="kind")
    if "public" in cleaned:
        cleaned["public"] = bool(cleaned["public"])
    return cleaned


def _check_dates(document: GoverningDocument) -> None:
    decided = document.decided_on
    if decided and document.valid_until and document.valid_until < decided:
        raise DomainError(
            f"Giltig till och med kan inte vara före beslutsdatum ({date_text(decided)}).",
            field="valid_until",
        )
    if decided and document.next_revision and document.next_revision < decided:
        raise DomainError(
            f"Nästa revidering kan inte vara före beslutsdatum ({date_text(decided)}).",
            field="next_revision",
        )


# --- Documents ------------------------------------------------------------------------------


@transaction.atomic
def document_create(
    *,
    by: User | None,
    structure: Structure,
    title: str,
    kind: str,
    version: str = "",
    owner: str = "",
    decided_by: str = "",
    decided_on: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    next_revision: datetime.date | None = None,
    summary: str = "",
    url: str = "",
    public: bool = True,
    parent: GoverningDocument | None = None,
    commissioned_by: Body | None = None,
    file: File | None = None,
) -> GoverningDocument:
    """A new governing document in `structure`."""
    values = _cleaned(
        {
            "title": title,
            "kind": kind,
            "version": version,
            "owner": owner,
            "decided_by": decided_by,
            "summary": summary,
            "url": url,
            "public": public,
        }
    )
    _check_parent(structure, parent, None)
    _check_commissioner(structure, commissioned_by)
    if file is not None:
        check_document_file(file)
    document = GoverningDocument(
        structure=structure,
        parent=parent,
        commissioned_by=commissioned_by,
        decided_on=decided_on,
        valid_until=valid_until,
        next_revision=next_revision,
        **values,
    )
    _check_dates(document)
    if file is not None:
        document.file.save(file.name or "styrdokument", file, save=False)
    document.save()
    record_create(
        by=by, obj=document, parts={"file_name": (document.file.name or "").rsplit("/", 1)[-1]}
    )
    return document


def _locked(document: GoverningDocument, expected_version: int | None) -> GoverningDocument:
    current = GoverningDocument.objects.select_for_update().get(pk=document.pk)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE_DOCUMENT)
    return current


@transaction.atomic
def document_update(
    *,
    by: User | None,
    document: GoverningDocument,
    expected_version: int | None,
    file: File | None = None,
    remove_file: bool = False,
    **changes: Any,
) -> GoverningDocument:
    """Change the fields in `changes` (any of the document's own; `parent` and
    `commissioned_by` as objects or None), and replace or remove the file."""
    unknown = set(changes) - set(DOCUMENT_FIELDS) - {"file"}
    if unknown:
        raise DomainError("Okända fält: " + ", ".join(sorted(unknown)))
    changes.pop("file", None)
    current = _locked(document, expected_version)
    structure = current.structure
    values = _cleaned(changes)
    if "parent" in values:
        _check_parent(structure, values["parent"], current)
    if "commissioned_by" in values:
        _check_commissioner(structure, values["commissioned_by"])
    if file is not None:
        check_document_file(file)
    before = snapshot(current)
    old_file = current.file.name or ""
    for name, value in values.items():
        setattr(current, name, value)
    _check_dates(current)
    if file is not None:
        current.file.save(file.name or "styrdokument", file, save=False)
    elif remove_file:
        current.file = ""  # type: ignore[assignment]
    current.lock_version += 1
    current.save()
    new_file = current.file.name or ""
    if old_file and old_file != new_file:
        storage = current.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    record_update(
        by=by,
        obj=current,
        before=before,
        parts={"file_name": (old_file.rsplit("/", 1)[-1], new_file.rsplit("/", 1)[-1])},
    )
    sync_saved(document, current)
    return document


def has_progress(row: Implementation) -> bool:
    return row.status != ImplementationStatus.NOT_STARTED or bool(row.note.strip())


@transaction.atomic
def document_delete(
    *, by: User | None, document: GoverningDocument, expected_version: int | None = None
) -> None:
    """Delete a document nobody has begun implementing and no other document lies under."""
    current = _locked(document, expected_version)
    started = [
        row.body.name
        for row in Implementation.objects.filter(document=current).select_related("body")
        if has_progress(row)
    ]
    if started:
        raise DomainError(
            "Styrdokumentet kan inte tas bort: implementeringen har kommit igång i "
            + ", ".join(sorted(started))
            + ". Det som är gjort ska finnas kvar."
        )
    if GoverningDocument.objects.filter(parent=current).exists():
        raise DomainError(
            "Styrdokumentet kan inte tas bort: andra styrdokument ligger under det. Flytta dem "
            "först."
        )
    old_file = current.file.name or ""
    for row in Implementation.objects.filter(document=current).select_related("document", "body"):
        record_delete(by=by, obj=row)
    record_delete(by=by, obj=current)
    current.delete()
    if old_file:
        storage = current.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))


# --- Who implements -------------------------------------------------------------------------


@transaction.atomic
def implementing_bodies_set(
    *,
    by: User | None,
    document: GoverningDocument,
    bodies: Sequence[Body],
    confirm_removal: bool = False,
) -> list[Implementation]:
    """The bodies that must implement `document`: new ones start as not started, those kept
    keep their progress. Removing a body that has come some way is refused unless
    `confirm_removal` says that it is meant (its progress is then kept in the history)."""
    current = GoverningDocument.objects.select_for_update().get(pk=document.pk)
    wanted: dict[int, Body] = {}
    for body in bodies:
        if body.structure_id != current.structure_id:
            raise DomainError(
                f"{body.name} hör inte till strukturen och kan inte implementera dokumentet.",
                field="bodies",
            )
        wanted[body.pk] = body
    existing = {
        row.body_id: row
        for row in Implementation.objects.filter(document=current).select_related(
            "body", "document"
        )
    }
    leaving = [row for pk, row in existing.items() if pk not in wanted]
    started = sorted(row.body.name for row in leaving if has_progress(row))
    if started and not confirm_removal:
        raise DomainError(
            ", ".join(started)
            + " har redan kommit igång med implementeringen. Bekräfta att de ska tas bort; "
            "det de har gjort finns då kvar i historiken.",
            field="bodies",
        )
    for row in leaving:
        record_delete(by=by, obj=row, note="Behöver inte längre implementera dokumentet")
        row.delete()
    for pk, body in wanted.items():
        if pk not in existing:
            row = Implementation.objects.create(document=current, body=body, updated_by=by)
            record_create(by=by, obj=row)
    return list(
        Implementation.objects.filter(document=current)
        .select_related("body")
        .order_by("body__position", "body__name")
    )


@transaction.atomic
def implementation_update(
    *,
    by: User | None,
    implementation: Implementation,
    status: str,
    planned_on: datetime.date | None = None,
    implemented_on: datetime.date | None = None,
    followed_up_on: datetime.date | None = None,
    note: str | None = None,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Implementation:
    """How far one body has come. A planned implementation needs the day it is planned
    for; an implemented one the day it was done (not in the future); a followed-up one
    also the day of the follow-up, on or after it. Going back clears the later dates."""
    today = today or local_today()
    current = (
        Implementation.objects.select_for_update(of=("self",))
        .select_related("body", "document")
        .get(pk=implementation.pk)
    )
    refuse_stale(
        current=current.lock_version,
        expected=expected_version,
        message=STALE_IMPLEMENTATION.format(body=current.body.name),
    )
    if status not in ImplementationStatus.values:
        raise DomainError("Välj en status i listan.", field="status")
    if status == ImplementationStatus.NOT_STARTED:
        planned_on = implemented_on = followed_up_on = None
    elif status == ImplementationStatus.PLANNED:
        implemented_on = followed_up_on = None
        if planned_on is None:
            raise DomainError(
                "Ange vilket datum implementeringen är planerad till.", field="planned_on"
            )
    else:
        if implemented_on is None:
            raise DomainError(
                "Ange vilken dag dokumentet implementerades.",
                field="implemented_on",
            )
        if implemented_on > today:
            raise DomainError(
                "Dagen då dokumentet implementerades kan inte ligga efter i dag. Välj Planerad "
                "för en implementering som inte är gjord än.",
                field="implemented_on",
            )
        if status == ImplementationStatus.IMPLEMENTED:
            followed_up_on = None
        else:
            if followed_up_on is None:
                raise DomainError(
                    "Ange vilken dag implementeringen följdes upp.",
                    field="followed_up_on",
                )
            if followed_up_on < implemented_on:
                raise DomainError(
                    "Uppföljningen kan inte vara före implementeringen "
                    f"({date_text(implemented_on)}).",
                    field="followed_up_on",
                )
            if followed_up_on > today:
                raise DomainError(
                    "Dagen för uppföljningen kan inte ligga efter i dag.", field="followed_up_on"
                )
    before = snapshot(current)
    current.status = status
    current.planned_on = planned_on
    current.implemented_on = implemented_on
    current.followed_up_on = followed_up_on
    if note is not None:
        current.note = check_text(note.strip(), field="note", max_length=2000)
    current.updated_by = by
    current.lock_version += 1
    current.save()
    record_update(by=by, obj=current, before=before)
    sync_saved(implementation, current)
    return implementation


# --- A charter's entries --------------------------------------------------------------------


@transaction.atomic
def charter_entry_link(
    *,
    by: User | None,
    charter: Charter,
    position: int,
    document: GoverningDocument | None,
) -> CharterDocumentLink | None:
    """Link the charter's entry at `position` (of `Charter.governing_documents`) to
    `document`, or unlink it (None)."""
    entries = charter.governing_documents or []
    if not 0 <= position < len(entries):
        raise DomainError(
            "Uppdragsbeskrivningen har ingen sådan rad bland styrdokumenten.", field="position"
        )
    structure_id = Body.objects.filter(pk=charter.body_id).values_list("structure_id", flat=True)[0]
    if document is not None and document.structure_id != structure_id:
        raise DomainError("Välj ett styrdokument i samma struktur.", field="document")
    text = str(entries[position])[:500]
    found = CharterDocumentLink.objects.filter(charter=charter, position=position).first()
    if document is None:
        # Unlinked here and in no other version of the body's charter by the same text.
        for link in CharterDocumentLink.objects.filter(
            Q(charter__body_id=charter.body_id, text__iexact=text) | Q(pk=getattr(found, "pk", 0))
        ).select_related("document"):
            record_delete(by=by, obj=link)
            link.delete()
        return None
    if found is None:
        made = CharterDocumentLink.objects.create(
            charter=charter, position=position, text=text, document=document
        )
        record_create(by=by, obj=made)
        return made
    before = snapshot(found)
    found.document, found.text = document, text
    found.save(update_fields=["document", "text"])
    record_update(by=by, obj=found, before=before)
    return found


def link_charter_entries_by_title(*, structure: Structure) -> int:
    """Link every unlinked entry of the structure's charters whose text is a document's
    title (ignoring case and a final full stop); returns how many were linked."""
    titles = {
        d.title.casefold().rstrip(". "): d
        for d in GoverningDocument.objects.filter(structure=structure)
    }
    charters = [
        c for c in Charter.objects.filter(body__structure=structure) if c.governing_documents
    ]
    linked = set(
        CharterDocumentLink.objects.filter(charter__in=charters).values_list(
            "charter_id", "position"
        )
    )
    made = []
    for charter in charters:
        for position, entry in enumerate(charter.governing_documents or []):
            document = titles.get(str(entry).casefold().rstrip(". "))
            if document is not None and (charter.pk, position) not in linked:
                made.append(
                    CharterDocumentLink(
                        charter=charter,
                        position=position,
                        text=str(entry)[:500],
                        document=document,
                    )
                )
    CharterDocumentLink.objects.bulk_create(made, ignore_conflicts=True)
    return len(made)
