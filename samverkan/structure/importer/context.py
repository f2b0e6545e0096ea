"""What one import carries through its phases: the file, its errors, the report, references."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.structure import schema, selectors
from samverkan.structure.models import Principal, PrincipalKind, Structure
from samverkan.structure.yamlsource import FileError, YamlDocument

Loc = tuple[str | int, ...]


@dataclass
class ImportReport:
    structure: Structure | None = None
    counts: Counter[str] = field(default_factory=Counter)
    not_in_file: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            k.endswith(("created", "updated", "ended")) and v for k, v in self.counts.items()
        )

    def summary(self) -> str:
        if not self.changed:
            return "inga ändringar"
        return ", ".join(f"{k}: {v}" for k, v in sorted(self.counts.items()) if v)


# The import is the system's doing: its changes are recorded with no user (by=None).
IMPORTED = "Från en strukturfil."


def sync(instance: models.Model, values: dict[str, Any], report: ImportReport, label: str) -> None:
    """Save `instance` with `values` if it is new or anything differs."""
    if instance.pk is None:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save()
        record_create(by=None, obj=instance, note=IMPORTED)
        report.counts[f"{label} created"] += 1
        return
    before = None
    for name, value in values.items():
        if getattr(instance, name) != value:
            before = before or snapshot(instance)
            setattr(instance, name, value)
    if before is not None:
        # An import is an edit like any other: a form or API client holding the old
        # version must get a conflict, not overwrite what the file set.
        if hasattr(instance, "lock_version"):
            instance.lock_version += 1
        instance.save()
        record_update(by=None, obj=instance, before=before, note=IMPORTED)
        report.counts[f"{label} updated"] += 1


class ImportContext:
    def __init__(self, document: YamlDocument, spec: schema.StructureFile):
        self.doc = document
        self.spec = spec
        self.errors: list[FileError] = []
        self.report = ImportReport()
        self.principals_by_code = selectors.principals_by_scb_code()
        self.organisations: dict[str, Principal] = {}
        # Organisations declared in the file; they exist in the database only once written.
        self.organisation_keys = {o.key for o in spec.organisations}

    def error(self, loc: Loc, message: str) -> None:
        self.errors.append(self.doc.error(loc, message))

    def principal(self, ref: str | None, loc: Loc) -> Principal | None:
        if ref is None:
            return None
        if ref in self.organisations:
            return self.organisations[ref]
        if ref in self.organisation_keys:
            return None
        kind = {2: PrincipalKind.REGION, 4: PrincipalKind.MUNICIPALITY}.get(len(ref))
        found = self.principals_by_code.get((kind, ref)) if ref.isdigit() and kind else None
        if found is None:
            self.error(
                loc,
                f"okänd huvudman {ref!r}: ange en SCB-kod (två siffror för en region, fyra för "
                "en kommun) eller nyckeln för en organisation under organisations",
            )
        return found
