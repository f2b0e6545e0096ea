"""Who hears of a committed change to a structure: apps above the audit trail (which it must
not import) register a listener here, as the charter check does to re-check the structure.

Every audited change names its structure (`Change.structure_id`); the structures a
transaction touched are gathered and each listener is called once with all of them after the
transaction commits (never if it rolls back), so a thousand changes in one import ask for
one re-check, and a listener's failure cannot undo the change (it is logged).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection

from django.db import transaction

type Listener = Callable[[Collection[int]], None]

_listeners: list[Listener] = []
_local = threading.local()


def on_structures_changed(listener: Listener) -> None:
    """Call `listener(structure_ids)` after each commit that changed these structures."""
    if listener not in _listeners:
        _listeners.append(listener)


class _Batch:
    def __init__(self) -> None:
        self.ids: set[int] = set()

    def flush(self) -> None:
        if getattr(_local, "batch", None) is self:
            _local.batch = None
        for listener in list(_listeners):
            listener(sorted(self.ids))


def structure_changed(structure_id: int | None) -> None:
    """Note a change to the structure, told to the listeners once the transaction commits."""
    if structure_id is None or not _listeners:
        return
    connection = transaction.get_connection()
    batch: _Batch | None = getattr(_local, "batch", None)
    # A batch whose callback is gone was rolled back (or already run): start another.
    if batch is None or not any(entry[1] == batch.flush for entry in connection.run_on_commit):
        batch = _Batch()
        _local.batch = batch
        transaction.on_commit(batch.flush, robust=True)
    batch.ids.add(structure_id)
