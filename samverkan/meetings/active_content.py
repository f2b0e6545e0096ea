"""Documents that can run code when opened are refused: Office macros and PDF scripts.

A meeting's documents are opened by members in their own Word, Excel or PDF reader, often
from a notice in their email. A macro (VBA) or ActiveX control in an Office file, an
OpenDocument file with Basic or scripts, and a PDF with JavaScript or a Launch action can
run code on that member's computer. None of them is needed for a meeting document, so the
upload is refused with a way out (save without macros, print to a new PDF) rather than
flagged: a flag would still hand the file to everyone called to the meeting.

`active_content(file, kind_label, extension)` says what the file holds, or "" if nothing.
The checks read the file's own structure, never trust its name:

- OOXML (.docx, .xlsx, .pptx): a `vbaProject.bin` or an `activeX/` part, or a content type
  that says macro-enabled (a renamed .docm).
- OpenDocument: a `Basic/` or `Scripts/` folder.
- Legacy Office (.doc, .xls, .ppt): a `_VBA_PROJECT` stream in the compound file.
- PDF: every object read with pypdf (names are decoded, object streams unpacked), looking
  for a `/JS` key, a `/JavaScript` name tree or an action of type `/JavaScript` or
  `/Launch` (as `/OpenAction`, `/AA` or on a link); and the bytes outside the streams too,
  names decoded, for a broken file that pypdf cannot read but a reader repairs. An
  `/OpenAction` that only opens a page is fine.
"""

from __future__ import annotations

import re
import time
import zipfile
from typing import Any

from django.core.files import File

# Extensions that say "with macros" (Word, Excel, PowerPoint, their templates and add-ins).
MACRO_EXTENSIONS = frozenset(
    {"docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppsm", "ppam", "sldm"}
)

MACROS = (
    "Filen innehåller makron eller ActiveX-kontroller, som kan köra program hos den som "
    "öppnar den, och tas därför inte emot som handling. Spara den utan makron (t.ex. som "
    ".docx, .xlsx eller .pptx) och ladda upp den igen."
)
PDF_SCRIPT = (
    "PDF:en innehåller JavaScript eller en åtgärd som startar ett program ({what}), som kan "
    "köras hos den som öppnar den, och tas därför inte emot som handling. Skriv ut den till "
    "en ny PDF (t.ex. Skriv ut → Spara som PDF) och ladda upp den igen."
)

_VBA_STREAM = "_VBA_PROJECT".encode("utf-16-le")
_PDF_RAW = re.compile(rb"/(JavaScript|JS|Launch)(?![A-Za-z0-9#])")
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Reading every object of a 25 MB PDF takes well under a second; past this, the file is
# made to be slow, and it is refused rather than let through unchecked.
PDF_CHECK_SECONDS = 20.0
PDF_CHECK_OBJECTS = 200_000


def active_content(uploaded_file: File, kind: str, extension: str) -> str:
    """Why the file is refused for running code when opened, or "" if it does not.

    `kind` is the content type decided from the bytes; `extension` the name's, lower case.
    """
    if extension in MACRO_EXTENSIONS:
        return MACROS
    try:
        if kind.startswith("application/vnd.openxmlformats-officedocument"):
            return MACROS if _ooxml_has_macros(uploaded_file) else ""
        if kind.startswith("application/vnd.oasis.opendocument"):
            return MACROS if _odf_has_macros(uploaded_file) else ""
        if kind in (
            "application/msword",
            "application/vnd.ms-excel",
            "application/vnd.ms-powerpoint",
        ):
            return MACROS if _contains(uploaded_file, _VBA_STREAM) else ""
        if kind == "application/pdf":
            found = _pdf_actions(uploaded_file)
            return PDF_SCRIPT.format(what=", ".join(found)) if found else ""
    finally:
        uploaded_file.seek(0)
    return ""


def _zip_names(uploaded_file: File) -> tuple[list[str], zipfile.ZipFile]:
    uploaded_file.seek(0)
    archive = zipfile.ZipFile(uploaded_file)
    return [name.lower() for name in archive.namelist()], archive


def _ooxml_has_macros(uploaded_file: File) -> bool:
    names, archive = _zip_names(uploaded_file)
    with archive:
        if any(n.endswith("vbaproject.bin") or "/activex/" in f"/{n}" for n in names):
            return True
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1024 * 1024:
            return True  # a real one is a few kB; a huge one hides something
        types = archive.read(info).lower()
    return b"macroenabled" in types or b"vbaproject" in types


def _odf_has_macros(uploaded_file: File) -> bool:
    names, archive = _zip_names(uploaded_file)
    archive.close()
    return any(n.startswith(("basic/", "scripts/")) for n in names)


def _contains(uploaded_file: File, needle: bytes) -> bool:
    """Whether `needle` occurs anywhere in the file, across chunk boundaries too."""
    uploaded_file.seek(0)
    tail = b""
    for chunk in uploaded_file.chunks():
        if needle in tail + chunk:
            return True
        tail = chunk[-len(needle) :]
    return False


def _pdf_actions(uploaded_file: File) -> list[str]:
    """The scripting found in the PDF (e.g. ["/JavaScript", "/Launch"]), or []."""
    uploaded_file.seek(0)
    data = uploaded_file.read()
    found = _pdf_object_actions(data) or set()
    # And the bytes outside the streams (whose compressed contents would match by chance),
    # with names decoded (`/J#61vaScript`): a reader repairs a file that pypdf cannot read.
    text = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), _PDF_STREAM.sub(b" ", data))
    found |= {"/" + match.group(1).decode() for match in _PDF_RAW.finditer(text)}
    return sorted(found)


def _pdf_object_actions(data: bytes) -> set[str] | None:
    """The scripting in the PDF's objects, or None if pypdf cannot read its structure."""
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        ids = {idnum for table in reader.xref.values() for idnum in table}
        ids |= set(reader.xref_objStm)
    except Exception:
        return None
    found: set[str] = set()
    started = time.monotonic()
    for count, idnum in enumerate(sorted(ids)):
        if count >= PDF_CHECK_OBJECTS or time.monotonic() - started > PDF_CHECK_SECONDS:
            found.add("för många objekt att kontrollera")
            break
        try:
            obj = reader.get_object(idnum)
        except Exception:  # noqa: S112 - a broken object holds no action either
            continue
        _scan(obj, found, depth=0)
    return found


def _scan(obj: Any, found: set[str], depth: int) -> None:
    """Look for scripting in one object and the dictionaries and arrays written inside it
    (references to other objects are read on their own)."""
    from pypdf.generic import ArrayObject, DictionaryObject

    if depth > 50:
        return
    if isinstance(obj, DictionaryObject):
        if "/JS" in obj:
            found.add("/JavaScript")
        kind = obj.get("/S")
        if kind in ("/JavaScript", "/Launch"):
            found.add(str(kind))
        names = obj.get("/Names")
        if isinstance(names, DictionaryObject) and "/JavaScript" in names:
            found.add("/JavaScript")
        for value in obj.values():
            _scan(value, found, depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            _scan(value, found, depth + 1)
