"""The findings of the structures' last checks (`StoredFinding`), as the pages, the API and
the reminders read them: a fixed number of queries however many findings there are, the
database sorting and paging them as the check orders them (most urgent first)."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Collate

from samverkan.lib.findings import SEVERITY_ORDER, Severity
from samverkan.rules.models import Acknowledgement, StoredFinding, StructureCheck
from samverkan.rules.selectors import FindingFilters

NO_DAY = datetime.date(1, 1, 1)  # stands for "no due date" when matching acknowledgements


def _order() -> tuple[Any, ...]:
    """The check's order (`Finding.sort_key`), texts compared as Python compares them (by
    code point: PostgreSQL's "C" collation, SQLite's BINARY), not by the database's
    language, so the stored list reads in the same order as the check the command runs."""
    binary = "C" if connection.vendor == "postgresql" else "BINARY"
    return (
        "rank",
        F("due_on").asc(nulls_last=True),
        Collate(F("subject"), binary),
        Collate(F("message"), binary),
        "pk",
    )


def _acknowledgements() -> QuerySet[Acknowledgement]:
    """The standing acknowledgements of a stored finding: same key, same due date (or both
    without), of its structure or of none."""
    return (
        Acknowledgement.objects.filter(withdrawn_at__isnull=True, key=OuterRef("key"))
        .filter(Q(structure_id=OuterRef("structure_id")) | Q(structure__isnull=True))
        .annotate(day=Coalesce("due_on", Value(NO_DAY)))
        .filter(day=Coalesce(OuterRef("due_on"), Value(NO_DAY)))
    )


def _acknowledgement(field: str = "pk") -> Subquery:
    """The standing acknowledgement of a stored finding (its `field`), the latest."""
    return Subquery(_acknowledgements().order_by("-at", "-pk").values(field)[:1])


def with_reasons(rows: QuerySet[StoredFinding]) -> QuerySet[StoredFinding]:
    """The stored findings with `ack_reason`, the reason of their acknowledgement if any."""
    return rows.annotate(ack_reason=_acknowledgement("reason"))


def stored_findings(
    *,
    structure_ids: Collection[int] | None,
    filters: FindingFilters | None = None,
    acknowledged: bool | None = None,
    bare: bool = False,
) -> QuerySet[StoredFinding]:
    """The stored findings of these structures (all when None), narrowed by `filters`, most
    urgent first, each annotated with `ack_id` (its standing acknowledgement, or None;
    left out when `bare`, as for a count); `acknowledged` keeps only those accepted (True)
    or only those to act on (False)."""
    rows = StoredFinding.objects.all()
    if acknowledged is False:
        # Those to act on have none: NOT EXISTS, which PostgreSQL plans as an anti-join it
        # can estimate. Filtering on the annotation being NULL it guessed a few rows of a
        # structure's 5,000 and sorted them all (56 ms); now it walks `stored_finding_order`
        # (0.5 ms).
        rows = rows.filter(~Exists(_acknowledgements()))
        if not bare:
            rows = rows.annotate(ack_id=Value(None, output_field=BigIntegerField()))
    elif acknowledged is not None or not bare:
        rows = rows.annotate(ack_id=_acknowledgement())
    if structure_ids is not None:
        rows = rows.filter(structure_id__in=list(structure_ids))
    filters = filters or FindingFilters()
    if filters.body_id is not None:
        rows = rows.filter(body_id=filters.body_id)
    if filters.severity is not None:
        rows = rows.filter(severity=filters.severity)
    if filters.rule is not None:
        rows = rows.filter(rule=filters.rule)
    if acknowledged:
        rows = rows.filter(**{"ack_id__isnull": False})  # the annotation above
    return rows.order_by(*_order())


RANKED = {rank: severity for severity, rank in SEVERITY_ORDER.items()}


def accepted_findings(
    *, structure_ids: Collection[int] | None, filters: FindingFilters | None = None
) -> QuerySet[Acknowledgement]:
    """The standing acknowledgements of findings the structures' last checks still found,
    most urgent first, each with `finding_rank` (its severity's place), its structure, body
    and author: one query, from the acknowledgements' side (they are few)."""
    stored = (
        StoredFinding.objects.filter(key=OuterRef("key"), structure_id=OuterRef("structure_id"))
        .annotate(day=Coalesce("due_on", Value(NO_DAY)))
        .filter(day=Coalesce(OuterRef("due_on"), Value(NO_DAY)))
        .values("rank")[:1]
    )
    rows = Acknowledgement.objects.filter(withdrawn_at__isnull=True, structure__isnull=False)
    if structure_ids is not None:
        rows = rows.filter(structure_id__in=list(structure_ids))
    filters = filters or FindingFilters()
    if filters.body_id is not None:
        rows = rows.filter(body_id=filters.body_id)
    if filters.rule is not None:
        rows = rows.filter(rule=filters.rule)
    rows = rows.annotate(finding_rank=Subquery(stored)).filter(finding_rank__isnull=False)
    if filters.severity is not None:
        rows = rows.filter(finding_rank=SEVERITY_ORDER[filters.severity])
    return rows.select_related("structure", "body", "by").order_by(
        "finding_rank", F("due_on").asc(nulls_last=True), "subject", "pk"
    )


def as_stored(ack: Acknowledgement) -> StoredFinding:
    """An accepted finding as a stored one (unsaved), in the words it had when accepted."""
    severity = RANKED[ack.finding_rank]  # type: ignore[attr-defined]
    return StoredFinding(
        structure=ack.structure,
        body=ack.body,
        rule=ack.rule,
        severity=severity,
        rank=ack.finding_rank,  # type: ignore[attr-defined]
        due_on=ack.due_on,
        subject=ack.subject,
        message=ack.message,
        key=ack.key,
    )


@dataclass(frozen=True)
class Counts:
    """How many findings to act on, per structure and severity (one query)."""

    by_structure: dict[int, dict[str, int]]

    def total(self, structure_id: int | None = None) -> dict[str, int]:
        """Per severity, in the order of `Severity`: one structure's, or all of them."""
        counts = {severity.value: 0 for severity in Severity}
        for pk, per in self.by_structure.items():
            if structure_id is None or pk == structure_id:
                for severity, n in per.items():
                    counts[severity] += n
        return counts

    def __len__(self) -> int:
        return sum(self.total().values())


def open_counts(
    *, structure_ids: Collection[int] | None, filters: FindingFilters | None = None
) -> Counts:
    """How many findings are to act on (not accepted), per structure and severity."""
    rows = (
        stored_findings(structure_ids=structure_ids, filters=filters, acknowledged=False)
        .order_by()
        .values("structure_id", "severity")
        .annotate(n=Count("pk"))
    )
    found: dict[int, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row["structure_id"], {})[row["severity"]] = row["n"]
    return Counts(found)


def body_choices(structure_ids: Collection[int] | None) -> list[tuple[int, str]]:
    """The bodies the stored findings speak of, by name (for a filter): one query."""
    rows = StoredFinding.objects.filter(body__isnull=False)
    if structure_ids is not None:
        rows = rows.filter(structure_id__in=list(structure_ids))
    pairs = rows.order_by().values_list("body_id", "body__name").distinct()
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))


