"""Bulk reads of governing documents and their implementation, for the pages, the meeting
panel, the API and the reports of other apps.

Every function here runs a fixed number of queries, however many documents and bodies:
the implementation matrix of a county group is two queries whether it commissions eight
documents or fifty.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from samverkan.governing.models import (
    CharterDocumentLink,
    GoverningDocument,
    Implementation,
    ImplementationStatus,
)
from samverkan.lib.paging import PageLinks
from samverkan.structure.models import Body, Charter, Structure

# The symbol beside each status, so that a cell never says it by colour alone.
STATUS_SYMBOLS = {
    ImplementationStatus.NOT_STARTED: "○",
    ImplementationStatus.PLANNED: "◔",
    ImplementationStatus.IMPLEMENTED: "●",
    ImplementationStatus.FOLLOWED_UP: "✔",
}


def implementations_of(*, body: Body) -> list[Implementation]:
    """The documents `body` must implement, each with how far it has come, ordered by the
    document's title (one query)."""
    return list(
        Implementation.objects.filter(body=body)
        .select_related("document", "document__commissioned_by", "body")
        .order_by("document__title", "document__pk")
    )


def documents_listed(
    *,
    structure: Structure,
    public_only: bool,
    kind: str | None = None,
    commissioned_by: int | None = None,
) -> QuerySet[GoverningDocument]:
    """The structure's documents for a list, by title, with what the list shows."""
    rows = GoverningDocument.objects.filter(structure=structure).select_related(
        "commissioned_by", "parent"
    )
    if public_only:
        rows = rows.filter(public=True)
    if kind:
        rows = rows.filter(kind=kind)
    if commissioned_by:
        rows = rows.filter(commissioned_by_id=commissioned_by)
    return rows.order_by("title", "pk")


def implementation_rows(document: GoverningDocument) -> list[Implementation]:
    """A document's implementing bodies, by name (one query)."""
    return list(
        Implementation.objects.filter(document=document)
        .select_related("body", "body__municipality", "updated_by")
        .order_by("body__position", "body__name", "pk")
    )


@dataclass
class MatrixRow:
    document: GoverningDocument
    # One entry per column, in the columns' order; None where the body does not implement it.
    cells: list[Implementation | None]


@dataclass
class Matrix(PageLinks):
    """A commissioning body's documents (rows) × the bodies implementing them (columns)."""

    body: Body
    columns: list[Body]
    rows: list[MatrixRow]
    counts: dict[str, int] = field(default_factory=dict)
    # The page of columns shown, when the matrix is paged (`implementation_matrix(page=)`).
    number: int = 1
    has_next: bool = False
    first_column: int = 1

    @property
    def last_column(self) -> int:
        return self.first_column + len(self.columns) - 1

    @property
    def summary(self) -> list[tuple[str, str, str, int]]:
        """(status, label, symbol, count) for every status, in the statuses' order."""
        return [
            (status.value, str(status.label), STATUS_SYMBOLS[status], self.counts.get(status, 0))
            for status in ImplementationStatus
        ]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# The matrix page shows this many implementing bodies (columns) at a time: a county group's
# documents are implemented by every local group, 147 columns and 78 kB at national scale.
MATRIX_COLUMNS = 30


def implementation_matrix(*, body: Body, page: int | None = None) -> Matrix:
    """The matrix of the documents `body` commissions: every column (two queries), or with
    `page` the `MATRIX_COLUMNS` columns of that page, with the counts of all (four)."""
    documents = list(GoverningDocument.objects.filter(commissioned_by=body).order_by("title", "pk"))
    if not documents:
        return Matrix(body=body, columns=[], rows=[])
    implementations = Implementation.objects.filter(document__in=[d.pk for d in documents])
    ordering = ("body__position", "body__name", "body__pk")
    number, has_next = 1, False
    if page is None:
        shown = list(implementations.select_related("body").order_by(*ordering))
        counts = Counter(row.status for row in shown)
    else:
        number = max(page, 1)
        counts = Counter(
            dict(implementations.order_by().values_list("status").annotate(n=Count("pk")))
        )
        implementing = Body.objects.filter(
            structure_id=body.structure_id,
            pk__in=implementations.values("body_id"),
        ).order_by("position", "name", "pk")
        start = (number - 1) * MATRIX_COLUMNS
        column_ids = list(
            implementing.values_list("pk", flat=True)[start : start + MATRIX_COLUMNS + 1]
        )
        has_next = len(column_ids) > MATRIX_COLUMNS
        shown = list(
            implementations.filter(body_id__in=column_ids[:MATRIX_COLUMNS])
            .select_related("body")
            .order_by(*ordering)
        )
    columns: dict[int, Body] = {}
    by_cell: dict[tuple[int, int], Implementation] = {}
    for row in shown:
        columns.setdefault(row.body_id, row.body)
        by_cell[(row.document_id, row.body_id)] = row
    ordered = list(columns.values())
    rows = [
        MatrixRow(document, [by_cell.get((document.pk, column.pk)) for column in ordered])
        for document in documents
    ]
    return Matrix(
        body=body,
        columns=ordered,
        rows=rows,
        counts=dict(counts),
        number=number,
        has_next=has_next,
        first_column=(number - 1) * MATRIX_COLUMNS + 1,
    )


def _entry_key(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def charter_links(charters: list[Charter]) -> dict[int, dict[int, GoverningDocument]]:
    """Per charter id, its linked entries: position → document (one query). An entry is
    linked by its text: a link made in the same charter first, else one made in another
    version of the body's charter for the same text, so a correction that reorders the list
    or a new version that keeps an entry keeps its link."""
    found: dict[int, dict[int, GoverningDocument]] = {}
    if not charters:
        return found
    by_body: dict[int, dict[str, GoverningDocument]] = {}
    by_charter: dict[int, dict[str, GoverningDocument]] = {}
    links = (
        CharterDocumentLink.objects.filter(charter__body_id__in={c.body_id for c in charters})
        .select_related("document", "document__structure", "charter")
        .order_by("charter_id", "pk")
    )
    for link in links:
        key = _entry_key(link.text)
        by_charter.setdefault(link.charter_id, {})[key] = link.document
        by_body.setdefault(link.charter.body_id, {}).setdefault(key, link.document)
    for charter in charters:
        own = by_charter.get(charter.pk, {})
        earlier = by_body.get(charter.body_id, {})
        for position, entry in enumerate(charter.governing_documents or []):
            key = _entry_key(entry)
            document = own.get(key) or earlier.get(key)
            if document is not None:
                found.setdefault(charter.pk, {})[position] = document
    return found
