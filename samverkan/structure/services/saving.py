"""How the structure's actions save: plain objects validated, locked ones checked for staleness."""

from __future__ import annotations

from typing import Any

from samverkan.lib.errors import save_with_lock


def apply_changes(
    instance: Any, changes: dict[str, Any], *, exclude: list[str] | None = None
) -> Any:
    """Set the changes, validate the fields and save: for objects without a lock version."""
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def save_locked(instance: Any, *, expected_version: int | None, fields: dict[str, Any]) -> None:
    """Save `fields` with the optimistic lock, validating all but the relations to other rows."""
    save_with_lock(
        instance,
        expected_version=expected_version,
        fields=fields,
        exclude=["structure", "body", "person", "principal", "parent"],
    )
