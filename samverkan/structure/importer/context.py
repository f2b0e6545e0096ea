"""What one import carries through its phases: the file, its errors, the report, references."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from samverkan.audit.services import Pending, record_many, snapshot
from samverkan.structure import schema, selectors
from samverkan.structure.models import Charter, Principal, PrincipalKind, Structure
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


def _differs(instance: models.Model, name: str, value: Any) -> bool:
    """Whether `value` differs from the instance's; a relation is compared by id, so that
    comparing reads no related row."""
    field = instance._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        return getattr(instance, field.attname) != (value.pk if value is not None else None)
    return bool(getattr(instance, name) != value)


class Batch:
    """Rows written in bulk: `sync` and `change` note what differs, `save` inserts the new
    rows and updates the changed ones with a few statements per model, and `record` writes
    their history in one insert. A file's thousand rows cost a handful of queries, and a
    file that changes nothing costs none.

    Each changed row's `lock_version` goes up once: an import is an edit like any other,
    and a form or API client holding the old version must get a conflict, not overwrite
    what the file set."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self._new: dict[type[models.Model], list[models.Model]] = {}
        self._changed: dict[type[models.Model], dict[int, tuple[models.Model, set[str]]]] = {}
        # Rows made by this import (by id()), whose history says "created" with the values
        # they end with, however many steps set them.
        self._created: set[int] = set()
        self._pending: dict[int, Pending] = {}

    def sync(self, instance: models.Model, values: dict[str, Any], label: str) -> None:
        """Set `values` on `instance`, to be inserted if it is new or updated if any differs."""
        if instance.pk is None and id(instance) not in self._created:
            for name, value in values.items():
                setattr(instance, name, value)
            self._created.add(id(instance))
            self._new.setdefault(type(instance), []).append(instance)
            self._pending[id(instance)] = Pending(instance)
            self.report.counts[f"{label} created"] += 1
            return
        changed = {name: value for name, value in values.items() if _differs(instance, name, value)}
        if changed:
            self.change(instance, changed, label)

    def change(
        self,
        instance: models.Model,
        values: dict[str, Any],
        label: str,
        *,
        counted_as: str = "",
    ) -> None:
        """Set `values` (which differ) on a row, to be updated; counted once as
        `counted_as` (`label updated` by default), and not at all for a row this import
        made."""
        key = id(instance)
        if key not in self._created and key not in self._pending:
            self._pending[key] = Pending(instance, snapshot(instance))
            if hasattr(instance, "lock_version"):
                instance.lock_version += 1
                values = {**values, "lock_version": instance.lock_version}
            self.report.counts[counted_as or f"{label} updated"] += 1
        for name, value in values.items():
            setattr(instance, name, value)
        if instance.pk is not None:
            _, fields = self._changed.setdefault(type(instance), {}).setdefault(
                key, (instance, set())
            )
            fields.update(values)

    def save(self) -> None:
        """Write what is noted: the updates first (a charter superseded before its
        successor comes into force), then the new rows, which get their ids."""
        now = timezone.now()
        for model, rows in self._changed.items():
            if not rows:
                continue
            names = set().union(*(fields for _, fields in rows.values()))
            objs = [obj for obj, _ in rows.values()]
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                names.add("updated_at")
                for obj in objs:
                    obj.updated_at = now  # type: ignore[attr-defined]
            model._default_manager.bulk_update(objs, sorted(names), batch_size=2000)
        self._changed = {}
        for model, new in self._new.items():
            if new:
                model._default_manager.bulk_create(new, batch_size=2000)
        self._new = {}

    def record(self, *, parts: list[Pending] | None = None) -> None:
        """The history of what was saved (and of `parts`: charters' replaced parts)."""
        record_many(by=None, changes=[*self._pending.values(), *(parts or [])], note=IMPORTED)
        self._pending = {}


class ImportContext:
    def __init__(self, document: YamlDocument, spec: schema.StructureFile):
        self.doc = document
        self.spec = spec
        self.errors: list[FileError] = []
        self.report = ImportReport()
        self.batch = Batch(self.report)
        self.principals_by_code = selectors.principals_by_scb_code()
        self.organisations: dict[str, Principal] = {}
        # Each body's charter in force after the import, by the body's key.
        self.charters: dict[str, Charter] = {}
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
