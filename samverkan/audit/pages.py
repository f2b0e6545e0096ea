"""Telling the public pages' cache that what they show has changed, where no `Change` row
does it.

Every change a service records bumps its structure's page version by itself (a database
trigger on the history, see `models.PageVersion`), so the services need nothing from here.
This is for the few writes that reach public pages without a history row, such as the demo
loaders' bulk inserts: call it in the same transaction as the write.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from samverkan.audit.models import PageVersion

# Table names from the model, never from input.
_BUMP = (
    f"INSERT INTO {PageVersion._meta.db_table} (scope, version) VALUES (%s, 1) "  # noqa: S608
    f"ON CONFLICT (scope) DO UPDATE SET version = {PageVersion._meta.db_table}.version + 1"
)


def pages_changed(structure_ids: Iterable[int] | None = None) -> None:
    """Bump the page versions of these structures, or with none given of every public page
    (the shared scope, which every page's key includes)."""
    scopes = sorted(set(structure_ids)) if structure_ids is not None else [PageVersion.SHARED]
    with connection.cursor() as cursor:
        # One scope at a time in order, as the trigger does, so bumps never deadlock.
        for scope in scopes:
            cursor.execute(_BUMP, [scope])
