"""Refusals and optimistic locking, shared by every domain app.

A service refuses an action by raising `DomainError` with a Swedish explanation and the
field it concerns; the pages put it beside the field and the API answers 400 with it.
`ConflictError` is the refusal of an edit made from a version that is no longer current
(409 in the API), so that nobody overwrites what someone else saved meanwhile.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

STALE_MESSAGE = (
    "Någon annan har ändrat uppgifterna sedan du öppnade dem. "
    "Ladda om sidan för att se den senaste versionen; dina ändringar sparades inte."
)
RACE_MESSAGE = "Någon annan sparade samtidigt. Ladda om sidan; dina ändringar sparades inte."


class DomainError(Exception):
    """A refused action, with the field it concerns and a Swedish explanation."""

    def __init__(
        self, message: str, *, field: str = "", errors: dict[str, list[str]] | None = None
    ):
        self.message = message
        self.field = field
        self.errors = errors or ({field: [message]} if field else {"__all__": [message]})
        super().__init__(message)


class ConflictError(DomainError):
    """Someone else changed the object since it was read; nothing was saved."""


def reject_unknown_fields(changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise DomainError("Okända fält: " + ", ".join(sorted(unknown)))


def refuse_stale(*, current: int, expected: int | None, message: str) -> None:
    """Optimistic locking: refuse an edit based on a version that is no longer current."""
    if expected is not None and current != expected:
        raise ConflictError(message)


def save_with_lock(
    instance: Any,
    *,
    expected_version: int | None,
    fields: dict[str, Any],
    exclude: list[str] | None = None,
) -> None:
    """Write `fields` only if nobody changed the row since `expected_version` was read.

    The row's `lock_version` is raised by one and `updated_at` set; a concurrent writer that
    got there first makes the update match no row, which is refused as a conflict too.
    """
    model = type(instance)
    refuse_stale(current=instance.lock_version, expected=expected_version, message=STALE_MESSAGE)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean(exclude=exclude)
    new_version = instance.lock_version + 1
    updated = model._default_manager.filter(
        pk=instance.pk, lock_version=instance.lock_version
    ).update(**fields, lock_version=new_version, updated_at=timezone.now())
    if not updated:
        raise ConflictError(RACE_MESSAGE)
    instance.lock_version = new_version


def sync_saved(caller_copy: Any, current: Any) -> None:
    """Give the caller's object the saved state, as if it had been saved through it.

    Services re-read a row with a lock before they change it; the caller still holds the
    object it passed in, which would otherwise keep its old lock version.
    """
    caller_copy.__dict__.update(current.__dict__)
