"""Import a structure file: create or update one structure, atomically and idempotently.

An invalid file changes nothing: every error names file, line and field, and
the database writes run in one transaction that is rolled back on any error.
Importing the same file twice changes nothing the second time: rows are only
saved when a value differs.

The phases: `messages` (the schema's errors in Swedish), `references` (keys and
references checked before any write), `writes` (structure, organisations, people,
bodies), `charters` and `members` (each body's charter and memberships).
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from pydantic import ValidationError

from samverkan.structure import schema
from samverkan.structure.importer.context import ImportContext, ImportReport
from samverkan.structure.importer.messages import validation_errors
from samverkan.structure.importer.references import check_references
from samverkan.structure.importer.writes import write
from samverkan.structure.yamlsource import FileError, StructureFileInvalid, YamlDocument

__all__ = ["ImportReport", "structure_import", "structure_import_file"]


def structure_import(*, text: str, path: str, dry_run: bool = False) -> ImportReport:
    """Validate and import one structure file. Raises StructureFileInvalid and changes nothing on error."""
    document = YamlDocument(text, path)
    if not isinstance(document.data, dict):
        raise StructureFileInvalid(
            [
                FileError(
                    path, 1, "", "filen ska vara en YAML-mappning med structure, people och bodies"
                )
            ]
        )
    try:
        spec = schema.StructureFile.model_validate(document.data)
    except ValidationError as exc:
        raise StructureFileInvalid(validation_errors(exc, document, path)) from None
    ctx = ImportContext(document, spec)
    check_references(ctx)
    if ctx.errors:
        raise StructureFileInvalid(ctx.errors)
    with transaction.atomic():
        write(ctx)
        if ctx.errors:
            transaction.set_rollback(True)
            raise StructureFileInvalid(ctx.errors)
        if dry_run:
            transaction.set_rollback(True)
    return ctx.report


def structure_import_file(*, path: Path | str, dry_run: bool = False) -> ImportReport:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StructureFileInvalid(
            [FileError(str(path), None, "", f"kan inte läsas: {exc}")]
        ) from exc
    return structure_import(text=text, path=str(path), dry_run=dry_run)
