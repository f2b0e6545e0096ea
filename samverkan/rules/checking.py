"""Running the charter check in the worker and storing what it finds, one structure at a time.

Every rule of every app reads a structure's charters, memberships and meetings; over a
national installation the whole check takes a minute and hundreds of megabytes, far too
much for a request. So the worker checks one structure at a time (`check_structure`) and
stores its findings (`StoredFinding`, replaced in one transaction), and the pages, the API
and the reminders read those. A structure is checked

- each hour when its stored check is from an earlier day or missing, or a re-check it
  asked for has waited too long (`check_stale`, in `tasks.SCHEDULE`): just after midnight
  that is every structure, because deadlines pass with the day;
- after each change to it: the audit trail tells which structures an audited change touched
  once the transaction commits (`samverkan.audit.hooks`), and `request_check` enqueues one
  re-check per structure, however many changes there were;
- when a coordinator asks ("Kontrollera nu" on the check's page);
- by the daily reminder run, which checks each structure afresh before reminding.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Collection, Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samverkan.lib.findings import run_findings
from samverkan.lib.localtime import local_day
from samverkan.rules.models import StoredFinding, StructureCheck
from samverkan.structure.models import Structure

logger = logging.getLogger(__name__)

# A re-check asked for this long ago and not run (a lost task, a worker that died) is run
# by the hourly sweep.
REQUEST_WAITS_AT_MOST = datetime.timedelta(minutes=30)


def check_structure(
    structure_id: int,
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """Run every rule for one structure as of `today` and store its findings in place of
    the last ones; returns how many there are. A re-check asked for before the run began is
    served by it; one asked for during the run is enqueued again."""
    started = timezone.now()
    now = now or started
    today = today or local_day(now)
    found = run_findings(today=today, structure_ids={structure_id})
    rows = [
        StoredFinding.of(finding, structure_id)
        for finding in found
        if finding.structure_id in (None, structure_id)
    ]
    again = False
    with transaction.atomic():
        if not Structure.objects.select_for_update().filter(pk=structure_id).exists():
            return 0  # removed meanwhile
        StoredFinding.objects.filter(structure_id=structure_id).delete()
        StoredFinding.objects.bulk_create(rows, batch_size=2000)
        state, _ = StructureCheck.objects.get_or_create(structure_id=structure_id)
        state.day = today
        state.checked_at = now
        state.found = len(rows)
        if state.requested_at is not None and state.requested_at <= started:
            state.requested_at = None
        again = state.requested_at is not None
        state.save()
    if again:
        _enqueue([structure_id])
    return len(rows)


def check_structures(
    structure_ids: Iterable[int] | None = None,
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """Check these structures (every one when None), one after the other, so that the
    worker holds one structure's data at a time; returns how many findings were stored."""
    ids = (
        list(Structure.objects.order_by("pk").values_list("pk", flat=True))
        if structure_ids is None
        else sorted(set(structure_ids))
    )
    return sum(check_structure(pk, today=today, now=now) for pk in ids)


def stale_structure_ids(now: datetime.datetime | None = None) -> list[int]:
    """The structures whose stored check is from an earlier day or missing, or whose
    re-check has waited longer than `REQUEST_WAITS_AT_MOST`."""
    now = now or timezone.now()
    fresh = StructureCheck.objects.filter(day=local_day(now)).filter(
        Q(requested_at__isnull=True) | Q(requested_at__gt=now - REQUEST_WAITS_AT_MOST)
    )
    return list(
        Structure.objects.exclude(pk__in=fresh.values("structure_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def check_stale(now: datetime.datetime | None = None) -> int:
    """The hourly sweep: check every structure `stale_structure_ids` names."""
    return check_structures(stale_structure_ids(now), now=now)


def _enqueue(structure_ids: Iterable[int]) -> None:
    from samverkan.rules.tasks import check_structure_task  # the tasks import this module

    for pk in structure_ids:
        check_structure_task.enqueue(pk)


def request_check(
    structure_ids: Collection[int], *, now: datetime.datetime | None = None
) -> list[int]:
    """Ask the worker to check these structures again: one task per structure not already
    waiting for one (a request made while a run is going on is served by another run).
    Returns the structures a task was enqueued for."""
    if not structure_ids:
        return []
    now = now or timezone.now()
    # Each structure's last request (None: none waiting), for those checked or asked before.
    requested = dict(
        StructureCheck.objects.filter(structure_id__in=structure_ids).values_list(
            "structure_id", "requested_at"
        )
    )
    StructureCheck.objects.filter(structure_id__in=requested).update(requested_at=now)
    StructureCheck.objects.bulk_create(
        [
            StructureCheck(structure_id=pk, requested_at=now)
            for pk in set(structure_ids) - requested.keys()
        ],
        ignore_conflicts=True,
    )
    asked = sorted(pk for pk in set(structure_ids) if requested.get(pk) is None)
    _enqueue(asked)
    return asked


def structures_changed(structure_ids: Collection[int]) -> None:
    """What the audit trail calls after a change to these structures has committed."""
    existing = list(Structure.objects.filter(pk__in=structure_ids).values_list("pk", flat=True))
    request_check(existing)
