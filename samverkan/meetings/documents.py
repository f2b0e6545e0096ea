"""A meeting's documents: upload with content sniffing, versions, public or internal, late flag.

The type of a file is decided from its bytes (the `filetype` package, plus a few checks of
our own), never from its name or the browser's word for it; the name's extension must then
agree with what the bytes are. Programs and scripts are refused whatever they are called.
Nothing is written, neither row nor file, until every check has passed.
"""

from __future__ import annotations

import codecs
import hashlib
import math
import os
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone

from samverkan.audit.services import record_create
from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.localtime import STOCKHOLM
from samverkan.lib.textcheck import check_text
from samverkan.meetings.active_content import MACRO_EXTENSIONS, MACROS, active_content
from samverkan.meetings.models import AgendaItem, Document, Meeting, MeetingStatus
from samverkan.meetings.services import document_deadline
from samverkan.search.index import (
    extract_document_text,
    search_index_remove,
    search_index_upsert,
)
from samverkan.structure.services import current_charter

REGISTRY_NUMBER_MAX = 60
TITLE_MAX = 300
# Enough for every signature `filetype` and we look at (it reads 8 KiB itself; OLE
# directories usually start within the first few sectors).
HEAD_SIZE = 64 * 1024


@dataclass(frozen=True)
class Kind:
    content_type: str
    label: str  # with its article, as in "Filen är inte <label>"
    extensions: tuple[str, ...]


PDF = Kind("application/pdf", "en PDF", ("pdf",))
DOCX = Kind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ett Word-dokument",
    ("docx",),
)
XLSX = Kind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "en Excel-arbetsbok",
    ("xlsx",),
)
PPTX = Kind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "en PowerPoint-presentation",
    ("pptx",),
)
DOC = Kind("application/msword", "ett Word-dokument (äldre format)", ("doc",))
XLS = Kind("application/vnd.ms-excel", "en Excel-arbetsbok (äldre format)", ("xls",))
PPT = Kind("application/vnd.ms-powerpoint", "en PowerPoint-presentation (äldre format)", ("ppt",))
ODT = Kind("application/vnd.oasis.opendocument.text", "ett OpenDocument-textdokument", ("odt",))
ODS = Kind(
    "application/vnd.oasis.opendocument.spreadsheet", "ett OpenDocument-kalkylblad", ("ods",)
)
ODP = Kind(
    "application/vnd.oasis.opendocument.presentation", "en OpenDocument-presentation", ("odp",)
)
PNG = Kind("image/png", "en PNG-bild", ("png",))
JPEG = Kind("image/jpeg", "en JPEG-bild", ("jpg", "jpeg"))
TEXT = Kind("text/plain; charset=utf-8", "en textfil", ("txt",))
CSV = Kind("text/csv; charset=utf-8", "en CSV-fil", ("csv",))

KINDS = (PDF, DOCX, XLSX, PPTX, DOC, XLS, PPT, ODT, ODS, ODP, PNG, JPEG, TEXT, CSV)
BY_MIME = {kind.content_type: kind for kind in KINDS if not kind.content_type.startswith("text/")}
BY_EXTENSION = {ext: kind for kind in KINDS for ext in kind.extensions}
OLE_KINDS = {"doc": DOC, "xls": XLS, "ppt": PPT}
ZIP_KINDS = {"docx": DOCX, "xlsx": XLSX, "pptx": PPTX, "odt": ODT, "ods": ODS, "odp": ODP}

ALLOWED_TEXT = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, text (.txt) och CSV"
ACCEPT = ",".join(f".{ext}" for ext in BY_EXTENSION)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The root storage's class id of a Windows Installer package (.msi), little-endian.
MSI_CLSID = bytes.fromhex("84100c0000000000c000000000000046")

