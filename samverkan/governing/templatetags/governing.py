"""Template helpers for governing documents: a status's symbol and date as the pages say
them, and a charter's list of governing documents with each entry's record, for the
public charter text (`includes/charter_text.html`)."""

from __future__ import annotations

from typing import Any

from django import template

from samverkan.governing.models import GoverningDocument, Implementation, ImplementationStatus
from samverkan.governing.selectors import STATUS_SYMBOLS, charter_links
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.structure.models import Charter

register = template.Library()


@register.filter
def status_symbol(status: str) -> str:
    return STATUS_SYMBOLS.get(status, "")  # type: ignore[call-overload, no-any-return]


@register.filter
def status_date(row: Implementation) -> str:
    """The date that goes with the status: planned for (and whether that day has passed),
    implemented, followed up."""
    if row.status == ImplementationStatus.PLANNED and row.planned_on:
        late = " – försenad" if row.planned_on < local_today() else ""
        return f"till {date_text(row.planned_on)}{late}"
    if row.status == ImplementationStatus.IMPLEMENTED and row.implemented_on:
        return date_text(row.implemented_on)
    if row.status == ImplementationStatus.FOLLOWED_UP and row.followed_up_on:
        return date_text(row.followed_up_on)
    return ""


@register.simple_tag
def charter_entries(charter: Charter) -> list[tuple[Any, GoverningDocument | None]]:
    """Each entry of the charter's governing documents with its linked record when that is
    public (one query); a record that is not public is not linked from the public pages."""
    entries = list(charter.governing_documents or [])
    if not entries or not charter.pk:
        return [(entry, None) for entry in entries]
    linked = charter_links([charter]).get(charter.pk, {})
    result = []
    for position, entry in enumerate(entries):
        document = linked.get(position)
        result.append((entry, document if document is not None and document.public else None))
    return result