@dataclass(frozen=True)
class CheckStatus:
    """When the structures' findings were worked out, and whether a new check is coming."""

    checked: list[StructureCheck]  # those with a stored check
    never: list[int]  # the structures never checked
    requested_at: datetime.datetime | None  # the earliest re-check still waiting
    # The structures never checked that nobody has asked the worker to check yet.
    unasked: list[int] = field(default_factory=list)

    @property
    def oldest(self) -> StructureCheck | None:
        return min(self.checked, key=lambda c: c.checked_at) if self.checked else None  # type: ignore[arg-type,return-value]

    @property
    def newest(self) -> StructureCheck | None:
        return max(self.checked, key=lambda c: c.checked_at) if self.checked else None  # type: ignore[arg-type,return-value]


def check_status(structure_ids: Collection[int] | None) -> CheckStatus:
    """The stored checks of these structures (all there are when None): one query. A
    structure without a row is "never" only when its id is given."""
    rows = StructureCheck.objects.all()
    if structure_ids is not None:
        rows = rows.filter(structure_id__in=list(structure_ids))
    states = list(rows.order_by("structure_id"))
    seen = {s.structure_id for s in states}
    checked = [s for s in states if s.checked_at is not None]
    never = [s.structure_id for s in states if s.checked_at is None]
    if structure_ids is not None:
        never += sorted(set(structure_ids) - seen)
    waiting = [s.requested_at for s in states if s.requested_at is not None]
    asked = {s.structure_id for s in states if s.requested_at is not None}
    return CheckStatus(
        checked=checked,
        never=never,
        requested_at=min(waiting, default=None),
        unasked=[pk for pk in never if pk not in asked],
    )
