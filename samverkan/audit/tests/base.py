"""Reading the trail in tests: the newest change to an object, its values by label."""

from __future__ import annotations

from django.db.models import Model

from samverkan.audit.models import Change
from samverkan.audit.registry import tracked
from samverkan.audit.selectors import HistoryRow, row_of


def newest(obj: Model, pk: int | None = None) -> HistoryRow:
    """The newest change recorded for `obj` itself (by `pk` once it is deleted)."""
    change = (
        Change.objects.filter(object_type=tracked(obj).key, object_id=pk or obj.pk)
        .select_related("actor")
        .order_by("-timestamp", "-id")
        .first()
    )
    assert change is not None, f"no change recorded for {obj!r}"
    return row_of(change)


def values(row: HistoryRow) -> dict[str, tuple[str, str]]:
    """The row's values as {Swedish label: (old, new)}."""
    return {v.label: (v.old, v.new) for v in row.values}
