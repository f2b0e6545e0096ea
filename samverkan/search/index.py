"""Keeping the search index in step: the minutes and meeting documents call these.

`search_index_upsert` and `search_index_remove` are the whole interface for other apps;
`extract_text` turns an uploaded document into the plain text to index.
"""

from __future__ import annotations

import datetime
import io
import logging
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree

from django.db import connection, transaction

from samverkan.search.models import SearchEntry
from samverkan.search.text import clean, stem_text
from samverkan.structure.models import Body, Structure

logger = logging.getLogger(__name__)

TITLE_LENGTH = 500

# PostgreSQL: besides its words, an entry's vector holds marks that no word can be (a word
# has no "_"): its year and month of publication, its structure and its body, so that the GIN
# index finds "these words in these months" (or "… years", "… of this body") in one lookup;
# the search asks it so for words too rare to find by reading the newest entries
# (samverkan.search.postgres). The marks have no positions and are never in a visitor's
# query, so they do not change the rank. Migrations 0002_search_vector_marks and
# 0003_search_vector_years wrote them into the vectors that were there before.
MARKS_SQL = """array_to_tsvector(array_remove(ARRAY[
        '_y' || to_char(e.published_on, 'YYYY'),
        '_m' || to_char(e.published_on, 'YYYYMM'),
        '_s' || e.structure_id::text,
        '_b' || e.body_id::text
    ], NULL))"""
# The title (weight A) counts more than the text (B) when hits are ranked. The words are
# stemmed already; 'swedish' drops the stop words, as the query does.
_POSTGRES_UPDATE = f"""
    UPDATE search_searchentry AS e
    SET search_vector = setweight(to_tsvector('swedish'::regconfig, v.title), 'A')
        || setweight(to_tsvector('swedish'::regconfig, v.text), 'B')
        || {MARKS_SQL}
    FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, title, text)
    WHERE e.id = v.id
"""  # noqa: S608 - MARKS_SQL is a constant


def search_index_upsert(
    *,
    source: str,
    source_id: int,
    structure: Structure,
    body: Body | None,
    title: str,
    text: str,
    url: str,
    public: bool,
    published_on: datetime.date,
) -> SearchEntry:
    """Add a searchable thing to the index, or replace what the index knew about it."""
    if not url.startswith(("/", "https://", "http://")):
        raise ValueError(f"A search entry links to a page, not to {url!r}.")
    title = clean(title)[:TITLE_LENGTH]
    text = clean(text)
    with transaction.atomic():
        entry, _created = SearchEntry.objects.update_or_create(
            source=source,
            source_id=source_id,
            defaults={
                "structure": structure,
                "body": body,
                "title": title,
                "text": text,
                "url": url,
                "public": public,
                "published_on": published_on,
            },
        )
        _write_full_text([entry])
    return entry


def search_index_remove(*, source: str, source_id: int) -> None:
    """Take a thing out of the index; nothing happens if it was never there."""
    with transaction.atomic():
        ids = list(
            SearchEntry.objects.filter(source=source, source_id=source_id).values_list(
                "pk", flat=True
            )
        )
        if not ids:
            return
        if connection.vendor == "sqlite":
            # The delete trigger does this too, but a later table rebuild would drop it.
            with connection.cursor() as cursor:
                cursor.executemany(
                    "DELETE FROM search_searchentry_fts WHERE rowid = %s", [(i,) for i in ids]
                )
        SearchEntry.objects.filter(pk__in=ids).delete()


def search_index_bulk_insert(*, entries: Sequence[SearchEntry], batch_size: int = 1000) -> None:
    """Insert many new entries at once, full text included: for loading and benchmarks."""
    for start in range(0, len(entries), batch_size):
        batch = list(entries[start : start + batch_size])
        for entry in batch:
            entry.title = clean(entry.title)[:TITLE_LENGTH]
            entry.text = clean(entry.text)
        with transaction.atomic():
            SearchEntry.objects.bulk_create(batch)
            _write_full_text(batch)


def _write_full_text(entries: Sequence[SearchEntry]) -> None:
    """Put the stemmed title and text of saved entries in the database's full-text index."""
    rows = [(entry.pk, stem_text(entry.title), stem_text(entry.text)) for entry in entries]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                _POSTGRES_UPDATE, [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]]
            )
        elif connection.vendor == "sqlite":
            cursor.executemany(
                "DELETE FROM search_searchentry_fts WHERE rowid = %s", [(r[0],) for r in rows]
            )
            cursor.executemany(
                "INSERT INTO search_searchentry_fts (rowid, title, text) VALUES (%s, %s, %s)", rows
            )


# --- Text from documents -------------------------------------------------------------------

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TEXT = "text/plain"

