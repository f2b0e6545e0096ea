"""The findings worked out afresh, with the acknowledged ones marked: what `manage.py
check_rules` prints (as of any day) and what the worker stores (`samverkan.rules.checking`).
The pages, the API and the reminders read the stored findings (`samverkan.rules.stored`)."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db.models import Q

from samverkan.lib.findings import Finding, Severity, run_findings
from samverkan.rules.models import Acknowledgement
from samverkan.structure.models import Body, Structure


@dataclass(frozen=True)
class ShownFinding:
    finding: Finding
    acknowledgement: Acknowledgement | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledgement is not None


@dataclass(frozen=True)
class FindingFilters:
    """What a list is narrowed to: one body, one severity, one rule (None: all)."""

    body_id: int | None = None
    severity: Severity | None = None
    rule: str | None = None

    @property
    def any(self) -> bool:
        return self.body_id is not None or self.severity is not None or self.rule is not None


def current_findings(
    *,
    today: datetime.date,
    structure_ids: Collection[int] | None = None,
    include_acknowledged: bool = True,
    filters: FindingFilters | None = None,
) -> list[ShownFinding]:
    """Every finding for these structures (all when None), most urgent first; an acknowledged
    one (same rule, same subject, same due date) carries its acknowledgement. The rules'
    own queries plus one for the acknowledgements."""
    filters = filters or FindingFilters()
    codes = None if filters.rule is None else {filters.rule}
    found = run_findings(today=today, structure_ids=structure_ids, codes=codes)
    found = [f for f in found if _matches(f, filters)]
    acks = Acknowledgement.objects.filter(withdrawn_at__isnull=True).select_related("by")
    if structure_ids is not None:
        acks = acks.filter(Q(structure_id__in=list(structure_ids)) | Q(structure__isnull=True))
    by_key = {(a.key, a.due_on): a for a in acks} if found else {}
    shown = [ShownFinding(f, by_key.get((f.key, f.due_on))) for f in found]
    if not include_acknowledged:
        shown = [s for s in shown if not s.acknowledged]
    return shown


def _matches(finding: Finding, filters: FindingFilters) -> bool:
    return (
        (filters.body_id is None or finding.body_id == filters.body_id)
        and (filters.severity is None or finding.severity == filters.severity)
        and (filters.rule is None or finding.rule == filters.rule)
    )


def filter_shown(shown: Sequence[ShownFinding], filters: FindingFilters) -> list[ShownFinding]:
    """The findings of a list that match the filters (for a page that also needs them all)."""
    return [s for s in shown if _matches(s.finding, filters)]


def finding_places(
    shown: Sequence[ShownFinding],
) -> tuple[dict[int, Structure], dict[int, str]]:
    """The structures and the bodies' names the findings speak of (two queries)."""
    structure_ids = {s.finding.structure_id for s in shown if s.finding.structure_id}
    body_ids = {s.finding.body_id for s in shown if s.finding.body_id}
    structures = (
        {s.pk: s for s in Structure.objects.filter(pk__in=structure_ids)} if structure_ids else {}
    )
    names = dict(Body.objects.filter(pk__in=body_ids).values_list("pk", "name")) if body_ids else {}
    return structures, names


def open_and_acknowledged(
    shown: Sequence[ShownFinding],
) -> tuple[list[ShownFinding], list[ShownFinding]]:
    """The findings still to act on, and those accepted as deviations."""
    return [s for s in shown if not s.acknowledged], [s for s in shown if s.acknowledged]


def severity_counts(shown: Sequence[ShownFinding]) -> dict[str, int]:
    """How many findings of each severity, in the order of `Severity`."""
    counts = {severity.value: 0 for severity in Severity}
    for item in shown:
        counts[item.finding.severity] += 1
    return counts
