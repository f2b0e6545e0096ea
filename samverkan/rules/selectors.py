"""The findings as pages, the command and the API show them: every registered rule's
findings, with the acknowledged ones marked."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Q

from samverkan.lib.findings import Finding, run_findings
from samverkan.rules.models import Acknowledgement


@dataclass(frozen=True)
class ShownFinding:
    finding: Finding
    acknowledgement: Acknowledgement | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledgement is not None


def current_findings(
    *,
    today: datetime.date,
    structure_ids: Collection[int] | None = None,
    include_acknowledged: bool = True,
) -> list[ShownFinding]:
    """Every finding for these structures (all when None), most urgent first; an acknowledged
    one (same rule, same subject, same due date) carries its acknowledgement."""
    found = run_findings(today=today, structure_ids=structure_ids)
    acks = Acknowledgement.objects.filter(withdrawn_at__isnull=True).select_related("by")
    if structure_ids is not None:
        acks = acks.filter(Q(structure_id__in=list(structure_ids)) | Q(structure__isnull=True))
    by_key = {(a.key, a.due_on): a for a in acks}
    shown = [ShownFinding(f, by_key.get((f.key, f.due_on))) for f in found]
    if not include_acknowledged:
        shown = [s for s in shown if not s.acknowledged]
    return shown
