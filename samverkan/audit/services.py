"""Recording changes: the domain services call these in the same transaction as the change.

The actor is always the `by=` the service was given: the service knows who acts (an
approver approving, the system importing a file) better than a guess from the request.
`None` is the system itself (a command, the importer, the demo). Nothing here edits or
deletes a recorded change; no page or endpoint does either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from auditlog.cid import get_cid
from auditlog.models import AbstractLogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from samverkan.audit.hooks import structure_changed
from samverkan.audit.models import Change
from samverkan.audit.registry import Tracked, field_label, tracked
from samverkan.audit.values import Snapshot, is_empty, snapshot, text_of

Action = AbstractLogEntry.Action


def _actor(by: Any) -> User | None:
    return by if isinstance(by, User) and by.pk else None


def _changes_text(key: str, changes: Mapping[str, list[str]]) -> str:
    """The changes as plain lines, for the text search of the history."""
    return "\n".join(
        f"{field_label(key, name)}: {old or '–'} → {new or '–'}"
        for name, (old, new) in changes.items()
    )


def _write(
    *,
    by: Any,
    obj: Model,
    spec: Tracked,
    action: int,
    changes: dict[str, list[str]],
    note: str,
) -> Change:
    entry: Change = Change.objects.log_create(
        obj,
        force_log=True,
        **_entry_fields(
            actor=_actor(by), obj=obj, spec=spec, action=action, changes=changes, note=note
        ),
    )
    structure_changed(entry.structure_id)
    return entry


def _entry_fields(
    *,
    actor: User | None,
    obj: Model,
    spec: Tracked,
    action: int,
    changes: dict[str, list[str]],
    note: str,
) -> dict[str, Any]:
    """What a history row says about a change, for one row (`_write`) and for many
    (`record_many`) alike."""
    scope_type, scope_id = spec.scope(obj)
    return {
        "action": action,
        "changes": changes,
        "changes_text": _changes_text(spec.key, changes),
        "actor": actor,
        # Who it was, kept should the account be deleted (the link to it is then emptied).
        "actor_email": (actor.email or actor.get_username()) if actor else None,
        "object_repr": spec.name(obj),
        "object_type": spec.key,
        "scope_type": scope_type,
        "scope_id": scope_id,
        "structure_id": spec.structure(obj),
        "note": note.strip(),
    }


def _texts(
    model: type[Model], name: str, old: Any, new: Any, before: Snapshot, after: Snapshot
) -> list[str]:
    return [
        text_of(model, name, old, known=before.names.get(name)),
        text_of(model, name, new, known=after.names.get(name)),
    ]


def record_create(
    *, by: Any, obj: Model, note: str = "", parts: Mapping[str, str] | None = None
) -> Change:
    """A new object, with the values it was made with (empty ones left out) and `parts`
    (e.g. the people a notice went to) as text."""
    spec = tracked(obj)
    after = snapshot(obj)
    model = type(obj)
    changes = {
        name: ["", text_of(model, name, value, known=after.names.get(name))]
        for name, value in after.values.items()
        if not is_empty(value)
    }
    for name, text in (parts or {}).items():
        if text:
            changes[name] = ["", text]
    return _write(by=by, obj=obj, spec=spec, action=Action.CREATE, changes=changes, note=note)


def record_update(
    *,
    by: Any,
    obj: Model,
    before: Snapshot,
    note: str = "",
    parts: Mapping[str, tuple[str, str]] | None = None,
    created: bool = False,
) -> Change | None:
    """What changed since `before` (a snapshot taken before the change), and the parts
    given as (old, new) text. Nothing is recorded when nothing changed and there is no
    note to keep. `created`: the object is new, made from the one `before` was taken of
    (a charter's new version from the one in force), so the differences are its news."""
    spec = tracked(obj)
    after = snapshot(obj)
    model = type(obj)
    changes = {
        name: _texts(model, name, before.values.get(name), value, before, after)
        for name, value in after.values.items()
        if before.values.get(name) != value
    }
    for name, (old, new) in (parts or {}).items():
        if old != new:
            changes[name] = [old, new]
    if not changes and not note.strip() and not created:
        return None
    action = Action.CREATE if created else Action.UPDATE
    return _write(by=by, obj=obj, spec=spec, action=action, changes=changes, note=note)


def record_delete(*, by: Any, obj: Model, note: str = "") -> Change:
    """An object about to be deleted, with the values it had. Call before deleting it."""
    spec = tracked(obj)
    before = snapshot(obj)
    model = type(obj)
    changes = {
        name: [text_of(model, name, value, known=before.names.get(name)), ""]
        for name, value in before.values.items()
        if not is_empty(value)
    }
    return _write(by=by, obj=obj, spec=spec, action=Action.DELETE, changes=changes, note=note)


def record_parts(
    *, by: Any, obj: Model, parts: Mapping[str, tuple[str, str]], note: str = ""
) -> Change | None:
    """A change told as (old, new) text per part, such as a charter's composition."""
    return record_update(by=by, obj=obj, before=snapshot(obj), parts=parts, note=note)


@dataclass(frozen=True)
class Pending:
    """One object's change for `record_many`: a new object (`before` None) or one changed
    since `before`, with its parts given as (old, new) text."""

    obj: Model
    before: Snapshot | None = None
    parts: Mapping[str, tuple[str, str]] | None = None


def record_many(*, by: Any, changes: Iterable[Pending], note: str = "") -> list[Change]:
    """Many objects' changes in one insert (an import of thousands of rows), each recorded
    as `record_create` or `record_update` would; unchanged objects are left out. The
    structures changed are noted as `_write` notes them, once each."""
    actor = _actor(by)
    cid = get_cid()
    entries: list[Change] = []
    for pending in changes:
        obj = pending.obj
        spec = tracked(obj)
        after = snapshot(obj)
        model = type(obj)
        before = pending.before
        if before is None:
            action = Action.CREATE
            texts = {
                name: ["", text_of(model, name, value, known=after.names.get(name))]
                for name, value in after.values.items()
                if not is_empty(value)
            }
        else:
            action = Action.UPDATE
            texts = {
                name: _texts(model, name, before.values.get(name), value, before, after)
                for name, value in after.values.items()
                if before.values.get(name) != value
            }
        for name, (old, new) in (pending.parts or {}).items():
            if old != new:
                texts[name] = [old, new]
        if before is not None and not texts and not note.strip():
            continue
        entries.append(
            Change(
                content_type=ContentType.objects.get_for_model(obj),
                object_pk=str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                cid=cid,
                **_entry_fields(
                    actor=actor, obj=obj, spec=spec, action=action, changes=texts, note=note
                ),
            )
        )
    created = Change.objects.bulk_create(entries, batch_size=2000)
    for structure_id in sorted({e.structure_id for e in created if e.structure_id is not None}):
        structure_changed(structure_id)
    return created


__all__ = [
    "Pending",
    "Snapshot",
    "record_create",
    "record_delete",
    "record_many",
    "record_parts",
    "record_update",
    "snapshot",
]