# What other recognised types are called in the refusal.
OTHER_LABELS = {
    "application/zip": "ett ZIP-arkiv",
    "application/x-rar-compressed": "ett RAR-arkiv",
    "application/x-7z-compressed": "ett 7-Zip-arkiv",
    "application/gzip": "ett gzip-arkiv",
    "application/x-tar": "ett tar-arkiv",
    "application/rtf": "ett RTF-dokument",
    "image/gif": "en GIF-bild",
    "image/webp": "en WebP-bild",
    "image/tiff": "en TIFF-bild",
    "image/heic": "en HEIC-bild",
    "image/bmp": "en BMP-bild",
    "application/epub+zip": "en e-bok (EPUB)",
    "application/x-sqlite3": "en SQLite-databas",
    "application/wasm": "ett program (WebAssembly)",
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    kind: Kind
    size: int
    sha256: str


def _mb(size: int, *, up: bool = False) -> str:
    """Megabytes the Swedish way ("1,5 MB"); a file's size is rounded up, never down to the limit."""
    value = size / (1024 * 1024)
    rounded = f"{math.ceil(value * 100) / 100:.2f}".rstrip("0").rstrip(".")
    text = rounded if up else f"{value:.3g}"
    return text.replace(".", ",") + " MB"


def _clean_name(name: str) -> str:
    """The file's own name without any folders or control characters, at most 255 characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().strip(".")
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        base = f"{stem[: 254 - len(ext)]}.{ext}" if dot and len(ext) <= 10 else base[:255]
    return base


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _executable(head: bytes) -> str:
    """What kind of program the bytes are, or "" if they are not one."""
    if head.startswith(b"\x7fELF"):
        return "ett program (ELF, för Linux och Unix)"
    if head.startswith(b"MZ"):
        return "ett program (Windows, .exe eller .dll)"
    if head[:4] in (
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
    ):
        return "ett program (Mach-O, för macOS)"
    text = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    if text.startswith(b"#!"):
        return "ett program (ett skript som börjar med #!)"
    if head.startswith(OLE_SIGNATURE) and _ole_root_clsid(head) == MSI_CLSID:
        return "ett program (ett Windows Installer-paket, .msi)"
    return ""


def _ole_root_clsid(head: bytes) -> bytes | None:
    """The class id of an OLE compound file's root storage, if it lies within `head`."""
    if len(head) < 0x34:
        return None
    sector_shift = int.from_bytes(head[0x1E:0x20], "little")
    if sector_shift not in (9, 12):
        return None
    first_directory_sector = int.from_bytes(head[0x30:0x34], "little")
    offset = (first_directory_sector + 1) << sector_shift
    if offset + 0x60 > len(head):
        return None
    return head[offset + 0x50 : offset + 0x60]


def _zipped_kind(uploaded_file: File, extension: str) -> Kind | None:
    """An OOXML or ODF file that `filetype` only knew as a ZIP: look at its entries."""
    kind = ZIP_KINDS.get(extension)
    if kind is None:
        return None
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            if kind in (ODT, ODS, ODP):
                if "mimetype" not in names or archive.getinfo("mimetype").file_size > 200:
                    return None
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return kind if declared == kind.content_type else None
    except (zipfile.BadZipFile, OSError, KeyError, NotImplementedError, ValueError):
        return None
    finally:
        uploaded_file.seek(0)
    main_part = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", PPTX: "ppt/presentation.xml"}
    return kind if "[Content_Types].xml" in names and main_part[kind] in names else None


def _refuse_type(extension: str, what: str, *, program: bool = False) -> DomainError:
    claimed = BY_EXTENSION.get(extension)
    if claimed is not None:
        message = f"Filen är inte {claimed.label} trots ändelsen .{extension}: den ser ut att vara {what}."
    else:
        message = f"Filen ser ut att vara {what}."
    if program:
        message += " Program och skript kan inte laddas upp som handlingar."
    else:
        message += f" Tillåtna filer är {ALLOWED_TEXT}."
    return DomainError(message, field="file")


def check_file(uploaded_file: File) -> CheckedFile:
    """Read the file once: its size, SHA-256 and type from its bytes. Raises DomainError."""
    name = _clean_name(uploaded_file.name or "")
    if not name:
        raise DomainError("Filen saknar namn.", field="file")
    extension = _extension(name)
    limit = settings.DOCUMENT_MAX_SIZE
    declared = uploaded_file.size
    if declared is not None and declared > limit:
        raise DomainError(
            f"Filen är {_mb(declared, up=True)}; en handling får vara högst {_mb(limit)}.",
            field="file",
        )
    digest = hashlib.sha256()
    size = 0
    head = b""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_text = True
    for chunk in uploaded_file.chunks():
        size += len(chunk)
        if size > limit:
            raise DomainError(
                f"Filen är större än {_mb(limit)}, som är det största en handling får vara.",
                field="file",
            )
        digest.update(chunk)
        if len(head) < HEAD_SIZE:
            head += chunk[: HEAD_SIZE - len(head)]
        if is_text and b"\x00" in chunk:
            is_text = False
        if is_text:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                is_text = False
    if is_text:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_text = False
    uploaded_file.seek(0)
    if size == 0:
        raise DomainError("Filen är tom.", field="file")

    program = _executable(head)
    if program:
        raise _refuse_type(extension, program, program=True)
    if extension in MACRO_EXTENSIONS:
        raise DomainError(MACROS, field="file")

    guess = filetype.guess(head)
    mime = guess.mime if guess is not None else None
    kind: Kind | None = None
    if mime in BY_MIME:
        kind = BY_MIME[mime]
    elif mime == "application/zip":
        kind = _zipped_kind(uploaded_file, extension)
    if head.startswith(OLE_SIGNATURE) and (kind is not None or mime is None):
        # Legacy Office files share one container; `filetype` tells them apart only by
        # heuristics, so the extension decides between Word, Excel and PowerPoint.
        kind = OLE_KINDS.get(extension)
        if kind is None and extension in BY_EXTENSION:
            raise _refuse_type(extension, "en Office-fil i äldre format")
        if kind is None:
            raise DomainError(
                "Filen ser ut att vara en Office-fil i äldre format; den behöver ändelsen "
                ".doc, .xls eller .ppt.",
                field="file",
            )
    elif kind is None and mime is None and is_text:
        kind = CSV if extension == "csv" else TEXT

    if kind is None:
        if mime is not None:
            what = OTHER_LABELS.get(mime, f"en fil av typen {mime}")
            raise _refuse_type(extension, what, program=what.startswith("ett program"))
        if extension in ("txt", "csv"):
            raise _refuse_type(extension, "binärdata eller text i en annan teckenkodning än UTF-8")
        raise _refuse_type(extension, "något annat än en tillåten handling")
    if extension not in kind.extensions:
        if extension in BY_EXTENSION:
            raise _refuse_type(extension, kind.label)
        expected = " eller ".join(f".{ext}" for ext in kind.extensions)
        if not extension:
            message = f"Filnamnet saknar ändelse; filen ser ut att vara {kind.label} ({expected})."
        else:
            message = (
                f"Ändelsen .{extension} passar inte: filen ser ut att vara {kind.label} "
                f"({expected})."
            )
        raise DomainError(message + " Byt namn på filen och försök igen.", field="file")
    runs_code = active_content(uploaded_file, kind.content_type, extension)
    if runs_code:
        raise DomainError(runs_code, field="file")
    return CheckedFile(
        name=name, extension=extension, kind=kind, size=size, sha256=digest.hexdigest()
    )


def is_late(meeting: Meeting) -> bool:
    """Whether a document added today (in Stockholm) is after the charter's deadline."""
    deadline = document_deadline(meeting, current_charter(meeting.body))
    return deadline is not None and timezone.localdate(timezone=STOCKHOLM) > deadline


def _check_registry_number(value: str) -> str:
    value = value.strip()
    if len(value) > REGISTRY_NUMBER_MAX:
        raise DomainError(
            f"Diarienumret får vara högst {REGISTRY_NUMBER_MAX} tecken.", field="registry_number"
        )
    if any(unicodedata.category(c)[0] == "C" for c in value):
        raise DomainError(
            "Diarienumret får inte innehålla radbrytningar eller styrtecken.",
            field="registry_number",
        )
    return value


def document_upload(
    *,
    meeting: Meeting,
    uploaded_file: File,
    title: str,
    agenda_item: AgendaItem | None = None,
    public: bool = False,
    registry_number: str = "",
    replaces: Document | None = None,
    by: User | None,
) -> Document:
    """Add a document to the meeting, or a new version of one of its documents.

    A new version (`replaces`) gets the next version number and keeps the old one; without
    a title or agenda item of its own it takes the old version's. The registry number (Dnr)
    is free text in the owning organisation's format. Refusals raise DomainError and save
    nothing.
    """
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError("Mötet är inställt; handlingar kan inte läggas till.", field="meeting")
    if replaces is not None and replaces.meeting_id != meeting.pk:
        raise DomainError("Handlingen som ska ersättas hör till ett annat möte.", field="replaces")
    if agenda_item is None and replaces is not None:
        agenda_item = replaces.agenda_item
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise DomainError("Punkten hör till ett annat möte.", field="agenda_item")
    title = " ".join((title or "").split()) or (replaces.title if replaces else "")
    if not title:
        raise DomainError("Ge handlingen en titel.", field="title")
    check_text(title, field="title", max_length=None)
    if len(title) > TITLE_MAX:
        raise DomainError(f"Titeln får vara högst {TITLE_MAX} tecken.", field="title")
    registry_number = _check_registry_number(registry_number or "")
    checked = check_file(uploaded_file)
    late = is_late(meeting)

    document = Document(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        original_name=checked.name,
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=checked.sha256,
        public=public,
        registry_number=registry_number,
        uploaded_by=by,
        late=late,
    )
    stored = ""
    try:
        with transaction.atomic():
            if replaces is not None:
                old = Document.objects.select_for_update().get(pk=replaces.pk)
                newer = Document.objects.filter(replaces=old).first()
                if newer is not None:
                    raise ConflictError(
                        f"Version {old.version} av {old.title} har redan ersatts av version "
                        f"{newer.version}. Ladda om sidan och ersätt den senaste versionen.",
                        field="replaces",
                    )
                document.replaces = old
                document.version = old.version + 1
            document.full_clean(exclude=["file", "meeting", "agenda_item", "replaces"])
            stem = checked.name[: -len(checked.extension) - 1][:80] or "handling"
            document.file.save(f"{stem}.{checked.extension}", uploaded_file, save=False)
            stored = document.file.name or ""
            document.save()
            record_create(by=by, obj=document)
    except BaseException:
        if stored:
            document.file.storage.delete(stored)
        raise
    # Kept for the page and the API to tell the uploader (`search_note_of`); not stored.
    document.search_note = _index(document)  # type: ignore[attr-defined]
    return document


def search_note_of(document: Document) -> str:
    """Why the document just uploaded is not (or only partly) searchable; "" if it is."""
    return str(getattr(document, "search_note", ""))


def _index(document: Document) -> str:
    """Make the document findable by search; an older version it replaces no longer is.

    The text is read within the limits of `search.index` (a zip bomb is kept but not read);
    returns why the document is not or only partly searchable, "" if it is."""
    meeting = document.meeting
    with document.file.open("rb") as handle:
        extracted = extract_document_text(handle.read(), document.content_type)
    text = extracted.text
    day = timezone.localtime(meeting.starts_at, STOCKHOLM).date()
    search_index_upsert(
        source="document",
        source_id=document.pk,
        structure=meeting.body.structure,
        body=meeting.body,
        title=f"{document.title} – {meeting.body.name} {day.isoformat()}",
        text=text,
        url=reverse("meetings_public:document_download", args=[document.pk]),
        public=document.public,
        published_on=day,
    )
    if document.replaces_id:
        search_index_remove(source="document", source_id=document.replaces_id)
    return extracted.skipped


def open_document(document: Document) -> File:
    try:
        return document.file.storage.open(document.file.name or "", "rb")
    except FileNotFoundError as exc:
        raise Http404("Filen saknas i arkivet.") from exc


def file_response(document: Document) -> FileResponse:
    """The file as an attachment, for the pages and the API alike: under its original name,
    with the type its content decided, never sniffed or run, and cached only if public."""
    response = FileResponse(
        open_document(document),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=300" if document.public else "private, no-cache"
    return response