# Enough for the part of a text that is indexed (see text.INDEXED_CHARS), with margin.
_MAX_CHARS = 400_000
# The limits of reading a document's text. Past them the document is kept, but not (or
# only partly) searchable, and the upload says so (`ExtractedText.skipped`).
# - The XML part of a .docx or .odt, unpacked: a 300-page report is a few MB, while a zip
#   bomb of 50 kB unpacks to gigabytes. Read no further than this, whatever the zip says.
MAX_UNPACKED_XML = 10 * 1024 * 1024
# - A PDF's pages, and the seconds spent on them (checked between pages).
MAX_PDF_PAGES = 500
MAX_PDF_SECONDS = 10.0

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


class TooLarge(Exception):
    """A document's text is past the limits above; the message says which, in Swedish."""


@dataclass(frozen=True)
class ExtractedText:
    text: str
    # Why the text was not read, or not all of it, when a limit stopped it (Swedish); "" if
    # it was read in full.
    skipped: str = ""


def extract_document_text(data: bytes, content_type: str) -> ExtractedText:
    """The plain text of a document, as far as the limits allow; "" for a type we cannot
    read or a broken file (which is still kept)."""
    kind = content_type.split(";")[0].strip().lower()
    try:
        if kind == PDF:
            return _pdf_text(data)
        if kind == DOCX:
            return ExtractedText(_docx_text(data))
        if kind == ODT:
            return ExtractedText(_odt_text(data))
        if kind == TEXT:
            return ExtractedText(_plain_text(data))
    except TooLarge as exc:
        logger.warning("Not indexing a %s document: %s", kind, exc)
        return ExtractedText("", skipped=f"Texten lästes inte: {exc}")
    except Exception:
        # A broken upload must not stop the document from being saved; it is just not found.
        logger.warning("Could not read the text of a %s document", kind, exc_info=True)
    return ExtractedText("")


def extract_text(data: bytes, content_type: str) -> str:
    """The plain text of a document, or "" (see `extract_document_text`)."""
    return extract_document_text(data, content_type).text


def _pdf_text(data: bytes) -> ExtractedText:
    """The text of the first pages, within MAX_PDF_PAGES and MAX_PDF_SECONDS; a PDF cut
    short says how far it was read."""
    from pypdf import PdfReader

    started = time.monotonic()
    reader = PdfReader(io.BytesIO(data))
    parts: list[str] = []
    size = 0
    skipped = ""
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES:
            skipped = (
                f"PDF:en har fler än {MAX_PDF_PAGES} sidor; de första {number} går att söka i."
            )
            break
        if time.monotonic() - started > MAX_PDF_SECONDS:
            skipped = (
                f"Texten tog mer än {MAX_PDF_SECONDS:.0f} sekunder att läsa; de första {number} "
                "sidorna går att söka i."
            )
            break
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size >= _MAX_CHARS:
            break
    if skipped:
        logger.warning("Indexing only part of a PDF: %s", skipped)
    return ExtractedText(clean("\n".join(parts)).strip(), skipped=skipped)


def _zipped_xml(data: bytes, name: str) -> ElementTree.Element:
    limit = MAX_UNPACKED_XML
    too_large = f"{name} packas upp till mer än {limit // (1024 * 1024)} MB."
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if archive.getinfo(name).file_size > limit:
            raise TooLarge(too_large)
        # The size in the zip's directory is the packer's word; count what comes out.
        with archive.open(name) as member:
            xml = member.read(limit + 1)
        if len(xml) > limit:
            raise TooLarge(too_large)
    # Office files never declare a DTD; refusing one rules out entity expansion attacks.
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise ValueError(f"{name} declares a DTD")
    return ElementTree.fromstring(xml)  # noqa: S314 - no DTD, so no entities to expand


def _docx_text(data: bytes) -> str:
    root = _zipped_xml(data, "word/document.xml")
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        pieces = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t":
                pieces.append(node.text or "")
            elif node.tag == f"{_W}tab":
                pieces.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                pieces.append("\n")
        paragraphs.append("".join(pieces))
    return clean("\n".join(p for p in paragraphs if p.strip()))[:_MAX_CHARS]


def _odt_text(data: bytes) -> str:
    root = _zipped_xml(data, "content.xml")
    paragraphs = [
        "".join(node.itertext())
        for node in root.iter()
        if node.tag in (f"{_ODF_TEXT}p", f"{_ODF_TEXT}h")
    ]
    return clean("\n".join(p for p in paragraphs if p.strip()))[:_MAX_CHARS]


def _plain_text(data: bytes) -> str:
    head = data[: _MAX_CHARS * 4]
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if len(head) < len(data) and error.start > len(head) - 4:
            # We cut a character in two at the end.
            text = head[: error.start].decode("utf-8-sig")
        else:
            # Older Swedish text files are Windows-1252.
            text = head.decode("cp1252", errors="replace")
    return clean(text)[:_MAX_CHARS]
