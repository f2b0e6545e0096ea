"""Findings as data for machines: the one shape `manage.py check_rules --json` prints and
`GET /api/v1/findings` returns, so that the two can never differ.

`check` is the whole check as the command runs it (every rule, as of any day); the API reads
the structures' stored checks (`stored_records`, the same rules, filters and order, paged);
`FindingRecord` is one finding in that shape; `as_json` is what the command prints for it,
and the API's schema (`samverkan/api/rules/schemas.py`) has exactly its fields.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db.models import QuerySet

from samverkan.lib.mail import absolute
from samverkan.rules.models import StoredFinding
from samverkan.rules.selectors import (
    FindingFilters,
    ShownFinding,
    current_findings,
    finding_places,
)
from samverkan.rules.stored import stored_findings, with_reasons


@dataclass(frozen=True)
class FindingRecord:
    rule: str  # the rule's stable code, such as "cases.assignment_overdue"
    severity: str  # "overdue", "due_soon" or "noted"
    structure: str | None  # the structure's slug
    body: int | None  # the body's id
    body_name: str
    subject: str  # what it is about
    message: str  # Swedish, a whole sentence
    citation: str  # the charter's own words behind the rule
    due: datetime.date | None
    responsible: str  # the role, with the people who hold it in brackets
    url: str  # where it is put right, a full address
    key: str  # the rule and what it is about: stable from day to day
    acknowledged: bool  # accepted as a deviation
    acknowledged_reason: str  # why, if it was

    def as_json(self) -> dict[str, Any]:
        """The record as JSON values (the due date as ISO 8601)."""
        data = dataclasses.asdict(self)
        data["due"] = self.due.isoformat() if self.due else None
        return data


FIELDS = tuple(f.name for f in dataclasses.fields(FindingRecord))


def finding_records(shown: Sequence[ShownFinding]) -> list[FindingRecord]:
    """Each finding as a record, in the same order; two queries (the structures' slugs and
    the bodies' names) however many findings there are."""
    structures, names = finding_places(shown)
    slugs = {pk: structure.slug for pk, structure in structures.items()}
    records = []
    for item in shown:
        finding, ack = item.finding, item.acknowledgement
        records.append(
            FindingRecord(
                rule=finding.rule,
                severity=str(finding.severity.value),
                structure=slugs.get(finding.structure_id) if finding.structure_id else None,
                body=finding.body_id,
                body_name=names.get(finding.body_id, "") if finding.body_id else "",
                subject=finding.subject,
                message=finding.message,
                citation=finding.citation,
                due=finding.due_on,
                responsible=finding.responsible.text() if finding.responsible else "",
                url=absolute(finding.url) if finding.url else "",
                key=finding.key,
                acknowledged=ack is not None,
                acknowledged_reason=ack.reason if ack is not None else "",
            )
        )
    return records


def check(
    *,
    today: datetime.date,
    structure_ids: Collection[int] | None = None,
    filters: FindingFilters | None = None,
) -> list[FindingRecord]:
    """The charter check as the command and the API run it: every finding of these
    structures (all when None) on `today`, acknowledged ones included and marked, most
    urgent first."""
    return finding_records(
        current_findings(today=today, structure_ids=structure_ids, filters=filters)
    )


def stored_record(row: StoredFinding) -> FindingRecord:
    """A stored finding as a record (with `structure` and `body` selected and the
    acknowledgement annotated, as `StoredRecords` reads them)."""
    reason = getattr(row, "ack_reason", None)
    responsible = row.responsible
    return FindingRecord(
        rule=row.rule,
        severity=row.severity,
        structure=row.structure.slug,
        body=row.body_id,
        body_name=row.body.name if row.body is not None else "",
        subject=row.subject,
        message=row.message,
        citation=row.citation,
        due=row.due_on,
        responsible=responsible.text() if responsible else "",
        url=absolute(row.url) if row.url else "",
        key=row.key,
        acknowledged=getattr(row, "ack_id", None) is not None,
        acknowledged_reason=reason or "",
    )


class StoredRecords(Sequence[FindingRecord]):
    """The stored findings of these structures as records, read a slice at a time: one query
    for the length, one per slice (for the API's pages)."""

    def __init__(
        self, *, structure_ids: Collection[int] | None, filters: FindingFilters | None = None
    ) -> None:
        self.rows: QuerySet[StoredFinding] = with_reasons(
            stored_findings(structure_ids=structure_ids, filters=filters)
        ).select_related("structure", "body")
        self._counted = stored_findings(structure_ids=structure_ids, filters=filters, bare=True)
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._counted.order_by().count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> FindingRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[FindingRecord]: ...

    def __getitem__(self, index: int | slice) -> FindingRecord | list[FindingRecord]:
        if isinstance(index, slice):
            return [stored_record(row) for row in self.rows[index]]
        return stored_record(self.rows[index])

    def __iter__(self) -> Iterator[FindingRecord]:
        return (stored_record(row) for row in self.rows.iterator(chunk_size=500))
